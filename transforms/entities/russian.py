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

    def _parse(self, word: str) -> list[Any]:
        """pymorphy3 parses of a word (the analyser is created on first use, once per component)."""
        if self._morph is None:
            import pymorphy3

            self._morph = pymorphy3.MorphAnalyzer()
        return self._morph.parse(word.lower())

    def _closed(self, word: str, possessive: bool) -> bool:
        """A pronoun or other closed-class word that is not also a name (``Ли``, ``Том``) or an initial."""
        if len(word) == 1:  # an initial (И. Петров, В.Путин), though и/в/с are also closed-class words
            return False
        parses = self._parse(word)
        if any(_NAME_TAGS & p.tag.grammemes for p in parses):
            return False
        tag = parses[0].tag
        return tag.POS in _FUNCTION_POS or (possessive and tag.POS == "ADJF" and "Apro" in tag)

    def is_function_words(self, span_text: str, label: str = "PER") -> bool:
        """True when every word of a span is closed-class (``Вами``, ``Кто``; for people also ``Ваше``)."""
        words = _WORD.findall(span_text)
        return all(self._closed(w, possessive=label == "PER") for w in words)

    def trim(self, text: str, start: int, stop: int, label: str = "PER") -> tuple[int, int] | None:
        """The span, or None when it is no name; people lose leading pronouns (``Вами Инна Серова``).

        Spans of closed-class words only are dropped.  Organisations keep possessives
        (``Наше радио`` is a name); for people a capitalised pronoun before the name is cut,
        and if a lower-case word is what remains (``в Вашем лице``) the span is dropped.
        """
        if self.is_function_words(text[start:stop], label):
            return None
        if label != "PER":
            return start, stop
        trimmed = False
        while True:
            m = _WORD.search(text, start, stop)
            if m is None:
                return None
            word = m.group(0)
            pronoun = self._parse(word)[0].tag.POS in ("NPRO", "ADJF")  # Вами, Вашем; not Бин, де
            if not (word[:1].isupper() and pronoun and self._closed(word, possessive=True)):
                break
            start, trimmed = m.end(), True
            while start < stop and not text[start].isalnum():
                start += 1
        if trimmed and not (text[start].isupper() or text[start].isdigit()):
            return None
        return start, stop

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
        return self.spans_many([text])[0]

    def spans_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """``spans`` for several texts with one tagger call: slovnet batches the sentences of all of them."""
        pieces = [(k, offset, piece) for k, text in enumerate(texts) for offset, piece in self._chunks(text)]
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        markups = self._tagger.map([p for _, _, p in pieces])
        for (k, offset, piece), markup in zip(pieces, markups):
            for s in markup.spans:
                label = LABELS.get(s.type)
                trimmed = self.trim(piece, s.start, s.stop, label) if label is not None else None
                if trimmed is not None:
                    found[k].append((offset + trimmed[0], offset + trimmed[1], label))
        return found

    def _set_ents(self, doc: Doc, spans: list[tuple[int, int, str]]) -> Doc:
        ents: list[Span] = []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and len(span) > 0:
                ents.append(span)
        doc.ents = filter_spans(ents)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self._set_ents(doc, self.spans(doc.text))

    def pipe(self, docs: Any, batch_size: int | None = None) -> Any:
        """Docs in batches of ``batch_size`` (default: the component's), one tagger call per batch."""
        size = max(1, batch_size or self.batch_size)
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._pipe_batch(batch)
                batch = []
        if batch:
            yield from self._pipe_batch(batch)

    def _pipe_batch(self, batch: list[Doc]) -> Any:
        for doc, spans in zip(batch, self.spans_many([d.text for d in batch])):
            yield self._set_ents(doc, spans)


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
