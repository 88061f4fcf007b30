"""Kinds and units: what a number core is, read from what stands next to it.

`find_numbers` scans the tokens left free by the calendar pass; `classify` turns each core
into a record: currency before or after (money), `%`/`Prozent`/`процент` (percent), a
time unit (duration, or a date with `vor`/`ago`/`назад`), `Uhr` (time), `mal`/`раз`
(ratio), an ordinal's ordered noun, a bare year, or the counted noun (quantity).
"""

from __future__ import annotations

import datetime as dt
import re

from . import de, en, ru
from . import units as U
from .base import Core, claim, free, record, tokens
from .context import (
    date_before,
    is_age,
    name_or_reference,
    noun_after,
    qualifier_before,
    ru_ordinal_by_agreement,
    ru_person_follows,
    subject_before,
)
from .calendar import period_part
from .cores import read_core
from .lexicon import AGO, CENT_ENDINGS, CENTS, CURRENCY_ADJ, RANGE_OPEN, Lexicon
from .money import apply_table_units, carry_currency, table_units
from .numbers import de_word_value


def find_numbers(lex: Lexicon, text: str, lang: str, published, busy: bytearray) -> list[dict]:
    """Every number core outside `busy`, classified; claims the span of each record."""
    toks = tokens(text)
    out = []
    bare: list[tuple[dict, int]] = []  # "7,4 Milliarden": an amount whose currency is said elsewhere
    cells: list[tuple[dict, int]] = []  # bare numbers, maybe cells of a money table
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "p" or busy[t.start]:
            i += 1
            continue
        core = read_core(lex, text, toks, i, lang)
        if core is None:
            i += 1
            continue
        rec = classify(lex, text, toks, core, lang, published, busy)
        if rec is None:
            i = max(core.j, i + 1) if core.digits else i + 1
            continue
        claim(busy, rec["char_start"], rec["char_end"])
        out.append(rec)
        if rec["kind"] == "quantity" and rec["unit"] is None:
            (bare if core.scale >= 1e6 else cells if core.digits else []).append((rec, core.i))
        while i < n and toks[i].start < rec["char_end"]:
            i += 1
    regions = table_units(lex, text, lang)
    if regions:
        apply_table_units(text, regions, [r for r, _ in cells + bare])
    for rec in carry_currency(text, out, [r for r, _ in bare if r["kind"] == "quantity"]):
        k = next(i for r, i in bare if r is rec)
        rec["subject"] = subject_before(lex, text, toks, k, lang)
    return out


def classify(lex: Lexicon, text, toks, core: Core, lang, published, busy) -> dict | None:
    n = len(toks)
    start, end = core.start, core.end
    if not free(busy, start, end):
        return None
    forced = dict(core.forced)
    value_max = forced.pop("value_max", None)
    kind = forced.get("kind")
    unit = forced.get("unit")
    note = None
    subject = None
    date_value = None
    j = core.j
    ago_date = False
    # currency prefix: $200, US$ 5, € 12, USD 3
    if core.i > 0 and not core.ordinal:
        p = toks[core.i - 1]
        gap = text[p.end:core.start]
        if gap in ("", " ", "\u00a0"):
            code = None
            if p.text in U.CURRENCY_SYMBOLS and p.kind == "p":
                code = U.CURRENCY_SYMBOLS[p.text]
                if core.i >= 2 and toks[core.i - 2].end == p.start and toks[core.i - 2].text.upper() in U.ISO_CODES | {"US"}:
                    up = toks[core.i - 2].text.upper()
                    code = "USD" if up == "US" else up
                    p = toks[core.i - 2]
            elif p.text in U.ISO_CODES:
                code = "CNY" if p.text == "RMB" else p.text
            if code:
                kind, unit, start = "money", code, p.start
    nxt, k = _next_word(toks, j, lang)
    if kind is None and not core.ordinal:
        kind, unit, end, k2 = _unit_after(lex, text, toks, core, lang)
        if kind:
            j = k2
    if kind == "money" and lang in ("de", "en") and end == text.find(" ", end) and not core.ordinal:
        m = CENTS.match(text, end)
        if m:
            word = m.group(1)
            c = int(word) if word.isdigit() else (de_word_value(word) if lang == "de" else en.WORDS.get(word.lower()))
            has_cent = m.group(0).rstrip().lower().endswith(CENT_ENDINGS)
            glued = "und" in m.group(0).lower() or "and" in m.group(0).lower()
            if c is not None and 1 <= c <= 99 and c == int(c) and (has_cent or not glued or word.isdigit()) \
                    and (has_cent or text[m.end():m.end() + 1] in ("", ".", ",", ";", " ") and (has_cent or lang == "de")):
                nxt_char = text[m.end():m.end() + 2]
                if has_cent or nxt_char[:1] in ("", ".", ",", ";"):
                    core.value += c / 100
                    end = m.end()
    if core.ordinal and kind is None:
        kind = "ordinal"
    if kind == "ordinal" and unit is None:
        noun = noun_after(lex, text, toks, core.j, lang)
        if noun:
            unit, end = noun[0], noun[2]
    if kind == "duration" and "decade" == unit:
        core.value *= 10
        value_max = value_max * 10 if value_max else None
        unit = "year"
    if kind == "duration" and not forced:
        end, j, core.value, unit = _chain_duration(lex, text, toks, j, lang, core.value, unit, end)
    if kind == "duration" and unit in ("day", "week", "month", "year") and note is None:
        ago = AGO[lang].match(text, end) if AGO[lang] else None
        vor = lang == "de" and de.VOR_RE.search(text, max(0, core.start - 6), core.start)
        if ago or vor:  # "drei Jahre назад", "vor zwei Wochen", "a year ago": a date
            if ago:
                end = ago.end()
            else:
                start = vor.start()
                core.start = start
            kind, ago_date = "date", True
            date_value, note = date_before(core.value, unit, published)
            unit = "day" if unit == "week" else unit
    if kind == "date" and "decade" in forced:
        date_value = dt.date(int(core.value), 1, 1)
        unit = "year"
        if forced["decade"]:
            value_max, note = core.value + 9, "decade"
        core.value = None
    if forced.get("note"):
        note = forced["note"]
    if forced.get("adj") and ru_person_follows(lex, toks, core.j):
        note = "age"  # "двухлетний мальчик", "42-летний Иванов"; "12-летний срок" stays a duration
    if kind == "duration" and unit in ("year", "month", "week", "day") and note is None \
            and is_age(text, core.start, end, lang, unit):
        note = "age"
    if kind is None:
        # bare year: 2025, 1990 (no separators, no scale, plausible range)
        if (core.digits and core.raw_digits.isdigit() and len(core.raw_digits) == 4
                and 1800 <= core.value <= 2100 and core.scale == 1):
            q = qualifier_before(text, start, lang)
            if q in (None,) or lang == "ru":
                kind, unit = "date", "year"
                date_value = dt.date(int(core.value), 1, 1)
                if value_max:
                    note = f"year range {int(core.value)}–{int(value_max)}"
                core.value = None
    if kind is None:
        if core.article:
            return None
        kind = "quantity"
        noun = noun_after(lex, text, toks, core.j, lang)
        if noun:
            unit, subject, end = noun
        elif unit is None and lang == "de" and core.digits is False and core.value in (1,) \
                and text[core.start:core.end].lower() != "eins":
            return None
        if core.digits and name_or_reference(lex, text, toks, core, lang, noun):
            return None
        if noun and lang == "ru" and core.digits and core.scale == 1 and ru_ordinal_by_agreement(lex, core.value, noun[1]):
            kind, subject = "ordinal", None  # "на 4 этаже", "ружьё 12 калибра"
    if kind == "ratio" and core.i > 0 and lang == "ru" and toks[core.i - 1].low == "в":
        start = toks[core.i - 1].start
    if value_max is not None and kind != "date":
        m = RANGE_OPEN.search(text, max(0, start - 12), start)
        if m:
            start = m.start(1)
    # qualifier in front
    q = qualifier_before(text, start, lang, with_span=True)
    qualifier = "exact"
    if q and (kind not in ("date", "time", "ordinal") or ago_date):
        qualifier, start = q
    if kind in ("money", "percent", "duration", "ratio") and subject is None:
        subject = subject_before(lex, text, toks, core.i, lang)
    if kind == "percent":
        unit = "%"
    if kind == "ratio":
        unit = "times"
    if kind == "ordinal" and unit is None:
        note = "ordered thing not found"
    # German hyphen compound tail: 200-Milliarden-Dollar-Marke
    if lang == "de":
        while end < len(text) - 1 and text[end] == "-" and (text[end + 1].isalpha()):
            m = re.match(r"-[^\W\d_]+", text[end:])
            end += m.end()
    rec = record(text, start, end, kind, core.value if kind != "date" else None, unit,
                 qualifier=qualifier, subject=subject, note=note, value_max=value_max,
                 date_value=date_value)
    if kind == "date" and not ago_date:  # "Ende 2019", "late 2019", "в конце 2019 года"
        rec = period_part(text, lang, rec, busy)
    return rec


def _next_word(toks, j, lang):
    n = len(toks)
    if j < n and lang == "de" and toks[j].text == "-" and j + 1 < n and toks[j].start == toks[j - 1].end:
        return toks[j + 1], j + 1
    return (toks[j], j) if j < n else (None, j)


def _unit_after(lex: Lexicon, text, toks, core: Core, lang):
    """Kind and unit named right after a number core: %, currency, time unit, Uhr, mal."""
    n = len(toks)
    j = core.j
    tok, k = _next_word(toks, j, lang)
    if tok is None:
        return None, None, core.end, j
    gap = text[toks[k - 1].end if k > 0 else 0:tok.start]
    if len(gap) > 2 or "\n" in gap:
        return None, None, core.end, j
    low = tok.low
    # percent
    if tok.text in U.PERCENT_SIGNS:
        return "percent", "%", tok.end, k + 1
    if lang == "de" and low.startswith(de.PERCENT_PREFIX):
        return "percent", "%", tok.end, k + 1
    if lang == "en":
        if low in en.PERCENT_WORDS:
            return "percent", "%", tok.end, k + 1
        if low == "per" and k + 1 < n and toks[k + 1].low == "cent":
            return "percent", "%", toks[k + 1].end, k + 2
        if low == "percentage" and k + 1 < n and toks[k + 1].low.startswith("point"):
            return "percent", "%", toks[k + 1].end, k + 2
    if lang == "ru":
        if tok.kind == "word" and lex.lem.ru_lemma(low) in ru.PERCENT_LEMMAS:
            e, kk = tok.end, k + 1
            if kk < n and toks[kk].low.startswith("пункт"):
                e, kk = toks[kk].end, kk + 1
            return "percent", "%", e, kk
        if low == "п" and k + 3 < n and toks[k + 1].text == "." and toks[k + 2].low == "п":
            e = toks[k + 3].end if toks[k + 3].text == "." else toks[k + 2].end
            return "percent", "%", e, k + 4
    # currency: symbol, ISO code, word (with adjectives in front)
    if tok.text in U.CURRENCY_SYMBOLS and tok.kind == "p":
        return "money", U.CURRENCY_SYMBOLS[tok.text], tok.end, k + 1
    if tok.text.upper() in U.ISO_CODES and tok.kind == "word" and (tok.text.isupper()):
        code = "CNY" if tok.text.upper() == "RMB" else tok.text.upper()
        return "money", code, tok.end, k + 1
    res = _currency_word(lex, toks, k, lang)
    if res:
        code, e, kk = res
        return "money", code, e, kk
    # duration
    dur = lex.duration_unit(tok, lang)
    if dur:
        if lang == "ru" and dur == "year" and core.digits and 1000 <= core.value <= 2100 and \
                core.raw_digits.isdigit() and not low.startswith("лет"):
            return "date", "year", tok.end, k + 1
        if lang == "de" and dur == "year" and core.ordinal:
            return None, None, core.end, j
        if not core.ordinal:
            return "duration", dur, tok.end, k + 1
    # clock time
    if lang == "de" and low == de.CLOCK_WORD and core.value < 24 and not core.ordinal:
        core.value *= 60
        return "time", "minute", tok.end, k + 1
    if lang == "en" and low == "o" and k + 2 < n and toks[k + 2].low == "clock":
        core.value *= 60
        return "time", "minute", toks[k + 2].end, k + 3
    # ratio
    if lang == "de" and low in de.RATIO_SUFFIX and not core.ordinal and tok.text != "Mal":
        return "ratio", "times", tok.end, k + 1
    if lang == "en" and low == "times" and not core.ordinal:
        return "ratio", "times", tok.end, k + 1
    if lang == "ru" and low in ru.RATIO_FORMS and not core.ordinal:
        return "ratio", "times", tok.end, k + 1
    return None, None, core.end, j


def _currency_word(lex: Lexicon, toks, k, lang):
    """(code, end, next index) for a currency word at k, allowing adjectives before it."""
    n = len(toks)
    code_override = None
    kk = k
    for _ in range(2):
        if kk >= n or toks[kk].kind != "word":
            return None
        low = toks[kk].low
        # US-Dollar
        if low == "us" and kk + 2 < n and toks[kk + 1].text == "-" and toks[kk + 2].low == "dollar":
            return "USD", toks[kk + 2].end, kk + 3
        code = lex.currency_code(toks[kk], lang)
        if code:
            e, nxt = toks[kk].end, kk + 1
            if code_override and code == code_override[0]:
                code = code_override[1]  # "kanadische Dollar" → CAD, "норвежских крон" → NOK
            if toks[kk].low in ru.CURRENCY_ABBR_DOT and nxt < n and toks[nxt].text == ".":
                e, nxt = toks[nxt].end, nxt + 1
            if nxt < n and toks[nxt].low in U.CURRENCY_COUNTRY_SUFFIX and (toks[nxt].text.isupper()):
                e, nxt = toks[nxt].end, nxt + 1
            return code, e, nxt
        adj = next((v for s, v in CURRENCY_ADJ.items() if low.startswith(s)), None)
        if adj is None:
            return None
        code_override = adj
        kk += 1
    return None


def _chain_duration(lex: Lexicon, text, toks, j, lang, value, unit, end):
    """`eine Stunde und 25 Minuten` → 85 minute; `1 час 25 минут` likewise."""
    n = len(toks)
    k = j
    if k < n and toks[k].low in ("und", "and", "и", ",") and toks[k].start - end <= 1:
        k += 1
    if k >= n or toks[k].start - (toks[k - 1].end if k > j else end) > 1:
        return end, j, value, unit
    nxt = read_core(lex, text, toks, k, lang)
    if nxt is None or nxt.ordinal or nxt.forced:
        return end, j, value, unit
    if nxt.j >= n:
        return end, j, value, unit
    u2 = lex.duration_unit(toks[nxt.j], lang)
    if not u2 or u2 == "decade" or U.SECONDS.get(u2, 0) >= U.SECONDS.get(unit, 0):
        return end, j, value, unit
    total = value * U.SECONDS[unit] / U.SECONDS[u2] + nxt.value
    return toks[nxt.j].end, nxt.j + 1, total, u2
