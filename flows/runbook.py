"""Book-keeping of one run: what it wrote, replaced and rejected, and its commit record.

Kept out of the flow so the flow file shows only the order of the stages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import pyarrow as pa

from flows import stages
from flows.runlog import RunCounts, runs_row
from warehouse.lake import Commit
from warehouse.schema import to_table
from warehouse.store import WarehouseState

Writer = Callable[[dict[str, pa.Table], str], dict[str, str]]


@dataclass
class RunBook:
    run_id: str
    state: WarehouseState
    counts: RunCounts
    written: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    rejected: list[stages.Quarantined] = field(default_factory=list)
    replaced: set[str] = field(default_factory=set)
    new_docs_by_file: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    failure: str | None = None

    def note_chunk(self, chunk: stages.Chunk) -> None:
        """Count a linked chunk and remember which earlier files it replaces."""
        self.counts.add_chunk(chunk)
        self.rejected.extend(chunk.rejected)
        for art in chunk.articles + chunk.duplicates:
            self.new_docs_by_file[art.file_path].add(art.doc_id)
            if art.file_path in self.state.files:
                self.replaced.add(art.file_path)
        for q in chunk.rejected:
            path = q.source_uri.split("#", 1)[0]
            if path in self.state.files:
                self.replaced.add(path)

    def keep(self, paths: dict[str, str]) -> None:
        for name, path in paths.items():
            self.written[name].append(path)

    def write_outcome(self, write: Writer, outcome: Any, extra: dict[str, pa.Table], part: str) -> bool:
        """Write a validated batch (or, after a critical failure, only its validation results); False on failure."""
        self.counts.add_validation(outcome)
        tables: dict[str, pa.Table] = {"validations": outcome.validations}
        if outcome.critical_failure:
            self.failure = outcome.critical_failure
        else:
            tables.update(outcome.tables, **extra)
        self.keep(write(tables, part))
        if outcome.quarantine.num_rows:
            self.counts.quarantined += outcome.quarantine.num_rows
            self.keep(write({"quarantine": outcome.quarantine}, "v" + part))
        return self.failure is None

    def finish(self, write: Writer, inbox: str, flow_run_id: str, file_stats: dict[str, tuple[int, int]]) -> Commit:
        """The run's own rows (quarantined files, the runs row) and its commit record."""
        now = stages.utcnow()
        q_table, f_table = stages.quarantine_files_rows(self.rejected, file_stats, self.run_id, now)
        self.counts.quarantined += q_table.num_rows
        failed = self.failure is not None
        status = "failed" if failed else ("completed_with_errors" if self.counts.quarantined else "completed")
        message = self.failure or (f"{self.counts.quarantined} file(s), record(s) or row(s) quarantined"
                                   if self.counts.quarantined else "")
        row = runs_row(self.run_id, self.counts, status, message, inbox, flow_run_id, n_replaced=len(self.replaced))
        tables = {"quarantine": q_table, "runs": to_table("runs", [row])}
        if not failed:
            tables["files"] = f_table
        self.keep(write(tables, "run"))
        files = dict(self.written)
        if failed:  # nothing of the documents is loaded: only what tells why
            files = {k: v for k, v in files.items() if k in ("runs", "validations", "quarantine")}
        retracted = [] if failed else stages.retracted_doc_ids(self.state, self.replaced, self.new_docs_by_file)
        return Commit(self.run_id, now.isoformat(), status, files, retracted,
                      [] if failed else sorted(self.replaced), self.counts.as_dict())
