"""Suite for ``figures``: numeric expressions, with value ranges and units checked per kind."""

from __future__ import annotations

import datetime as dt

import great_expectations.expectations as gxe
import pandas as pd

from .checks import (
    DATE_UNITS,
    DURATION_UNITS,
    EARLIEST_DATE,
    FIGURE_KINDS,
    FUTURE_YEARS,
    QUALIFIERS,
    BatchContext,
    TableSuite,
    _isnull,
    add_checks,
    currency_codes,
    expect,
    expect_check,
    in_set,
    language_valid,
    not_null,
    offsets_in_text,
    refers_to,
    text_matches_document,
)

# Plausible value ranges per kind: (min, max, strict_min).  Values outside are extraction errors
# far more often than news (a 10^16 money amount is a parsed phone number).
VALUE_RANGES: dict[str, tuple[float, float, bool]] = {
    "money": (0, 1e15, True),
    "quantity": (0, 1e12, False),
    "percent": (-100, 10_000, False),
    "duration": (0, 1e6, True),
    "time": (0, 1440, False),
    "ordinal": (1, 100_000, False),
    "ratio": (0, 1e6, True),
}
FIXED_UNITS: dict[str, tuple[str, ...]] = {
    "percent": ("%",),
    "duration": DURATION_UNITS,
    "date": DATE_UNITS,
    "time": ("minute",),
    "ratio": ("times",),
}
_CURRENCIES = frozenset(currency_codes())


def _unit_ok(kind: object, unit: object) -> bool:
    """money: ISO 4217; percent, duration, date, time, ratio: their fixed units; others: anything."""
    if _isnull(kind):
        return True  # kind_not_null reports it
    if kind == "money":
        return not _isnull(unit) and unit in _CURRENCIES
    allowed = FIXED_UNITS.get(kind)
    return allowed is None or (not _isnull(unit) and unit in allowed)


def _value_ok(kind: object, value: object) -> bool:
    """Every kind but date has a value, inside its plausible range (VALUE_RANGES)."""
    if _isnull(kind) or kind not in VALUE_RANGES:
        return True
    if _isnull(value):
        return False
    lo, hi, strict = VALUE_RANGES[kind]
    v = float(value)
    return (lo < v if strict else lo <= v) and v <= hi


def _date_ok(value: object, doc_date: dt.date | None) -> bool:
    """1800-01-01 <= date_value <= the document's date (else today) + FUTURE_YEARS years."""
    if _isnull(value):
        return True
    day = pd.Timestamp(value).date()
    ref = doc_date or dt.date.today()
    try:
        latest = ref.replace(year=ref.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        latest = ref.replace(year=ref.year + FUTURE_YEARS, day=28)
    return EARLIEST_DATE <= day <= latest


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
            "date_value_plausible": [_date_ok(v, ctx.doc_dates.get(d)) for v, d in zip(df["date_value"], df["doc_id"])],
        },
    )


def _ranges_text() -> str:
    return "; ".join(f"{k} {'(' if s else '['}{lo:g}, {hi:g}]" for k, (lo, hi, s) in VALUE_RANGES.items())


def suite() -> TableSuite:
    # Per-kind rules are computed columns rather than one GX expectation per kind with a
    # row_condition: each row_condition costs a pandas query per metric, which tripled the cost.
    exps: list[gxe.Expectation] = [
        not_null("doc_id"),
        not_null("figure_no"),
        expect(
            gxe.ExpectCompoundColumnsToBeUnique,
            "key_unique",
            "(doc_id, figure_no) is not unique",
            column_list=["doc_id", "figure_no"],
        ),
        not_null("kind"),
        in_set("kind", FIGURE_KINDS, "figure kind is not one of the SPEC kinds"),
        in_set("qualifier", QUALIFIERS, "qualifier is not exact/over/under/about/at_least/at_most"),
        expect_check("language_valid", "figure language is not an ISO 639-1 code"),
        expect_check(
            "unit_valid_for_kind",
            "unit not valid for the kind (money: ISO 4217 code; percent: %; duration: second..year; "
            "date: day/month/year; time: minute; ratio: times)",
        ),
        expect_check("value_in_range_for_kind", "value missing or outside the plausible range of its kind: " + _ranges_text()),
        expect(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB,
            "value_max_ge_value",
            "upper end of the range is below its lower end",
            column_A="value_max",
            column_B="value",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        expect_check(
            "date_value_plausible",
            f"date_value before {EARLIEST_DATE.year} or more than {FUTURE_YEARS} years after the document's date",
        ),
        expect_check("document_accepted", "the figure's document is not in the batch or was rejected"),
        expect_check("offsets_in_text", "char_start/char_end outside the document text"),
        expect_check("text_matches_document", "text differs from documents.text[char_start:char_end]"),
    ]
    return TableSuite(table="figures", expectations=exps, prepare=prepare)
