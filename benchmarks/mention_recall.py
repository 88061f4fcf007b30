"""Mention-level recall of a warehouse: how many occurrences of each linked name are mentions.

For every document and every entity linked in it, the names it is known by (its ``aliases``
and, for people, the surname of a multi-word alias) are looked up in the document's text on
word boundaries (a German genitive ``-s`` or an English ``'s`` allowed); an occurrence counts
as found when a mention of that entity overlaps it.  The count is a lower bound on what a
reader would tag (names never linked in a document are not counted), so it measures what
issue 13.5 asks: once a name is an entity in a document, are its other occurrences mentions?

    .venv/bin/newsflow run ../shared/corpus/seeds --warehouse /tmp/ent/nf.duckdb
    .venv/bin/python benchmarks/mention_recall.py /tmp/ent/nf.duckdb [--misses]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _forms(aliases: list[str], label: str) -> set[str]:
    """Names to look for: every alias, and a person's surname (last token of a multi-word alias)."""
    out = {a for a in aliases if len(a) >= 2}
    if label == "PER":
        for a in aliases:
            toks = a.split()
            if len(toks) > 1 and len(toks[-1]) >= 3 and not toks[-1].endswith("."):
                out.add(toks[-1])
    return out


def occurrences(text: str, forms: set[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of any form (longest first), word-bounded, genitive allowed."""
    if not forms:
        return []
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?:s|['’]s)?(?![\w])")
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def measure(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, list[int]], list[tuple[str, str, str]]]:
    """Per label [found, occurrences], and the misses (doc_id, canonical, text)."""
    docs = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    ents = {e: (c, l, list(a or [])) for e, c, l, a in
            con.execute("SELECT entity_id, canonical_name, label, aliases FROM entities").fetchall()}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for doc_id, eid, s, e in con.execute(
            "SELECT doc_id, entity_id, char_start, char_end FROM mentions WHERE entity_id IS NOT NULL").fetchall():
        spans[(doc_id, eid)].append((s, e))
    all_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (doc_id, _), ss in spans.items():
        all_spans[doc_id].extend(ss)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[tuple[str, str, str]] = []
    for (doc_id, eid), mine in sorted(spans.items()):
        if eid not in ents or doc_id not in docs:
            continue
        canonical, label, aliases = ents[eid]
        for s, e, surface in occurrences(docs[doc_id], _forms(aliases, label)):
            if any(ms < e and s < me for ms, me in all_spans[doc_id]) and not any(ms < e and s < me for ms, me in mine):
                continue  # the text is part of another entity's mention (Putin in "Putin-Xi-Gipfel" ORG)
            totals[label][1] += 1
            if any(ms < e and s < me for ms, me in mine):
                totals[label][0] += 1
            else:
                misses.append((doc_id, canonical, surface))
    return dict(totals), misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--misses", action="store_true", help="print every occurrence not tagged")
    args = ap.parse_args()
    con = duckdb.connect(str(args.warehouse), read_only=True)
    totals, misses = measure(con)
    found = sum(v[0] for v in totals.values())
    occ = sum(v[1] for v in totals.values())
    for label in sorted(totals):
        f, n = totals[label]
        print(f"{label}: {f}/{n} occurrences tagged, recall {f / n:.3f}" if n else f"{label}: none")
    print(f"all: {found}/{occ}, mention recall {found / occ:.3f}" if occ else "no linked mentions")
    if args.misses:
        for doc_id, canonical, surface in misses:
            print(f"  miss {doc_id} {canonical!r}: {surface!r}")


if __name__ == "__main__":
    main()
