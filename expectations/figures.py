"""Suite for ``figures``: numeric expressions, with value ranges and units checked per kind.

Impossible rows are quarantined: offsets outside the text, money without an ISO 4217 currency,
a value its kind cannot take (negative money, 25:00), a date_value that contradicts the digits
of its text.  Unusual rows are kept and flagged (warning expectations, ``figures.flags``): dates
before 1800 (``im 16. Jahrhundert``), dates far after the document (``2050``), values beyond
what news usually reports (``5.77 Milliarden Minuten``, ``der millionste Besucher``).
``benchmarks/gates_eval.py`` lists what these rules quarantine and flag on real news.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import great_expectations.expectations as gxe
import pandas as pd

from transforms.vocabulary import DATE_UNITS, DURATION_UNITS

from .checks import (
    EARLIEST_DATE,
    FUTURE_YEARS,
    WARNING,
    BatchContext,
    TableSuite,
    add_checks,
    currency_codes,
    expect,
    expect_check,
    isnull,
    language_valid,
    not_null,
    offsets_in_text,
    refers_to,
    text_matches_document,
)

# What a value can be at all, per kind: (min, max, strict_min).  Outside is an extraction error
# (a negative amount of money, a time of day past 24:00), and the row is quarantined.
POSSIBLE_RANGES: dict[str, tuple[float, float, bool]] = {
    "money": (0, math.inf, False),  # "null Euro" is a correct figure
    "quantity": (0, math.inf, False),
    "percent": (-math.inf, math.inf, False),
    "duration": (0, math.inf, False),
    "time": (0, 1440, False),
    "ordinal": (0, math.inf, False),
    "ratio": (0, math.inf, True),
}
# What news usually says, per kind: outside is unusual but real ("vor 382 Millionen Jahren",
# "der millionste Besucher", "5.77 Milliarden Minuten"), so the row is kept and flagged.
USUAL_RANGES: dict[str, tuple[float, float]] = {
    "money": (0, 1e15),
    "quantity": (0, 1e12),
    "percent": (-100, 10_000),
    "duration": (0, 1e6),
    "time": (0, 1440),
    "ordinal": (0, 100_000),
    "ratio": (0, 1e6),
}
VALUE_RANGES = USUAL_RANGES  # the name earlier code used
FIXED_UNITS: dict[str, tuple[str, ...]] = {
    "percent": ("%",),
    "duration": DURATION_UNITS,
    "date": DATE_UNITS,
    "time": ("minute",),
    "ratio": ("times",),
}
_CURRENCIES = frozenset(currency_codes())
# Explicit dates written with digits, whatever the language: 22.09.2025, 22/09/2025, 2025-09-22.
_DMY = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_YEAR = re.compile(r"(?<![\d.,])(1\d{3}|2\d{3})(?![\d.,]\d)")


def _unit_ok(kind: object, unit: object) -> bool:
    """money: ISO 4217; percent, duration, date, time, ratio: their fixed units; others: anything."""
    if isnull(kind):
        return True  # kind_not_null reports it
    if kind == "money":
        return not isnull(unit) and unit in _CURRENCIES
    allowed = FIXED_UNITS.get(kind)
    return allowed is None or (not isnull(unit) and unit in allowed)


def _value_ok(kind: object, value: object) -> bool:
    """Every kind but date has a finite value that the kind can take at all (POSSIBLE_RANGES)."""
    if isnull(kind) or kind not in POSSIBLE_RANGES:
        return True
    if isnull(value) or not math.isfinite(float(value)):
        return False
    lo, hi, strict = POSSIBLE_RANGES[kind]
    v = float(value)
    return (lo < v if strict else lo <= v) and v <= hi


def _value_usual(kind: object, value: object) -> bool:
    """The value lies in the range news usually reports for its kind (USUAL_RANGES)."""
    if isnull(kind) or kind not in USUAL_RANGES or isnull(value) or not math.isfinite(float(value)):
        return True  # value_in_range_for_kind reports those
    lo, hi = USUAL_RANGES[kind]
    return lo <= float(value) <= hi


def _date_matches_text(value: object, text: object) -> bool:
    """A date_value agrees with the digits of its text: a written-out date (22.09.2025, 2025-09-22)
    is that day, and when the text names years (1215, 2007–2014), date_value falls in one of them."""
    if isnull(value) or isnull(text):
        return True
    day = pd.Timestamp(value).date()
    s = str(text)
    full = [(int(y), int(m), int(d)) for d, m, y in _DMY.findall(s)] + [
        (int(y), int(m), int(d)) for y, m, d in _ISO.findall(s)]
    if full:
        return (day.year, day.month, day.day) in full
    years = [int(y) for y in _YEAR.findall(s)]
    if not years:
        return True  # centuries, relative dates, words: nothing written to compare with
    return day.year in years or (len(years) >= 2 and min(years) <= day.year <= max(years))


def _not_historic(value: object) -> bool:
    """date_value on or after EARLIEST_DATE: older dates are real (the Magna Carta) but rare in news."""
    return isnull(value) or pd.Timestamp(value).date() >= EARLIEST_DATE


def _not_far_future(value: object, doc_date: dt.date | None) -> bool:
    """date_value at most FUTURE_YEARS years after the document's date (else today)."""
    if isnull(value):
        return True
    day = pd.Timestamp(value).date()
    ref = doc_date or dt.date.today()
    try:
        latest = ref.replace(year=ref.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        latest = ref.replace(year=ref.year + FUTURE_YEARS, day=28)
    return day <= latest


def prepare(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(
        df,
        {
            "language_valid": language_valid(df["language"], null_ok=True),
            "document_accepted": refers_to(df["doc_id"], ctx.accepted_docs, null_ok=False),
            "offsets_in_text": offsets_in_text(df, ctx),
            "text_matches_document": text_matches_document(df, ctx),
            "unit_valid_for_kind": [_unit_ok(k, u) for k, u in zip(df["kind"], df["unit"])],
            "value_in_range_for_kind": [_value_ok(k, v) for k, v in zip(df["kind"], df["value"])],
            "date_value_matches_text": [_date_matches_text(v, t) for v, t in zip(df["date_value"], df["text"])],
            "value_usual_for_kind": [_value_usual(k, v) for k, v in zip(df["kind"], df["value"])],
            "date_not_historic": [_not_historic(v) for v in df["date_value"]],
            "date_not_far_future": [
                _not_far_future(v, ctx.doc_dates.get(d)) for v, d in zip(df["date_value"], df["doc_id"])],
        },
    )


def _ranges_text(ranges: dict[str, tuple]) -> str:
    return "; ".join(f"{k} {lo:g} to {hi:g}" for k, (lo, hi, *_) in ranges.items())


def suite() -> TableSuite:
    # Per-kind rules are computed columns rather than one GX expectation per kind with a
    # row_condition: each row_condition costs a pandas query per metric, which tripled the cost.
    exps: list[gxe.Expectation] = [
        not_null("doc_id", "document id"),
        not_null("figure_no", "figure number"),
        expect(
            gxe.ExpectCompoundColumnsToBeUnique,
            "key_unique",
            "(doc_id, figure_no) is not unique",
            rule="each figure of a document has its own number: (doc_id, figure_no) is unique",
            column_list=["doc_id", "figure_no"],
        ),
        not_null("kind", "figure kind"),
        expect_check("language_valid", "figure language is not an ISO 639-1 code",
                     rule="a figure's language, when given, is an ISO 639-1 code"),
        expect_check(
            "unit_valid_for_kind",
            "unit not valid for the kind (money: ISO 4217 code; percent: %; duration: second..year; "
            "date: day/month/year; time: minute; ratio: times)",
            rule="a money figure has an ISO 4217 currency; percent is in %, a duration in second to year, "
                 "a date in day, month or year, a time of day in minutes, a ratio in times",
        ),
        expect_check(
            "value_in_range_for_kind",
            "value missing, not finite or impossible for its kind: " + _ranges_text(POSSIBLE_RANGES),
            rule="every figure but a date has a finite value its kind can take: no negative money, count, "
                 "duration or ordinal, a ratio above 0, a time of day within 0 to 1440 minutes",
        ),
        expect(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB,
            "value_max_ge_value",
            "upper end of the range is below its lower end",
            rule="the upper end of a range (value_max) is not below its lower end (value)",
            column_A="value_max",
            column_B="value",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        expect_check(
            "date_value_matches_text",
            "date_value contradicts the digits of its text",
            rule="a date figure's date_value agrees with its text: a date written in digits (22.09.2025) "
                 "is that day, and a year written in the text (1215, 2007–2014) is date_value's year",
        ),
        expect_check(
            "value_usual_for_kind",
            "value outside the range news usually reports for its kind: " + _ranges_text(USUAL_RANGES),
            rule="a value lies in the range news usually reports for its kind: " + _ranges_text(USUAL_RANGES),
            severity=WARNING,
            flag="unusual_value",
        ),
        expect_check(
            "date_not_historic",
            f"date_value before {EARLIEST_DATE.year}",
            rule=f"a date figure lies in or after {EARLIEST_DATE.year}",
            severity=WARNING,
            flag="historic_date",
        ),
        expect_check(
            "date_not_far_future",
            f"date_value more than {FUTURE_YEARS} years after the document's date",
            rule=f"a date figure lies at most {FUTURE_YEARS} years after the document's date (else today)",
            severity=WARNING,
            flag="far_future_date",
        ),
        expect_check("document_accepted", "the figure's document is not in the batch or was rejected",
                     rule="a figure belongs to a document accepted in this batch"),
        expect_check("offsets_in_text", "char_start/char_end outside the document text",
                     rule="a figure's offsets lie inside its document: 0 <= char_start < char_end <= length of the text"),
        expect_check("text_matches_document", "text differs from documents.text[char_start:char_end]",
                     rule="a figure's text is the document's text between its offsets"),
    ]
    return TableSuite(table="figures", expectations=exps, prepare=prepare)
