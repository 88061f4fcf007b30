"""Russian NER as a spaCy pipeline: natasha's slovnet tagger wrapped in one component.

No pretrained Russian spaCy pipeline is installable here (STACK-NOTES), but natasha ships
its NER weights inside the wheel, so it runs offline.  The component tags ``doc.text``
sentence by sentence (razdel, a natasha dependency) and maps the character spans back
onto whatever tokenisation the Doc has, so it also works on pre-tokenised
``Doc(nlp.vocab, words=...)`` inputs (their words are re-joined as running text first).

Light rules on slovnet's spans, each chosen on FactRuEval dev (never its test set): people
and places are cut at commas and brackets, a legal form leaves a company's name, a word the
dictionary knows only as an organisation is ORG, plural demonyms are no places, and
pronouns or non-nouns alone are no people.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
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
# Re-joining pre-tokenised words: no space before closing punctuation, none after opening.
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}»%")
_NO_SPACE_AFTER = frozenset("([{«")


def running_text(words: list[str]) -> tuple[str, list[int]]:
    """Words joined as running text, and each word's start offset in it.

    slovnet learnt from running text: on ``Овечкин , Фёдоров`` or ``Скотт Хоровитц ( Scott
    Horowitz )`` (one space around every token, as in ``Doc(vocab, words=...)``) it merges two
    names into one span, and it splits ``Жан - Мари``.  So spaces go where text has them:
    none before closing punctuation, none after opening, none around a hyphen between two capitalised
    words (``Жан-Мари``; ``Тишков - директор`` keeps its dash).
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i, word in enumerate(words):
        if i:
            prev = words[i - 1]
            glued = (
                word in _NO_SPACE_BEFORE
                or prev in _NO_SPACE_AFTER
                or (word == "-" and prev[:1].isupper() and i + 1 < len(words) and words[i + 1][:1].isupper())
                or (prev == "-" and i >= 2 and words[i - 2][:1].isupper() and word[:1].isupper())
            )
            if not glued:
                parts.append(" ")
                pos += 1
        starts.append(pos)
        parts.append(word)
        pos += len(word)
    return "".join(parts), starts


_LIST_BREAK = re.compile(r"[,;()]")
# A legal form before a quoted company name (``ОАО «Газпром»``): the name is what the quotes hold.
_LEGAL_FORM = re.compile(r"(?:ОАО|ЗАО|ООО|ПАО|АО|НАО|ОДО|ФГУП|ГУП|МУП|НКО|АНО)\s*[«\"„“]\s*(?P<name>[^»\"“”]+?)\s*[»\"“”]\s*$")


def strip_legal_form(text: str, start: int, stop: int) -> tuple[int, int]:
    """An organisation span without its legal form and quotes: ``ОАО «Газпром»`` -> ``Газпром``."""
    m = _LEGAL_FORM.match(text, start, stop)
    return (m.start("name"), m.end("name")) if m else (start, stop)


def split_listed_names(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """A person or place span cut at commas and brackets: the names of a list are separate.

    slovnet tags ``Овечкин, Фёдоров`` and ``Скотт Хоровитц (Scott Horowitz)`` as one person;
    no personal or place name holds a comma or a bracket.  Organisations are not cut this way
    (``ООО «Ромашка» (Москва)`` is one name in many registries).
    """
    if not _LIST_BREAK.search(text, start, stop):
        return [(start, stop)]
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in [*_LIST_BREAK.finditer(text, start, stop), None]:
        end = m.start() if m else stop
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and text[a].isupper():
            pieces.append((a, b))
        pos = m.end() if m else stop
    return pieces


def _pretokenised(doc: Doc) -> bool:
    """A Doc built from words alone: one space after every token, punctuation included."""
    return len(doc) > 1 and all(t.whitespace_ == " " for t in doc[:-1]) and any(t.is_punct for t in doc[:-1])


class NatashaNER:
    """spaCy component: natasha NewsNERTagger over the Doc's text; sets ``doc.ents``."""

    def __init__(self, nlp: Language, name: str, batch_size: int = 16, rules: Iterable[str] | None = None) -> None:
        # Imported here so that merely importing this module stays cheap.
        from natasha import NewsEmbedding, NewsNERTagger

        from transforms.entities.russian_org import DEFAULT_RULES

        self.name = name
        self.batch_size = batch_size
        # Organisation rules after the tagger (transforms.entities.russian_org), chosen on FactRuEval dev.
        self.rules: tuple[str, ...] = tuple(DEFAULT_RULES if rules is None else rules)
        # Loaded once per component instance (~1.3 s): embedding + tagger weights.
        self._tagger = NewsNERTagger(NewsEmbedding())
        self._parse_word: Any = None  # pymorphy3 parse, cached (created on first use)

    def _parse(self, word: str) -> list[Any]:
        """pymorphy3 parses of a word (the analyser is created on first use, once per component).

        Each span asks about its words several times (pronoun, demonym, organisation, non-noun),
        and names recur across a run: a bounded cache keeps the lookups off the tagger's path.
        """
        if self._parse_word is None:
            import pymorphy3

            self._parse_word = functools.lru_cache(maxsize=65_536)(pymorphy3.MorphAnalyzer().parse)
        return self._parse_word(word.lower())

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

    def is_organisation_word(self, span_text: str) -> bool:
        """One word the dictionary knows only as an organisation (``ЕС``, ``НАТО``): slovnet often calls it a place."""
        words = _WORD.findall(span_text)
        if len(words) != 1:
            return False
        parses = self._parse(words[0])
        return all(p.is_known and "Orgn" in p.tag and "Geox" not in p.tag for p in parses)

    def is_non_noun(self, span_text: str) -> bool:
        """One known word that is no noun in any reading (``Будничная``, ``Побритый``): not a person.

        Nouns stay: too many surnames are also common nouns' forms (``Шумов``, ``Хван``).
        """
        words = _WORD.findall(span_text)
        if len(words) != 1 or len(words[0]) < 3:
            return False
        return all(p.is_known and p.tag.POS not in ("NOUN", None) and not (_NAME_TAGS & p.tag.grammemes)
                   for p in self._parse(words[0]))

    def is_demonym(self, span_text: str) -> bool:
        """One known word that can only be an animate plural noun (``Американцы``, ``Россияне``): a people, not a place.

        Plural only: a singular animate reading is often a place's name too (``Феникс``).
        """
        words = _WORD.findall(span_text)
        if len(words) != 1 or len(words[0]) < 3:
            return False
        parses = self._parse(words[0])
        return all(
            {"anim", "plur"} <= p.tag.grammemes and not (_NAME_TAGS & p.tag.grammemes) and p.is_known for p in parses
        )

    def trim(self, text: str, start: int, stop: int, label: str = "PER") -> tuple[int, int] | None:
        """The span, or None when it is no name; people lose leading pronouns (``Вами Инна Серова``).

        Spans of closed-class words only are dropped.  Organisations keep possessives
        (``Наше радио`` is a name); for people a capitalised pronoun before the name is cut,
        and if a lower-case word is what remains (``в Вашем лице``) the span is dropped.
        """
        if self.is_function_words(text[start:stop], label):
            return None
        if label == "LOC" and self.is_demonym(text[start:stop]):
            return None
        if label == "PER" and self.is_non_noun(text[start:stop]):
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
            raw = [(s.start, s.stop, LABELS[s.type]) for s in markup.spans if s.type in LABELS]
            if self.rules:
                from transforms.entities.russian_org import apply_rules

                raw = apply_rules(piece, raw, self._parse, self.rules)
            for s_start, s_stop, label in raw:
                if label == "LOC" and self.is_organisation_word(piece[s_start:s_stop]):
                    label = "ORG"
                if label == "ORG":
                    name_spans = [strip_legal_form(piece, s_start, s_stop)]
                else:
                    name_spans = split_listed_names(piece, s_start, s_stop)
                for start, stop in name_spans:
                    trimmed = self.trim(piece, start, stop, label)
                    if trimmed is not None:
                        found[k].append((offset + trimmed[0], offset + trimmed[1], label))
        return found

    @staticmethod
    def _text_and_starts(doc: Doc) -> tuple[str, list[int] | None]:
        """The text to tag, and word offsets in it when it is re-joined from pre-tokenised words."""
        if _pretokenised(doc):
            return running_text([t.text for t in doc])
        return doc.text, None

    def _set_ents(self, doc: Doc, spans: list[tuple[int, int, str]], starts: list[int] | None = None) -> Doc:
        ents: list[Span] = []
        for start, end, label in spans:
            if starts is None:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
            else:  # tokens overlapping the character span of the re-joined text
                first = bisect_right(starts, start) - 1
                last = bisect_left(starts, end)
                span = Span(doc, max(first, 0), last, label=label) if last > max(first, 0) else None
            if span is not None and len(span) > 0:
                ents.append(span)
        doc.ents = filter_spans(ents)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        text, starts = self._text_and_starts(doc)
        return self._set_ents(doc, self.spans(text), starts)

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
        texts = [self._text_and_starts(d) for d in batch]
        for doc, (_, starts), spans in zip(batch, texts, self.spans_many([t for t, _ in texts])):
            yield self._set_ents(doc, spans, starts)


@Language.factory(FACTORY, default_config={"batch_size": 16, "rules": None})
def make_natasha_ner(nlp: Language, name: str, batch_size: int, rules: list[str] | None) -> NatashaNER:
    """Factory so the component can be added by name (``nlp.add_pipe("natasha_ner")``).

    ``rules``: names of ``russian_org.RULES`` to run after the tagger (None: the kept ones, [] none).
    """
    return NatashaNER(nlp, name, batch_size=batch_size, rules=rules)


def build_russian_nlp(rules: list[str] | None = None) -> Language:
    """A blank Russian pipeline whose only component is natasha's NER (PER/ORG/LOC), with the organisation rules."""
    nlp = spacy.blank("ru")
    nlp.add_pipe(FACTORY, config={"rules": None if rules is None else list(rules)})
    return nlp


__all__ = ["build_russian_nlp", "NatashaNER", "FACTORY"]
