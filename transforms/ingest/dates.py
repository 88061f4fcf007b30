"""An article's publication date: from its metadata, a dateline, a date near the top, or the
latest plausible date in its text (``document_date``, with the reason in ``source``).

Regexes find candidate spans; our own month tables (German, English, Russian, with
abbreviations and Russian genitive forms) resolve them. That is exact and ~100x faster than
running dateparser over spans. ``find_published_date`` looks only at the top of the text;
``document_date`` goes on, in this order, when the earlier step finds nothing usable:

1. ``metadata``: the parser's date field (json ``published``/``date``, HTML meta tags,
   Markdown front matter), when it is not in the future of ingest;
2. ``dateline``: a date alone on its line near the top (``Mi. Feb 4th, 2026``), or a place
   dateline opening a paragraph (``Moskau, 4. Februar (dpa)``, ``МОСКВА, 7 августа — РИА
   Новости``, ``MOSCOW, Feb 4 (Reuters)``); a dateline without a year takes the latest year the
   text names (not after ingest), else the latest such day not after ingest;
3. ``top``: the latest other date in the first ~600 characters (unless the text names a year two or
   more years later and has a later date: then 4.);
Dates right after a birth or death word (``geboren am``, ``родился``, ``born on``) are never taken.

4. ``latest_in_text``: the latest full date anywhere in the text, or a day and month
   (``am 24. März``) in the latest year the text names, that is not after ingest and not in a
   sentence about the future (those count only when nothing else does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# How far into the text a publication date may stand (extended to the end of that line).
TOP_CHARS = 600
MAX_TOP_CHARS = 1000
MIN_YEAR, MAX_YEAR = 1900, 2100

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("januar", "jänner", "jaenner", "january", "jan", "января", "январь", "янв"),
    2: ("februar", "feber", "february", "feb", "febr", "февраля", "февраль", "фев", "февр"),
    3: ("märz", "maerz", "march", "mär", "mrz", "mar", "марта", "март", "мар"),
    4: ("april", "apr", "апреля", "апрель", "апр"),
    5: ("mai", "may", "мая", "май"),
    6: ("juni", "june", "jun", "июня", "июнь", "июн"),
    7: ("juli", "july", "jul", "июля", "июль", "июл"),
    8: ("august", "aug", "августа", "август", "авг"),
    9: ("september", "sept", "sep", "сентября", "сентябрь", "сен", "сент"),
    10: ("oktober", "october", "okt", "oct", "октября", "октябрь", "окт"),
    11: ("november", "nov", "ноября", "ноябрь", "ноя", "нояб"),
    12: ("dezember", "december", "dez", "dec", "декабря", "декабрь", "дек"),
}
_MONTH_OF = {name: no for no, names in _MONTHS.items() for name in names}
_MONTH_RE = "|".join(sorted((re.escape(n) for n in _MONTH_OF), key=len, reverse=True))

_DAY = r"(?P<d>[0-3]?\d)"
_YEAR = r"(?P<y>(?:19|20|21)\d\d)"
_MON = rf"(?P<mn>{_MONTH_RE})\.?"
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2026-02-04, 2026/02/04, 2026-02-04T10:00:00Z
    re.compile(rf"(?<![\d.]){_YEAR}(?P<s>[-/.])(?P<m>[01]?\d)(?P=s){_DAY}(?![\d])"),
    # 04.02.2026, 4.2.2026, 04.02.26
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20|21)\d\d|\d\d(?=[^\d.]|$))(?![\d])"),
    # 05/08/2008 (day first, as in Europe and Russia; month first only when the day cannot be one)
    re.compile(r"(?<![\d/])(?P<d>[0-3]?\d)(?P<sl>/)(?P<m>[0-3]?\d)/(?P<y>(?:19|20|21)\d\d)(?![\d/])"),
    # 4. Februar 2026, 4 февраля 2026 года, 28 February 2025, 4th Feb 2026
    re.compile(rf"(?<![\d.]){_DAY}(?:\.|st|nd|rd|th)?\s*{_MON},?\s+{_YEAR}(?!\d)", re.IGNORECASE),
    # February 28, 2025; Feb 4th, 2026
    re.compile(rf"(?<![\w]){_MON}\s+{_DAY}(?:st|nd|rd|th)?\.?,?\s+{_YEAR}(?!\d)", re.IGNORECASE),
)

# A time right after the date ('04.02.2026, 15:10', '4 февраля 2026 года, в 15:10', 'T10:30').
_TIME_AFTER = re.compile(r"(?:T|[,\s]{0,4}(?:(?:um|at|в)\s+)?)(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::[0-5]\d)?(?!\d|[.:]\d)")
_YEAR_WORD = re.compile(r"\s*(?:года|г\.)", re.IGNORECASE)


def _resolve(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    try:
        day = int(g["d"])
        month = int(g["m"]) if g.get("m") else _MONTH_OF[g["mn"].lower()]
        if g.get("sl") and month > 12 and day <= 12:
            day, month = month, day
        year_s = g["y"]
        year = int(year_s)
        if len(year_s) == 2:
            if len(g["d"]) != 2 or len(g["m"] or "") != 2:
                return None  # '4.2.26' is too likely a version or a list number
            year += 2000 if year < 70 else 1900
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return datetime(year, month, day)
    except (ValueError, KeyError):
        return None


def _window(text: str) -> str:
    end = text.find("\n", TOP_CHARS)
    end = MAX_TOP_CHARS if end == -1 else min(end, MAX_TOP_CHARS)
    return text[: max(end, TOP_CHARS)]


def find_published_date(text: str) -> datetime | None:
    """The publication date stated near the top of ``text`` (first ~600 characters), or None.

    A time written right after the date is kept (naive: the text gives no zone).

    A date alone on its own line (a dateline) beats a date inside a sentence; otherwise the first.
    """
    found = _top_dates(text)
    return min(found)[2] if found else None


def _top_dates(text: str) -> list[tuple[int, int, datetime]]:
    """(0 for a date alone on its line else 1, offset, datetime) of each full date near the top."""
    top = _window(text)
    found: list[tuple[int, int, datetime]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(top):
            dt = _resolve(m)
            if dt is None or _life_date(top, m.start()):
                continue
            after = m.end()
            yw = _YEAR_WORD.match(top, after)
            after = yw.end() if yw else after
            tm = _TIME_AFTER.match(top, after)
            if tm:
                dt = dt.replace(hour=int(tm.group("h")), minute=int(tm.group("mi")))
            line_start = top.rfind("\n", 0, m.start()) + 1
            line_end = top.find("\n", m.end())
            line = top[line_start: len(top) if line_end == -1 else line_end]
            standalone = len(line.strip()) <= len(m.group(0)) + 20
            found.append((0 if standalone else 1, m.start(), dt))
    return found


# ------------------------------------------------------------------ the document's date

SOURCES = ("metadata", "dateline", "top", "latest_in_text")
# A date later than ingest by more than this is no publication date (clock skew, time zones).
FUTURE_SLACK = timedelta(days=1)
# Dates in a sentence about the future ("findet am 5. Mai statt", "will meet on", "состоится")
# are no evidence of when the text was written: used only when nothing else is.
_FUTURE_CUES = {
    "de": r"wird|werden|soll|sollen|will|wollen|plant|planen|geplant|künftig|nächste[nmrs]?|kommende[nmrs]?|bevorstehende[nmrs]?|stattfinden|finde[nt](?:\s+\S+){0,6}\s+statt",
    "en": r"will|shall|plans?|planned|scheduled|upcoming|next|is\s+to|are\s+to|going\s+to",
    "ru": r"будет|будут|пройд[её]т|состоится|состоятся|планирует|планируют|планируется|предстоящ\w*|следующ\w*|намерен\w*",
}
_FUTURE_RE = re.compile(rf"(?<!\w)(?:{'|'.join(_FUTURE_CUES.values())})(?!\w)", re.IGNORECASE)
# A date right after a birth or death word ("geboren am 3. Januar 1955", "родился 9 января 1947 года",
# "born on") tells when a person lived, not when the text was written: never a document date.
_LIFE_CUES = {
    "de": r"geb\.|geboren|gestorben|gest\.|starb|verstorben|verstarb|Geburtstag",
    "en": r"born|died|deceased|birthday",
    "ru": r"родил(?:ся|ась|ись)|род\.|скончал(?:ся|ась)|умер(?:ла)?|погиб(?:ла)?|день\s+рождения",
}
_LIFE_RE = re.compile(rf"(?<!\w)(?:{'|'.join(_LIFE_CUES.values())})(?:\s+\S+){{0,3}}\s*$", re.IGNORECASE)

# Yearless dates: "24. März", "6 июня", "20 August", "March 24" (a year right after is a full date).
_DAY_MONTH = re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)(?:\.|st|nd|rd|th)?\s*(?P<mn>{_MONTH_RE})\.?(?!\w)", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"(?<![\w])(?P<mn>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d.:]|\.\d)", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"\.?,?\s+(?:19|20|21)\d\d(?!\d)")
# A year the text names as one: "im Jahr 2025", "seit 2020", "in 2024", "в 2025 году", "2025 г.",
# "März 2022", "(2025)".  A bare four-digit number ("2000 Soldaten") is no year.
_NAMED_YEAR = re.compile(
    rf"(?:(?<![\w])(?:im\s+Jahre?|Jahre?s?|seit|bis|von|ab|in|im|Anfang|Ende|Mitte|Frühjahr|Sommer|Herbst|Winter"
    rf"|Jahreshälfte|Hälfte|Quartal|year|since|until|in|of|early|late|mid|quarter|half|в|с|до|к|от|начале|конце|середине|квартале|полугодии|{_MONTH_RE})\.?\s+"
    rf"(?P<y1>(?:19|20|21)\d\d)(?!\d))"
    rf"|(?:(?<!\d)(?P<y2>(?:19|20|21)\d\d)\s*(?:года|году|год|гг?\.))"
    rf"|(?:\((?P<y3>(?:19|20|21)\d\d)\))",
    re.IGNORECASE,
)
# "Moskau, 4. Februar (dpa)", "МОСКВА, 7 августа — РИА Новости", "Hamburg, den 4. Februar 2026 –",
# "MOSCOW, Feb 4 (Reuters) -": a place (1-3 capitalised words) opening a paragraph, a comma, the day.
_PLACE = r"[A-ZÄÖÜА-ЯЁ][\w’'.\-]+(?:[ /\-][A-ZÄÖÜА-ЯЁ(][\w’'.\-)]+){0,2}"
_DATELINES = (
    re.compile(rf"(?m)^[ \t]*{_PLACE}\s*,\s*(?:den\s+|am\s+)?(?P<d>[0-3]?\d)(?:\.|st|nd|rd|th)?\s*(?P<mn>{_MONTH_RE})\.?"
               rf"(?:,?\s+(?P<y>(?:19|20|21)\d\d)(?:\s*(?:года|г\.))?)?(?=\s*(?:\(|[—–\-/,:.]|\d|$))", re.IGNORECASE),
    re.compile(rf"(?m)^[ \t]*{_PLACE}\s*,\s*(?P<mn>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
               rf"(?:,?\s+(?P<y>(?:19|20|21)\d\d))?(?=\s*(?:\(|[—–\-/,:.]|$))", re.IGNORECASE),
)
DATELINE_CHARS = 400  # a place dateline opens one of the first paragraphs


@dataclass(frozen=True)
class DocumentDate:
    """A document's publication date and why: ``source`` is one of ``SOURCES`` (None with no date,
    then ``reason`` says what was looked at)."""

    value: datetime | None
    source: str | None
    reason: str | None = None


def _plausible(dt: datetime, now: datetime) -> bool:
    return MIN_YEAR <= dt.year and dt <= now + FUTURE_SLACK


def _life_date(text: str, pos: int) -> bool:
    """A birth or death word stands just before the date at ``pos`` (at most three words between)."""
    return bool(_LIFE_RE.search(text[max(0, pos - 60):pos]))


def _in_future_sentence(text: str, pos: int) -> bool:
    """The sentence around ``pos`` speaks of the future (a future-tense or planning word)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, max(0, pos - 300), pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos, pos + 300)
    end = m.start() + 1 if m else min(len(text), pos + 300)
    return bool(_FUTURE_RE.search(text, max(start, pos - 300), end))


# A sentence ends at . ! ? before a blank (not the dot of "20. Februar") or at a line break.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s)|\n")


def named_years(text: str, now: datetime) -> list[int]:
    """Years the text names as years (full dates included), not after ``now``'s year."""
    years = {int(y) for m in _NAMED_YEAR.finditer(text) for y in m.groups() if y}
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            dt = _resolve(m)
            if dt is not None:
                years.add(dt.year)
    return sorted(y for y in years if MIN_YEAR <= y <= now.year)


def _day_in_year(day: int, month: int, years: list[int], now: datetime) -> datetime | None:
    """``day.month`` in the latest of ``years`` where it is not after ``now``; with no year
    named, its latest occurrence not after ``now``."""
    for year in sorted(years, reverse=True) or [now.year, now.year - 1]:
        try:
            dt = datetime(year, month, day)
        except ValueError:
            continue
        if dt <= now + FUTURE_SLACK:
            return dt
    if not years:
        try:
            return datetime(now.year - 1, month, day)
        except ValueError:
            return None
    return None


def _dateline(text: str, now: datetime) -> datetime | None:
    """A place dateline in the first paragraphs (``Moskau, 4. Februar (dpa)``)."""
    head = text[:DATELINE_CHARS]
    for pat in _DATELINES:
        m = pat.search(head)
        if m is None:
            continue
        try:
            day, month = int(m.group("d")), _MONTH_OF[m.group("mn").lower()]
        except (KeyError, ValueError):
            continue
        if m.group("y"):
            try:
                dt = datetime(int(m.group("y")), month, day)
            except ValueError:
                continue
            if _plausible(dt, now):
                return dt
            continue
        dt = _day_in_year(day, month, named_years(text, now), now)
        if dt is not None:
            return dt
    return None


def _latest_in_text(text: str, now: datetime) -> datetime | None:
    """The latest full date in the text, or day and month in the latest year it names, that is not
    after ``now``; dates in sentences about the future only when there is nothing else."""
    full: list[tuple[bool, datetime]] = []
    taken: list[tuple[int, int]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            dt = _resolve(m)
            if dt is None or not _plausible(dt, now) or _life_date(text, m.start()):
                continue
            full.append((_in_future_sentence(text, m.start()), dt))
            taken.append((m.start(), m.end()))
    years = named_years(text, now)
    partial: list[tuple[bool, datetime]] = []
    if years:
        for pat in (_DAY_MONTH, _MONTH_DAY):
            for m in pat.finditer(text):
                if any(a <= m.start() < b for a, b in taken) or _YEAR_AFTER.match(text, m.end()):
                    continue
                try:
                    day, month = int(m.group("d")), _MONTH_OF[m.group("mn").lower()]
                except (KeyError, ValueError):
                    continue
                if not 1 <= day <= 31 or _life_date(text, m.start()):
                    continue
                dt = _day_in_year(day, month, years[-1:], now)
                if dt is not None:
                    partial.append((_in_future_sentence(text, m.start()), dt))
    cands = full + partial
    past = [dt for fut, dt in cands if not fut]
    pool = past or [dt for _, dt in cands]
    return max(pool) if pool else None


# The latest date is looked for in the first and last parts of a long text (a date stated anywhere
# usable stands there: lead, byline, footer); scanning 20 MB with the month regexes takes a minute.
SCAN_HEAD_CHARS, SCAN_TAIL_CHARS = 100_000, 20_000


def _scanned(text: str) -> str:
    if len(text) <= SCAN_HEAD_CHARS + SCAN_TAIL_CHARS:
        return text
    return text[:SCAN_HEAD_CHARS] + "\n\n" + text[-SCAN_TAIL_CHARS:]


def document_date(text: str, metadata: datetime | None = None, now: datetime | None = None) -> DocumentDate:
    """The publication date of a document: ``metadata`` (the parser's date field) first, then a
    dateline, a date near the top, the latest plausible date in the text (see module doc).

    ``now`` is the ingest time (naive UTC); no date after it (plus a day) is taken."""
    now = now or datetime.utcnow()
    if metadata is not None and _plausible(metadata, now):
        return DocumentDate(metadata, "metadata")
    top = [t for t in _top_dates(text) if _plausible(t[2], now)]
    lines = [t for t in top if t[0] == 0]
    if lines:
        return DocumentDate(min(lines)[2], "dateline")
    dt = _dateline(_scanned(text), now)
    if dt is not None:
        return DocumentDate(dt, "dateline")
    latest = _latest_in_text(_scanned(text), now)
    if top:
        # The latest date near the top: a story's lead recalls earlier dates (a photo caption, the
        # event's history), rarely later ones.  One two or more years older than a year the text
        # names ("25. Juli 1978" in a story about the 2010 prize) is history too.
        first = max(t[2] for t in top)
        if latest is None or latest <= first or first.year >= max(named_years(text, now), default=first.year) - 1:
            return DocumentDate(first, "top")
    if latest is not None:
        return DocumentDate(latest, "latest_in_text")
    why = "metadata date after ingest and " if metadata is not None else ""
    return DocumentDate(None, None, why + "no usable date in the metadata, a dateline, the top or the text")
