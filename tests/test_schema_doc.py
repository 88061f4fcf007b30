"""warehouse/SCHEMA.md is the contract in the repo: generated from the declarations, never stale."""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.schema import SCHEMAS, TABLE_DESCRIPTIONS
from warehouse.schema_doc import SCHEMA_MD, render

SPEC = Path(__file__).resolve().parents[2] / "shared" / "SPEC.md"


def test_schema_md_is_up_to_date() -> None:
    assert SCHEMA_MD.read_text(encoding="utf-8") == render(), "run `python -m warehouse.schema_doc`"


def test_every_table_and_column_is_documented() -> None:
    assert set(TABLE_DESCRIPTIONS) == set(SCHEMAS)
    text = SCHEMA_MD.read_text(encoding="utf-8")
    for table, schema in SCHEMAS.items():
        section = text.split(f"## `{table}`")[1].split("\n## ")[0]
        rows = re.findall(r"^\| \**(\w+)\** \| [^|]+ \| (.*) \|$", section, flags=re.M)[1:]  # after the header
        assert [name for name, _ in rows] == schema.names, table
        assert all(meaning.strip() for _, meaning in rows), (table, [n for n, m in rows if not m.strip()])


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
