"""warehouse/SCHEMA.md is the contract in the repo: generated from the declarations, never stale."""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.schema import SCHEMAS, TABLE_DESCRIPTIONS, column_checks
from warehouse.schema_doc import SCHEMA_MD, render

SPEC = Path(__file__).resolve().parents[2] / "shared" / "SPEC.md"


def test_schema_md_is_up_to_date() -> None:
    assert SCHEMA_MD.read_text(encoding="utf-8") == render(), "run `python -m warehouse.schema_doc`"


def test_every_table_and_column_is_documented() -> None:
    assert set(TABLE_DESCRIPTIONS) == set(SCHEMAS)
    text = SCHEMA_MD.read_text(encoding="utf-8")
    for table, schema in SCHEMAS.items():
        section = text.split(f"## `{table}`")[1].split("\n## ")[0]
        rows = re.findall(r"^\| \**(\w+)\** \| [^|]+ \| (.*?) \| (.*) \|$", section, flags=re.M)[1:]  # after the header
        assert [name for name, _, _ in rows] == schema.names, table
        assert all(meaning.strip() for _, meaning, _ in rows), (table, [n for n, m, _ in rows if not m.strip()])
        checks = {name: text for name, _, text in rows}
        for column, check in column_checks(table):  # every declared rule is listed under its column
            assert f"(`{check.name}`" in checks[column], (table, column, check.name)


def test_spec_bold_columns_are_contract_columns() -> None:
    import pytest

    if not SPEC.exists():
        pytest.skip(f"{SPEC} not found (../shared is not beside the repo)")
    spec = SPEC.read_text(encoding="utf-8")
    for row in re.findall(r"^\| (\w+) \| [^|]+ \| (.+) \|$", spec, flags=re.M):
        table, columns = row
        if table not in SCHEMAS:
            continue
        contract = {f.name for f in SCHEMAS[table] if (f.metadata or {}).get(b"contract") == b"true"}
        bold = set(re.findall(r"\*\*(\w+)\*\*", columns))
        assert bold <= contract, (table, bold - contract)
        assert bold <= set(SCHEMAS[table].names), (table, bold - set(SCHEMAS[table].names))


def test_required_columns_are_checked_by_their_suites() -> None:
    from expectations.runner import all_suites
    from warehouse.schema import required_columns

    suites = all_suites()
    for table in SCHEMAS:
        if table not in suites:
            continue
        checked = {e.column for e in suites[table].expectations
                   if type(e).__name__ == "ExpectColumnValuesToNotBeNull"}
        assert set(required_columns(table)) <= checked, table


def test_declared_checks_are_expectations_of_their_suites() -> None:
    """Each rule declared beside a column (values, between, unique, regex, min_length) is an
    expectation of its table's suite, of the matching GX type, on that column, with the declared bounds."""
    from expectations.runner import all_suites

    gx_type = {"values": "ExpectColumnValuesToBeInSet", "between": "ExpectColumnValuesToBeBetween",
               "unique": "ExpectColumnValuesToBeUnique", "regex": "ExpectColumnValuesToMatchRegex",
               "min_length": "ExpectColumnValueLengthsToBeBetween"}
    suites = all_suites()
    n = 0
    for table in SCHEMAS:
        by_name = {e.meta["name"]: e for e in suites[table].expectations} if table in suites else {}
        for column, check in column_checks(table):
            e = by_name[check.name]
            kw = e.configuration.kwargs
            assert (type(e).__name__, kw["column"], e.meta["severity"]) == (gx_type[check.kind], column, check.severity)
            if check.kind == "values":
                assert sorted(kw["value_set"]) == sorted(check.arg)
            if check.kind == "between":
                assert (kw.get("min_value"), kw.get("max_value")) == tuple(check.arg)
            n += 1
    assert n >= 20  # labels, kinds, qualifiers, event vocabularies, ids, ranges
    # the entity labels and figure kinds are the transforms' own constants, named once
    from transforms.extract import NER_LABELS
    from transforms.figures import KINDS

    labels = dict(column_checks("entities"))["label"].arg
    assert labels == dict(column_checks("mentions"))["label"].arg == tuple(NER_LABELS)
    assert dict(column_checks("figures"))["kind"].arg == tuple(KINDS)
