"""The analyst views on a small hand-made warehouse with known answers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from warehouse.schema import SCHEMAS, to_table

VIEWS_DIR = Path(__file__).resolve().parents[1] / "warehouse" / "views"
TEXT_A = "Anna Berg traf Karl Ruhm in Talheim. „Wir zahlen 5 Mrd. Euro“, sagte Berg."
TEXT_B = "Karl Ruhm sprach in Talheim. Anna Berg fehlte."
TEXT_C = "Ohne Datum: Anna Berg nannte 3 Mio. Dollar."


def _span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = [m.start() for m in re.finditer(re.escape(part), text)][nth]
    return start, start + len(part)


def _mention(doc: str, text: str, no: int, part: str, ent: str, sent: int, nth: int = 0) -> dict:
    s, e = _span(text, part, nth)
    return {"doc_id": doc, "mention_no": no, "char_start": s, "char_end": e, "text": part, "label": "PER",
            "entity_id": ent, "language": "de", "sentence_no": sent}


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    rows = {name: [] for name in SCHEMAS}
    rows["documents"] = [
        {"doc_id": "a", "source_uri": "file:///a.txt", "text": TEXT_A, "published_at": dt.datetime(2026, 2, 4, 9),
         "language": "de", "source": "Blog", "title": "A", "n_chars": len(TEXT_A)},
        {"doc_id": "b", "source_uri": "file:///b.txt", "text": TEXT_B, "published_at": dt.datetime(2026, 2, 5, 9),
         "language": "de", "title": "B", "n_chars": len(TEXT_B)},
        {"doc_id": "c", "source_uri": "file:///c.txt", "text": TEXT_C, "published_at": None,
         "language": "de", "title": "C", "n_chars": len(TEXT_C)},
    ]
    rows["entities"] = [
        {"entity_id": "anna", "canonical_name": "Anna Berg", "label": "PER", "aliases": ["Anna Berg", "Berg"]},
        {"entity_id": "karl", "canonical_name": "Karl Ruhm", "label": "PER", "aliases": ["Karl Ruhm"]},
        {"entity_id": "tal", "canonical_name": "Talheim", "label": "LOC", "aliases": ["Talheim"]},
    ]
    rows["mentions"] = [
        _mention("a", TEXT_A, 0, "Anna Berg", "anna", 0),
        _mention("a", TEXT_A, 1, "Karl Ruhm", "karl", 0),
        _mention("a", TEXT_A, 2, "Talheim", "tal", 0),
        _mention("a", TEXT_A, 3, "Berg", "anna", 1, nth=1),
        _mention("b", TEXT_B, 0, "Karl Ruhm", "karl", 0),
        _mention("b", TEXT_B, 1, "Talheim", "tal", 0),
        _mention("b", TEXT_B, 2, "Anna Berg", "anna", 1),
        _mention("c", TEXT_C, 0, "Anna Berg", "anna", 0),
    ]
    s, e = _span(TEXT_A, "5 Mrd. Euro")
    qs, qe = _span(TEXT_A, "Wir zahlen 5 Mrd. Euro")
    s2, e2 = _span(TEXT_C, "3 Mio. Dollar")
    rows["figures"] = [
        {"doc_id": "a", "figure_no": 0, "char_start": s, "char_end": e, "text": "5 Mrd. Euro", "kind": "money",
         "value": 5e9, "unit": "EUR", "qualifier": "exact", "subject": "Hilfen", "sentence_no": 1},
        {"doc_id": "c", "figure_no": 0, "char_start": s2, "char_end": e2, "text": "3 Mio. Dollar", "kind": "money",
         "value": 3e6, "unit": "USD", "qualifier": "exact", "sentence_no": 0},
        {"doc_id": "a", "figure_no": 1, "char_start": 0, "char_end": 1, "text": "A", "kind": "quantity", "value": 1.0},
    ]
    rows["quotes"] = [
        {"doc_id": "a", "quote_no": 0, "text": "Wir zahlen 5 Mrd. Euro", "speaker_entity_id": "anna",
         "speaker_text": "Berg", "cue": "sagte", "char_start": qs, "char_end": qe, "sentence_no": 1},
    ]
    for name, r in rows.items():
        con.register("t", to_table(name, r))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM t")
        con.unregister("t")
    for sql in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(sql.read_text())
    return con


def test_one_view_per_file_named_as_documented() -> None:
    names = []
    for sql in sorted(VIEWS_DIR.glob("*.sql")):
        found = re.findall(r"CREATE OR REPLACE VIEW (\w+) AS", sql.read_text())
        assert len(found) == 1, sql
        names += found
    assert names == ["entity_mentions", "money", "entity_cooccurrence", "entity_timeline", "meetings",
                     "claims_by_speaker", "story_timeline"]
    readme = (VIEWS_DIR / "README.md").read_text()
    for name in names:
        assert f"FROM {name}" in readme


def test_entity_mentions(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT doc_id, date, source, language, mention_text FROM entity_mentions WHERE entity = 'Anna Berg' ORDER BY doc_id, char_start"
    ).fetchall()
    assert rows == [
        ("a", dt.date(2026, 2, 4), "Blog", "de", "Anna Berg"),
        ("a", dt.date(2026, 2, 4), "Blog", "de", "Berg"),
        ("b", dt.date(2026, 2, 5), "file:///b.txt", "de", "Anna Berg"),
        ("c", None, "file:///c.txt", "de", "Anna Berg"),
    ]


def test_money(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT doc_id, amount, currency, subject, speaker, date FROM money ORDER BY amount DESC").fetchall()
    assert rows == [
        ("a", 5e9, "EUR", "Hilfen", "Anna Berg", dt.date(2026, 2, 4)),
        ("c", 3e6, "USD", None, None, None),
    ]


def test_entity_cooccurrence(con: duckdb.DuckDBPyConnection) -> None:
    rows = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "SELECT entity_a, entity_b, n_documents, n_sentences, jaccard FROM entity_cooccurrence"
        ).fetchall()
    }
    # anna in a,b,c; karl and tal in a,b.  Same sentence: a/0 anna+karl+tal, b/0 karl+tal.
    assert rows[("Anna Berg", "Karl Ruhm")] == (2, 1, pytest.approx(2 / 3))
    assert rows[("Anna Berg", "Talheim")] == (2, 1, pytest.approx(2 / 3))
    assert rows[("Karl Ruhm", "Talheim")] == (2, 2, pytest.approx(1.0))
    assert len(rows) == 3


def test_entity_timeline(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT entity, day, n_mentions, n_documents FROM entity_timeline ORDER BY entity, day"
    ).fetchall()
    assert rows == [
        ("Anna Berg", dt.date(2026, 2, 4), 2, 1),
        ("Anna Berg", dt.date(2026, 2, 5), 1, 1),
        ("Karl Ruhm", dt.date(2026, 2, 4), 1, 1),
        ("Karl Ruhm", dt.date(2026, 2, 5), 1, 1),
        ("Talheim", dt.date(2026, 2, 4), 1, 1),
        ("Talheim", dt.date(2026, 2, 5), 1, 1),
    ]
