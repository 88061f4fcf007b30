"""Building blocks shared by the per-table suites.

Each table module (``documents.py`` … ``quotes.py``) declares a :class:`TableSuite`: the GX
expectations of that table plus a ``prepare`` function.  ``prepare`` adds one boolean column
per cross-row rule GX cannot express natively (offsets against the document's text,
references to other tables); a plain ``ExpectColumnValuesToBeInSet([True])`` then checks that
column, so those rules show up in GX results and Data Docs like every other expectation.

Every expectation carries ``meta={"name": ..., "reason": ..., "severity": ...}``: ``name`` is the
stable id used in ``Validator(critical=...)``, in ``validations.expectation`` and in
``quarantine.expectation``; ``reason`` is the human sentence put in ``quarantine.reason``.  Its
GX ``description`` names the rule in words (what Data Docs show instead of GX's template, which
for a computed column would read "values must belong to this set: True").

Two severities: ``critical`` (GX's default) rules catch what is impossible, and a failing row is
quarantined; ``warning`` rules catch what is only unusual (a date in the 16th century), and a
failing row is kept, its table's ``flags`` column naming the rule (``flag``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

import great_expectations.expectations as gxe
import pandas as pd
import pyarrow as pa

from warehouse.schema import Check, field_checks

CHECK_PREFIX = "chk_"

EARLIEST_DATE = dt.date(1800, 1, 1)
FUTURE_YEARS = 10  # a date may lie this many years after the document's date


@lru_cache(maxsize=1)
def currency_codes() -> tuple[str, ...]:
    """ISO 4217 alphabetic codes, from pycountry (offline data in the wheel)."""
    import pycountry

    return tuple(sorted(c.alpha_3 for c in pycountry.currencies))


@lru_cache(maxsize=1)
def language_codes() -> tuple[str, ...]:
    """ISO 639-1 codes plus the ISO 639-2 specials und (undetermined), mul, zxx."""
    import pycountry

    codes = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    return tuple(sorted(codes | {"und", "mul", "zxx"}))


CRITICAL, WARNING = "critical", "warning"


def _describe(rule: str | None, reason: str, severity: str) -> str:
    """The Data Docs line: the rule in words, and what happens to a row that breaks it."""
    text = rule or f"must not happen: {reason}"
    text = text.replace("$", "＄")  # GX reads $word in a description as a template parameter
    return text + (" (warning: a row that breaks it is kept and flagged)" if severity == WARNING else "")


def expect(cls: type[gxe.Expectation], name: str, reason: str, *, rule: str | None = None,
           severity: str = CRITICAL, flag: str | None = None, **kwargs: Any) -> gxe.Expectation:
    """A GX expectation tagged with our stable name, a human reason and its severity.

    ``rule``: the rule in words (``a money figure has an ISO 4217 currency``), the expectation's
    GX description; ``flag``: for warnings, the word put in the row's ``flags`` (default: name)."""
    from great_expectations.expectations.metadata_types import FailureSeverity

    meta = {"name": name, "reason": reason, "severity": severity}
    if severity == WARNING:
        meta["flag"] = flag or name
    return cls(meta=meta, notes=reason, description=_describe(rule, reason, severity),
               severity=FailureSeverity.WARNING if severity == WARNING else FailureSeverity.CRITICAL, **kwargs)


def expect_check(name: str, reason: str, rule: str | None = None, **kw: Any) -> gxe.Expectation:
    """Expectation on the computed boolean column ``chk_<name>`` (see ``prepare`` functions)."""
    return expect(gxe.ExpectColumnValuesToBeInSet, name, reason, rule=rule, column=CHECK_PREFIX + name,
                  value_set=[True], **kw)


def not_null(column: str, what: str | None = None) -> gxe.Expectation:
    return expect(
        gxe.ExpectColumnValuesToNotBeNull, f"{column}_not_null", f"{what or column} is missing",
        rule=f"every row has a {what or column} ({column} is not null)", column=column,
    )


def in_set(column: str, values: Iterable[Any], reason: str, name: str | None = None, rule: str | None = None,
           **kw: Any) -> gxe.Expectation:
    values = sorted(values)
    return expect(
        gxe.ExpectColumnValuesToBeInSet,
        name or f"{column}_in_set",
        reason,
        rule=rule or f"{column} is one of {', '.join(map(str, values))}",
        column=column,
        value_set=values,
        **kw,
    )


# ---- from the table declarations (warehouse/schema.py) ------------------------------------------

def _range_text(lo: Any, hi: Any) -> str:
    if lo is not None and hi is not None:
        return f"between {lo:g} and {hi:g}"
    return f"at least {lo:g}" if lo is not None else f"at most {hi:g}"


def from_check(column: str, check: Check) -> gxe.Expectation:
    """The GX expectation of one declared column rule (``col(..., values=...)``)."""
    name = check.name
    kw: dict[str, Any] = {"severity": check.severity}
    if check.flag:
        kw["flag"] = check.flag
    if check.mostly is not None:
        kw["mostly"] = check.mostly
    if check.kind == "values":
        return in_set(column, check.arg, check.reason or f"{column} is not an accepted value", name=name,
                      rule=check.rule or None, **kw)
    if check.kind == "between":
        lo, hi = check.arg
        bounds = {k: v for k, v in (("min_value", lo), ("max_value", hi)) if v is not None}
        return expect(gxe.ExpectColumnValuesToBeBetween, name, check.reason or f"{column} not {_range_text(lo, hi)}",
                      rule=check.rule or f"{column} is {_range_text(lo, hi)}", column=column, **bounds, **kw)
    if check.kind == "unique":
        return expect(gxe.ExpectColumnValuesToBeUnique, name, check.reason or f"{column} is not unique",
                      rule=check.rule or f"{column} is unique", column=column, **kw)
    if check.kind == "regex":
        return expect(gxe.ExpectColumnValuesToMatchRegex, name, check.reason or f"{column} does not match {check.arg}",
                      rule=check.rule or f"{column} matches {check.arg}", column=column, regex=check.arg, **kw)
    if check.kind == "min_length":
        n = int(check.arg)
        return expect(gxe.ExpectColumnValueLengthsToBeBetween, name, check.reason or f"{column} is shorter than {n}",
                      rule=check.rule or f"{column} has at least {n} characters", column=column, min_value=n, **kw)
    raise ValueError(f"{column}: unknown check kind {check.kind!r}")


def declared(schema: pa.Schema) -> list[gxe.Expectation]:
    """A table's column checks as declared, column by column: not-null when it is ``required``, then
    its rules (``values``, ``between``, ``unique``, ``regex``, ``min_length``)."""
    out = []
    for f in schema:
        if (f.metadata or {}).get(b"required") == b"true":
            out.append(not_null(f.name))
        out += [from_check(f.name, c) for c in field_checks(f)]
    return out


def severity_of(expectation: gxe.Expectation) -> str:
    return (expectation.meta or {}).get("severity", CRITICAL)


@dataclass
class BatchContext:
    """What the cross-row checks of one batch need to know about the other tables."""

    doc_texts: dict[str, str] = field(default_factory=dict)
    doc_dates: dict[str, dt.date] = field(default_factory=dict)
    accepted_docs: set[str] = field(default_factory=set)
    known_entities: set[str] = field(default_factory=set)


@dataclass
class TableSuite:
    """One table's suite: its expectations, the computed columns it needs, its default critical set."""

    table: str
    expectations: list[gxe.Expectation]
    prepare: Callable[[pd.DataFrame, BatchContext], pd.DataFrame] = lambda df, ctx: df
    default_critical: tuple[str, ...] = ()

    @property
    def warnings(self) -> dict[str, str]:
        """Names of the warning expectations -> the flag a failing row gets."""
        return {e.meta["name"]: e.meta.get("flag", e.meta["name"]) for e in self.expectations
                if severity_of(e) == WARNING}

    @property
    def names(self) -> list[str]:
        return [e.meta["name"] for e in self.expectations]

    @property
    def columns(self) -> list[str]:
        """Columns the expectations read: GX copies frames per metric, so it gets only these."""
        out: list[str] = []
        for e in self.expectations:
            kw = e.configuration.kwargs
            for c in [kw.get("column"), kw.get("column_A"), kw.get("column_B"), *(kw.get("column_list") or [])]:
                if c and c not in out:
                    out.append(c)
        return out


# ---- computed columns ---------------------------------------------------------------------------


def isnull(value: Any) -> bool:
    """None, NaN, pd.NA or NaT: what a missing cell can be after Arrow -> pandas."""
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT


def offsets_in_text(df: pd.DataFrame, ctx: BatchContext, *, allow_null: bool = False) -> list[bool]:
    """0 <= char_start < char_end <= len(documents.text) for the row's document."""
    out = []
    for doc_id, start, end in zip(df["doc_id"], df["char_start"], df["char_end"]):
        if isnull(start) and isnull(end) and allow_null:
            out.append(True)
            continue
        text = ctx.doc_texts.get(doc_id)
        if text is None or isnull(start) or isnull(end):
            out.append(False)
            continue
        out.append(0 <= int(start) < int(end) <= len(text))
    return out


def text_matches_document(df: pd.DataFrame, ctx: BatchContext, *, allow_null: bool = False) -> list[bool]:
    """row.text == documents.text[char_start:char_end] (offsets are code points into the normalised text)."""
    out = []
    for doc_id, start, end, text in zip(df["doc_id"], df["char_start"], df["char_end"], df["text"]):
        if isnull(start) and isnull(end) and allow_null:
            out.append(True)
            continue
        doc = ctx.doc_texts.get(doc_id)
        if doc is None or isnull(start) or isnull(end) or isnull(text):
            out.append(False)
            continue
        out.append(doc[int(start) : int(end)] == text)
    return out


def refers_to(values: Iterable[Any], known: set[str], *, null_ok: bool) -> list[bool]:
    """Referential integrity: each value is in ``known`` (a null passes when ``null_ok``)."""
    return [(null_ok if isnull(v) else v in known) for v in values]


def language_valid(values: Iterable[Any], *, null_ok: bool) -> list[bool]:
    """ISO 639-1 code (or und/mul/zxx).  A computed column, not a 190-value GX set: GX re-serialises
    an expectation's kwargs many times per run, and big value sets made validation 3x slower."""
    codes = set(language_codes())
    return [(null_ok if isnull(v) else v in codes) for v in values]


def add_checks(df: pd.DataFrame, columns: Mapping[str, list[bool]]) -> pd.DataFrame:
    """The frame with one ``chk_<name>`` boolean column per computed rule."""
    df = df.copy()
    for name, values in columns.items():
        df[CHECK_PREFIX + name] = pd.Series(values, index=df.index, dtype=bool)
    return df


def is_check_column(name: str) -> bool:
    return name.startswith(CHECK_PREFIX)
