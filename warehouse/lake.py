"""The Parquet lake: an append-only log of per-run change sets.

Every run writes its rows under ``<lake>/<table>/ingest_date=<day>/run_id=<id>/``
(hive partitions: appending a run never rewrites old files, and DuckDB prunes
by date or run).  Files of a run are invisible until the run's commit record
``<lake>/_commits/<run_id>.json`` exists; that record is written last and in
one step, so a run killed at any point leaves no visible trace, and its
orphaned files are removed by the next run.  The lake may live on a local
disk or on object storage (``s3://bucket/prefix``) through pyarrow's
filesystems.  Commit records name their files relative to the lake, so a copied
lake reads its own files (records of older versions, with absolute paths, are
rebased onto the lake they are read from).  A commit record that cannot be read
is reported in ``Lake.bad_commits`` and skipped, never fatal.
"""

from __future__ import annotations

import json
import os
import posixpath
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

COMMITS = "_commits"


@dataclass
class Commit:
    """What one run added: files per table and the documents it retracted."""

    run_id: str
    committed_at: str
    status: str
    files: dict[str, list[str]] = field(default_factory=dict)
    retracted_doc_ids: list[str] = field(default_factory=list)
    replaced_files: list[str] = field(default_factory=list)  # file paths whose earlier rows this run replaces
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, raw: str) -> "Commit":
        return cls(**json.loads(raw))


def filesystem_for(location: str, s3_endpoint_url: str | None = None) -> tuple[pafs.FileSystem, str]:
    """A pyarrow filesystem and the path inside it for a local folder or an s3:// url."""
    if location.startswith("s3://"):
        kwargs: dict[str, Any] = {}
        if s3_endpoint_url:
            scheme, _, host = s3_endpoint_url.partition("://")
            kwargs.update(endpoint_override=host or scheme, scheme=scheme if host else "http")
            kwargs.update(allow_bucket_creation=True)
        fs = pafs.S3FileSystem(**kwargs)
        return fs, location[len("s3://"):].rstrip("/")
    local = pafs.LocalFileSystem()
    from pathlib import Path

    path = str(Path(location).resolve())
    return local, path


class Lake:
    """Writes run partitions and commit records; lists committed runs."""

    def __init__(self, location: str, s3_endpoint_url: str | None = None) -> None:
        self.location = location.rstrip("/")
        self.fs, self.root = filesystem_for(self.location, s3_endpoint_url)
        self.is_local = isinstance(self.fs, pafs.LocalFileSystem)
        self.bad_commits: dict[str, str] = {}  # run id -> why its commit record could not be read

    # ---------------------------------------------------------------- paths
    def _path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts)

    def url(self, path: str) -> str:
        """A location DuckDB can read (local path or s3:// url)."""
        path = self.resolve(path)
        return path if self.is_local else "s3://" + path

    def relative(self, path: str) -> str:
        """A path inside the lake as commit records store it: relative to the lake's root."""
        prefix = self.root.rstrip("/") + "/"
        return path[len(prefix):] if path.startswith(prefix) else path

    def resolve(self, path: str) -> str:
        """The full filesystem path of a commit record's entry: relative to this lake, or absolute
        from an older record (possibly of a lake since copied or moved: rebased at its table folder)."""
        if path.startswith(self.root.rstrip("/") + "/"):
            return path
        marker = path.find("ingest_date=")
        if marker > 0:  # <table>/ingest_date=… or <elsewhere>/<table>/ingest_date=…
            table_start = path.rfind("/", 0, marker - 1) + 1
            return posixpath.join(self.root, path[table_start:])
        if self.is_local and os.path.isabs(path):
            return path
        return posixpath.join(self.root, path)

    @staticmethod
    def partition(run_id: str) -> str:
        day = f"{run_id[0:4]}-{run_id[4:6]}-{run_id[6:8]}" if run_id[:8].isdigit() else "unknown"
        return f"ingest_date={day}/run_id={run_id}"

    # --------------------------------------------------------------- writes
    def write(self, run_id: str, table_name: str, table: pa.Table, part: str) -> str | None:
        """Write one batch of a table for a run; returns its path relative to the lake (None for an
        empty batch)."""
        if table.num_rows == 0:
            return None
        directory = self._path(table_name, self.partition(run_id))
        self.fs.create_dir(directory, recursive=True)
        path = posixpath.join(directory, f"part-{part}.parquet")
        pq.write_table(table, path, filesystem=self.fs, compression="zstd")
        return self.relative(path)

    def commit(self, commit: Commit) -> None:
        """Make a run's files visible in one step (write a temp record, then rename).

        A run commits once: writing the same record again (a retried task) is a no-op, and a
        different record under a committed run id (a "failed" one after a failed load) is refused,
        so a committed run always stays loadable."""
        commit.files = {name: [self.relative(p) for p in paths] for name, paths in commit.files.items()}
        self.fs.create_dir(self._path(COMMITS), recursive=True)
        final = self._path(COMMITS, f"{commit.run_id}.json")
        data = commit.to_json().encode()
        if self.has_commit(commit.run_id):
            with self.fs.open_input_stream(final) as stream:
                if stream.read() == data:
                    return
            raise FileExistsError(f"run {commit.run_id} is committed already; its record is kept")
        if self.is_local:
            tmp = self._path(COMMITS, f".{commit.run_id}.{uuid.uuid4().hex}.tmp")
            with self.fs.open_output_stream(tmp) as out:
                out.write(data)
            self.fs.move(tmp, final)  # atomic rename on one filesystem
        else:  # an object PUT is atomic: readers see all of it or nothing
            with self.fs.open_output_stream(final) as out:
                out.write(data)

    # ---------------------------------------------------------------- reads
    def _commit_infos(self) -> list[pafs.FileInfo]:
        selector = pafs.FileSelector(self._path(COMMITS), allow_not_found=True)
        infos = [i for i in self.fs.get_file_info(selector) if i.base_name.endswith(".json")]
        return sorted(infos, key=lambda i: i.base_name)

    def has_commits(self) -> bool:
        return bool(self._commit_infos())

    def has_commit(self, run_id: str) -> bool:
        return self.fs.get_file_info(self._path(COMMITS, f"{run_id}.json")).type == pafs.FileType.File

    def commit_names(self) -> list[str]:
        """Run ids of every commit record, oldest first: one listing, no record read."""
        return [i.base_name[: -len(".json")] for i in self._commit_infos()]

    def commits(self, skip: set[str] | frozenset[str] = frozenset()) -> list[Commit]:
        """Committed runs, oldest first (run ids sort by start time); the records of runs in ``skip``
        (loaded already) are not read, so a caller that knows its history reads only what is new.

        A record that cannot be read (garbage, truncated, wrong fields) is skipped and noted in
        ``bad_commits`` (run id -> reason): one damaged record never stops the others."""
        result = []
        self.bad_commits = {}
        for info in self._commit_infos():
            run_id = info.base_name[: -len(".json")]
            if run_id in skip:
                continue
            try:
                with self.fs.open_input_stream(info.path) as stream:
                    commit = Commit.from_json(stream.read().decode())
                if commit.run_id != run_id or not isinstance(commit.files, dict):
                    raise ValueError(f"record names run {commit.run_id!r}")
            except Exception as exc:  # noqa: BLE001 - reported and skipped
                first = (str(exc).strip().splitlines() or [""])[0]
                self.bad_commits[run_id] = f"unreadable commit record {COMMITS}/{info.base_name}: " \
                                           f"{type(exc).__name__}: {first}"[:500]
                continue
            result.append(commit)
        return result

    def dataset(self, table_name: str):
        """The committed files of a table as one pyarrow dataset (hive partitions ingest_date, run_id).

        DuckDB scans it directly (``con.register``) with partition pruning, on local disk or S3 alike.
        """
        import pyarrow.dataset as ds

        from warehouse.schema import SCHEMAS

        paths = [self.resolve(p) for c in self.commits() for p in c.files.get(table_name, [])]
        partitioning = ds.partitioning(pa.schema([("ingest_date", pa.string())]), flavor="hive")
        schema = SCHEMAS[table_name].append(pa.field("ingest_date", pa.string()))
        return ds.dataset(paths, schema=schema, format="parquet", filesystem=self.fs, partitioning=partitioning,
                          partition_base_dir=self._path(table_name))

    def remove_uncommitted(self, keep_run_id: str | None = None) -> list[str]:
        """Delete partitions of runs that never committed (killed runs). Call only under the run lock."""
        # a run with a commit record is kept even when that record is damaged: never delete committed data
        committed = {i.base_name[: -len(".json")] for i in self._commit_infos()}
        removed: list[str] = []
        selector = pafs.FileSelector(self.root, recursive=True, allow_not_found=True)
        for info in self.fs.get_file_info(selector):
            if info.type != pafs.FileType.Directory or not info.base_name.startswith("run_id="):
                continue
            run_id = info.base_name[len("run_id="):]
            if run_id not in committed and run_id != keep_run_id:
                self.fs.delete_dir(info.path)
                removed.append(run_id)
        if self.is_local:
            tmp_selector = pafs.FileSelector(self._path(COMMITS), allow_not_found=True)
            for info in self.fs.get_file_info(tmp_selector):
                if info.base_name.endswith(".tmp"):
                    self.fs.delete_file(info.path)
        return sorted(set(removed))


def new_run_id(now: datetime | None = None) -> str:
    """Sortable, unique run id: UTC start time plus a random suffix."""
    now = now or datetime.now(timezone.utc)
    return now.strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:6]
