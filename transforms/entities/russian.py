"""Russian NER as a spaCy pipeline: natasha's slovnet tagger wrapped in one component.

No pretrained Russian spaCy pipeline is installable here (STACK-NOTES), but natasha ships
its NER weights inside the wheel, so it runs offline.  The component tags ``doc.text``
sentence by sentence (razdel, a natasha dependency) and maps the character spans back
onto whatever tokenisation the Doc has, so it also works on pre-tokenised
``Doc(nlp.vocab, words=...)`` inputs.
"""

from __future__ import annotations

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


class NatashaNER:
    """spaCy component: natasha NewsNERTagger over the Doc's text; sets ``doc.ents``."""

    def __init__(self, nlp: Language, name: str, batch_size: int = 16) -> None:
        # Imported here so that merely importing this module stays cheap.
        from natasha import NewsEmbedding, NewsNERTagger

        self.name = name
        self.batch_size = batch_size
        # Loaded once per component instance (~1.3 s): embedding + tagger weights.
        self._tagger = NewsNERTagger(NewsEmbedding())

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

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) character spans natasha finds in ``text``."""
        pieces = self._chunks(text)
        found: list[tuple[int, int, str]] = []
        for (offset, _), markup in zip(pieces, self._tagger.map([p for _, p in pieces])):
            for s in markup.spans:
                label = LABELS.get(s.type)
                if label is not None:
                    found.append((offset + s.start, offset + s.stop, label))
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
