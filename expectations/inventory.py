"""Lists every expectation of every suite, one line each, so a change to how suites are built can be
diffed: ``python -m expectations.inventory > before.tsv`` … ``diff before.tsv after.tsv``.

A line is table, name, GX type, column(s), kwargs (JSON, sorted), severity, reason and description.
"""

from __future__ import annotations

import json
import sys

from .runner import column_of, all_suites


def lines() -> list[str]:
    """One tab-separated line per expectation, sorted by table and name."""
    out = []
    for table, suite in all_suites().items():
        for e in suite.expectations:
            kw = {k: v for k, v in e.configuration.kwargs.items() if k not in ("column", "column_list", "column_A", "column_B")}
            meta = e.meta or {}
            out.append("\t".join([
                table, meta.get("name", ""), type(e).__name__, column_of(e.configuration.kwargs) or "",
                json.dumps(kw, sort_keys=True, default=str, ensure_ascii=False), meta.get("severity", ""),
                meta.get("flag", ""), meta.get("reason", ""), e.description or "",
            ]))
    return sorted(out)


def main() -> int:
    sys.stdout.write("\n".join(lines()) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
