"""The lake and the DuckDB loader: atomic visibility, idempotent loads, retractions, the run lock."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.lake import Commit, Lake, new_run_id
from warehouse.lock import RunLock, WarehouseBusy
from warehouse.schema import SCHEMAS, to_table
from warehouse.store import catch_up, ensure_schema, read_state


def _doc(doc_id: str, run_id: str, uri: str) -> dict:
    return {"doc_id": doc_id, "source_uri": uri, "source_uris": [uri], "text": f"text {doc_id}", "run_id": run_id}


def _write_run(lake: Lake, docs: list[tuple[str, str]], commit: bool = True, retract: list[str] = ()) -> str:
    run_id = new_run_id()
    files = {
        "documents": [lake.write(run_id, "documents", to_table("documents", [_doc(d, run_id, u) for d, u in docs]), "0")],
        "files": [lake.write(run_id, "files", to_table("files", [
            {"source_uri": u, "file_path": u, "doc_id": d, "status": "document", "run_id": run_id} for d, u in docs]),
            "0")],
        "mentions": [lake.write(run_id, "mentions", to_table("mentions", [
            {"doc_id": d, "mention_no": 0, "char_start": 0, "char_end": 4, "text": "text", "label": "PER",
             "entity_id": "E1", "run_id": run_id} for d, _ in docs]), "0")],
    }
    if commit:
        lake.commit(Commit(run_id, "now", "completed", files, list(retract)))
    return run_id


def _count(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_uncommitted_run_is_invisible_and_removed(tmp_path: Path) -> None:
    lake = Lake(str(tmp_path / "lake"))
    db = tmp_path / "w.duckdb"
    done = _write_run(lake, [("a", "/in/a.txt")])
    killed = _write_run(lake, [("b", "/in/b.txt")], commit=False)
    assert catch_up(db, lake) == [done]
    assert _count(db, "SELECT doc_id FROM documents") == [("a",)]
    assert lake.remove_uncommitted() == [killed]
    assert not list((tmp_path / "lake" / "documents").glob(f"*/run_id={killed}"))
    assert list((tmp_path / "lake" / "documents").glob(f"*/run_id={done}"))


def test_loading_is_idempotent_and_catches_up(tmp_path: Path) -> None:
    lake = Lake(str(tmp_path / "lake"))
    db = tmp_path / "w.duckdb"
    first = _write_run(lake, [("a", "/in/a.txt")])
    second = _write_run(lake, [("b", "/in/b.txt")])
    assert catch_up(db, lake) == [first, second]
    assert catch_up(db, lake) == []
    assert _count(db, "SELECT count(*) FROM documents") == [(2,)]
    assert read_state(db).loaded_runs == {first, second}


def test_retraction_replaces_a_changed_document(tmp_path: Path) -> None:
    lake = Lake(str(tmp_path / "lake"))
    db = tmp_path / "w.duckdb"
    _write_run(lake, [("old", "/in/a.txt")])
    _write_run(lake, [("new", "/in/a.txt")], retract=["old"])
    catch_up(db, lake)
    assert _count(db, "SELECT doc_id FROM documents") == [("new",)]
    assert _count(db, "SELECT doc_id FROM mentions") == [("new",)]
    assert _count(db, "SELECT doc_id FROM files") == [("new",)]


def test_same_text_two_uris_lists_both(tmp_path: Path) -> None:
    lake = Lake(str(tmp_path / "lake"))
    db = tmp_path / "w.duckdb"
    run_id = new_run_id()
    files = {
        "documents": [lake.write(run_id, "documents", to_table("documents", [_doc("a", run_id, "/in/1.txt")]), "0")],
        "files": [lake.write(run_id, "files", to_table("files", [
            {"source_uri": u, "file_path": u, "doc_id": "a", "status": "document", "run_id": run_id}
            for u in ("/in/1.txt", "/in/2.txt")]), "0")],
    }
    lake.commit(Commit(run_id, "now", "completed", files))
    catch_up(db, lake)
    assert _count(db, "SELECT source_uri, source_uris FROM documents") == [("/in/1.txt", ["/in/1.txt", "/in/2.txt"])]


def test_a_failing_load_leaves_the_previous_state(tmp_path: Path) -> None:
    lake = Lake(str(tmp_path / "lake"))
    db = tmp_path / "w.duckdb"
    _write_run(lake, [("a", "/in/a.txt")])
    catch_up(db, lake)
    bad = new_run_id()
    good_path = lake.write(bad, "documents", to_table("documents", [_doc("b", bad, "/in/b.txt")]), "0")
    lake.commit(Commit(bad, "now", "completed", {"documents": [good_path, good_path + ".missing"]}))
    assert catch_up(db, lake) == []  # the damaged run is skipped (and marked), not loaded in part
    assert _count(db, "SELECT doc_id FROM documents") == [("a",)]
    assert bad not in read_state(db).loaded_runs


def test_schema_creates_every_declared_table(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    for name, schema in SCHEMAS.items():
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [name]).fetchall()]
        assert cols == schema.names
    con.close()


def test_second_writer_is_refused_then_admitted(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with RunLock(db):
        with pytest.raises(WarehouseBusy, match="another newsflow run"):
            with RunLock(db, wait_s=0.3):
                pass
    with RunLock(db, wait_s=0):
        pass


def test_committed_lake_is_queryable_from_duckdb_with_partition_pruning(tmp_path: Path) -> None:
    lake = Lake(str(tmp_path / "lake"))
    _write_run(lake, [("a", "/in/a.txt"), ("b", "/in/b.txt")])
    _write_run(lake, [("c", "/in/c.txt")], commit=False)  # invisible
    docs = lake.dataset("documents")
    con = duckdb.connect()
    con.register("lake_documents", docs)
    assert con.execute("SELECT count(*) FROM lake_documents").fetchone() == (2,)
    day = con.execute("SELECT DISTINCT ingest_date FROM lake_documents").fetchone()[0]
    assert len(day) == 10 and day[4] == "-"
    assert con.execute("SELECT count(*) FROM lake_documents WHERE ingest_date = '1999-01-01'").fetchone() == (0,)


def test_lake_on_s3_commits_loads_and_queries(tmp_path: Path, s3_endpoint: str) -> None:
    lake = Lake("s3://newsflow-test/lake", s3_endpoint_url=s3_endpoint)
    first = _write_run(lake, [("a", "/in/a.txt")])
    _write_run(lake, [("z", "/in/z.txt")], commit=False)
    assert [c.run_id for c in lake.commits()] == [first]
    db = tmp_path / "w.duckdb"
    assert catch_up(db, lake) == [first]
    assert _count(db, "SELECT doc_id FROM documents") == [("a",)]
    con = duckdb.connect()
    con.register("lake_documents", lake.dataset("documents"))
    assert con.execute("SELECT doc_id FROM lake_documents").fetchall() == [("a",)]
    assert len(lake.remove_uncommitted()) == 1
