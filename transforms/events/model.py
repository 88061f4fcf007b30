"""Records the event transforms read and write (plain data; the flow builds DocInput from its rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DocInput:
    """One linked document: what extraction already found in it (offsets into ``text``)."""

    doc_id: str
    text: str
    published: dt.date | None
    sentences: list[tuple[int, int, int, str]]  # (sentence_no, char_start, char_end, language)
    mentions: list[dict[str, Any]]  # char_start, char_end, text, label, entity_id
    figures: list[dict[str, Any]] = field(default_factory=list)  # char_start, char_end, text, kind, value, unit, date_value, qualifier
    quotes: list[dict[str, Any]] = field(default_factory=list)  # char_start, char_end, speaker_entity_id, speaker_text, cue
    sections: list[tuple[int, int, str]] = field(default_factory=list)  # (char_start, char_end, language)


@dataclass
class EventReport:
    """One sentence's report of an event (an ``event_mentions`` row once merged)."""

    doc_id: str
    sentence_no: int
    char_start: int  # the sentence
    char_end: int
    sentence: str
    language: str
    trigger: str  # the trigger's text as written
    trigger_start: int
    trigger_end: int
    kind: str
    participants: dict[str, str] = field(default_factory=dict)  # entity_id -> role
    names: dict[str, str] = field(default_factory=dict)  # entity_id -> surface form
    place_entity_id: str | None = None
    place_name: str | None = None
    date_value: dt.date | None = None
    date_unit: str | None = None
    duration_minutes: float | None = None
    duration_exact: bool = False
    tense: str = "past"
    anaphoric: bool = False  # "Das Gespräch dauerte …": no names, refers to the document's last event
    event_id: str | None = None
    is_main: bool = False  # reported in the document's lead: what the document is about


@dataclass
class Claim:
    """A figure tied to who stated it (a ``claims`` row)."""

    doc_id: str
    figure_char_start: int
    figure_char_end: int
    figure_text: str
    figure_kind: str
    value: float | None
    unit: str | None
    speaker_entity_id: str
    speaker_text: str | None
    cue: str | None
    how: str  # quote | reported | according_to | statement
    sentence_no: int | None = None
    language: str | None = None
