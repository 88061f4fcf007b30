"""Counts per stage for the ``runs`` table."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from flows.stages import Chunk, utcnow


@dataclass
class RunCounts:
    started_at: datetime
    discovered: int = 0
    unchanged: int = 0
    read: int = 0
    parsed: int = 0
    documents: int = 0
    duplicates: int = 0
    sections: int = 0
    sentences: int = 0
    mentions: int = 0
    entities: int = 0
    figures: int = 0
    quotes: int = 0
    quarantined: int = 0
    validations_failed: int = 0

    def add_chunk(self, chunk: Chunk) -> None:
        self.read += chunk.n_read
        self.parsed += chunk.n_parsed
        self.unchanged += len(chunk.unchanged)
        self.documents += len(chunk.articles)
        self.duplicates += len(chunk.duplicates)
        for art in chunk.articles:
            self.sections += len(art.sections)
            self.sentences += len(art.sentences)
            self.mentions += len(art.mentions)
            self.figures += len(art.figures)
            self.quotes += len(art.quotes)

    def add_validation(self, outcome: Any) -> None:
        table = outcome.validations
        if table.num_rows:
            self.validations_failed += sum(1 for ok in table.column("success").to_pylist() if not ok)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "started_at"}


def runs_row(run_id: str, counts: RunCounts, status: str, message: str, inbox: str, flow_run_id: str,
             n_replaced: int = 0) -> dict[str, Any]:
    finished = utcnow()
    row: dict[str, Any] = {
        "run_id": run_id, "started_at": counts.started_at, "finished_at": finished, "status": status,
        "message": message, "inbox": inbox, "flow_run_id": flow_run_id, "n_replaced": n_replaced,
        "duration_s": (finished - counts.started_at).total_seconds(),
    }
    for key, value in counts.as_dict().items():
        row[f"n_{key}"] = value
    return row
