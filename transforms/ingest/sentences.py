"""Sentences per language section: a blank spaCy pipeline + sentencizer per language, built once.

Besides the sentencizer's punctuation rule, a paragraph break always ends a sentence: blank lines
always, and single newlines too unless the text looks hard-wrapped (most lines inside a block are
long and end mid-sentence), because this input stream puts one paragraph or headline per line and
a headline has no final period to split on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language

from transforms.ingest.language import Section

MAX_SEGMENT_CHARS = 100_000  # spaCy's max_length is 1M; long segments are cut at whitespace
BATCH_SIZE = 256
_TERMINAL = tuple('.!?:;"“”»«\'…)')
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_NEWLINE = re.compile(r"\n")


# Abbreviations that never end a sentence but that spaCy's blank tokenizers split off their period
# (which then makes the sentencizer split after them). Words that also end sentences ('Art.' in
# 'dieser Art.', 'и др.') are left out on purpose.
EXTRA_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "de": ("med.", "gest.", "Kap.", "Mitgl.", "Präs.", "Gen.", "Sek.", "Min.", "Verf.", "Hrsg.", "Reg.", "Stv."),
    "ru": ("ген.", "зам.", "пред.", "св.", "ред.", "млн.", "млрд.", "трлн.", "корр.", "т.е.", "т.д.", "т.н."),
    "en": ("Lt.", "Col.", "approx.", "Sgt.", "Capt.", "Cmdr.", "Adm.", "Brig."),
}


@dataclass
class Sentence:
    sentence_no: int
    section_no: int
    language: str
    char_start: int
    char_end: int


def is_hard_wrapped(text: str) -> bool:
    """True when lines inside paragraphs mostly break mid-sentence (e.g. text wrapped at 72)."""
    lines = text.split("\n")
    inner = [a.rstrip() for a, b in zip(lines, lines[1:]) if a.strip() and b.strip()]
    if len(inner) < 4:
        return False
    wrapped = sum(1 for ln in inner if len(ln) >= 40 and not ln.endswith(_TERMINAL))
    return wrapped >= 0.5 * len(inner)


def _segments(text: str, start: int, end: int, hard_wrapped: bool) -> Iterator[tuple[int, int]]:
    """Paragraph-sized (start, end) spans inside [start, end), whitespace-trimmed, size-capped."""
    breaker = _BLANK_LINES if hard_wrapped else _NEWLINE
    pos = start
    bounds = [m.start() for m in breaker.finditer(text, start, end)] + [end]
    for b in bounds:
        s, e = pos, b
        pos = b
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while e - s > MAX_SEGMENT_CHARS:
            cut = text.rfind(" ", s, s + MAX_SEGMENT_CHARS)
            cut = cut if cut > s else s + MAX_SEGMENT_CHARS
            yield s, cut
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            yield s, e


def _sentence_spans(doc: object, seg: str) -> list[tuple[int, int]]:
    """Whitespace-trimmed sentence spans of one segment; a 'sentence' that starts with a
    lower-case letter continues the previous one ('и т. д. прибыли', 'vgl. hierzu')."""
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:  # type: ignore[attr-defined]
        a, b = sent.start_char, sent.end_char
        while a < b and seg[a].isspace():
            a += 1
        while b > a and seg[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        if spans and seg[a].isalpha() and seg[a].islower():
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


class SentenceSplitter:
    """``splitter(text, sections) -> sentences``; ``splitter.documents(items)`` for many texts."""

    def __init__(self, languages: Sequence[str] = ("de", "ru", "en")) -> None:
        self.languages = tuple(languages)
        self._nlps: dict[str, Language] = {}
        for code in self.languages:
            self._nlps[code] = self._blank(code)
        self._fallback = self._blank("xx")  # 'und' and anything not requested

    @staticmethod
    def _blank(code: str) -> Language:
        nlp = spacy.blank(code)
        for abbr in EXTRA_ABBREVIATIONS.get(code, ()):
            nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
        nlp.add_pipe("sentencizer")
        nlp.max_length = MAX_SEGMENT_CHARS + 10
        return nlp

    def _nlp(self, lang: str) -> Language:
        return self._nlps.get(lang, self._fallback)

    def __call__(self, text: str, sections: list[Section]) -> list[Sentence]:
        return next(self.documents([(text, sections)]))

    def documents(self, items: Iterable[tuple[str, list[Section]]]) -> Iterator[list[Sentence]]:
        """Sentences for each (text, sections), in order; spaCy runs batched per language."""
        batch: list[tuple[str, list[Section]]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH_SIZE // 4:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, batch: list[tuple[str, list[Section]]]) -> Iterator[list[Sentence]]:
        # (doc index, section, segment start, segment text) grouped by pipeline
        jobs: dict[str, list[tuple[int, Section, int, str]]] = {}
        for d, (text, sections) in enumerate(batch):
            wrapped = is_hard_wrapped(text)
            for sec in sections:
                key = sec.language if sec.language in self._nlps else "xx"
                for s, e in _segments(text, sec.char_start, sec.char_end, wrapped):
                    jobs.setdefault(key, []).append((d, sec, s, text[s:e]))
        found: list[list[tuple[int, int, Section]]] = [[] for _ in batch]
        for key, items in jobs.items():
            nlp = self._nlps.get(key, self._fallback)
            with nlp.memory_zone():  # the words of these texts leave the vocab again: memory stays flat
                docs = nlp.pipe((t for _d, _sec, _s, t in items), batch_size=BATCH_SIZE)
                for (d, sec, s, seg), doc in zip(items, docs):
                    for a, b in _sentence_spans(doc, seg):
                        found[d].append((s + a, s + b, sec))
        for spans in found:
            spans.sort(key=lambda x: x[0])
            yield [
                Sentence(no, sec.section_no, sec.language, a, b) for no, (a, b, sec) in enumerate(spans)
            ]
