"""Direct quotations and who said them (German, Russian, English news style).

A quotation is text between quote marks („…“ "…" “…” «…» »…« ‚…‘) that a speech cue
attributes to someone:

* after the quote: ``„…“, sagte Putin`` · ``"…", so der Kreml-Sprecher`` ·
  ``«…», — заявил Ушаков`` · ``"…," said Trump`` / ``"…," Trump said``;
* before it, in the same sentence: ``Putin erklärte weiter: "…"`` · ``…, sagte der
  chinesische Staatschef: "…"`` · ``Er versicherte, dass Moskau „…“``.

* by a preposition in the quote's sentence: ``laut X`` · ``X zufolge`` · ``nach Angaben
  von X`` · ``по словам X`` · ``according to X``;
* in a relative clause: ``Brenner, der Olsen als „…“ bezeichnete`` (speaker: Brenner).

The speaker is the PER (else ORG) mention next to the cue; a pronoun (``sagte er``) takes
the nearest preceding PER mention; a title alone (``so der Kreml-Sprecher``) is kept as
``speaker_text`` with no mention.  Quotes no cue attributes (scare quotes, titles) are
not returned: the quotes table holds attributed quotations.
"""

from __future__ import annotations

import re
from typing import Any

_PAIRS = {"„": "“”", "“": "”", "«": "»", "»": "«", "‚": "‘", '"': '"'}
_MAX_QUOTE = 2000

_CUES = {
    "de": [
        "sagte", "sagten", "sagt", "erklärte", "erklärten", "erklärt", "betonte", "betonten",
        "betont", "so", "meinte", "äußerte", "versicherte", "warnte", "forderte", "bekräftigte",
        "unterstrich", "erläuterte", "ergänzte", "fügte", "schrieb", "schreibt", "bezeichnete",
        "nannte", "kommentierte", "antwortete", "stellte", "hob", "kündigte", "teilte",
        "formulierte", "sprach", "rief", "zitierte", "behauptete", "bestätigte", "verkündete",
    ],
    "ru": [
        "заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "отметил", "отметила",
        "подчеркнул", "подчеркнула", "сообщил", "сообщила", "добавил", "добавила", "заметил",
        "заметила", "пояснил", "пояснила", "указал", "указала", "констатировал", "заверил",
        "считает", "говорит", "написал", "написала", "ответил", "ответила", "признал", "уточнил",
        "назвал", "назвала", "назвали", "называет",
    ],
    "en": [
        "said", "says", "told", "added", "stated", "stressed", "noted", "declared", "explained",
        "insisted", "warned", "wrote", "asked", "replied", "according to", "announced", "claimed",
        "called", "described",
    ],
}
_PRONOUNS = {"er", "sie", "he", "she", "он", "она", "они", "they"}
# Attributions by a preposition instead of a verb ("laut X", "X zufolge", "по словам X"):
# (cue pattern, speaker side).  The speaker follows a prefix cue and precedes a postfix one.
_SOURCE_CUES: dict[str, list[tuple[str, str]]] = {
    "de": [(r"nach\s+Angaben\s+von", "after"), (r"nach\s+Angaben", "after"), (r"laut", "after"),
           (r"zufolge", "before"), (r"nach\s+Worten", "after")],
    "ru": [(r"по\s+словам", "after"), (r"по\s+данным", "after"), (r"по\s+мнению", "after")],
    "en": [(r"according\s+to", "after")],
}
# Relative pronouns opening a clause about the mention before the comma
# ("Brenner, der Olsen als „…“ bezeichnete"): that mention is the speaker.
_RELATIVE = r"der|die|das|welche[rsmn]?|who|which|который|которая|которые|которого"
_STOP_WORDS = {
    "und", "in", "im", "zu", "zum", "zur", "am", "an", "bei", "beim", "vor", "auf", "gegenüber",
    "nach", "während", "mit", "weiter", "später", "anschließend", "dazu", "außerdem", "daraufhin",
    "and", "in", "on", "at", "to", "during", "after", "in", "on", "with", "later", "и", "в", "на",
    "во", "по", "при", "журналистам", "позже", "также",
}
_WORD = r"[\w\-\.’']+"


def _cue_regex(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _cues(language: str) -> list[str]:
    return _CUES.get(language) or [c for v in _CUES.values() for c in v]


def _find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quote mark pair's inner text, quote marks excluded."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        closers = _PAIRS.get(ch)
        if closers is None:
            i += 1
            continue
        j = i + 1
        limit = min(n, i + 1 + _MAX_QUOTE)
        while j < limit and text[j] not in closers and text[j] not in "„«":
            if text.startswith("\n\n", j):
                break
            j += 1
        if j < limit and text[j] in closers:
            spans.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Inner quote span without surrounding blanks, markdown asterisks or a trailing comma."""
    while start < end and (text[start].isspace() or text[start] == "*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*,"):
        end -= 1
    return start, end


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence containing ``pos`` (after . ! ? or a blank line)."""
    window_start = max(0, pos - 400)
    best = window_start
    for m in re.finditer(r"[.!?…][\"“”»«*]*\s+|\n", text[window_start:pos]):
        best = window_start + m.end()
    return best


_DETERMINERS = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "the", "a", "an"}


def _phrase(text: str, language: str) -> str:
    """A title phrase after a cue, cut at punctuation or a function word (``der Kreml-Sprecher``).

    German and English titles start with a determiner or a capital (nouns); anything else
    (``erklärt wurden``, ``seinerseits fest``) is the rest of the sentence, not a speaker.
    """
    words: list[str] = []
    for w in re.findall(_WORD, text):
        if w.lower() in _STOP_WORDS or len(words) >= 6:
            break
        words.append(w)
    if not words:
        return ""
    if language != "ru" and not (words[0].lower() in _DETERMINERS or words[0][:1].isupper()):
        return ""
    return " ".join(words).strip(" .,")


class _Ctx:
    def __init__(self, text: str, mentions: list[dict]) -> None:
        self.text = text
        self.mentions = sorted(
            (m for m in mentions if m.get("label") in ("PER", "ORG")),
            key=lambda m: (m["char_start"], m["char_end"]),
        )

    def in_range(self, start: int, end: int) -> list[dict]:
        return [m for m in self.mentions if start <= m["char_start"] < end]

    def preceding_person(self, pos: int, max_back: int = 1500) -> dict | None:
        people = [m for m in self.mentions if m["label"] == "PER" and pos - max_back <= m["char_end"] <= pos]
        return people[-1] if people else None


def _best(mentions: list[dict], first: bool = True) -> dict | None:
    """PER before ORG; the first (or last) of them in text order."""
    for label in ("PER", "ORG"):
        of = [m for m in mentions if m["label"] == label]
        if of:
            return of[0] if first else of[-1]
    return None


def _speaker_after_cue(
    ctx: _Ctx, start: int, limit: int, quote_start: int, language: str
) -> tuple[str, dict | None] | None:
    """Speaker in the words right after a cue (``sagte Putin``, ``so der Kreml-Sprecher``, ``sagte er``)."""
    seg = ctx.text[start:limit]
    cut = re.search(r"[,.;:!?\n()]", seg)
    seg_end = start + (cut.start() if cut else len(seg))
    words = re.findall(_WORD, ctx.text[start:seg_end])
    if words and words[0].lower() in _PRONOUNS:
        person = ctx.preceding_person(quote_start)
        return (person["text"], person) if person else (words[0], None)
    found = _best(ctx.in_range(start, seg_end))
    if found is not None:
        return found["text"], found
    phrase = _phrase(ctx.text[start:seg_end], language)
    if phrase and cut is not None and seg[cut.start()] == ",":
        # Apposition: "sagte der Berater des Präsidenten, Juri Uschakow."
        appo = [m for m in ctx.in_range(seg_end, seg_end + 4) if m["label"] == "PER"]
        if appo:
            return appo[0]["text"], appo[0]
    return (phrase, None) if phrase else None


def _speaker_before_cue(ctx: _Ctx, sent_start: int, cue_start: int, quote_start: int) -> tuple[str, dict | None] | None:
    """Speaker in the clause before a cue (``Putin erklärte``, ``Er sagte``)."""
    before = ctx.text[sent_start:cue_start]
    pron = re.search(r"(?:^|\s)(\w+)\s*$", before)
    if pron and pron.group(1).lower() in _PRONOUNS:
        person = ctx.preceding_person(sent_start)
        return (person["text"], person) if person else (pron.group(1), None)
    found = _best(ctx.in_range(sent_start, cue_start), first=False)
    if found is not None and cue_start - found["char_end"] <= 80:
        return found["text"], found
    return None


def _sentence_end(text: str, pos: int) -> int:
    """End of the sentence containing ``pos`` (after . ! ? or at a line break), at most 400 chars on."""
    m = re.compile(r"[.!?…](?=[\s\"“”»«*]|$)|\n").search(text, pos, min(len(text), pos + 400))
    return m.end() if m else min(len(text), pos + 400)


def _source_speaker(ctx: _Ctx, language: str, q_start: int, q_end: int) -> tuple[str, dict | None, str] | None:
    """A prepositional attribution in the quote's sentence: ``laut X``, ``X zufolge``, ``по словам X``."""
    text = ctx.text
    lead = q_start - 1
    while lead > 0 and text[lead - 1].isspace():
        lead -= 1
    s0, s1 = _sentence_start(text, lead), _sentence_end(text, q_end + 1)
    langs = [language] if language in _SOURCE_CUES else list(_SOURCE_CUES)
    best: tuple[int, tuple[str, dict | None, str]] | None = None
    for lang in langs:
        for pattern, side in _SOURCE_CUES[lang]:
            for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text[s0:s1], re.IGNORECASE):
                c0, c1 = s0 + m.start(), s0 + m.end()
                if q_start <= c0 < q_end:
                    continue  # inside the quotation itself
                found: tuple[str, dict | None] | None = None
                if side == "after":
                    near = [x for x in ctx.in_range(c1, c1 + 25) if x["char_start"] - c1 <= 12]
                    spk = _best(near)
                    if spk is not None:
                        found = (spk["text"], spk)
                    else:
                        cut = re.search(r"[,.;:!?\n()\"„“”«»]", text[c1:s1])
                        phrase = _phrase(text[c1:c1 + (cut.start() if cut else s1 - c1)], lang)
                        if lang == "de":  # a noun phrase ends with its first noun: "des Ministeriums"
                            words = phrase.split()
                            nouns = [i for i, w in enumerate(words) if w[:1].isupper() and w.lower() not in _DETERMINERS]
                            phrase = " ".join(words[: nouns[0] + 1]) if nouns else ""
                        found = (phrase, None) if phrase else None
                else:
                    near = [x for x in ctx.mentions if 0 <= c0 - x["char_end"] <= 3]
                    spk = _best(near, first=False)
                    if spk is not None:
                        found = (spk["text"], spk)
                    else:
                        words = re.findall(_WORD, text[max(s0, c0 - 60):c0])[-3:]
                        dets = [i for i, w in enumerate(words) if w.lower() in _DETERMINERS | {"dem", "der"}]
                        phrase = " ".join(words[dets[-1]:]) if dets else ""
                        found = (phrase, None) if phrase else None
                if found is None:
                    continue
                cue = " ".join(m.group(0).lower().split())
                dist = min(abs(c0 - q_end), abs(q_start - c1))
                if best is None or dist < best[0]:
                    best = (dist, (found[0], found[1], cue))
    return best[1] if best else None


def _relative_speaker(ctx: _Ctx, q_start: int) -> tuple[str, dict] | None:
    """``Brenner, der Olsen als „…“ bezeichnete``: the mention before the relative pronoun."""
    text = ctx.text
    s0 = _sentence_start(text, q_start)
    m = None
    for m in re.finditer(rf",\s*(?:{_RELATIVE})\b[^,.;:!?„“”«»\"]*$", text[s0:q_start - 1], re.IGNORECASE):
        pass
    if m is None:
        return None
    comma = s0 + m.start()
    before = [x for x in ctx.mentions if 0 <= comma - x["char_end"] <= 2]
    spk = _best(before, first=False)
    return (spk["text"], spk) if spk is not None else None


def extract_quotes(text: str, language: str, mentions: list[dict]) -> list[dict]:
    """Attributed direct quotations in ``text``; offsets relative to ``text`` (see module doc)."""
    ctx = _Ctx(text, mentions)
    cues = _cues(language)
    cue_re = _cue_regex(cues)
    after_cue = re.compile(rf"[\s,*]*(?:[–—-]+\s*)?(?P<cue>{cue_re})\b", re.IGNORECASE)
    after_en = re.compile(
        rf"[\s,*]*(?:[–—-]+\s*)?(?P<spk>(?:[A-ZА-ЯЁ][\w\-’']*\s+){{0,3}}[A-ZА-ЯЁ][\w\-’']*|he|she|they)\s+"
        rf"(?P<cue>said|says|told|added|stated|stressed|noted|warned|wrote|explained|заявил|заявила|сказал|сказала)\b"
    )
    cue_any = re.compile(rf"(?<![\w])(?P<cue>{cue_re})(?![\w])", re.IGNORECASE)
    out: list[dict] = []
    for q_start, q_end in _find_quotes(text):
        start, end = _trim(text, q_start, q_end)
        if end - start < 2:
            continue
        close = q_end + 1
        speaker: tuple[str, dict | None] | None = None
        cue = ""
        m = after_cue.match(text, close, min(len(text), close + 200))
        if m:
            cue = m.group("cue")
            speaker = _speaker_after_cue(ctx, m.end(), min(len(text), m.end() + 120), q_start, language)
        if speaker is None:
            m2 = after_en.match(text, close, min(len(text), close + 120))
            if m2:
                cue = m2.group("cue")
                spk_start = m2.start("spk")
                words = m2.group("spk")
                if words.lower() in _PRONOUNS:
                    person = ctx.preceding_person(q_start)
                    speaker = (person["text"], person) if person else (words, None)
                else:
                    found = _best(ctx.in_range(spk_start, m2.end("spk")))
                    speaker = (found["text"], found) if found else (words, None)
        if speaker is None:
            lead = q_start - 1
            while lead > 0 and text[lead - 1].isspace():  # "erklärte:\n“…”": the cue is on the line before
                lead -= 1
            sent_start = _sentence_start(text, lead)
            clause = text[sent_start:q_start - 1]
            last = None
            for mm in cue_any.finditer(clause):
                if mm.group("cue").lower() == "so" and not clause[mm.end():].strip().endswith(":"):
                    continue  # German "so" only as "formulierte es so:" before a quote
                last = mm
            if last is not None:
                c0, c1 = sent_start + last.start(), sent_start + last.end()
                cue = last.group("cue")
                speaker = None
                if re.fullmatch(r"[^,.;!?]*:\s*", text[c1:q_start - 1]):  # "sagte der Premier: „…“"
                    speaker = _speaker_after_cue(ctx, c1, q_start - 1, q_start, language)
                if speaker is None or speaker[1] is None:
                    before = _speaker_before_cue(ctx, sent_start, c0, q_start)
                    if before is not None:
                        speaker = before
        if speaker is None or speaker[1] is None:
            relative = _relative_speaker(ctx, q_start)
            if relative is not None:
                speaker = relative
                if not cue:
                    found_cue = [c for c in cue_any.finditer(text, q_start - 1 - 80, q_start)]
                    cue = found_cue[-1].group("cue") if found_cue else ""
        if speaker is None:
            source = _source_speaker(ctx, language, q_start, q_end)
            if source is not None:
                speaker, cue = source[:2], source[2]
        if speaker is None:
            continue
        speaker_text, speaker_mention = speaker
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


__all__ = ["extract_quotes"]
