"""One event however many reports: merging sentence reports across documents, languages and runs.

Two reports are one event when they are of the same kind family (meeting, call and talks are
one family: a video conference is reported as ``Gespräche`` as often as ``Videokonferenz``),
share their participants (two shared, or all of the smaller side when it names one), their
dates agree at the coarser resolution of the two (a missing date agrees with any), their
places are not two different places, and a planned report joins a past event only when both
are dated.  Among compatible events the one sharing most participants wins, then the same
kind, then the same day.  An anaphoric report (``Die Unterredung dauerte zwei Stunden und 10
Minuten``) joins the document's last event of its family if that was reported at most three
sentences earlier; it brings a duration or a day, never a place.

The index starts from the warehouse's events, so a later run's new report keeps the old
``event_id``.  A new event's id is a hash of its family, sorted participant ids, date and
place at creation: deterministic for the same input in the same order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .lexicon import FAMILY, KIND_PRIORITY
from .model import EventReport

_UNIT_RANK = {"day": 0, "month": 1, "year": 2}
ANAPHOR_REACH = 3  # sentences


@dataclass
class Event:
    event_id: str
    kind: str
    participants: dict[str, str]  # entity_id -> role
    names: dict[str, str] = field(default_factory=dict)
    date_value: dt.date | None = None
    date_unit: str | None = None
    place_entity_id: str | None = None
    place_name: str | None = None
    duration_minutes: float | None = None
    duration_exact: bool = False
    tense: str = "past"
    doc_ids: set[str] = field(default_factory=set)
    n_mentions: int = 0
    kinds: Counter = field(default_factory=Counter)
    title: str | None = None
    first_run_id: str | None = None
    changed: bool = False

    @property
    def family(self) -> str:
        return FAMILY[self.kind]


def dates_agree(d1: dt.date | None, u1: str | None, d2: dt.date | None, u2: str | None) -> bool:
    """Equal at the coarser resolution of the two; a missing date agrees with any."""
    if d1 is None or d2 is None:
        return True
    coarse = max(_UNIT_RANK.get(u1 or "day", 0), _UNIT_RANK.get(u2 or "day", 0))
    if coarse == 2:
        return d1.year == d2.year
    if coarse == 1:
        return (d1.year, d1.month) == (d2.year, d2.month)
    return d1 == d2


def new_event_id(family: str, participants: Iterable[str], date: dt.date | None, place: str | None) -> str:
    key = "|".join([family, ",".join(sorted(participants)), date.isoformat() if date else "", place or ""])
    return "V" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class EventIndex:
    """Events known so far (the warehouse's, then this run's); ``add_document`` sets report ids."""

    def __init__(self, events: Iterable[Mapping[str, Any]] = (), participants: Iterable[Mapping[str, Any]] = ()) -> None:
        self.events: dict[str, Event] = {}
        self._by_party: dict[str, set[str]] = {}
        roles: dict[str, dict[str, str]] = {}
        for p in participants:
            roles.setdefault(p["event_id"], {})[p["entity_id"]] = p.get("role") or "partner"
        for row in events:
            ev = Event(
                event_id=row["event_id"], kind=row["kind"], participants=roles.get(row["event_id"], {}),
                date_value=row.get("date_value"), date_unit=row.get("date_unit"),
                place_entity_id=row.get("place_entity_id"), duration_minutes=row.get("duration_minutes"),
                duration_exact=row.get("duration_minutes") is not None, tense=row.get("tense") or "past",
                doc_ids=set(row.get("doc_ids") or ()), n_mentions=int(row.get("n_mentions") or 0),
                title=row.get("title"), first_run_id=row.get("first_run_id"))
            ev.kinds[ev.kind] += 1
            self._register(ev)

    def _register(self, ev: Event) -> None:
        self.events[ev.event_id] = ev
        for eid in ev.participants:
            self._by_party.setdefault(eid, set()).add(ev.event_id)

    # ---- matching ------------------------------------------------------------------------------

    def compatible(self, ev: Event, rep: EventReport) -> int:
        """Shared participants when ``rep`` may report ``ev`` (0 when it may not)."""
        if ev.family != FAMILY[rep.kind]:
            return 0
        shared = len(set(ev.participants) & set(rep.participants))
        need = min(2 if ev.family == "encounter" else 1, len(ev.participants), len(rep.participants))
        if shared == 0 or shared < need:
            return 0
        if not dates_agree(ev.date_value, ev.date_unit, rep.date_value, rep.date_unit):
            return 0
        if ev.place_entity_id and rep.place_entity_id and ev.place_entity_id != rep.place_entity_id:
            # two spellings of one city linking kept apart, or a city and its country ("Besuch in China",
            # "in Peking eingetroffen"): the same day, or an undated report in a document that already
            # reports the event, with the same participants, overrides the places
            same_day = (ev.date_value is not None and ev.date_value == rep.date_value
                        and ev.date_unit == rep.date_unit == "day")
            same_doc = rep.doc_id in ev.doc_ids and (ev.date_value is None or rep.date_value is None)
            if not ((same_day or same_doc) and shared == len(rep.participants)):
                return 0
        if ev.tense != rep.tense and (ev.date_value is None or rep.date_value is None):
            return 0
        return shared

    def match(self, rep: EventReport) -> Event | None:
        ids: set[str] = set()
        for eid in rep.participants:
            ids |= self._by_party.get(eid, set())
        best, best_key = None, None
        for event_id in sorted(ids):
            ev = self.events[event_id]
            shared = self.compatible(ev, rep)
            if not shared:
                continue
            key = (shared, ev.kind == rep.kind, ev.date_value is not None and ev.date_value == rep.date_value)
            if best_key is None or key > best_key:
                best, best_key = ev, key
        return best

    # ---- adding --------------------------------------------------------------------------------

    def add_document(self, reports: list[EventReport], run_id: str | None = None) -> list[EventReport]:
        """Merge one document's reports; returns the reports that belong to an event (ids set)."""
        kept: list[EventReport] = []
        last: dict[str, tuple[Event, int]] = {}  # family -> (event, sentence_no of its last report)
        for rep in reports:
            family = FAMILY[rep.kind]
            if rep.anaphoric:
                prev = last.get(family)
                if prev is None or rep.sentence_no - prev[1] > ANAPHOR_REACH or prev[0].tense != rep.tense:
                    continue
                ev = prev[0]
                rep.place_entity_id = rep.place_name = None
                if rep.date_value is not None and not dates_agree(ev.date_value, ev.date_unit, rep.date_value, rep.date_unit):
                    rep.date_value = rep.date_unit = None
            else:
                ev = self.match(rep)
                if ev is None:
                    event_id = new_event_id(family, rep.participants, rep.date_value, rep.place_entity_id)
                    if event_id in self.events:  # same key, incompatible (e.g. tense): keep apart
                        event_id = new_event_id(family, rep.participants, rep.date_value,
                                                f"{rep.place_entity_id}|{rep.doc_id}|{rep.sentence_no}")
                    ev = Event(event_id, rep.kind, dict(rep.participants), tense=rep.tense, first_run_id=run_id)
                    self._register(ev)
            self._update(ev, rep)
            rep.event_id = ev.event_id
            last[family] = (ev, rep.sentence_no)
            kept.append(rep)
        return kept

    def _update(self, ev: Event, rep: EventReport) -> None:
        for eid, role in rep.participants.items():
            if eid not in ev.participants:
                ev.participants[eid] = role
                self._by_party.setdefault(eid, set()).add(ev.event_id)
        for eid, name in rep.names.items():
            if len(name) > len(ev.names.get(eid, "")):
                ev.names[eid] = name
        if rep.date_value is not None and (
                ev.date_value is None or _UNIT_RANK.get(rep.date_unit or "day", 0) < _UNIT_RANK.get(ev.date_unit or "day", 0)):
            ev.date_value, ev.date_unit = rep.date_value, rep.date_unit
        if rep.place_entity_id and not ev.place_entity_id:
            ev.place_entity_id, ev.place_name = rep.place_entity_id, rep.place_name
        if rep.duration_minutes is not None and (ev.duration_minutes is None or (rep.duration_exact and not ev.duration_exact)):
            ev.duration_minutes, ev.duration_exact = rep.duration_minutes, rep.duration_exact
        if rep.tense == "past":
            ev.tense = "past"
        if not rep.anaphoric:
            ev.kinds[rep.kind] += 1
            ev.kind = max(ev.kinds, key=lambda k: (KIND_PRIORITY[k], ev.kinds[k]))
        ev.doc_ids.add(rep.doc_id)
        ev.n_mentions += 1
        ev.changed = True

    # ---- rows ----------------------------------------------------------------------------------

    def changed(self) -> list[Event]:
        return [ev for ev in self.events.values() if ev.changed]

    @staticmethod
    def title(ev: Event, canonical: Mapping[str, str] | None = None) -> str:
        names = [(canonical or {}).get(eid) or ev.names.get(eid) or eid for eid in ev.participants]
        title = f"{ev.kind}: " + " – ".join(names)
        place = (canonical or {}).get(ev.place_entity_id or "") or ev.place_name
        if place:
            title += f" in {place}"
        if ev.date_value:
            title += f", {ev.date_value.isoformat()}"
        return title

    def event_rows(self, run_id: str, canonical: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        rows = []
        for ev in sorted(self.changed(), key=lambda e: e.event_id):
            rows.append({
                "event_id": ev.event_id, "kind": ev.kind, "date_value": ev.date_value, "date_unit": ev.date_unit,
                "place_entity_id": ev.place_entity_id, "duration_minutes": ev.duration_minutes,
                "n_documents": len(ev.doc_ids), "title": self.title(ev, canonical), "tense": ev.tense,
                "n_mentions": ev.n_mentions, "doc_ids": sorted(ev.doc_ids),
                "participant_ids": sorted(ev.participants), "first_run_id": ev.first_run_id or run_id,
                "run_id": run_id,
            })
        return rows

    def participant_rows(self, run_id: str) -> list[dict[str, Any]]:
        return [{"event_id": ev.event_id, "entity_id": eid, "role": role, "run_id": run_id}
                for ev in sorted(self.changed(), key=lambda e: e.event_id)
                for eid, role in sorted(ev.participants.items())]
