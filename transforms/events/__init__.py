"""What happened: event reports per sentence, claims per figure, events merged across documents
and languages, documents grouped into stories.  Pure functions and small stateful indexes (no I/O);
the flow feeds them linked documents and the warehouse's earlier events (flows/stages.py)."""

from transforms.vocabulary import CLAIM_HOW as HOW
from transforms.vocabulary import TENSES

from .claims import CLAIM_KINDS, extract_claims
from .document import DocumentEvents, analyse_document
from .extract import EventExtractor, anchor_date, extract_events
from .lexicon import FAMILY, KINDS
from .merge import EventIndex
from .model import Claim, DocInput, EventReport
from .stories import StoryIndex


__all__ = ["CLAIM_KINDS", "Claim", "DocInput", "DocumentEvents", "EventExtractor", "EventIndex", "EventReport",
           "FAMILY", "HOW", "KINDS", "StoryIndex", "TENSES", "analyse_document", "anchor_date", "extract_claims",
           "extract_events"]
