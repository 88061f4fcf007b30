"""Calendar pass: dates and clock times, found by the language's patterns before any number.

Longest matches win; a date without a year, a weekday or a relative day is resolved
against the publication date with the tense of its sentence (dates.py).
"""

from __future__ import annotations

import datetime as dt
import re

from . import dates as D
from . import de, ru
from .base import claim, free, record
from .lexicon import DATE_PATTERNS, LANGUAGES, RELATIVE_DAYS, REL_YEAR_WORDS, TIME_PATTERNS, Lexicon
from .numbers import de_ordinal_value, de_word_value


def tense_at(lex: Lexicon, text: str, s: int, e: int, lang: str) -> str | None:
    """Tense of the clause around text[s:e] ("…, wird die Messe am 5. März eröffnet"), else of its sentence."""
    a, b = D.sentence_bounds(text, s, e)
    tags = lex.ru_tags if lang == "ru" else None
    ca = max(text.rfind(ch, a, s) for ch in ",;") + 1 or a
    cb = min((i for i in (text.find(ch, e, b) for ch in ",;") if i != -1), default=b)
    clause = text[max(a, ca):cb]
    return D.tense(clause, lang, tags) or D.tense(text[a:b], lang, tags)


def find_dates(lex: Lexicon, text: str, lang: str, published: dt.date | None, busy: bytearray) -> list[dict]:
    cands = []
    for name, pat in DATE_PATTERNS[lang]:
        for m in pat.finditer(text):
            if m.end() > m.start():
                cands.append((m.end() - m.start(), m.start(), name, m))
    cands.sort(key=lambda c: (-c[0], c[1]))
    out = []
    for _, s, name, m in cands:
        if not free(busy, m.start(), m.end()):
            continue
        g = m.groupdict()
        if g.get("first"):  # "16. und 17. Dezember": two dates sharing month and year
            recs = [date_record(lex, text, lang, published, name, g, m.start(), m.end("first")),
                    date_record(lex, text, lang, published, name, dict(g, d=g["d2"]), m.start("second"), m.end())]
            if None in recs:
                continue
        else:
            rec = date_record(lex, text, lang, published, name, g, m.start(), m.end())
            if rec is None:
                continue
            recs = [rec]
        claim(busy, m.start(), m.end())
        out += [period_part(text, lang, r, busy) for r in recs]
    return _merge_weekdays(text, out)


def period_part(text: str, lang: str, rec: dict, busy: bytearray) -> dict:
    """'Anfang März', 'в конце февраля', 'late 2019': qualifier early/mid/late, span widened."""
    words = LANGUAGES[lang]
    s = rec["char_start"]
    inside = words.PERIOD_PART_AT.match(text, s, rec["char_end"])
    if inside:
        return dict(rec, qualifier=words.PERIOD_PARTS[_norm(inside.group(1))])
    before = words.PERIOD_PART_BEFORE.search(text, max(0, s - 25), s)
    if before and free(busy, before.start(), s):
        claim(busy, before.start(), s)
        return dict(rec, char_start=before.start(), text=text[before.start():rec["char_end"]],
                    qualifier=words.PERIOD_PARTS[_norm(before.group(1))])
    return rec


def _norm(word: str) -> str:
    return " ".join(word.lower().replace("-", " ").split())


def _merge_weekdays(text: str, recs: list[dict]) -> list[dict]:
    """'am Mittwoch, 4. Februar', 'в понедельник, 20 марта 2017 года': one date, the explicit one."""
    by_start = {r["char_start"]: r for r in recs if r["unit"] == "day" and r["note"] != "weekday resolved against the publication date"}
    out, drop = [], set()
    for r in sorted(recs, key=lambda r: r["char_start"]):
        if id(r) in drop:
            continue
        if (r["note"] or "").startswith(("weekday resolved", "weekday and no")):
            gap = re.match(r",?\s+", text[r["char_end"]:r["char_end"] + 4])
            nxt = by_start.get(r["char_end"] + gap.end()) if gap else None
            if nxt is not None and "\n" not in gap.group():
                drop.add(id(nxt))
                r = dict(nxt, char_start=r["char_start"], text=text[r["char_start"]:nxt["char_end"]])
        out.append(r)
    return out


def date_record(lex: Lexicon, text: str, lang: str, published, name: str, g: dict, s: int, e: int) -> dict | None:
    """The record for one date match (groups `g`, span s..e), resolved against `published`."""
    rec = record(text, s, e, "date")
    if g.get("qn"):
        return _quarter(lex, rec, g, lang, published, text)
    if g.get("vague"):
        u = (g.get("vu") or g.get("vu2") or g.get("vu3") or "").lower()
        rec["unit"] = "year" if u.startswith(("л", "год", "y", "jahr")) else \
            "month" if u.startswith(("мес", "mon")) else "day"
        rec["note"] = "vague period relative to the publication date, not resolved"
        return rec
    if g.get("evt"):
        rec["unit"] = "day"
        rec["note"] = "day relative to an event in the text, not resolved"
        return rec
    if g.get("cent"):
        raw = g["cent"].rstrip(ru.CENTURY_SUFFIX)
        c = int(raw) if raw.isdigit() else D.roman(raw)
        if c is None or not 1 <= c <= 22:
            return None
        rec["unit"] = "year"
        rec["date_value"] = dt.date((c - 1) * 100 + 1, 1, 1)
        rec["value_max"] = float(c * 100)
        rec["note"] = f"century {c}: {(c - 1) * 100 + 1}–{c * 100}"
        return rec
    if g.get("rp"):
        return _relative_period(lex, rec, g, lang, published)
    if g.get("rel"):
        word = g["rel"]
        table = RELATIVE_DAYS[lang]
        delta = 1 if word == "morgen" else table.get(word.lower())
        if delta is None:
            return None
        rec["unit"] = "day"
        if word.lower() == ru.EVE and _eve_of_event(lex, text, e):
            rec["note"] = "eve of an event named in the text, not resolved"
            return rec
        if published:
            rec["date_value"] = published + dt.timedelta(days=delta)
        else:
            rec["note"] = "relative date and no publication date"
        return rec
    if g.get("ry"):
        off = REL_YEAR_WORDS[lang].get(g["ry"].lower())
        if off is None:
            return None
        rec["unit"] = "year"
        if published:
            rec["date_value"] = dt.date(published.year + off, 1, 1)
            rec["note"] = "year relative to the publication date"
        else:
            rec["note"] = "relative year and no publication date"
        return rec
    if g.get("wd"):
        wd = lex.weekday(g["wd"], lang)
        if wd is None:
            return None
        rec["unit"] = "day"
        if published:
            rec["date_value"] = D.weekday_date(wd, published, tense_at(lex, text, s, e, lang))
            rec["note"] = "weekday resolved against the publication date"
        else:
            rec["note"] = "weekday and no publication date"
        return rec
    month = lex.month(g["m"], lang) if g.get("m") else None
    if g.get("m") and month is None:
        return None
    day = None
    if g.get("around"):  # "в 20-х числах марта": the days around the 20th
        rec["qualifier"], rec["note"] = "about", "days around this day of the month"
    if g.get("season"):
        month = LANGUAGES[lang].SEASONS[g["season"].lower()]
        rec["note"] = f"season {g['season'].lower()}: date_value is its first month"
    if g.get("d"):
        day = int(g["d"])
    elif g.get("dw"):
        v = de_ordinal_value(g["dw"])
        day = int(v) if v else None
    year = None
    if g.get("y"):
        year = int(g["y"])
        if year < 100:
            year += 2000 if year < 50 else 1900
    if name == "slash" and lang == "en" and month is not None and day is not None and int(g["d"]) <= 12:
        day, month = month, int(g["d"])  # US order m/d/y
    if day is not None and not 1 <= day <= 31:
        return None
    if year is not None and not 1000 <= year <= 2200:
        return None
    unit = "day" if day else "month" if month else "year"
    rec["unit"] = unit
    if g.get("y2"):
        y2 = int(g["y2"])
        if y2 < 100:
            y2 += (year // 100) * 100
        if y2 > year:
            rec["value_max"] = float(y2)
            rec["note"] = f"year range {year}–{y2}"
    if day is not None and month is None:  # "am 15.": a day of the publication's month
        if published is None:
            rec["note"] = "day without month and no publication date"
            return rec
        when = tense_at(lex, text, s, e, lang)
        y, mo = published.year, published.month
        if when == "past" and day > published.day:
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
        elif when == "future" and day < published.day:
            y, mo = (y, mo + 1) if mo < 12 else (y + 1, 1)
        try:
            rec["date_value"] = dt.date(y, mo, day)
        except ValueError:
            return None
        rec["note"] = "month and year taken from the publication date and tense"
        return rec
    if year is None:
        if published is None:
            rec["note"] = "no year in the text and no publication date"
            return rec
        year = D.resolve_year(month or 1, day, published, tense_at(lex, text, s, e, lang))
        rec["note"] = "year taken from the publication date and tense"
    try:
        rec["date_value"] = dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return rec


def _quarter(lex: Lexicon, rec: dict, g: dict, lang: str, published, text: str) -> dict | None:
    """'III квартал 2002 г.', 'im ersten Halbjahr', 'Q3 2025', 'the second quarter of 2024'."""
    raw = g["qn"].lower()
    digits = re.match(r"\d+", raw)
    if digits:
        n = int(digits.group())
    elif g["qn"].isupper():
        n = D.roman(g["qn"])
    else:
        n = LANGUAGES[lang].PERIOD_ORDINALS.get(raw[:4])
    half = LANGUAGES[lang].HALF_YEAR.match(g.get("qu") or "") is not None
    if n is None or not 1 <= n <= (2 if half else 4) or (half and lang == "en" and not g.get("y")):
        return None  # "the first half" without a year is mostly a match half
    month = (n - 1) * (6 if half else 3) + 1
    rec["unit"] = "month"
    rec["note"] = f"{'half-year' if half else 'quarter'} {n}: date_value is its first day"
    if g.get("y"):
        year = int(g["y"]) + (2000 if len(g["y"]) == 2 else 0)
    elif published is None:
        rec["note"] += "; no year in the text and no publication date"
        return rec
    else:
        year = D.resolve_year(month, None, published, tense_at(lex, text, rec["char_start"], rec["char_end"], lang))
    rec["date_value"] = dt.date(year, month, 1)
    return rec


def _eve_of_event(lex: Lexicon, text: str, end: int) -> bool:
    """'накануне выборов': the eve of something named next (a genitive noun), not of publication."""
    m = re.match(r"\s+([а-яёА-ЯЁ]+)", text[end:end + 40])
    if not m:
        return False
    p = lex.lem.ru_parse(m.group(1).lower())
    return p.tag.POS in ("NOUN", "ADJF") and "gent" in p.tag


def _relative_period(lex: Lexicon, rec: dict, g: dict, lang: str, published) -> dict | None:
    """'letzte Woche', 'на прошлой неделе', 'next month', 'übernächste Woche am Freitag'."""
    off = D.rel_offset(g["rp"], lang)
    per = D.period_of(g["per"], lang) if g.get("per") else "day"
    if off is None or per is None:
        return None
    wd = None
    if g.get("wd"):
        wd = lex.weekday(g["wd"], lang)
    rec["unit"] = "month" if per == "month" else "day"
    if published is None:
        rec["note"] = f"{per} relative to the publication date, which is unknown"
        return rec
    if per == "month":
        k = published.year * 12 + published.month - 1 + off
        rec["date_value"] = dt.date(k // 12, k % 12 + 1, 1)
        rec["note"] = "month relative to the publication date"
        return rec
    if per == "day":  # "в прошлую пятницу": a weekday before/after the publication
        if wd is None:
            return None
        when = "past" if off < 0 else "future" if off > 0 else None
        rec["date_value"] = D.weekday_date(wd, published, when)
        rec["note"] = "weekday resolved against the publication date"
        return rec
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=off)
    if wd is not None:
        rec["date_value"] = monday + dt.timedelta(days=wd)
        rec["note"] = "weekday of a week relative to the publication date"
    elif per == "weekend":
        rec["date_value"] = monday + dt.timedelta(days=5)
        rec["note"] = "weekend (Saturday) relative to the publication date"
    else:
        rec["date_value"] = monday
        rec["note"] = "week relative to the publication date: date_value is its Monday"
    return rec


def de_spoken_time(m: re.Match) -> int | None:
    """Minutes after midnight for a de.SPOKEN_TIME match (None when it is not a clock time)."""
    g = m.groupdict()
    raw = (g.get("qh") or g.get("h") or "").lower()
    h = int(raw) if raw.isdigit() else de_word_value(raw)
    if h is None or not 0 <= h <= 24:
        return None
    h = int(h)
    mi = 0
    q = " ".join((g.get("q") or "").lower().split())
    if q:
        if not 1 <= h <= 12:
            return None
        mi = de.QUARTER_MINUTES[q]
    elif g.get("mi"):
        raw_mi = g["mi"].lower()
        v = int(raw_mi) if raw_mi.isdigit() else de_word_value(raw_mi)
        if v is None or not 0 <= v <= 59:
            return None
        mi = int(v)
    dp = (g.get("dp") or "").lower()
    if (dp in de.DAYPART_PM and h < 12) or (dp == "nachts" and 7 <= h <= 11):
        h += 12
    elif dp == "nachts" and h == 12:
        h = 0
    return (h * 60 + mi) % 1440


def find_times(text: str, lang: str, busy: bytearray) -> list[dict]:
    out = []
    if lang == "de":
        for m in de.SPOKEN_TIME.finditer(text):
            s, e = m.start(), m.end()
            g = m.groupdict()
            # a bare "8 h" is a duration and "viertel 6" needs a clock reading: ask for more
            # than the hour alone, unless 'Uhr' or a day part was said
            said = text[s:e].lower()
            if g.get("h") and not g.get("mi") and not g.get("dp") and de.CLOCK_WORD not in said:
                continue
            if g.get("mi") and not g.get("dp") and re.match(r"\s+[A-ZÄÖÜ]", text[e:e + 3]):
                continue  # "um 8 Uhr 40 Demonstranten": the 40 counts people
            if not free(busy, s, e):
                continue
            # "viertel 6 Personen": a fraction before a count, not a time
            if g.get("q") and re.match(r"\s+[A-ZÄÖÜ]", text[e:e + 3]) and not g.get("dp"):
                continue
            value = de_spoken_time(m)
            if value is None:
                continue
            out.append(record(text, s, e, "time", value, "minute",
                              note="spoken clock time" if g.get("q") else None))
            claim(busy, s, e)
    for m in TIME_PATTERNS[lang].finditer(text):
        s, e = m.start(), m.end()
        if not free(busy, s, e):
            continue
        g = m.groupdict()
        h = int(g["h"])
        mi = g.get("mi") or g.get("mi2")
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if lang == "en" and not mi and not ampm:
            continue
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        value = h * 60 + (int(mi) if mi else 0)
        out.append(record(text, s, e, "time", value, "minute"))
        claim(busy, s, e)
    return out
