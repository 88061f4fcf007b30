"""DuckDB side of the warehouse: tables from the declared schemas, loading committed runs, views.

DuckDB holds the current state; the lake holds the per-run change sets.  A
run is loaded in ONE transaction (delete retracted documents, insert the new
rows, recompute derived columns, mark the run loaded), so a kill at any point
leaves the previous state.  Loading is idempotent by run id: a run committed
to the lake but not yet loaded (killed between the two steps) is loaded by the
next run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.lake import Commit, Lake
from warehouse.schema import DOCUMENT_TABLES, SCHEMAS

VIEWS_DIR = Path(__file__).resolve().parent / "views"
LOADED = "_loaded_runs"


# DuckDB takes up to 80% of RAM by default; a run shares its process with the models and must stay
# under ~1.5 GB whatever it loads, so DuckDB spills to disk (beside the database) past this.
DUCKDB_CONFIG = {"memory_limit": "512MB"}


@contextmanager
def connect(path: Path, read_only: bool = False, wait_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection; retries while another process briefly holds the file (a run's load step)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=DUCKDB_CONFIG)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.25)
    try:
        yield con
    finally:
        con.close()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables (and columns added to a schema since) from warehouse.schema."""
    existing = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    for name, schema in SCHEMAS.items():
        if name not in existing:
            empty = schema.empty_table()  # noqa: F841  (scanned by name below)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM empty')
            continue
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]).fetchall()}
        for fld in schema:
            if fld.name not in have:
                probe = pa.schema([fld]).empty_table()  # noqa: F841
                col_type = con.execute("SELECT * FROM probe").description[0][1]
                con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{fld.name}" {col_type}')
    if LOADED not in existing:
        con.execute(f"CREATE TABLE {LOADED} (run_id VARCHAR PRIMARY KEY, loaded_at TIMESTAMP)")


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Run every analyst view file, in name order; returns the view files applied."""
    applied = []
    for sql_file in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(sql_file.read_text(encoding="utf-8"))
        applied.append(sql_file.stem)
    return applied


@dataclass
class KnownFile:
    source_uri: str
    file_path: str
    content_sha: str
    size: int
    mtime_ns: int
    doc_id: str | None
    status: str


@dataclass
class WarehouseState:
    """What a run needs to know of the warehouse, read once at its start."""

    files: dict[str, list[KnownFile]] = field(default_factory=dict)  # by file_path
    doc_ids: set[str] = field(default_factory=set)
    entities: list[dict] = field(default_factory=list)
    loaded_runs: set[str] = field(default_factory=set)
    # file path -> (stage, reason, detail) of its latest quarantine row: decides whether a
    # quarantined file is retried (a passing reason such as too_large or unreadable)
    quarantined: dict[str, tuple[str, str, str]] = field(default_factory=dict)


def read_state(path: Path) -> WarehouseState:
    """Snapshot of files, document ids, entities and loaded runs (empty for a new warehouse)."""
    state = WarehouseState()
    if not Path(path).exists():
        return state
    with connect(path, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "files" in tables:
            for row in con.execute(
                "SELECT source_uri, file_path, content_sha, size, mtime_ns, doc_id, status FROM files"
            ).fetchall():
                known = KnownFile(*row)
                state.files.setdefault(known.file_path or known.source_uri, []).append(known)
        if "documents" in tables:
            state.doc_ids = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
        if "entities" in tables:
            cur = con.execute("SELECT entity_id, canonical_name, label, aliases, first_run_id FROM entities")
            cols = [d[0] for d in cur.description]
            state.entities = [dict(zip(cols, r)) for r in cur.fetchall()]
        if LOADED in tables:
            state.loaded_runs = {r[0] for r in con.execute(f"SELECT run_id FROM {LOADED}").fetchall()}
        if "quarantine" in tables:
            for uri, stage, reason, detail in con.execute(
                "SELECT source_uri, arg_max(stage, quarantined_at), arg_max(reason, quarantined_at), "
                "arg_max(coalesce(detail, ''), quarantined_at) FROM quarantine "
                "WHERE stage <> 'validate' GROUP BY source_uri"
            ).fetchall():
                state.quarantined[uri] = (stage, reason, detail)
    return state


def _insert_files(con: duckdb.DuckDBPyConnection, lake: Lake, table: str, paths: list[str]) -> None:
    columns = ", ".join(f'"{n}"' for n in SCHEMAS[table].names)
    for p in paths:
        batch = pq.read_table(p, filesystem=lake.fs, schema=SCHEMAS[table])  # noqa: F841
        con.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM batch')


def load_commit(con: duckdb.DuckDBPyConnection, lake: Lake, commit: Commit) -> bool:
    """Apply one committed run in one transaction; False if it was loaded already."""
    if con.execute(f"SELECT 1 FROM {LOADED} WHERE run_id = ?", [commit.run_id]).fetchone():
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        if commit.retracted_doc_ids:
            retracted = pa.table({"doc_id": commit.retracted_doc_ids})  # noqa: F841
            for table in DOCUMENT_TABLES:
                con.execute(f'DELETE FROM "{table}" WHERE doc_id IN (SELECT doc_id FROM retracted)')
        if commit.replaced_files:
            replaced = pa.table({"file_path": commit.replaced_files})  # noqa: F841
            con.execute("DELETE FROM files WHERE file_path IN (SELECT file_path FROM replaced)")
        files = commit.files
        if files.get("files"):
            for p in files["files"]:
                batch = pq.read_table(p, filesystem=lake.fs, columns=["source_uri"])  # noqa: F841
                con.execute("DELETE FROM files WHERE source_uri IN (SELECT source_uri FROM batch)")
        if files.get("entities"):
            for p in files["entities"]:
                batch = pq.read_table(p, filesystem=lake.fs, columns=["entity_id"])  # noqa: F841
                con.execute("DELETE FROM entities WHERE entity_id IN (SELECT entity_id FROM batch)")
        for table, paths in files.items():
            _insert_files(con, lake, table, paths)
        # derived columns: every uri of a document, entity counts
        con.execute(
            """
            UPDATE documents SET source_uris = u.uris
            FROM (SELECT doc_id, list(source_uri ORDER BY run_id, source_uri) AS uris
                  FROM files WHERE status = 'document' GROUP BY doc_id) AS u
            WHERE documents.doc_id = u.doc_id
            """
        )
        con.execute(
            """
            UPDATE entities SET n_mentions = coalesce(c.n_mentions, 0), n_documents = coalesce(c.n_documents, 0)
            FROM (SELECT e.entity_id, count(m.doc_id) AS n_mentions, count(DISTINCT m.doc_id) AS n_documents
                  FROM entities e LEFT JOIN mentions m USING (entity_id) GROUP BY e.entity_id) AS c
            WHERE entities.entity_id = c.entity_id
            """
        )
        con.execute(f"INSERT INTO {LOADED} VALUES (?, now())", [commit.run_id])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return True


def catch_up(path: Path, lake: Lake) -> list[str]:
    """Load every committed run the DuckDB file does not have yet (in commit order), then the views."""
    loaded: list[str] = []
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as con:
        ensure_schema(con)
        for commit in lake.commits():
            if load_commit(con, lake, commit):
                loaded.append(commit.run_id)
        create_views(con)
    return loaded


def query(path: Path, sql: str) -> pa.Table:
    """Run SQL read-only (analysts' ad-hoc queries); writes are refused by DuckDB."""
    with connect(path, read_only=True) as con:
        return con.sql(sql).to_arrow_table()
