"""transforms.extract: parsed documents in, records in document offsets out, one failure isolated."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.extract import ParsedDocument, extract_documents


@dataclass
class _Sec:
    language: str
    char_start: int
    char_end: int


class _Ent:
    def __init__(self, start: int, end: int, label: str) -> None:
        self.start_char, self.end_char, self.label_ = start, end, label


class _Doc:
    def __init__(self, text: str) -> None:
        self.ents = [_Ent(text.index(w), text.index(w) + len(w), "PER") for w in ("Anna Berg",) if w in text]


class _NLP:
    """A stand-in NER that tags 'Anna Berg' and raises on 'BOOM'."""

    def memory_zone(self):
        from contextlib import nullcontext

        return nullcontext()

    def pipe(self, texts, batch_size=1):
        return [self(t) for t in texts]

    def __call__(self, text):
        if "BOOM" in text:
            raise ValueError("cannot parse")
        return _Doc(text)


class _Tools:
    figures = None
    quotes = None
    catalogue = None

    def ner(self, lang):
        return _NLP() if lang == "de" else None

    def ner_name(self, lang):
        return "test_ner"

    def ner_version(self, lang):
        return "0"


def test_mentions_come_in_document_offsets_and_a_failing_document_is_isolated() -> None:
    head = "Vorspann ohne Namen.\n\n"
    text = head + "Gestern sprach Anna Berg in Kiel."
    good = ParsedDocument(text, [_Sec("en", 0, len(head)), _Sec("de", len(head), len(text))])
    bad = ParsedDocument("BOOM und Anna Berg.", [_Sec("de", 0, 19)])
    plain = ParsedDocument("Nur Text.", [_Sec("ru", 0, 9)])
    out = extract_documents([good, bad, plain], _Tools())
    [m] = out[0].mentions
    assert text[m["char_start"]:m["char_end"]] == "Anna Berg" == m["text"]
    assert (m["label"], m["language"], m["extractor"], m["mention_no"]) == ("PER", "de", "test_ner", 0)
    assert isinstance(out[1].error, ValueError) and out[1].mentions == []
    assert out[2].error is None and out[2].mentions == [] and out[2].figures == []


def test_offset_mapping_round_trips() -> None:
    record = {"char_start": 3, "char_end": 8, "text": "x"}
    doc_rec = ParsedDocument.to_document(record, 100, language="de")
    assert (doc_rec["char_start"], doc_rec["char_end"], doc_rec["language"]) == (103, 108, "de")
    assert ParsedDocument.to_section(doc_rec, 100)["char_start"] == 3
