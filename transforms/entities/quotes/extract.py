"""``extract_quotes``: which quote shapes a text has, in which order they are tried, and the records.

The order is the rule: transcript turns, then for each pair of marks a speaker between two halves,
a cue right after the quote (``„…“, sagte X``), a speaker then cue (``"…," X said``), a cue earlier in the
sentence (``X sagte: „…“``), a relative clause, a prepositional source (``laut X``).  Kept apart from the
speaker rules (``speakers.py``) so that the order can be read in one function.
"""

from __future__ import annotations

import re

from .context import QuoteContext
from .lexicon import ARTICLES_EN, CUES_AFTER_SPEAKER, INTERJECTED_CUE, PARTICIPLES, PRONOUNS, cue_regex, cues
from .marks import find_quotes, name_like, sentence_start, split_around, trim
from .speakers import (
    as_clause_speaker,
    best_mention,
    org_is_modifier,
    relative_speaker,
    source_speaker,
    speaker_after_cue,
    speaker_before_cue,
)
from .turns import transcript_turns

def extract_quotes(text: str, language: str, mentions: list[dict]) -> list[dict]:
    """Attributed direct quotations in ``text``; offsets relative to ``text`` (see module doc)."""
    ctx = QuoteContext(text, mentions, language)
    cue_re = cue_regex(cues(language))
    after_cue = re.compile(rf"[\s,*]*(?:[–—-]+\s*)?(?P<cue>{cue_re})\b", re.IGNORECASE)
    after_en = re.compile(
        rf"[\s,*]*(?:[–—-]+\s*)?(?P<spk>(?:(?:{'|'.join(ARTICLES_EN)})\s+)?(?:[\w\-’']+\s+){{0,5}}?[\w\-’']+)\s+"
        rf"(?P<cue>{CUES_AFTER_SPEAKER})\b"
    )
    cue_any = re.compile(rf"(?<![\w])(?P<cue>{cue_re})(?![\w])", re.IGNORECASE)
    found_quotes: list[tuple[int, int, tuple[str, dict | None], str]] = []
    turns = transcript_turns(ctx)
    for start, end, spk in turns:
        found_quotes.append((start, end, spk, "turn"))
    for q_start, q_end in find_quotes(text):
        start, end = trim(text, q_start, q_end)
        if end - start < 2 or name_like(text, q_start, q_end, ctx):
            continue
        halves = split_around(text, start, end, cue_re)
        if halves is not None:
            a0, a1, s0, s1, b0, b1 = halves
            spk = speaker_after_cue(ctx, s0, s1, q_start, language) or None
            spk = ctx.resolve(spk, q_start)
            if spk is not None:
                cue_m = cue_any.search(text, a1, s0)
                cue_word = cue_m.group("cue") if cue_m else ""
                found_quotes += [(a0, a1, spk, cue_word), (b0, b1, spk, cue_word)]
                ctx.last_speaker = (spk[0], spk[1], q_end)
                continue
        close = q_end + 1
        speaker: tuple[str, dict | None] | None = None
        cue = ""
        m = after_cue.match(text, close, min(len(text), close + 200))
        if m:
            cue = m.group("cue")
            speaker = speaker_after_cue(ctx, m.end(), min(len(text), m.end() + 120), q_start, language)
        if speaker is None:
            m2 = after_en.match(text, close, min(len(text), close + 120))
            if m2:
                spk_start, spk_end = m2.start("spk"), m2.end("spk")
                words = m2.group("spk")
                found = best_mention(ctx.in_range(spk_start, spk_end))
                if found is not None and found["label"] == "ORG" and org_is_modifier(words, found, spk_start):
                    found = None
                if words.lower() in PRONOUNS:
                    person = ctx.antecedent(q_start)
                    speaker = (person["text"], person) if person else (words, None)
                elif found is not None:
                    speaker = (found["text"], found)
                elif words.split()[0].lower() in ARTICLES_EN or words[:1].isupper():
                    speaker = (words, None)
                if speaker is not None:
                    cue = m2.group("cue")
        if speaker is None:
            lead = q_start - 1
            while lead > 0 and text[lead - 1].isspace():  # "erklärte:\n“…”": the cue is on the line before
                lead -= 1
            sent_start = sentence_start(text, lead)
            clause = text[sent_start:q_start - 1]
            last = None
            for mm in cue_any.finditer(clause):
                if mm.group("cue").lower() == INTERJECTED_CUE and not clause[mm.end():].strip().endswith(":") \
                        and not re.match(r"\s+[^,.;:!?]{1,40},", clause[mm.end():]):
                    continue  # German "so" only as "formulierte es so:" or "…, so Putin, …" before a quote
                last = mm
            if last is not None and last.group("cue").lower() in PARTICIPLES:
                prev = ctx.last_speaker
                if prev is not None and prev[2] >= sent_start:  # "„…“, sagte er, adding: „…“"
                    speaker, cue = (prev[0], prev[1]), last.group("cue")
                    last = None
                else:
                    earlier = [mm for mm in cue_any.finditer(clause, 0, last.start())
                               if mm.group("cue").lower() not in PARTICIPLES | {INTERJECTED_CUE}]
                    last = earlier[-1] if earlier else last
            if last is not None:
                c0, c1 = sent_start + last.start(), sent_start + last.end()
                cue = last.group("cue")
                speaker = None
                between = text[c1:q_start - 1]
                pron = re.match(r"\s+(\w+)", between)
                if pron and pron.group(1).lower() in PRONOUNS:  # inverted order: "äußerte er sich …:"
                    person = ctx.antecedent(c0)
                    speaker = (person["text"], person) if person else (pron.group(1), None)
                elif re.fullmatch(r"[^,.;!?]*:\s*", between):  # "sagte der Premier: „…“"
                    speaker = speaker_after_cue(ctx, c1, q_start - 1, q_start, language)
                elif re.fullmatch(r"[^.;:!?]{1,60},\s*", between):  # "„…“, sagte Baerbock, „…“"
                    speaker = speaker_after_cue(ctx, c1, q_start - 1, q_start, language)
                elif cue.lower() == INTERJECTED_CUE:  # "Jetzt, so die Ministerin, sei der Plan „…“"
                    speaker = speaker_after_cue(ctx, c1, q_start - 1, q_start, language)
                if speaker is None or speaker[1] is None:
                    before = speaker_before_cue(ctx, sent_start, c0, q_start)
                    if before is not None:
                        speaker = before
                if speaker is None:
                    speaker = as_clause_speaker(ctx, clause, sent_start, c1)
        if speaker is None or speaker[1] is None:
            relative = relative_speaker(ctx, q_start)
            if relative is not None:
                speaker = relative
                if not cue:
                    found_cue = [c for c in cue_any.finditer(text, q_start - 1 - 80, q_start)]
                    cue = found_cue[-1].group("cue") if found_cue else ""
        if speaker is None:
            source = source_speaker(ctx, language, q_start, q_end)
            if source is not None:
                speaker, cue = source[:2], source[2]
        if speaker is None:
            continue
        speaker = ctx.resolve(speaker, q_start)
        found_quotes.append((start, end, speaker, cue))
        ctx.last_speaker = (speaker[0], speaker[1], q_end)
    out: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for start, end, (speaker_text, speaker_mention), cue in sorted(found_quotes, key=lambda q: (q[0], q[1])):
        if (start, end) in seen:
            continue
        seen.add((start, end))
        out.append({
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "speaker_text": speaker_text,
            "speaker_mention_no": speaker_mention.get("mention_no") if speaker_mention else None,
            "cue": cue.lower(),
            "language": language,
        })
    return out
