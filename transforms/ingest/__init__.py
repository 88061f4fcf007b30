"""Ingest: raw bytes → decoded text → articles (normalised text + metadata) → language sections →
sentences. Pure functions and once-built helpers; no file I/O, no Prefect."""

from __future__ import annotations

from transforms.ingest.dates import find_published_date
from transforms.ingest.decode import Decoded, decode_bytes
from transforms.ingest.errors import Rejected
from transforms.ingest.language import LanguageSectioner, Section, detect_sections
from transforms.ingest.normalize import normalize_text
from transforms.ingest.parse import (
    ParsedArticle,
    ParseResult,
    parse_date_value,
    parse_document,
    parse_records,
    record_error,
)
from transforms.ingest.sentences import Sentence, SentenceSplitter

__all__ = [
    "Decoded",
    "LanguageSectioner",
    "ParseResult",
    "ParsedArticle",
    "Rejected",
    "Section",
    "Sentence",
    "SentenceSplitter",
    "decode_bytes",
    "detect_sections",
    "find_published_date",
    "normalize_text",
    "parse_date_value",
    "parse_document",
    "parse_records",
    "record_error",
]
