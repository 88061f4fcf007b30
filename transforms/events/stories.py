"""Stories: documents, in any language, that report the same events.

A document's main events are those it reports in its lead (the first ``LEAD`` sentences of
six words or more) plus the one it reports most often (three reports or more): what the
article is about, not what it recalls in passing.  A new document joins the story of the
documents that share most of its main events (ties: the smallest story id); a document with
no main event shared starts its own story, ``S`` + a hash of its doc_id.  Documents already
in a story keep it: ``story_id`` is stable across runs.  ``score`` is the share of the
document's main events found in its story (1.0 for the document that started it).
Text similarity is not used: entity and event overlap decide (see benchmarks/events_eval.py).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Iterable, Mapping

from .model import EventReport

LEAD = 5
_WORD = re.compile(r"\w+")


def lead_sentences(sentences: Iterable[tuple[int, int, int, str]], text: str, n: int = LEAD) -> set[int]:
    """The first ``n`` sentences with at least six words (date lines and headings skipped)."""
    out: set[int] = set()
    for no, start, end, _lang in sentences:
        if len(_WORD.findall(text[start:end])) >= 6:
            out.add(no)
            if len(out) == n:
                break
    return out


def mark_main(reports: list[EventReport], lead: set[int]) -> set[str]:
    """Flags each report's ``is_main``; returns the document's main event ids."""
    counts = Counter(r.event_id for r in reports if r.event_id)
    main = {r.event_id for r in reports if r.event_id and r.sentence_no in lead}
    if counts:
        top, n = counts.most_common(1)[0]
        if n >= 3:
            main.add(top)
    for r in reports:
        r.is_main = r.event_id in main
    return main


def story_id_for(doc_id: str) -> str:
    return "S" + hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:12]


class StoryIndex:
    """Documents' stories and main events so far (the warehouse's, then this run's)."""

    def __init__(self, story_of: Mapping[str, str] | None = None,
                 main_pairs: Iterable[tuple[str, str]] = ()) -> None:
        self.story_of: dict[str, str] = dict(story_of or {})
        self.docs_of_event: dict[str, set[str]] = {}
        for event_id, doc_id in main_pairs:
            self.docs_of_event.setdefault(event_id, set()).add(doc_id)

    def assign(self, doc_id: str, main_events: set[str]) -> tuple[str, float]:
        """The document's story (kept if it has one) and its score."""
        votes: Counter = Counter()
        for ev in main_events:
            for other in self.docs_of_event.get(ev, ()):
                if other != doc_id and other in self.story_of:
                    votes[(self.story_of[other], ev)] = 1
        for ev in main_events:
            self.docs_of_event.setdefault(ev, set()).add(doc_id)
        if doc_id in self.story_of:
            return self.story_of[doc_id], 1.0
        per_story: Counter = Counter()
        for story, _ev in votes:
            per_story[story] += 1
        if per_story:
            story, shared = min(per_story.items(), key=lambda kv: (-kv[1], kv[0]))
            score = round(shared / max(1, len(main_events)), 3)
        else:
            story, score = story_id_for(doc_id), 1.0
        self.story_of[doc_id] = story
        return story, score
