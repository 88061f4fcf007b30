"""Who said a quote: the speaker in the words around a cue, a clause, a preposition or a relative pronoun.

Each function reads one place where news names a speaker (``sagte Putin``, ``Putin erklärte``,
``Wie X mitteilte``, ``laut X``, ``Brenner, der … bezeichnete``) and returns (speaker text, mention or
None); ``extract.py`` decides which place to read for which quote shape, and ``QuoteContext.resolve``
turns a pronoun, title or bare name into a mention.
"""

from __future__ import annotations

import re

from .context import QuoteContext
from .lexicon import (
    AS_WORDS,
    DETERMINERS,
    PRONOUNS,
    RELATIVE,
    SOURCE_CUES,
    STOP_WORDS,
    TITLE_FILLERS,
    WORD,
)
from .marks import sentence_end, sentence_start

def _phrase(text: str, language: str) -> str:
    """A title phrase after a cue, cut at punctuation or a function word (``der Kreml-Sprecher``).

    German and English titles start with a determiner or a capital (nouns); anything else
    (``erklärt wurden``, ``seinerseits fest``) is the rest of the sentence, not a speaker.
    """
    words: list[str] = []
    for w in re.findall(WORD, text):
        if w.lower() in STOP_WORDS or len(words) >= 6:
            break
        words.append(w)
    if not words:
        return ""
    if language != "ru" and not (words[0].lower() in DETERMINERS or words[0][:1].isupper()):
        return ""
    return " ".join(words).strip(" .,")


def best_mention(mentions: list[dict], first: bool = True) -> dict | None:
    """PER before ORG; the first (or last) of them in text order."""
    for label in ("PER", "ORG"):
        of = [m for m in mentions if m["label"] == label]
        if of:
            return of[0] if first else of[-1]
    return None


def speaker_after_cue(
    ctx: QuoteContext, start: int, limit: int, quote_start: int, language: str
) -> tuple[str, dict | None] | None:
    """Speaker in the words right after a cue (``sagte Putin``, ``so der Kreml-Sprecher``, ``sagte er``)."""
    seg = ctx.text[start:limit]
    cut = None
    for c in re.finditer(r"[,.;:!?\n()]", seg):
        if c.group() == "." and re.search(r"(?:^|\s)[A-ZА-ЯЁ][a-zа-яё]{0,3}$", seg[:c.start()]) \
                and re.match(r"\s+[A-ZА-ЯЁ]", seg[c.end():]):
            continue  # "said Sen. Chuck Schumer", "sagte Dr. Weber": an abbreviated title
        cut = c
        break
    seg_end = start + (cut.start() if cut else len(seg))
    words = re.findall(WORD, ctx.text[start:seg_end])
    if words and words[0].lower() in PRONOUNS:
        person = ctx.antecedent(quote_start)
        return (person["text"], person) if person else (words[0], None)
    if words and language in ("de", "en") and words[0].lower() in ctx.preps:
        return None  # "schrieb auf Telegram": a place or channel, not a speaker
    found = best_mention([m for m in ctx.in_range(start, seg_end) if m["char_end"] <= seg_end])
    phrase = _phrase(ctx.text[start:seg_end], language)
    if found is not None and found["label"] == "ORG" and org_is_modifier(ctx.text[start:seg_end], found, start):
        found = None  # "the Kremlin spokesman", "der Sprecher des Kremls": a title, not the organisation
    if found is not None:
        return found["text"], found
    if phrase and cut is not None and seg[cut.start()] == ",":
        # Apposition: "sagte die Beraterin des Ministers, Anna Berg."
        appo = [m for m in ctx.in_range(seg_end, seg_end + 4) if m["label"] == "PER"]
        if appo:
            return appo[0]["text"], appo[0]
    return (phrase, None) if phrase else None


def org_is_modifier(segment: str, org: dict, offset: int) -> bool:
    """An organisation inside a longer title phrase (``the Kremlin spokesman``) only modifies it."""
    rest = segment[:org["char_start"] - offset] + " " + segment[org["char_end"] - offset:]
    words = [w for w in re.findall(r"[\w’']+", rest) if w.lower() not in TITLE_FILLERS]
    return bool(words)


def speaker_before_cue(ctx: QuoteContext, sent_start: int, cue_start: int, quote_start: int) -> tuple[str, dict | None] | None:
    """Speaker in the clause before a cue (``Putin erklärte``, ``Er sagte``)."""
    before = ctx.text[sent_start:cue_start]
    pron = re.search(r"(?:^|\s)(\w+)\s*$", before)
    if pron and pron.group(1).lower() in PRONOUNS:
        person = ctx.antecedent(sent_start)
        return (person["text"], person) if person else (pron.group(1), None)
    words = re.findall(r"[\w\-’']+", before)
    if 0 < len(words) <= 3 and words[0].lower() in PRONOUNS:  # "Er fügte dann hinzu", "Он также отметил"
        person = ctx.antecedent(sent_start)
        return (person["text"], person) if person else (words[0], None)
    candidates = [m for m in ctx.in_range(sent_start, cue_start) if not ctx.governed(m)]
    found = best_mention(candidates, first=False)
    if found is not None and cue_start - found["char_end"] <= 80:
        return found["text"], found
    if 1 < len(words) <= 5 and words[0].lower() in DETERMINERS and "," not in before:
        return " ".join(words), None  # "Der Außenminister sagte, …": a title, resolved later
    return None


def as_clause_speaker(ctx: QuoteContext, clause: str, sent_start: int, cue_end: int) -> tuple[str, dict | None] | None:
    """``Wie Regierungssprecher X mitteilte, …`` / ``Как заявил X, …`` / ``As X said, …``: the
    speaker is named inside the clause that opens with wie/как/as and ends at its comma."""
    first = re.match(r"\s*([\w’']+)", clause)
    if not first or first.group(1).lower() not in AS_WORDS:
        return None
    comma = ctx.text.find(",", cue_end - 1 if cue_end > sent_start else sent_start)
    end = comma if comma != -1 else cue_end
    found = best_mention([m for m in ctx.in_range(sent_start, end) if not ctx.governed(m)])
    return (found["text"], found) if found is not None else None


def source_speaker(ctx: QuoteContext, language: str, q_start: int, q_end: int) -> tuple[str, dict | None, str] | None:
    """A prepositional attribution in the quote's sentence: ``laut X``, ``X zufolge``, ``по словам X``."""
    text = ctx.text
    lead = q_start - 1
    while lead > 0 and text[lead - 1].isspace():
        lead -= 1
    s0, s1 = sentence_start(text, lead), sentence_end(text, q_end + 1)
    langs = [language] if language in SOURCE_CUES else list(SOURCE_CUES)
    best: tuple[int, tuple[str, dict | None, str]] | None = None
    for lang in langs:
        for pattern, side in SOURCE_CUES[lang]:
            for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text[s0:s1], re.IGNORECASE):
                c0, c1 = s0 + m.start(), s0 + m.end()
                if q_start <= c0 < q_end:
                    continue  # inside the quotation itself
                found: tuple[str, dict | None] | None = None
                if side == "after":
                    near = [x for x in ctx.in_range(c1, c1 + 25) if x["char_start"] - c1 <= 12]
                    spk = best_mention(near)
                    if spk is not None:
                        found = (spk["text"], spk)
                    else:
                        cut = re.search(r"[,.;:!?\n()\"„“”«»]", text[c1:s1])
                        phrase = _phrase(text[c1:c1 + (cut.start() if cut else s1 - c1)], lang)
                        if lang == "de":  # a noun phrase ends with its first noun: "des Ministeriums"
                            words = phrase.split()
                            nouns = [i for i, w in enumerate(words) if w[:1].isupper() and w.lower() not in DETERMINERS]
                            phrase = " ".join(words[: nouns[0] + 1]) if nouns else ""
                        found = (phrase, None) if phrase else None
                else:
                    near = [x for x in ctx.mentions if 0 <= c0 - x["char_end"] <= 3]
                    spk = best_mention(near, first=False)
                    if spk is not None:
                        found = (spk["text"], spk)
                    else:
                        words = re.findall(WORD, text[max(s0, c0 - 60):c0])[-3:]
                        dets = [i for i, w in enumerate(words) if w.lower() in DETERMINERS]
                        phrase = " ".join(words[dets[-1]:]) if dets else ""
                        found = (phrase, None) if phrase else None
                if found is None:
                    continue
                cue = " ".join(m.group(0).lower().split())
                dist = min(abs(c0 - q_end), abs(q_start - c1))
                if best is None or dist < best[0]:
                    best = (dist, (found[0], found[1], cue))
    return best[1] if best else None


def relative_speaker(ctx: QuoteContext, q_start: int) -> tuple[str, dict] | None:
    """``Brenner, der Olsen als „…“ bezeichnete``: the mention before the relative pronoun."""
    text = ctx.text
    s0 = sentence_start(text, q_start)
    m = None
    for m in re.finditer(rf",\s*(?:{RELATIVE})\b[^,.;:!?„“”«»\"]*$", text[s0:q_start - 1], re.IGNORECASE):
        pass
    if m is None:
        return None
    comma = s0 + m.start()
    before = [x for x in ctx.mentions if 0 <= comma - x["char_end"] <= 2]
    spk = best_mention(before, first=False)
    return (spk["text"], spk) if spk is not None else None
