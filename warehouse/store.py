"""DuckDB side of the warehouse: tables from the declared schemas, loading committed runs, views.

DuckDB holds the current state; the lake holds the per-run change sets.  A
run is loaded in ONE transaction (delete retracted documents, insert the new
rows, recompute derived columns, mark the run loaded), so a kill at any point
leaves the previous state.  Loading is idempotent by run id: a run committed
to the lake but not yet loaded (killed between the two steps) is loaded by the
next run.
"""

from __future__ import annotations

import logging
import os
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

log = logging.getLogger("newsflow.warehouse")
VIEWS_DIR = Path(__file__).resolve().parent / "views"
LOADED = "_loaded_runs"
DAMAGED = "_damaged_runs"  # committed runs skipped because a lake part or their record is damaged


# DuckDB takes up to 80% of RAM by default; a run shares its process with the models and must stay
# under ~1.5 GB whatever it loads, so DuckDB spills to disk (beside the database) past this.
DUCKDB_CONFIG = {"memory_limit": "512MB"}


@contextmanager
def connect(path: Path, read_only: bool = False, wait_s: float = 30.0,
            config: dict | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection; retries while another process briefly holds the file (a run's load step)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config={**DUCKDB_CONFIG, **(config or {})})
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
    if DAMAGED not in existing:
        con.execute(f"CREATE TABLE {DAMAGED} (run_id VARCHAR PRIMARY KEY, reason VARCHAR, marked_at TIMESTAMP)")


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
    damaged_runs: set[str] = field(default_factory=set)  # committed but skipped: a lake part is damaged
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
        if DAMAGED in tables:
            state.damaged_runs = {r[0] for r in con.execute(f"SELECT run_id FROM {DAMAGED}").fetchall()}
        if "quarantine" in tables:
            for uri, stage, reason, detail in con.execute(
                "SELECT source_uri, arg_max(stage, quarantined_at), arg_max(reason, quarantined_at), "
                "arg_max(coalesce(detail, ''), quarantined_at) FROM quarantine "
                "WHERE stage <> 'validate' GROUP BY source_uri"
            ).fetchall():
                state.quarantined[uri] = (stage, reason, detail)
    return state


class DamagedPart(Exception):
    """A committed lake file that is missing or cannot be read: its run is skipped, not fatal."""


def _damaged(lake: Lake, path: str, exc: BaseException) -> DamagedPart:
    where = lake.relative(lake.resolve(path))
    if isinstance(exc, FileNotFoundError):
        return DamagedPart(f"lake part {where} is missing")
    first = (str(exc).strip().splitlines() or [""])[0]
    return DamagedPart(f"lake part {where} is unreadable: {type(exc).__name__}: {first}"[:500])


def _read_part(lake: Lake, path: str, **kwargs) -> pa.Table:
    try:
        return pq.read_table(lake.resolve(path), filesystem=lake.fs, **kwargs)
    except (OSError, pa.ArrowException, ValueError) as exc:  # missing, truncated, not Parquet
        raise _damaged(lake, path, exc) from None


def _check_parts(lake: Lake, commit: Commit) -> None:
    """Every file of the commit is there and has a Parquet footer (before the transaction starts)."""
    for paths in commit.files.values():
        for p in paths:
            try:
                pq.read_metadata(lake.resolve(p), filesystem=lake.fs)
            except (OSError, pa.ArrowException, ValueError) as exc:
                raise _damaged(lake, p, exc) from None


def _insert_files(con: duckdb.DuckDBPyConnection, lake: Lake, table: str, paths: list[str]) -> None:
    columns = ", ".join(f'"{n}"' for n in SCHEMAS[table].names)
    for p in paths:
        batch = _read_part(lake, p, schema=SCHEMAS[table])  # noqa: F841
        con.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM batch')


def load_commit(con: duckdb.DuckDBPyConnection, lake: Lake, commit: Commit) -> bool:
    """Apply one committed run in one transaction; False if it was loaded already."""
    if con.execute(f"SELECT 1 FROM {LOADED} WHERE run_id = ?", [commit.run_id]).fetchone():
        return False
    _check_parts(lake, commit)
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
                batch = _read_part(lake, p, columns=["source_uri"])  # noqa: F841
                con.execute("DELETE FROM files WHERE source_uri IN (SELECT source_uri FROM batch)")
        if files.get("entities"):
            for p in files["entities"]:
                batch = _read_part(lake, p, columns=["entity_id"])  # noqa: F841
                con.execute("DELETE FROM entities WHERE entity_id IN (SELECT entity_id FROM batch)")
        for p in files.get("events", []):  # a changed event replaces its row and its participants
            batch = _read_part(lake, p, columns=["event_id"])  # noqa: F841
            con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM batch)")
            con.execute("DELETE FROM event_participants WHERE event_id IN (SELECT event_id FROM batch)")
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
        _derive_events(con)
        con.execute(f"INSERT INTO {LOADED} VALUES (?, now())", [commit.run_id])
        con.execute("COMMIT")
    except BaseException:
        try:  # the real cause goes up, not "cannot rollback - no transaction is active"
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise
    return True


def _derive_events(con: duckdb.DuckDBPyConnection) -> None:
    """Events' document counts from event_mentions; events no document reports any more go."""
    con.execute(
        """
        UPDATE events SET n_documents = c.n_documents, doc_ids = c.doc_ids, n_mentions = c.n_mentions
        FROM (SELECT event_id, count(DISTINCT doc_id) AS n_documents, list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
                     count(*) AS n_mentions
              FROM event_mentions GROUP BY event_id) AS c
        WHERE events.event_id = c.event_id
        """
    )
    con.execute("DELETE FROM events WHERE event_id NOT IN (SELECT event_id FROM event_mentions)")
    con.execute("DELETE FROM event_participants WHERE event_id NOT IN (SELECT event_id FROM events)")


def read_event_state(path: Path) -> dict[str, list]:
    """Events, participants, stories and main-event pairs of the warehouse: where a run's
    event merging and story assignment start (empty for a new warehouse)."""
    out: dict[str, list] = {"events": [], "participants": [], "stories": [], "main_pairs": []}
    if not Path(path).exists():
        return out
    with connect(path, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"events", "event_participants", "event_mentions", "stories"} <= tables:
            return out
        cur = con.execute("SELECT * FROM events")
        cols = [d[0] for d in cur.description]
        out["events"] = [dict(zip(cols, r)) for r in cur.fetchall()]
        out["participants"] = [{"event_id": e, "entity_id": i, "role": r} for e, i, r in
                               con.execute("SELECT event_id, entity_id, role FROM event_participants").fetchall()]
        out["stories"] = con.execute("SELECT doc_id, story_id FROM stories").fetchall()
        out["main_pairs"] = con.execute(
            "SELECT DISTINCT event_id, doc_id FROM event_mentions WHERE is_main").fetchall()
    return out


def _mark_damaged(con: duckdb.DuckDBPyConnection, run_id: str, reason: str) -> None:
    """Skip a run whose lake files or record are damaged, for good, with a runs row that says why."""
    log.warning("run %s skipped: %s", run_id, reason)
    con.execute(f"INSERT OR REPLACE INTO {DAMAGED} VALUES (?, ?, now())", [run_id, reason])
    con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
    con.execute("INSERT INTO runs (run_id, status, message, finished_at) VALUES (?, 'damaged', ?, now())",
                [run_id, f"not loaded: {reason}"])


def catch_up(path: Path, lake: Lake) -> list[str]:
    """Load every committed run the DuckDB file does not have yet (in commit order), then the views."""
    return catch_up_report(path, lake)[0]


def catch_up_report(path: Path, lake: Lake) -> tuple[list[str], dict[str, str]]:
    """``catch_up`` that also returns the runs newly skipped as damaged (run id -> reason).

    A run with a missing or unreadable lake part, or an unreadable commit record, is marked in
    ``_damaged_runs`` (and gets a ``runs`` row with status ``damaged``) and skipped; the other
    runs load.  Faults of DuckDB itself (disk full, a lock) raise: they say nothing about the lake."""
    loaded: list[str] = []
    damaged: dict[str, str] = {}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as con:
        ensure_schema(con)
        skipped = {r[0] for r in con.execute(f"SELECT run_id FROM {DAMAGED}").fetchall()}
        commits = lake.commits()
        for run_id, reason in lake.bad_commits.items():
            if run_id not in skipped:
                _mark_damaged(con, run_id, reason)
                damaged[run_id] = reason
        for commit in commits:
            if commit.run_id in skipped:
                continue
            try:
                if load_commit(con, lake, commit):
                    loaded.append(commit.run_id)
            except DamagedPart as exc:
                _mark_damaged(con, commit.run_id, str(exc))
                damaged[commit.run_id] = str(exc)
        create_views(con)
    return loaded, damaged


def rebuild(path: Path, lake: Lake) -> tuple[list[str], dict[str, str]]:
    """Re-create the DuckDB file from the lake: built beside it, then swapped in whole (the old
    file stays until the new one is complete). Damaged runs are skipped and reported."""
    path = Path(path)
    fresh = path.with_name(path.name + ".rebuild")
    for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
        leftover.unlink(missing_ok=True)
    result = catch_up_report(fresh, lake)
    os.replace(fresh, path)
    Path(str(path) + ".wal").unlink(missing_ok=True)
    return result


def query(path: Path, sql: str, allow_external: bool = False) -> pa.Table:
    """Run SQL read-only (analysts' ad-hoc queries); writes are refused by DuckDB, and so is any
    file outside the warehouse (COPY … TO, read_text, read_csv…) unless ``allow_external``."""
    config = {} if allow_external else {"enable_external_access": False}
    with connect(path, read_only=True, config=config) as con:
        return con.sql(sql).to_arrow_table()
