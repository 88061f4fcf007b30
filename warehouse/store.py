"""DuckDB side of the warehouse: tables from the declared schemas, loading committed runs, views.

DuckDB holds the current state; the lake holds the per-run change sets.  A
run is loaded in ONE transaction (delete retracted documents, insert the new
rows, recompute the derived columns of what the run touched, mark the run loaded), so a kill at any point
leaves the previous state.  Loading is idempotent by run id: a run committed
to the lake but not yet loaded (killed between the two steps) is loaded by the
next run.
"""

from __future__ import annotations

import hashlib
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
META = "_meta"  # key -> value: the hash of the view files applied last


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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Create missing tables (and columns added to a schema since) from warehouse.schema.

    One catalogue query per call (every run pays it): True when a table or column was added."""
    have: dict[str, set[str]] = {}
    for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
            "AND database_name = current_database()").fetchall():
        have.setdefault(table, set()).add(column)
    changed = False
    for name, schema in SCHEMAS.items():
        if name not in have:
            empty = schema.empty_table()  # noqa: F841  (scanned by name below)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM empty')
            changed = True
            continue
        for fld in schema:
            if fld.name not in have[name]:
                probe = pa.schema([fld]).empty_table()  # noqa: F841
                col_type = con.execute("SELECT * FROM probe").description[0][1]
                con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{fld.name}" {col_type}')
                changed = True
    if LOADED not in have:
        con.execute(f"CREATE TABLE {LOADED} (run_id VARCHAR PRIMARY KEY, loaded_at TIMESTAMP)")
    if DAMAGED not in have:
        con.execute(f"CREATE TABLE {DAMAGED} (run_id VARCHAR PRIMARY KEY, reason VARCHAR, marked_at TIMESTAMP)")
    if META not in have:
        con.execute(f"CREATE TABLE {META} (key VARCHAR PRIMARY KEY, value VARCHAR)")
    return changed


def create_views(con: duckdb.DuckDBPyConnection, force: bool = True) -> list[str]:
    """Run every analyst view file, in name order; returns the view files applied.

    ``force=False`` (every load) skips them when the view files are the ones applied last time
    (their hash is kept in ``_meta``): seven statements less per tick.  A changed schema forces them."""
    files = sorted(VIEWS_DIR.glob("*.sql"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    digest = hashlib.sha256("\0".join(f.name + "\0" + t for f, t in zip(files, texts)).encode()).hexdigest()
    if not force:
        row = con.execute(f"SELECT value FROM {META} WHERE key = 'views'").fetchone()
        if row and row[0] == digest:
            return []
    for text in texts:
        con.execute(text)
    con.execute(f"INSERT OR REPLACE INTO {META} VALUES ('views', ?)", [digest])
    return [f.stem for f in files]


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
    # False: doc_ids and entities were not read (read_state(..., entities=False): a tick that may
    # have nothing to do); read_entities fills them in once there is work
    entities_read: bool = True


def read_state(path: Path, entities: bool = True) -> WarehouseState:
    """Snapshot of files, document ids, entities and loaded runs (empty for a new warehouse).

    ``entities=False`` leaves out what only linking needs (every document id and every entity,
    the part that grows fastest): what discovery needs to tell a no-op tick costs one read of the
    files table; ``read_entities`` completes the snapshot when the run has work."""
    state = WarehouseState(entities_read=entities)
    if not Path(path).exists():
        state.entities_read = True
        return state
    with connect(path, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "files" in tables:
            for row in con.execute(
                "SELECT source_uri, file_path, content_sha, size, mtime_ns, doc_id, status FROM files"
            ).fetchall():
                known = KnownFile(*row)
                state.files.setdefault(known.file_path or known.source_uri, []).append(known)
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
        if entities:
            _read_entities(con, tables, state)
    return state


def read_entities(path: Path, state: WarehouseState) -> WarehouseState:
    """Fill in the document ids and entities of a state read with ``entities=False`` (no-op when
    they were read); call it before anything writes to the warehouse, so the snapshot is one."""
    if state.entities_read:
        return state
    state.entities_read = True
    if not Path(path).exists():
        return state
    with connect(path, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        _read_entities(con, tables, state)
    return state


def _read_entities(con: duckdb.DuckDBPyConnection, tables: set[str], state: WarehouseState) -> None:
    if "documents" in tables:
        state.doc_ids = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    if "entities" in tables:
        cur = con.execute("SELECT entity_id, canonical_name, label, aliases, first_run_id FROM entities")
        cols = [d[0] for d in cur.description]
        state.entities = [dict(zip(cols, r)) for r in cur.fetchall()]


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


@dataclass
class Touched:
    """The keys whose derived columns a load may have changed: what the loaded run's own rows name
    (its Parquet parts) and what its deletes took away (retracted documents' mentions and event
    reports, replaced files rows).  Nothing else changes: the other rows keep the values the
    whole-table recompute would give them again."""

    doc_ids: set[str] = field(default_factory=set)  # documents.source_uris
    entity_ids: set[str] = field(default_factory=set)  # entities.n_mentions, n_documents
    event_ids: set[str] = field(default_factory=set)  # events' counts; events without reports go

    # table -> (key column, the set it feeds)
    KEYS = {"documents": ("doc_id", "doc_ids"), "files": ("doc_id", "doc_ids"),
            "mentions": ("entity_id", "entity_ids"), "entities": ("entity_id", "entity_ids"),
            "events": ("event_id", "event_ids"), "event_mentions": ("event_id", "event_ids"),
            "event_participants": ("event_id", "event_ids")}

    def note_parts(self, lake: Lake, table: str, paths: list[str]) -> None:
        """The keys a run's parts of ``table`` name (their key column only is read)."""
        if table not in self.KEYS:
            return
        import pyarrow.compute as pc  # here: a no-op tick's load (a runs row) never needs its import

        column, name = self.KEYS[table]
        for p in paths:
            keys = _read_part(lake, p, columns=[column])[column]
            getattr(self, name).update(v for v in pc.unique(keys).to_pylist() if v is not None)

    def note_query(self, con: duckdb.DuckDBPyConnection, name: str, sql: str, scan: pa.Table) -> None:
        """Keys that a delete is about to take away (run before the delete); ``sql`` reads ``scan``."""
        getattr(self, name).update(r[0] for r in con.execute(sql).fetchall() if r[0] is not None)


def load_commit(con: duckdb.DuckDBPyConnection, lake: Lake, commit: Commit, incremental: bool = True) -> bool:
    """Apply one committed run in one transaction; False if it was loaded already.

    Derived columns are recomputed for the documents, entities and events the run touched
    (``incremental``, the default: a load costs what the run wrote, not what the warehouse holds),
    or for every row (``incremental=False``: the whole-table form, which gives the same tables)."""
    if con.execute(f"SELECT 1 FROM {LOADED} WHERE run_id = ?", [commit.run_id]).fetchone():
        return False
    _check_parts(lake, commit)
    touched = Touched()
    con.execute("BEGIN TRANSACTION")
    try:
        if commit.retracted_doc_ids:
            retracted = pa.table({"doc_id": commit.retracted_doc_ids})
            touched.note_query(con, "entity_ids", "SELECT DISTINCT entity_id FROM mentions "
                                                  "WHERE doc_id IN (SELECT doc_id FROM scan)", retracted)
            touched.note_query(con, "event_ids", "SELECT DISTINCT event_id FROM event_mentions "
                                                 "WHERE doc_id IN (SELECT doc_id FROM scan)", retracted)
            for table in DOCUMENT_TABLES:
                con.execute(f'DELETE FROM "{table}" WHERE doc_id IN (SELECT doc_id FROM retracted)')
        if commit.replaced_files:
            replaced = pa.table({"file_path": commit.replaced_files})
            touched.note_query(con, "doc_ids", "SELECT DISTINCT doc_id FROM files "
                                               "WHERE file_path IN (SELECT file_path FROM scan)", replaced)
            con.execute("DELETE FROM files WHERE file_path IN (SELECT file_path FROM replaced)")
        files = commit.files
        if files.get("files"):
            for p in files["files"]:
                batch = _read_part(lake, p, columns=["source_uri"])
                touched.note_query(con, "doc_ids", "SELECT DISTINCT doc_id FROM files "
                                                   "WHERE source_uri IN (SELECT source_uri FROM scan)", batch)
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
            touched.note_parts(lake, table, paths)
            _insert_files(con, lake, table, paths)
        derive(con, touched if incremental else None)
        con.execute(f"INSERT INTO {LOADED} VALUES (?, now())", [commit.run_id])
        con.execute("COMMIT")
    except BaseException:
        try:  # the real cause goes up, not "cannot rollback - no transaction is active"
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise
    return True


def derive(con: duckdb.DuckDBPyConnection, touched: Touched | None = None) -> None:
    """Derived columns: every uri of a document, entity counts, events' counts (events no document
    reports any more go, and their participants).  ``touched=None`` recomputes every row (the
    whole-table form: ``recompute_derived``); else only the keys in ``touched``, with the same SQL
    restricted by key, so both forms give the same rows."""
    def keys(name: str, column: str) -> tuple[str, bool]:
        """(a filter on ``column`` to the touched keys, whether there is anything to do)."""
        if touched is None:
            return "TRUE", True
        ids = getattr(touched, name)
        con.register(f"_touched_{name}", pa.table({"k": pa.array(sorted(ids), pa.string())}))
        return f"{column} IN (SELECT k FROM _touched_{name})", bool(ids)

    docs, any_docs = keys("doc_ids", "doc_id")
    if any_docs:
        con.execute(
            f"""
            UPDATE documents SET source_uris = u.uris
            FROM (SELECT doc_id, list(source_uri ORDER BY run_id, source_uri) AS uris
                  FROM files WHERE status = 'document' AND {docs} GROUP BY doc_id) AS u
            WHERE documents.doc_id = u.doc_id
            """
        )
    ents, any_ents = keys("entity_ids", "entity_id")
    if any_ents:
        con.execute(
            f"""
            UPDATE entities SET n_mentions = coalesce(c.n_mentions, 0), n_documents = coalesce(c.n_documents, 0)
            FROM (SELECT e.entity_id, count(m.doc_id) AS n_mentions, count(DISTINCT m.doc_id) AS n_documents
                  FROM (SELECT entity_id FROM entities WHERE {ents}) e
                  LEFT JOIN (SELECT entity_id, doc_id FROM mentions WHERE {ents}) m USING (entity_id)
                  GROUP BY e.entity_id) AS c
            WHERE entities.entity_id = c.entity_id
            """
        )
    events, any_events = keys("event_ids", "event_id")
    if any_events:
        con.execute(
            f"""
            UPDATE events SET n_documents = c.n_documents, doc_ids = c.doc_ids, n_mentions = c.n_mentions
            FROM (SELECT event_id, count(DISTINCT doc_id) AS n_documents,
                         list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids, count(*) AS n_mentions
                  FROM event_mentions WHERE {events} GROUP BY event_id) AS c
            WHERE events.event_id = c.event_id
            """
        )
        con.execute(f"DELETE FROM events WHERE {events} "
                    f"AND event_id NOT IN (SELECT event_id FROM event_mentions WHERE {events})")
        con.execute(f"DELETE FROM event_participants WHERE {events} "
                    f"AND event_id NOT IN (SELECT event_id FROM events WHERE {events})")
    if touched is not None:
        for name in ("doc_ids", "entity_ids", "event_ids"):
            con.unregister(f"_touched_{name}")


def recompute_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Every derived column of every row, from the tables (the whole-table form; for checks and repair)."""
    derive(con, None)


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


def catch_up_report(path: Path, lake: Lake, incremental: bool = True) -> tuple[list[str], dict[str, str]]:
    """``catch_up`` that also returns the runs newly skipped as damaged (run id -> reason).

    A run with a missing or unreadable lake part, or an unreadable commit record, is marked in
    ``_damaged_runs`` (and gets a ``runs`` row with status ``damaged``) and skipped; the other
    runs load.  Faults of DuckDB itself (disk full, a lock) raise: they say nothing about the lake.

    Only the commit records of runs the DuckDB file has neither loaded nor skipped are read (the
    record names are listed, the rest is in ``_loaded_runs`` / ``_damaged_runs``): a tick reads
    what is new, not the whole history.  ``incremental=False`` recomputes derived columns over
    whole tables at every load (the slow form, for checks)."""
    loaded: list[str] = []
    damaged: dict[str, str] = {}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as con:
        schema_changed = ensure_schema(con)
        skipped = {r[0] for r in con.execute(f"SELECT run_id FROM {DAMAGED}").fetchall()}
        done = {r[0] for r in con.execute(f"SELECT run_id FROM {LOADED}").fetchall()}
        commits = lake.commits(skip=done | skipped)
        for run_id, reason in lake.bad_commits.items():
            if run_id not in skipped:
                _mark_damaged(con, run_id, reason)
                damaged[run_id] = reason
        for commit in commits:
            if commit.run_id in skipped:
                continue
            try:
                if load_commit(con, lake, commit, incremental=incremental):
                    loaded.append(commit.run_id)
            except DamagedPart as exc:
                _mark_damaged(con, commit.run_id, str(exc))
                damaged[commit.run_id] = str(exc)
        create_views(con, force=schema_changed)
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
