"""Writes ``warehouse/SCHEMA.md``, the warehouse contract in the repo, from the declarations in ``schema.py``.

Run ``python -m warehouse.schema_doc`` after changing a table; ``tests/test_schema_doc.py`` fails while the
file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa

from warehouse.schema import SCHEMAS, TABLE_DESCRIPTIONS

SCHEMA_MD = Path(__file__).with_name("SCHEMA.md")


def _type_name(type_: pa.DataType) -> str:
    names = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN",
             "date32[day]": "DATE", "timestamp[us]": "TIMESTAMP", "list<item: string>": "VARCHAR[]"}
    return names.get(str(type_), str(type_))


def render() -> str:
    """The whole SCHEMA.md text."""
    out = ["# The warehouse contract",
           "",
           "Generated from `warehouse/schema.py` by `python -m warehouse.schema_doc`; do not edit by hand.",
           "Columns in **bold** are relied on by outside checks and users' saved SQL (SPEC.md): their names",
           "never change. A *required* column is never null: its table's suite checks it and a row without it",
           "is quarantined. DuckDB types; the Parquet lake has the same columns with the Arrow types.",
           "Offsets are Python string offsets (code points) into `documents.text`.",
           ""]
    for table, schema in SCHEMAS.items():
        out += [f"## `{table}`", "", TABLE_DESCRIPTIONS[table], "", "| column | type | meaning |", "|---|---|---|"]
        for field in schema:
            meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
            name = f"**{field.name}**" if meta.get("contract") == "true" else field.name
            meaning = meta.get("description", "").replace("|", "\\|")
            if meta.get("required") == "true":
                meaning = "*required* — " + meaning
            out.append(f"| {name} | {_type_name(field.type)} | {meaning} |")
        out.append("")
    return "\n".join(out)


def main() -> int:
    SCHEMA_MD.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_MD}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
