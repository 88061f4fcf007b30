"""Russian NER as a spaCy pipeline: natasha's slovnet tagger wrapped in one component.

No pretrained Russian spaCy pipeline is installable here (STACK-NOTES), but natasha ships
its NER weights inside the wheel, so it runs offline.  The component tags ``doc.text``
sentence by sentence (razdel, a natasha dependency) and maps the character spans back
onto whatever tokenisation the Doc has, so it also works on pre-tokenised
``Doc(nlp.vocab, words=...)`` inputs.
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

FACTORY = "natasha_ner"
# natasha's labels are already the warehouse's labels; keep the mapping explicit anyway.
LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
# Sentences longer than this are split further: slovnet tags one padded sequence per input.
_MAX_CHARS = 2000
# Closed word classes (pymorphy3 POS) that are never a name on their own.  slovnet tags the
# capitalised polite pronouns (``с Вами``, ``Вас``) as PER, since capitals look like names.
_FUNCTION_POS = frozenset({"NPRO", "PREP", "CONJ", "PRCL", "INTJ"})
_WORD = re.compile(r"\w+")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


class NatashaNER:
    """spaCy component: natasha NewsNERTagger over the Doc's text; sets ``doc.ents``."""

    def __init__(self, nlp: Language, name: str, batch_size: int = 16) -> None:
        # Imported here so that merely importing this module stays cheap.
        from natasha import NewsEmbedding, NewsNERTagger

        self.name = name
        self.batch_size = batch_size
        # Loaded once per component instance (~1.3 s): embedding + tagger weights.
        self._tagger = NewsNERTagger(NewsEmbedding())
        self._morph: Any = None

    def is_function_words(self, span_text: str) -> bool:
        """True when every word of a span is a pronoun (``Вами``, ``Ваше``) or another closed-class word."""
        if self._morph is None:
            import pymorphy3

            self._morph = pymorphy3.MorphAnalyzer()
        words = _WORD.findall(span_text)
        if not words:
            return True
        for word in words:
            parses = self._morph.parse(word.lower())
            tag = parses[0].tag
            if not (tag.POS in _FUNCTION_POS or (tag.POS == "ADJF" and "Apro" in tag)):
                return False
            if any(_NAME_TAGS & p.tag.grammemes for p in parses):  # Том, Ли: also first/last names
                return False
        return True

    def _chunks(self, text: str) -> list[tuple[int, str]]:
        """(offset, chunk) pieces of ``text``: razdel sentences, long ones cut at spaces."""
        from razdel import sentenize

        pieces: list[tuple[int, str]] = []
        for sent in sentenize(text):
            start, chunk = sent.start, sent.text
            while len(chunk) > _MAX_CHARS:
                cut = chunk.rfind(" ", 0, _MAX_CHARS)
                cut = cut if cut > 0 else _MAX_CHARS
                pieces.append((start, chunk[:cut]))
                start, chunk = start + cut, chunk[cut:]
            if chunk.strip():
                pieces.append((start, chunk))
        return pieces

    def trim(self, text: str, start: int, stop: int) -> tuple[int, int] | None:
        """The span without leading pronouns (``Вашем лице`` → ``лице``); None if no name is left.

        Only pronouns and other closed-class words are cut; what remains after a cut must
        start with a capital or a digit (a lower-case common noun is no name either).
        """
        trimmed = False
        while True:
            m = _WORD.search(text, start, stop)
            if m is None:
                return None
            if not self.is_function_words(m.group(0)):
                break
            start, trimmed = m.end(), True
            while start < stop and not text[start].isalnum():
                start += 1
        if trimmed and not (text[start].isupper() or text[start].isdigit()):
            return None
        return start, stop

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) character spans natasha finds in ``text``."""
        pieces = self._chunks(text)
        found: list[tuple[int, int, str]] = []
        for (offset, piece), markup in zip(pieces, self._tagger.map([p for _, p in pieces])):
            for s in markup.spans:
                label = LABELS.get(s.type)
                trimmed = self.trim(piece, s.start, s.stop) if label is not None else None
                if trimmed is not None:
                    found.append((offset + trimmed[0], offset + trimmed[1], label))
        return found

    def __call__(self, doc: Doc) -> Doc:
        ents: list[Span] = []
        for start, end, label in self.spans(doc.text):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and len(span) > 0:
                ents.append(span)
        doc.ents = filter_spans(ents)
        return doc

    def pipe(self, docs: Any, batch_size: int | None = None) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY, default_config={"batch_size": 16})
def make_natasha_ner(nlp: Language, name: str, batch_size: int) -> NatashaNER:
    """Factory so the component can be added by name (``nlp.add_pipe("natasha_ner")``)."""
    return NatashaNER(nlp, name, batch_size=batch_size)


def build_russian_nlp() -> Language:
    """A blank Russian pipeline whose only component is natasha's NER (PER/ORG/LOC)."""
    nlp = spacy.blank("ru")
    nlp.add_pipe(FACTORY)
    return nlp


__all__ = ["build_russian_nlp", "NatashaNER", "FACTORY"]
