"""One document through the event transforms: reports → merged events → claims → its story."""

from __future__ import annotations

from dataclasses import dataclass, field

from .claims import extract_claims
from .extract import EventExtractor
from .merge import EventIndex
from .model import Claim, DocInput, EventReport
from .stories import StoryIndex, lead_sentences, mark_main

_EXTRACTOR = EventExtractor()


@dataclass
class DocumentEvents:
    reports: list[EventReport] = field(default_factory=list)  # merged: each has its event_id
    claims: list[Claim] = field(default_factory=list)
    story_id: str | None = None
    story_score: float | None = None


def analyse_document(doc: DocInput, events: EventIndex, stories: StoryIndex, run_id: str | None = None) -> DocumentEvents:
    """Serial step (the indexes carry state across documents, in the run's document order)."""
    reports = events.add_document(_EXTRACTOR.extract(doc), run_id)
    main = mark_main(reports, lead_sentences(doc.sentences, doc.text))
    story_id, score = stories.assign(doc.doc_id, main)
    return DocumentEvents(reports, extract_claims(doc), story_id, score)
