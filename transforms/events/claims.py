"""Claims: money, percent, quantity and duration figures tied to who stated them.

In order, the first rule that names a speaker wins:

1. ``quote`` — the figure lies inside an attributed quotation: the quote's speaker;
2. ``according_to`` — a source cue (``laut X``, ``X zufolge``, ``nach Angaben von X``,
   ``по данным X``, ``according to X``) in the figure's clause: the cited source;
3. ``reported`` — a speech verb with its clause (``betonte er, dass …``, ``заявил, что …``,
   ``said that …``) before the figure in its sentence: the verb's subject (the name group
   before it, or right after it in German ``betonte Putin``); a pronoun subject is the last
   speaker named before (a quote's speaker, a reported subject or a transcript's head);
4. ``according_to`` — a source cue opening the sentence (``Laut TASS …``);
5. ``statement`` — the figure lies in a transcript section introduced ``Name: …``
   (``Juri Uschakow: Liebe Freunde, …``), which runs to the next such head, the next short
   line ending in a colon, or the end of its language section.

Figures in the journalist's own voice get no claim; neither do rules whose speaker has no
entity id (``so der Kreml-Sprecher``: a title, not a name).
"""

from __future__ import annotations

import re
from typing import Any

from transforms.vocabulary import CLAIM_KINDS

from .extract import PARTY_LABELS
from .lexicon import Grammar, grammar
from .model import Claim, DocInput

_SEGMENT = re.compile(r"[,;–—]\s|\s[–—]\s")
_HEAD = re.compile(r"^[ \t]*(?P<name>[^\n:]{2,60}?)(?:\s*\([^)\n]{1,30}\))?:[ \t]+\S")


def claimable(fig: dict) -> bool:
    """Money, percentages, durations and counts of something; "beide Länder", "двух стран" state nothing."""
    if fig.get("kind") not in CLAIM_KINDS:
        return False
    if fig["kind"] == "quantity":
        return bool(fig.get("unit")) and (fig.get("value") or 0) > 2
    return True


def statement_spans(doc: DocInput) -> list[tuple[int, int, dict, str]]:
    """(body_start, body_end, speaker mention, head text) of each ``Name: …`` transcript section."""
    heads: list[tuple[int, int, dict | None, str]] = []  # (line_start, body_start, mention, head)
    text = doc.text
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    by_start = {}
    for m in doc.mentions:
        by_start.setdefault(m["char_start"], m)
    for ls in line_starts:
        line = text[ls:text.find("\n", ls) if text.find("\n", ls) >= 0 else len(text)]
        h = _HEAD.match(line)
        if not h:
            if line.rstrip().endswith(":") and len(line.strip()) < 60:
                heads.append((ls, ls, None, line.strip()))  # a heading such as "RUS-Original:" ends a section
            continue
        start = ls + h.start("name")
        mention = by_start.get(start)
        if mention is None or mention["char_end"] != ls + h.end("name") or not mention.get("entity_id") \
                or mention.get("label") != "PER":
            continue
        heads.append((ls, ls + text[ls:].index(":") + 1, mention, h.group("name")))
    section_ends = sorted(e for _s, e, _l in doc.sections) or [len(text)]
    spans = []
    for i, (ls, body, mention, head) in enumerate(heads):
        if mention is None:
            continue
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        sec_end = next((e for e in section_ends if e > body), len(text))
        spans.append((body, min(end, sec_end), mention, head))
    return spans


class ClaimExtractor:
    """``extract(doc)`` → the document's claims (see the module docstring)."""

    def extract(self, doc: DocInput) -> list[Claim]:
        text = doc.text
        statements = statement_spans(doc)
        claims: list[Claim] = []
        last_speaker: tuple[str, str] | None = None  # (entity_id, text)
        last_person: tuple[str, str] | None = None
        names = [m for m in doc.mentions if m.get("entity_id") and m.get("label") in PARTY_LABELS]
        for no, start, end, lang in doc.sentences:
            g = grammar(lang)
            figs = [f for f in doc.figures if start <= f["char_start"] < end and claimable(f)]
            sent_names = [m for m in names if start <= m["char_start"] < end]
            # a pronoun is the last speaker named; before any speaker, the last person named
            earlier = last_speaker or last_person
            reported = self._reported(text, start, end, g, sent_names, earlier) if g else None
            for head_start, _b, mention, _h in statements:
                if start <= mention["char_start"] < end:
                    last_speaker = (mention["entity_id"], mention["text"])
            for f in figs:
                claim = self._attribute(doc, f, no, start, end, lang, g, sent_names, reported, statements)
                if claim is not None:
                    claims.append(claim)
            for q in doc.quotes:
                if start <= (q.get("char_start") or -1) < end and q.get("speaker_entity_id"):
                    last_speaker = (q["speaker_entity_id"], q.get("speaker_text") or "")
            if reported is not None and reported[0] is not None:
                last_speaker = (reported[0], reported[1])
            people = [m for m in sent_names if m.get("label") == "PER"]
            if people:
                last_person = (people[-1]["entity_id"], people[-1]["text"])
        return claims

    # ---- rules ---------------------------------------------------------------------------------

    def _attribute(self, doc, f, no, start, end, lang, g, sent_names, reported, statements) -> Claim | None:
        def claim(entity_id: str, speaker_text: str | None, cue: str | None, how: str) -> Claim:
            return Claim(doc.doc_id, f["char_start"], f["char_end"], f.get("text") or "", f["kind"], f.get("value"),
                         f.get("unit"), entity_id, speaker_text, cue, how, no, lang)

        statement = next(((m, h) for b, e, m, h in statements if b <= f["char_start"] < e), None)
        for q in doc.quotes:
            qs, qe = q.get("char_start"), q.get("char_end")
            if qs is not None and qs <= f["char_start"] and f["char_end"] <= qe and q.get("speaker_entity_id"):
                if statement is not None and statement[0]["entity_id"] == q["speaker_entity_id"]:
                    break  # "Name: …" read as a quote: it is the transcript's statement
                return claim(q["speaker_entity_id"], q.get("speaker_text"), q.get("cue"), "quote")
        if g is not None:
            opening = None
            for cue, source in self._sources(doc.text, start, end, g, sent_names):
                if self._same_segment(doc.text, cue.start(), f["char_start"]):
                    return claim(source["entity_id"], source["text"], cue.group(0), "according_to")
                if cue.start() - start < 40 and opening is None:
                    opening = (cue, source)
            if reported is not None and reported[0] is not None and reported[2] < f["char_start"]:
                return claim(reported[0], reported[1], reported[3], "reported")
            if opening is not None:
                return claim(opening[1]["entity_id"], opening[1]["text"], opening[0].group(0), "according_to")
        if statement is not None:
            return claim(statement[0]["entity_id"], statement[0]["text"], statement[1] + ":", "statement")
        return None

    @staticmethod
    def _same_segment(text: str, a: int, b: int) -> bool:
        lo, hi = min(a, b), max(a, b)
        return not _SEGMENT.search(text[lo:hi])

    @staticmethod
    def _sources(text: str, start: int, end: int, g: Grammar, sent_names: list[dict]):
        for pat, side in g.sources:
            for cue in pat.finditer(text, start, end):
                if side == "after":
                    src = next((m for m in sent_names if m["char_start"] >= cue.end()), None)
                    if src is not None and src["char_start"] - cue.end() <= 30 \
                            and not re.search(r"[,.;:!?]", text[cue.end():src["char_start"]]):
                        yield cue, src
                elif side == "before":
                    src = next((m for m in reversed(sent_names) if m["char_end"] <= cue.start()), None)
                    if src is not None and cue.start() - src["char_end"] <= 25 \
                            and not re.search(r"[,.;:!?]", text[src["char_end"]:cue.start()]):
                        yield cue, src

    @staticmethod
    def _reported(text: str, start: int, end: int, g: Grammar, sent_names: list[dict],
                  last_speaker: tuple[str, str] | None) -> tuple[str | None, str | None, int, str] | None:
        """(subject entity, subject text, end of the speech verb, cue) of the sentence's reported speech."""
        for verb in g.speech.finditer(text, start, end):
            if not g.complement.match(text, verb.end()):
                continue
            before = [m for m in sent_names if m["char_end"] <= verb.start()]
            after = [m for m in sent_names if m["char_start"] >= verb.end()]
            subject = None
            if before:
                gap = text[before[-1]["char_end"]:verb.start()]
                if len(gap) <= 40 and not re.search(r"[.;:!?„“«»\"]", gap) and not re.search(r",\s", gap.strip()):
                    subject = before[-1]
            if subject is None and after and g.lang == "de" and re.fullmatch(r"\s*", text[verb.end():after[0]["char_start"]]):
                subject = after[0]
            if subject is not None:
                if subject.get("label") == "LOC" and g.lang != "en":
                    pass  # a country "betonte": still a party that states
                return subject["entity_id"], subject["text"], verb.end(), verb.group(0)
            around = text[max(start, verb.start() - 12):verb.start()] + " " + text[verb.end():verb.end() + 8]
            words = set(re.findall(r"\w+", around.lower()))
            if words & g.pronouns and last_speaker is not None:
                return last_speaker[0], last_speaker[1], verb.end(), verb.group(0)
            return None, None, verb.end(), verb.group(0)
        return None


def extract_claims(doc: DocInput) -> list[Claim]:
    return ClaimExtractor().extract(doc)


def claim_rows(claims: list[Claim], run_id: str) -> list[dict[str, Any]]:
    return [dict(c.__dict__, run_id=run_id) for c in claims]
