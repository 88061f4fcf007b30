"""Event reports, one sentence at a time: a trigger of the language's table and its arguments.

Participants come from the trigger's arguments, never from every name in the sentence:

* verbs (``traf sich``, ``встретился``, ``met``): the subject (the name group just before the
  verb in its clause, or right after it in German verb-second order, ``traf sich Scholz``; a
  pronoun is the last person named before), the partner after ``mit``/``с``/``with``, and for
  transitive verbs (``empfing``, ``besuchte``, ``met``) the object after the verb;
* nouns (``Treffen``, ``переговоры``, ``talks``): ``… mit X``, ``zwischen X und Y``,
  ``von X``, a genitive right after (``визит Путина``), a possessor before (``Schoigus Besuch``);
  when the noun sits in a phrase of the clause (``bei einem Treffen``, ``per Videokonferenz``,
  ``в ходе переговоров``, ``in seiner Pressekonferenz``) the clause's subject takes part too.

A name group is names joined by ``und``/``и``/``and`` or commas, with titles between
(``mit dem indischen Außenminister Ravi Kumar``); when a group holds persons, its places and
organisations are only their titles (``Президента России Владимира Путина``).  A country takes
part only where no person is named.  Place: a LOC after ``in``/``im``/``nach``/``в`` in the
clause.  Date: the resolved date figure of the sentence nearest the trigger (not ``seit …``);
a weekday in an undated document resolves against the latest full date the document gives.
Duration: a duration figure of the sentence (not ``vor … Stunden``/``… назад``).  Tense:
``planned`` when the sentence has a future or plan marker.  A noun trigger with no names
after an article or demonstrative (``Das Gespräch dauerte …``, ``Беседа продолжалась …``) is
anaphoric: it refers to the document's last event of the same family.

Why one module of ~460 lines: one concern (the events of one sentence); trigger, arguments, place, date,
duration and tense are read from the same token window. The words live in ``de.py``/``ru.py``/``en.py``
and the trigger tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from .lexicon import FAMILY, KIND_PRIORITY, Grammar, grammar
from .model import DocInput, EventReport

PARTY_LABELS = ("PER", "ORG", "LOC")
_BOUNDARY = re.compile(r"(?<!\d)\.|[;:!?„“”«»\"]")  # "am 4. Februar" is no sentence end
_PARENS = re.compile(r"\([^()]*\)")
_MIN_PARTIES = {"meeting": 2, "call": 2, "talks": 2, "summit": 1, "visit": 1, "statement": 1}
_MINUTES = {"second": 1 / 60, "minute": 1, "hour": 60, "day": 1440}
GAP_MAX = 70
_LASTING = re.compile(r"(?<!\w)(?:dauert\w*|lang|продолжал\w*|длил\w*|lasted|lasting|long)(?!\w)", re.I)  # characters of titles between a preposition and its name, or between two names


def _clean_gap(gap: str) -> str:
    return _PARENS.sub("", gap)


class _Sentence:
    """A sentence's text with its names, for the argument rules (absolute offsets)."""

    def __init__(self, doc: DocInput, no: int, start: int, end: int, lang: str, g: Grammar) -> None:
        self.doc, self.no, self.start, self.end, self.lang, self.g = doc, no, start, end, lang, g
        self.text = doc.text
        self.trigger_spans: list[tuple[int, int]] = []
        self.names = [m for m in doc.mentions
                      if start <= m["char_start"] < end and m.get("entity_id") and m.get("label") in PARTY_LABELS]

    def gap(self, a: int, b: int) -> str:
        return self.text[a:b]

    def clause(self, pos: int, cross: bool = True) -> tuple[int, int]:
        """Clause around ``pos``: bounded by ; : — and commas (a comma right before ``pos`` with
        only an apposition between is crossed: ``Der Sprecher, Dmitri Peskow, erklärte``)."""
        left = self.start
        for m in re.finditer(r"[;:–—]|,\s", self.text[self.start:pos]):
            left = self.start + m.end()
        seg = self.text[left:pos]
        if cross and not seg.strip() and left > self.start:  # "…, Dmitri Peskow, erklärte": look one comma further
            prev = self.text[self.start:left].rstrip().rstrip(",")
            cut = max(prev.rfind(", "), prev.rfind(";"), prev.rfind(":"))
            left = self.start + (cut + 2 if cut >= 0 else 0)
        right = self.end
        m = re.search(r"[;:–—]|,\s", self.text[pos:self.end])
        if m:
            right = pos + m.start()
        return left, right

    # ---- name groups -------------------------------------------------------------------------

    def _joined(self, gap: str) -> bool:
        """Two names are one group: adjacent, listed with a comma, or joined by und/и/and (+ titles)."""
        if not gap.strip() or gap.strip() == ",":
            return True
        if len(gap) > GAP_MAX + 30 or _BOUNDARY.search(_clean_gap(gap)):
            return False
        if not self.g.connect.search(gap):
            return False
        rest = self.g.connect.sub("", gap, count=1)
        return "," not in rest

    def group_after(self, pos: int, limit: int, max_gap: int = GAP_MAX) -> list[dict]:
        """Names starting right after ``pos`` (titles in between), joined into one group."""
        first = next((m for m in self.names if m["char_start"] >= pos), None)
        if first is None or first["char_start"] >= limit:
            return []
        gap = _clean_gap(self.gap(pos, first["char_start"]))
        titles = gap[:-2] if gap.endswith(", ") else gap  # "zwischen dem Sekretär des Rates, Sergei Schoigu, und …"
        if len(gap) > max_gap or "," in titles or _BOUNDARY.search(gap) or _has_preposition(gap, self.lang):
            return []
        group, by_comma = [first], []
        for m in self.names:
            if m["char_start"] <= group[-1]["char_start"] or m["char_start"] >= limit:
                continue
            gap = self.gap(group[-1]["char_end"], m["char_start"])
            if self._joined(gap):
                group.append(m)
                by_comma.append(gap.strip() == ",")
            else:
                break
        while by_comma and by_comma[-1]:  # "A, B" with no "und" after: B is an apposition, not a party
            group.pop()
            by_comma.pop()
        return group

    def group_before(self, pos: int, left: int, max_gap: int = 110) -> list[dict]:
        """The nearest name group ending before ``pos`` in [left, pos), skipping names that follow
        a preposition (``in Peking``, ``mit X``): the subject of a verb or clause."""
        cands = [m for m in self.names if left <= m["char_start"] and m["char_end"] <= pos]
        for i in range(len(cands) - 1, -1, -1):
            m = cands[i]
            gap = _clean_gap(self.gap(m["char_end"], pos))
            apposition = gap.startswith(",") and self.text[max(0, m["char_start"] - 2):m["char_start"]] == ", "
            inner = gap[1:] if apposition else gap
            if len(gap) > max_gap or _BOUNDARY.search(gap) or "," in inner:
                return []
            if self._after_preposition(m):
                continue
            if m["label"] == "LOC" and any(c["label"] == "PER" for c in cands[:i]):
                continue  # "Туск посетил Киев и провёл переговоры": the place is the object, the person the subject
            group = [m]
            for j in range(i - 1, -1, -1):
                if cands[j]["char_end"] <= group[0]["char_start"] and self._joined(
                        self.gap(cands[j]["char_end"], group[0]["char_start"])):
                    group.insert(0, cands[j])
                else:
                    break
            return group
        return []

    def _after_preposition(self, m: dict) -> bool:
        before = self.text[max(self.start, m["char_start"] - 60):m["char_start"]]
        if any(side == "after" and re.search(p.pattern + r"\s+(?:\w+\s+){0,1}$", before, re.I)
               for p, side in self.g.sources):
            return True
        return bool(self.g.with_.search(before) or self.g.place.search(before)
                    or (self.g.between and re.search(self.g.between.pattern + r"(?:\w+\s+){0,4}$", before, re.I)))

    def prep_group(self, prep: re.Pattern, a: int, b: int, near: int | None = None) -> list[dict]:
        """The name group introduced by a preposition inside [a, b) (starting within ``near`` of a)."""
        for m in self.names:
            if not (a <= m["char_start"] < b):
                continue
            before = self.text[max(a, m["char_start"] - GAP_MAX - 12):m["char_start"]]
            # the preposition, then titles only ("mit dem indischen Außenminister Ravi Kumar")
            hit = None
            for h in re.finditer(prep.pattern.replace(r"\s+$", r"\s+"), before, re.IGNORECASE):
                hit = h
            if hit is None:
                continue
            p = max(a, m["char_start"] - len(before) + hit.end())
            if near is not None and m["char_start"] - len(before) + hit.start() - a > near:
                continue
            if self.group_after(p, b) and self.group_after(p, b)[0] is m:
                return self.group_after(p, b)
        return []

    def between_group(self, a: int, b: int, near: int = 12) -> list[dict]:
        if self.g.between is None:
            return []
        h = self.g.between.search(self.text, a, b)
        if h is None or h.start() - a > near:
            return []
        return self.group_after(h.end(), b, max_gap=90)

    def pronoun_in(self, a: int, b: int) -> bool:
        words = re.findall(r"\w+", self.text[a:b].lower())
        return any(w in self.g.pronouns for w in words)


_PREPOSITIONS = {
    "de": {"in", "im", "nach", "auf", "bei", "beim", "mit", "von", "vom", "zu", "zum", "zur", "für", "über", "an", "am",
           "gegen", "aus", "unter", "laut", "zwischen", "um", "dass", "als", "wie", "und"},
    "ru": {"в", "во", "на", "с", "со", "по", "к", "о", "об", "из", "от", "для", "между", "при", "что", "как"},
    "en": {"in", "at", "to", "for", "on", "with", "from", "by", "between", "about", "that", "as", "against"},
}


def _has_preposition(gap: str, lang: str) -> bool:
    """Titles between a preposition and its name hold no other preposition ("mit der Seite in Peking")."""
    words = re.findall(r"\w+", gap.lower())
    return any(w in _PREPOSITIONS.get(lang, ()) for w in words)


def _parties(group: Iterable[dict]) -> list[dict]:
    """Persons if the group names any (then places/organisations are their titles), else the rest."""
    group = list(group)
    persons = [m for m in group if m["label"] == "PER"]
    return persons or group


def _last_person(doc: DocInput, before: int) -> dict | None:
    best = None
    for m in doc.mentions:
        if m["char_start"] >= before:
            break
        if m.get("label") == "PER" and m.get("entity_id"):
            best = m
    return best


def anchor_date(doc: DocInput) -> dt.date | None:
    """The date weekdays resolve against: publication, else the latest full date in the text."""
    if doc.published:
        return doc.published
    full = [f["date_value"] for f in doc.figures
            if f.get("kind") == "date" and f.get("unit") == "day" and f.get("date_value")
            and re.search(r"\d{4}", f.get("text") or "")]
    return max(full) if full else None


def _weekday_date(fig: dict, g: Grammar, anchor: dt.date | None, planned: bool) -> dt.date | None:
    if anchor is None:
        return None
    low = (fig.get("text") or "").lower()
    for word, wd in g.weekdays.items():
        if word in low:
            delta = (anchor.weekday() - wd) % 7
            if planned and delta:
                return anchor + dt.timedelta(days=7 - delta)
            return anchor - dt.timedelta(days=delta)
    return None


def _figures_in(doc: DocInput, a: int, b: int, kind: str) -> list[dict]:
    return [f for f in doc.figures if f.get("kind") == kind and a <= f["char_start"] < b]


class EventExtractor:
    """``extract(doc)`` → the document's event reports, in text order (event ids are set by merging)."""

    def extract(self, doc: DocInput) -> list[EventReport]:
        anchor = anchor_date(doc)
        reports: list[EventReport] = []
        for no, start, end, lang in doc.sentences:
            g = grammar(lang)
            if g is None:
                continue
            sent = _Sentence(doc, no, start, end, lang, g)
            found: list[EventReport] = []
            hits = list(self._triggers(g, doc.text, start, end))
            sent.trigger_spans = [(m.start(), m.end()) for _t, m in hits]  # bounds for verbs' arguments
            made = [(rep, planned) for trig, m in hits
                    for rep, planned in [self._report(sent, trig, m)] if rep is not None]
            sent.trigger_spans = [(r.trigger_start, r.trigger_end) for r, _p in made]
            for rep, planned in made:
                self._when(sent, rep, anchor, planned)
                same = next((r for r in found if FAMILY[r.kind] == FAMILY[rep.kind]
                             and set(r.participants) == set(rep.participants)), None)
                if same is not None:  # "Gespräche … per Videokonferenz": one report, the specific kind
                    if KIND_PRIORITY[rep.kind] > KIND_PRIORITY[same.kind]:
                        same.kind, same.trigger = rep.kind, rep.trigger
                    continue
                found.append(rep)
            reports.extend(found)
        return reports

    @staticmethod
    def _triggers(g: Grammar, text: str, start: int, end: int):
        hits = []
        for trig in g.triggers:
            for m in trig.pattern.finditer(text, start, end):
                hits.append((m.start(), -(m.end() - m.start()), trig, m))
        hits.sort(key=lambda h: (h[0], h[1]))
        taken_until = -1
        for s, _neg, trig, m in hits:
            if s < taken_until:
                continue
            taken_until = m.end()
            yield trig, m

    def _report(self, s: _Sentence, trig, m: re.Match) -> tuple[EventReport | None, bool]:
        """The trigger's report (dates and durations come after, once the sentence's reports are known)."""
        g, text = s.g, s.text
        ts, te = m.start(), m.end()
        left, right = s.clause(ts)
        parties: dict[str, tuple[dict, str]] = {}
        place = None

        def add(group: list[dict], role: str) -> None:
            for p in _parties(group):
                parties.setdefault(p["entity_id"], (p, role))

        if trig.pos == "verb":
            _, r2 = s.clause(te)
            # "посетил Киев … и провёл переговоры с X": the next trigger's arguments are its own
            r2 = min([r2] + [a for a, _b in s.trigger_spans if a > te])
            subj = s.group_before(ts, s.start)
            after = s.group_after(te, r2, max_gap=40)
            after_gap = text[te:after[0]["char_start"]] if after else ""
            inverted = (g.lang == "de" and not subj and after
                        and re.fullmatch(r"\s*(?:sich\s+)?(?:\w+\s+){0,2}", after_gap)
                        and not s._after_preposition(after[0])
                        and not g.with_.search(text[ts:te] + " "))  # "sprach dort mit X": X is the partner
            if inverted:
                subj, after = after, s.group_after(after[-1]["char_end"], r2, max_gap=40)
                after_gap = text[subj[-1]["char_end"]:after[0]["char_start"]] if after else ""
            if not subj and s.pronoun_in(left, min(r2, te + 25)):
                person = _last_person(s.doc, s.start)
                subj = [person] if person else []
            add(subj, "subject")
            if trig.takes_object and after and not s._after_preposition(after[0]) and len(after_gap) < 45:
                objs = _parties(after)
                if trig.kind == "visit" and all(o["label"] == "LOC" for o in objs):
                    place = objs[0]
                else:
                    add(after, "host" if trig.kind == "visit" else "partner")
            add(s.prep_group(g.with_, left, r2), "partner")
            add(s.between_group(left, r2, near=200), "partner")
            place_window = (s.clause(ts, cross=False)[0], r2)
        else:
            r2 = min(s.end, te + 160)
            add(s.prep_group(g.with_, te, min(r2, te + GAP_MAX + 30), near=25), "partner")
            add(s.between_group(te, r2), "partner")
            by = g.by.match(text, te, r2) if g.by is not None else None
            if by is not None:
                add(s.group_after(by.end(), r2, max_gap=50), "subject")
            gen = s.group_after(te, r2, max_gap=25 if g.lang == "ru" else 2)
            if gen and not s._after_preposition(gen[0]):
                add(gen, "subject")
            poss = [n for n in s.names if n["char_end"] <= ts and re.fullmatch(r"(?:s|'s|’s)?\s+(?:\w+\s+)?",
                                                                                text[n["char_end"]:ts])]
            if poss and not s._after_preposition(poss[-1]):
                add([poss[-1]], "subject")
            head = text[max(s.start, ts - 40):ts]
            if g.possessive.search(head):
                people = [n for n in s.names if n["char_end"] <= ts and n["label"] == "PER"]
                if people:
                    add([people[-1]], "subject")
            elif g.frame.search(head):
                subj = s.group_before(ts, left) or self._subject_after(s, te, right, parties)
                if not subj and s.pronoun_in(left, right):
                    person = _last_person(s.doc, s.start)
                    subj = [person] if person else []
                add(subj, "subject")
            place_window = (left, min(s.end, te + 80))
        if place is None:
            place = self._place(s, *place_window, parties)
        if trig.kind == "summit" and all(v[0]["label"] == "LOC" for v in parties.values()):
            parties = {}  # "Президента России … в саммите": a title, not a party
        if trig.kind == "statement":  # one speaker: the first named
            people = [v for v in parties.values() if v[0]["label"] == "PER"]
            parties = dict([(people[0][0]["entity_id"], (people[0][0], "speaker"))]) if people else {}
        anaphoric = False
        if len(parties) < _MIN_PARTIES[trig.kind]:
            head = text[s.start:ts]
            if parties or trig.kind in ("statement", "visit"):
                if not (trig.kind == "visit" and parties and place is not None):
                    return None, False
            elif trig.pos == "noun" and (g.anaphor.search(head) or not head.strip()):
                anaphoric = True
            else:
                return None, False
        # the plan marker must sit in the trigger's own clause ("…, dass beide Seiten … sollten" is no plan)
        c_left, _ = s.clause(ts, cross=False)
        _, c_right = s.clause(te, cross=False)
        paren = text.find("(", te, c_right)
        planned = bool(g.planned.search(text, c_left, paren if paren >= 0 else c_right))
        rep = EventReport(
            doc_id=s.doc.doc_id, sentence_no=s.no, char_start=s.start, char_end=s.end,
            sentence=text[s.start:s.end], language=s.lang, trigger=m.group(0), trigger_start=ts,
            trigger_end=te, kind=trig.kind,
            participants={eid: role for eid, (_m, role) in parties.items()},
            names={eid: mm["text"] for eid, (mm, _r) in parties.items()},
            place_entity_id=place["entity_id"] if place else None, place_name=place["text"] if place else None,
            tense="planned" if planned else "past", anaphoric=anaphoric)
        return rep, planned

    @staticmethod
    def _subject_after(s: _Sentence, te: int, right: int, parties: dict) -> list[dict]:
        """``Bei einem Treffen mit X im Kreml äußerte er sich``: no subject before → one after the verb."""
        for n in s.names:
            if n["char_start"] >= te and n["entity_id"] not in parties and n["label"] == "PER" \
                    and n["char_start"] < s.end and not s._after_preposition(n):
                gap = s.text[te:n["char_start"]]
                if "," in gap and not _BOUNDARY.search(gap):
                    return [n]
        return []

    @staticmethod
    def _place(s: _Sentence, a: int, b: int, parties: dict) -> dict | None:
        for n in s.names:
            if not (a <= n["char_start"] < b) or n["entity_id"] in parties:
                continue
            before = s.text[max(s.start, n["char_start"] - 12):n["char_start"]]
            if not s.g.place.search(before):
                continue
            if n["label"] == "LOC" or (n["label"] == "ORG" and re.search(r"(?:\bim|\bв)\s+$", before, re.I)):
                return n
        return None

    @staticmethod
    def _when(s: _Sentence, rep: EventReport, anchor: dt.date | None, planned: bool) -> None:
        g = s.g
        best = None

        def apart(f: dict, a: int, b: int) -> int:
            return max(0, a - f["char_end"], f["char_start"] - b)

        def nearest_is_mine(f: dict) -> bool:
            """A figure belongs to the sentence's trigger nearest to it ("Besuch … nach einem
            sechsstündigen Treffen": the six hours are the meeting's)."""
            mine = apart(f, rep.trigger_start, rep.trigger_end)
            return all(mine <= apart(f, a, b) for a, b in s.trigger_spans)

        for f in _figures_in(s.doc, s.start, s.end, "date"):
            if not nearest_is_mine(f):
                continue
            if g.since.search(f.get("text") or "") or g.since.search(s.text[max(s.start, f["char_start"] - 6):f["char_start"]].split()[-1:][0] if s.text[max(s.start, f["char_start"] - 6):f["char_start"]].split() else ""):
                continue
            value = f.get("date_value") or _weekday_date(f, g, anchor, planned)
            if value is None or (rep.anaphoric and f.get("unit") != "day"):
                continue
            dist = abs(f["char_start"] - rep.trigger_start)
            rank = ({"day": 0, "month": 1, "year": 2}.get(f.get("unit"), 3), dist)
            if best is None or rank < best[0]:
                best = (rank, value, f.get("unit"))
        if best is not None:
            rep.date_value, rep.date_unit = best[1], best[2]
        for f in _figures_in(s.doc, s.start, s.end, "duration"):
            if not nearest_is_mine(f):
                continue
            unit = f.get("unit")
            if unit not in _MINUTES or f.get("value") is None:
                continue
            before = s.text[max(s.start, f["char_start"] - 6):f["char_start"]]
            after = s.text[f["char_end"]:f["char_end"] + 8]
            if (g.ago_before and g.ago_before.search(before)) or (g.ago_after and g.ago_after.search(after)):
                continue
            if re.match(r"\s+(?:nach|vor|später|after|before|later|спустя|после)(?!\w)", after, re.I):
                continue
            if g.since.search(f.get("text") or "") or re.search(r"(?:seit|since|um|на)\s+$", before, re.I):
                continue
            near = abs(f["char_start"] - rep.trigger_end) < 40 or abs(rep.trigger_start - f["char_end"]) < 40
            if not (near or _LASTING.search(s.text, s.start, s.end)):
                continue
            rep.duration_minutes = round(float(f["value"]) * _MINUTES[unit], 1)
            rep.duration_exact = (f.get("qualifier") or "exact") == "exact"
            break


def extract_events(doc: DocInput) -> list[EventReport]:
    """Event reports of one document (see the module docstring)."""
    return EventExtractor().extract(doc)


def as_dicts(reports: Iterable[EventReport]) -> list[dict[str, Any]]:
    return [r.__dict__.copy() for r in reports]
