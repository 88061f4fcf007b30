"""Writes ``warehouse/SCHEMA.md``, the warehouse contract in the repo, from the declarations in ``schema.py``.

Run ``python -m warehouse.schema_doc`` after changing a table; ``tests/test_schema_doc.py`` fails while the
file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa

from warehouse.schema import SCHEMAS, TABLE_DESCRIPTIONS, Check, field_checks

SCHEMA_MD = Path(__file__).with_name("SCHEMA.md")


def _type_name(type_: pa.DataType) -> str:
    names = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN",
             "date32[day]": "DATE", "timestamp[us]": "TIMESTAMP", "list<item: string>": "VARCHAR[]"}
    return names.get(str(type_), str(type_))


def _num(x: float) -> str:
    return f"{x:g}"


def check_text(check: Check) -> str:
    """One declared rule in words, with the expectation name it is validated under."""
    kind, arg = check.kind, check.arg
    if kind == "values":
        text = "one of " + ", ".join(f"`{v}`" for v in arg)
    elif kind == "between":
        lo, hi = arg
        text = (f"between {_num(lo)} and {_num(hi)}" if lo is not None and hi is not None
                else f">= {_num(lo)}" if lo is not None else f"<= {_num(hi)}")
    elif kind == "unique":
        text = "unique"
    elif kind == "regex":
        text = f"matches `{arg}`"
    else:
        text = "not empty" if int(arg) == 1 else f"at least {int(arg)} characters"
    text += f" (`{check.name}`"
    if check.mostly is not None:
        text += f", {check.mostly:.0%} of rows"
    if check.severity == "warning":
        text += f", warning: the row is kept, flagged `{check.flag}`"
    return text + ")"


def render() -> str:
    """The whole SCHEMA.md text."""
    out = ["# The warehouse contract",
           "",
           "Generated from `warehouse/schema.py` by `python -m warehouse.schema_doc`; do not edit by hand.",
           "Columns in **bold** are relied on by outside checks and users' saved SQL (SPEC.md): their names",
           "never change. A *required* column is never null: its table's suite checks it and a row without it",
           "is quarantined. DuckDB types; the Parquet lake has the same columns with the Arrow types.",
           "Offsets are Python string offsets (code points) into `documents.text`.",
           "",
           "*checks* are the column's declared rules, each validated on every batch under the name in",
           "parentheses (`validations.expectation`); a null passes every rule but *required*. A row that breaks",
           "one is quarantined, unless the rule is a warning. Rules across columns or tables are in",
           "`expectations/<table>.py`.",
           ""]
    for table, schema in SCHEMAS.items():
        out += [f"## `{table}`", "", TABLE_DESCRIPTIONS[table], "",
                "| column | type | meaning | checks |", "|---|---|---|---|"]
        for field in schema:
            meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
            name = f"**{field.name}**" if meta.get("contract") == "true" else field.name
            meaning = meta.get("description", "").replace("|", "\\|")
            checks = [f"*required* (`{field.name}_not_null`)"] if meta.get("required") == "true" else []
            checks += [check_text(c) for c in field_checks(field)]
            out.append(f"| {name} | {_type_name(field.type)} | {meaning} | {'; '.join(checks).replace('|', chr(92) + '|')} |")
        out.append("")
    return "\n".join(out)


def main() -> int:
    SCHEMA_MD.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_MD}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
