"""Extraction: parsed documents (text, language sections, date) in, their records out.

One function, ``extract_documents``, turns documents whose sections are known into mentions, figures
and quotes; the flow's extract task only calls it.  The passes, in order:

1. NER per section language, sections cut into pieces of at most ``MAX_PIECE_CHARS`` characters
   (spaCy's ``max_length``), batched across documents by characters (``ner_batch_chars``);
2. junk spans cleaned away and joined names split (``transforms.entities.clean``);
3. catalogue names NER left untagged (``transforms.entities.catalogue``);
4. every other occurrence of the document's names (``transforms.entities.propagate``);
5. figures and quotes per section, mentions numbered in text order.

Offsets: every pass works on one section's (or piece's) own text; ``ParsedDocument.to_document``
is the one place a record's section offsets become document offsets.  A document on which a pass
raises gets no records and its exception is returned with it: the caller quarantines it, the
others go on.  No I/O and no Prefect here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator, Protocol, Sequence

from transforms.entities.spans import trim_span
from transforms.ingest.pieces import text_pieces
from transforms.vocabulary import ENTITY_LABELS

NER_LABELS = ENTITY_LABELS


class SectionLike(Protocol):
    """A language section of a document (``transforms.ingest.Section``)."""

    language: str
    char_start: int
    char_end: int


class Extractors(Protocol):
    """The models extraction uses (``flows.models.Models`` is one): loaded once per process."""

    figures: Any | None
    quotes: Callable[..., list[dict]] | None
    catalogue: Any | None

    def ner(self, lang: str) -> Any | None: ...
    def ner_name(self, lang: str) -> str: ...
    def ner_version(self, lang: str) -> str: ...


@dataclass
class ParsedDocument:
    """What extraction needs of a document: its text, its language sections, its date."""

    text: str
    sections: Sequence[SectionLike]
    published: date | None = None

    def section_text(self, sec: SectionLike) -> str:
        return self.text[sec.char_start:sec.char_end]

    @staticmethod
    def to_document(record: dict, offset: int, **extra: Any) -> dict:
        """A record with offsets into a section (or piece) starting at ``offset``, in document offsets."""
        return dict(record, char_start=record["char_start"] + offset, char_end=record["char_end"] + offset, **extra)

    @staticmethod
    def to_section(record: dict, offset: int) -> dict:
        """The inverse: a document-offset record in the offsets of a section starting at ``offset``."""
        return dict(record, char_start=record["char_start"] - offset, char_end=record["char_end"] - offset)


@dataclass
class Extracted:
    """A document's records (document offsets), or the error that stopped its extraction."""

    mentions: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    error: BaseException | None = None


@dataclass
class Piece:
    """A stretch of one section that NER reads at once."""

    char_start: int
    char_end: int


def char_batches(items: list[tuple[Any, Piece]], budget: int) -> Iterator[list[tuple[Any, Piece]]]:
    """Consecutive pieces in batches of about ``budget`` characters: NER's working memory grows with
    the text of a batch, so a count of documents alone does not bound it."""
    batch: list[tuple[Any, Piece]] = []
    size = 0
    for owner, piece in items:
        n = piece.char_end - piece.char_start
        if batch and size + n > budget:
            yield batch
            batch, size = [], 0
        batch.append((owner, piece))
        size += n
    if batch:
        yield batch


def extract_documents(docs: Sequence[ParsedDocument], tools: Extractors,
                      ner_batch_chars: int = 20_000) -> list[Extracted]:
    """The records of each document, in the order given (see the module doc for the passes)."""
    out = [Extracted() for _ in docs]
    by_lang: dict[str, list[tuple[int, Piece]]] = {}
    for i, doc in enumerate(docs):
        for sec in doc.sections:  # a long section goes to NER in paragraph-cut pieces (E088)
            for start, end in text_pieces(doc.text, sec.char_start, sec.char_end):
                by_lang.setdefault(sec.language, []).append((i, Piece(start, end)))
    for lang, items in by_lang.items():
        nlp = tools.ner(lang)
        if nlp is not None:
            for batch in char_batches(items, ner_batch_chars):
                _ner_batch(docs, out, nlp, lang, batch, tools)
    for i, doc in enumerate(docs):
        if out[i].error is not None:
            continue
        try:
            _after_ner(doc, out[i], tools)
        except Exception as exc:  # noqa: BLE001 - one bad document must not sink the others
            out[i] = Extracted(error=exc)
    return out


def _ner_batch(docs: Sequence[ParsedDocument], out: list[Extracted], nlp: Any, lang: str,
               batch: list[tuple[int, Piece]], tools: Extractors) -> None:
    batch = [(i, p) for i, p in batch if out[i].error is None]
    texts = [docs[i].text[p.char_start:p.char_end] for i, p in batch]
    # spaCy adds every new word to its vocab for good; in a memory zone they go again at its end,
    # so a long run's memory does not grow with the words it has seen.  Docs do not outlive the zone.
    with nlp.memory_zone():
        try:
            parsed = list(nlp.pipe(texts, batch_size=len(texts) or 1))
        except Exception:  # noqa: BLE001 - redo one by one: only the document that fails is rejected
            parsed = []
            for (i, _piece), text in zip(batch, texts):
                try:
                    parsed.append(nlp(text))
                except Exception as exc:  # noqa: BLE001
                    out[i] = Extracted(error=exc)
                    parsed.append(None)
        name, version = tools.ner_name(lang), tools.ner_version(lang)
        for (i, piece), spacy_doc, text in zip(batch, parsed, texts):
            if spacy_doc is None or out[i].error is not None:
                continue
            # the piece's own string, not doc.text: that one is rebuilt from every token on each
            # access (per mention, quadratic in a long piece: minutes for a 1M-character document)
            for ent in spacy_doc.ents:
                start, end = trim_span(text, ent.start_char, ent.end_char)
                if ent.label_ not in NER_LABELS or end - start < 2:
                    continue
                out[i].mentions.append(ParsedDocument.to_document(
                    {"char_start": start, "char_end": end, "text": text[start:end], "label": ent.label_},
                    piece.char_start, language=lang, extractor=name, extractor_version=version))


def _after_ner(doc: ParsedDocument, result: Extracted, tools: Extractors) -> None:
    """Passes 2-5 on one document whose NER mentions are in ``result``."""
    from transforms.entities.clean import clean_mentions

    result.mentions = clean_mentions(doc.text, result.mentions)
    with_model = [sec for sec in doc.sections if tools.ner(sec.language) is not None]
    if tools.catalogue is not None:
        _catalogue_mentions(doc, with_model, result, tools.catalogue)
    _propagate_mentions(doc, with_model, result)
    figures_of(doc, result, tools)
    result.mentions.sort(key=lambda m: (m["char_start"], m["char_end"]))
    for no, mention in enumerate(result.mentions):
        mention["mention_no"] = no
    quotes_of(doc, result, tools)


def _catalogue_mentions(doc: ParsedDocument, sections: list[SectionLike], result: Extracted, catalogue: Any) -> None:
    """Catalogue names NER left untagged, in sections with a model."""
    from transforms.entities.catalogue import EXTRACTOR

    for sec in sections:
        taken = [(m["char_start"] - sec.char_start, m["char_end"] - sec.char_start) for m in result.mentions
                 if sec.char_start <= m["char_start"] < sec.char_end]
        for hit in catalogue.find(doc.section_text(sec), taken):
            result.mentions.append(ParsedDocument.to_document(hit, sec.char_start, language=sec.language,
                                                              extractor=EXTRACTOR, extractor_version="aliases.tsv"))


def _propagate_mentions(doc: ParsedDocument, sections: list[SectionLike], result: Extracted) -> None:
    """Untagged occurrences of the document's names become mentions (document offsets already)."""
    from transforms.entities.propagate import EXTRACTOR, propagate_mentions

    spans = [(s.char_start, s.char_end, s.language) for s in sections]
    for hit in propagate_mentions(doc.text, result.mentions, spans):
        result.mentions.append(dict(hit, extractor=EXTRACTOR, extractor_version="1"))


def figures_of(doc: ParsedDocument, result: Extracted, tools: Extractors) -> None:
    """Pass 5a: the figures of every section, in text order."""
    figures: list[dict] = []
    if tools.figures is not None:
        for sec in doc.sections:
            for fig in tools.figures.extract(doc.section_text(sec), sec.language, doc.published):
                figures.append(ParsedDocument.to_document(fig, sec.char_start, language=sec.language))
    result.figures = sorted(figures, key=lambda f: (f["char_start"], f["char_end"]))


def quotes_of(doc: ParsedDocument, result: Extracted, tools: Extractors) -> None:
    """Pass 5b: the quotes of every section, given the document's numbered mentions."""
    if tools.quotes is None:
        return
    for sec in doc.sections:
        local = [ParsedDocument.to_section(m, sec.char_start) for m in result.mentions
                 if sec.char_start <= m["char_start"] < sec.char_end]
        for quote in tools.quotes(doc.section_text(sec), sec.language, local):
            result.quotes.append(ParsedDocument.to_document(quote, sec.char_start))
