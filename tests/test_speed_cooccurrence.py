"""entity_cooccurrence, rewritten so filters reach the rows before its self-join, keeps its answers:
checked against pairs counted in Python on a generated warehouse (sentence numbers past 63, missing
sentence numbers, mentions without an entity, an entity without an entities row)."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

VIEW = Path(__file__).resolve().parents[1] / "warehouse" / "views" / "30_entity_cooccurrence.sql"


@pytest.fixture(scope="module")
def warehouse() -> tuple[duckdb.DuckDBPyConnection, list[tuple]]:
    rng = random.Random(16)
    mentions = []
    for d in range(60):
        for m in range(rng.randint(1, 25)):
            entity = None if rng.random() < 0.05 else f"e{int(rng.random() ** 2 * 30)}"
            sentence = None if rng.random() < 0.05 else rng.choice([rng.randint(0, 12), rng.randint(60, 70), rng.randint(120, 300)])
            mentions.append((f"d{d}", m, entity, sentence))
    con = duckdb.connect()
    con.execute("CREATE TABLE mentions (doc_id VARCHAR, mention_no INT, entity_id VARCHAR, sentence_no INT)")
    con.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?)", mentions)
    con.execute("CREATE TABLE entities (entity_id VARCHAR, canonical_name VARCHAR, label VARCHAR)")
    con.executemany("INSERT INTO entities VALUES (?, ?, 'PER')", [(f"e{i}", f"Name {i}") for i in range(30) if i != 3])
    con.execute(VIEW.read_text(encoding="utf-8"))
    return con, mentions


def _expected(mentions: list[tuple]) -> dict[tuple[str, str], tuple[int, int, float]]:
    docs_of, sentences_of = defaultdict(set), defaultdict(set)
    for doc, _, entity, sentence in mentions:
        if entity is not None:
            docs_of[entity].add(doc)
            if sentence is not None:
                sentences_of[entity].add((doc, sentence))
    out = {}
    for a, b in itertools.combinations(sorted(docs_of), 2):
        shared = len(docs_of[a] & docs_of[b])
        if shared:
            out[(a, b)] = (shared, len(sentences_of[a] & sentences_of[b]),
                           shared / len(docs_of[a] | docs_of[b]))
    return out


def test_every_pair_matches_a_count_in_python(warehouse) -> None:
    con, mentions = warehouse
    got = {(a, b): (n, s, pytest.approx(j)) for a, b, n, s, j in con.execute(
        "SELECT entity_id_a, entity_id_b, n_documents, n_sentences, jaccard FROM entity_cooccurrence").fetchall()}
    assert got == _expected(mentions)
    unnamed = con.execute("SELECT count(*) FROM entity_cooccurrence WHERE (entity_id_a = 'e3' AND entity_a IS NULL) "
                          "OR (entity_id_b = 'e3' AND entity_b IS NULL)").fetchone()[0]
    assert unnamed > 0  # an entity without an entities row keeps its pairs, unnamed


def test_filtered_queries_answer_as_the_whole_view_does(warehouse) -> None:
    con, _ = warehouse
    whole = con.execute("SELECT * FROM entity_cooccurrence").fetchall()
    partners = con.execute("SELECT * FROM entity_cooccurrence WHERE 'Name 1' IN (entity_a, entity_b)").fetchall()
    assert sorted(partners) == sorted(r for r in whole if "Name 1" in (r[1], r[4]))
    one_side = con.execute("SELECT * FROM entity_cooccurrence WHERE entity_id_a = 'e0'").fetchall()
    assert sorted(one_side) == sorted(r for r in whole if r[0] == "e0") and one_side
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE entity_cooccurrence)").fetchall())
    assert (types["n_documents"], types["n_sentences"], types["jaccard"]) == ("BIGINT", "BIGINT", "DOUBLE")
