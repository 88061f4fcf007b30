"""Volume and distribution checks: one batch's metrics against the metrics of earlier runs.

A broken extractor rarely produces invalid rows; it produces *fewer* rows.  So every batch's
share of documents without entities, mentions per 1,000 characters and figures per 1,000
characters are compared with the last runs (``load_history``).  The allowed band is the
history's mean ± (3 × the history's spread + 3 × the sampling noise expected for a batch of
this size + a relative margin), so a 5-document batch is not flagged for being small.
The checks run as the GX suite ``batch`` on a one-row frame; bands arrive as
``$PARAMETER`` values, computed per batch.
"""

from __future__ import annotations

import math
import statistics
from typing import Mapping, Sequence

import duckdb
import great_expectations.expectations as gxe
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .checks import TableSuite, expect

MIN_HISTORY = 3  # fewer earlier runs than this: nothing to compare with, the band is wide open
METRICS = ("share_docs_without_entities", "mentions_per_kchar", "figures_per_kchar")
REASONS = {
    "share_docs_without_entities": "share of documents without any entity is far from earlier runs",
    "mentions_per_kchar": "mentions per 1,000 characters are far from earlier runs",
    "figures_per_kchar": "figures per 1,000 characters are far from earlier runs",
}
RULES = {
    "share_docs_without_entities": "the share of documents without any entity stays within the band of earlier runs",
    "mentions_per_kchar": "mentions per 1,000 characters stay within the band of earlier runs",
    "figures_per_kchar": "figures per 1,000 characters stay within the band of earlier runs",
}
OPEN_BAND = (0.0, 1e12)


def batch_metrics(tables: Mapping[str, pa.Table]) -> dict[str, float | None]:
    """The batch's metrics; a metric whose tables are missing from the batch is None (not checked)."""
    docs = tables.get("documents")
    if docs is None or docs.num_rows == 0:
        return {"n_documents": 0.0, "n_chars": 0.0, **{m: None for m in METRICS}}
    n_docs = docs.num_rows
    n_chars = float(pc.sum(docs["n_chars"]).as_py() or 0) or float(sum(len(t or "") for t in docs["text"].to_pylist()))
    kchars = max(n_chars / 1000.0, 1e-9)
    out: dict[str, float | None] = {"n_documents": float(n_docs), "n_chars": n_chars}
    mentions = tables.get("mentions")
    if mentions is not None:
        with_entities = set(mentions["doc_id"].to_pylist())
        without = sum(1 for d in docs["doc_id"].to_pylist() if d not in with_entities)
        out["share_docs_without_entities"] = without / n_docs
        out["mentions_per_kchar"] = mentions.num_rows / kchars
    else:
        out["share_docs_without_entities"] = out["mentions_per_kchar"] = None
    figures = tables.get("figures")
    out["figures_per_kchar"] = figures.num_rows / kchars if figures is not None else None
    return out


def bands(history: Sequence[Mapping[str, float]], metrics: Mapping[str, float | None]) -> dict[str, float]:
    """Expectation parameters ``<metric>_min`` / ``<metric>_max`` for this batch."""
    params: dict[str, float] = {}
    n_docs = max(metrics.get("n_documents") or 0.0, 1.0)
    kchars = max((metrics.get("n_chars") or 0.0) / 1000.0, 1e-3)
    for m in METRICS:
        past = [float(h[m]) for h in history if h.get(m) is not None and not math.isnan(float(h[m]))]
        lo, hi = OPEN_BAND
        if len(past) >= MIN_HISTORY:
            mean = statistics.fmean(past)
            spread = statistics.pstdev(past)
            if m.startswith("share"):
                noise = math.sqrt(max(mean * (1 - mean), 0.01) / n_docs)
                tol = 3 * spread + 3 * noise + 0.05
                lo, hi = max(0.0, mean - tol), min(1.0, mean + tol)
            else:  # a rate: Poisson noise of the count behind it
                noise = math.sqrt(max(mean * kchars, 1.0)) / kchars
                tol = 3 * spread + 3 * noise + 0.25 * mean
                lo, hi = max(0.0, mean - tol), mean + tol
        params[f"{m}_min"], params[f"{m}_max"] = lo, hi
    return params


def metrics_frame(metrics: Mapping[str, float | None]) -> pd.DataFrame:
    return pd.DataFrame([{k: (float("nan") if v is None else v) for k, v in metrics.items()}])


def suite() -> TableSuite:
    return TableSuite(
        table="batch",
        expectations=[
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                f"{m}_within_history",
                REASONS[m],
                rule=RULES[m],
                column=m,
                min_value={"$PARAMETER": f"{m}_min"},
                max_value={"$PARAMETER": f"{m}_max"},
            )
            for m in METRICS
        ],
    )


def load_history(con: duckdb.DuckDBPyConnection, n_runs: int = 10) -> list[dict[str, float]]:
    """Metrics of the last ``n_runs`` runs that wrote documents, oldest first; [] on an empty warehouse.

    Computed from the rows each run left in the warehouse (all tables carry ``run_id``).
    """
    present = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    }
    if "documents" not in present:
        return []
    has_runs = "runs" in present
    mentions = "mentions" in present
    figures = "figures" in present
    order = (
        "(SELECT max(started_at) FROM runs r WHERE r.run_id = d.run_id)" if has_runs else "max(d.ingested_at)"
    )
    no_entities = (
        "avg(CASE WHEN d.doc_id IN (SELECT doc_id FROM mentions) THEN 0.0 ELSE 1.0 END)" if mentions else "NULL"
    )
    sql = f"""
        WITH per_run AS (
            SELECT d.run_id,
                   count(*)::DOUBLE AS n_documents,
                   sum(d.n_chars)::DOUBLE AS n_chars,
                   {no_entities} AS share_docs_without_entities,
                   {order} AS ordering
            FROM documents d
            WHERE d.run_id IS NOT NULL
            GROUP BY d.run_id
        ),
        m AS ({"SELECT run_id, count(*)::DOUBLE AS n FROM mentions GROUP BY run_id" if mentions else "SELECT NULL::VARCHAR AS run_id, 0.0 AS n WHERE false"}),
        f AS ({"SELECT run_id, count(*)::DOUBLE AS n FROM figures GROUP BY run_id" if figures else "SELECT NULL::VARCHAR AS run_id, 0.0 AS n WHERE false"})
        SELECT p.n_documents, p.n_chars, p.share_docs_without_entities,
               {"coalesce(m.n, 0) * 1000.0 / nullif(p.n_chars, 0)" if mentions else "NULL"} AS mentions_per_kchar,
               {"coalesce(f.n, 0) * 1000.0 / nullif(p.n_chars, 0)" if figures else "NULL"} AS figures_per_kchar
        FROM per_run p LEFT JOIN m USING (run_id) LEFT JOIN f USING (run_id)
        ORDER BY p.ordering DESC NULLS LAST
        LIMIT {int(n_runs)}
    """
    cur = con.execute(sql)
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    rows.reverse()
    return [{k: float(v) for k, v in row.items() if v is not None} for row in rows]
