"""Runs the per-table GX suites on one batch before it is loaded.

Order matters: documents first (child rows of a rejected document are rejected too), then
entities (a mention may only point at an entity that is in the warehouse or accepted in this
batch), then the child tables, then the batch-level distribution suite.  Rows failing any
row-level expectation are removed from the tables and returned as quarantine rows; a failing
expectation named in ``critical`` sets ``critical_failure`` so the caller stops the load.
Rows failing a *warning* expectation (unusual, not impossible: a date in 1215) are kept; their
table's ``flags`` column lists the flags, and the validation row says ``severity: warning``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import weakref
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from warehouse.schema import QUARANTINE, SCHEMAS, VALIDATIONS

from . import documents, entities, events, figures, history, mentions, quotes, sections
from .checks import BatchContext, TableSuite, declared, is_check_column

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

log = logging.getLogger(__name__)

SITE_NAME = "newsflow"
# Data Docs keep, per suite, the latest passing result and this many failing ones: a long run
# has hundreds of batches, and rendering every one of them would cost more than the run.
MAX_FAILED_RESULTS_PER_SUITE = 20
PARTIAL_EXAMPLES = 5
VALIDATION_ORDER = ("documents", "entities", "sections", "mentions", "figures", "quotes") + events.TABLES
CHILD_TABLES = ("sections", "mentions", "figures", "quotes") + events.DOCUMENT_CHILDREN


def all_suites() -> dict[str, TableSuite]:
    """Every suite by table name (``batch`` is the distribution suite).

    The column checks come from the table declarations (``warehouse.schema``: ``required`` columns'
    not-null, and each column's ``values`` / ``between`` / ``unique`` / ``regex`` / ``min_length``),
    first and in column order; the suite modules add the multi-column and cross-table rules.  A suite
    that words a not-null check itself (``not_null("speaker_entity_id", "the claim's speaker")``) keeps
    its wording, in the declaration's place; any other name declared and also worded in a suite is an error.
    """
    mods = (documents, entities, sections, mentions, figures, quotes, history)
    suites = {s.table: s for s in [*(m.suite() for m in mods), *events.suites()]}
    for table, suite in suites.items():
        if table not in SCHEMAS:
            continue
        worded = {e.meta["name"]: e for e in suite.expectations}
        from_schema = []
        for e in declared(SCHEMAS[table]):
            name = e.meta["name"]
            if name in worded and type(e).__name__ != "ExpectColumnValuesToNotBeNull":
                raise ValueError(f"{table}: {name} is declared in warehouse/schema.py and worded in its suite")
            from_schema.append(worded.pop(name, e))
        suite.expectations = from_schema + [e for e in suite.expectations if e.meta["name"] in worded]
    return suites


def default_critical() -> dict[str, tuple[str, ...]]:
    return {t: s.default_critical for t, s in all_suites().items()}


@dataclass
class ValidationOutcome:
    tables: dict[str, pa.Table]  # the rows that passed, same schemas as given
    quarantine: pa.Table  # warehouse.schema.QUARANTINE rows (stage='validate')
    validations: pa.Table  # warehouse.schema.VALIDATIONS rows, one per expectation evaluated
    critical_failure: str | None  # reason text when a critical expectation failed: the load must stop
    metrics: dict[str, float | None] = field(default_factory=dict)  # this batch's distribution metrics


@dataclass
class _Result:
    table: str
    name: str
    column: str | None
    success: bool
    critical: bool
    unexpected_count: int | None
    element_count: int | None
    rows: list[int]  # failing row positions (empty for table-level expectations)
    detail: dict[str, Any]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _json(value: Any, limit: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _with_flags(arrow: pa.Table, flagged: Mapping[int, list[str]]) -> pa.Table:
    """The table with its ``flags`` column set (sorted flag names per row, [] when none)."""
    if "flags" not in arrow.schema.names:
        return arrow
    i = arrow.schema.get_field_index("flags")
    old = arrow.column(i).to_pylist()
    values = [sorted(set((old[r] or []) + flagged.get(r, []))) for r in range(arrow.num_rows)]
    return arrow.set_column(i, arrow.schema.field(i), pa.array(values, arrow.schema.field(i).type))


def column_of(kwargs: Mapping[str, Any]) -> str | None:
    if kwargs.get("column"):
        return str(kwargs["column"])
    if kwargs.get("column_list"):
        return ",".join(kwargs["column_list"])
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    return None


Lent = tuple[Any, dict[str, Any], dict[str, "TableSuite"]]  # GX context, validation definitions, suites


def _build_context(data_docs_dir: Path | None) -> Lent:
    """An ephemeral GX context with one suite and validation definition per table (seconds to build).

    The suites are built anew: an expectation belongs to the one GX suite it was added to."""
    suites = all_suites()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    ctx = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        ),
    )
    for site in list(ctx.get_config().data_docs_sites or {}):
        ctx.delete_data_docs_site(site)
    if data_docs_dir is not None:
        data_docs_dir.mkdir(parents=True, exist_ok=True)
        ctx.add_data_docs_site(
            site_name=SITE_NAME,
            site_config={
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(data_docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    source = ctx.data_sources.add_pandas("newsflow")
    definitions = {}
    for table, spec in suites.items():
        batch = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(f"{table}_batch")
        suite = ctx.suites.add(gx.ExpectationSuite(name=table, expectations=spec.expectations))
        definitions[table] = ctx.validation_definitions.add(
            gx.ValidationDefinition(name=f"validate_{table}", data=batch, suite=suite)
        )
    return ctx, definitions, suites


class _ContextPool:
    """GX contexts built once per process and lent to one validator at a time.

    Building the context, its suites and definitions costs seconds, paid by every run of a cold
    process; a warm ``serve`` process reuses them.  A context lent out again starts with an empty
    results store, so its Data Docs show the new run's results only, as a fresh context would.
    Process state on purpose, like the model cache (``flows/models.py``); keyed by Data Docs folder."""

    def __init__(self, keep: int = 4) -> None:
        self._free: list[tuple[Path | None, Lent]] = []  # oldest first
        self._keep = keep  # a test session makes many folders: the pool stays small
        self._lock = threading.Lock()

    def take(self, data_docs_dir: Path | None) -> Lent:
        with self._lock:
            i = next((i for i in range(len(self._free) - 1, -1, -1) if self._free[i][0] == data_docs_dir), None)
            lent = self._free.pop(i)[1] if i is not None else None
        if lent is None:
            return _build_context(data_docs_dir)
        store = lent[0].validation_results_store
        for key in list(store.list_keys()):
            store.remove_key(key)
        return lent

    def give_back(self, data_docs_dir: Path | None, lent: Lent) -> None:
        with self._lock:
            self._free.append((data_docs_dir, lent))
            del self._free[:-self._keep]


_CONTEXTS = _ContextPool()


class Validator:
    """GX context, suites and validation definitions built once; ``validate`` per batch."""

    def __init__(
        self,
        *,
        critical: Mapping[str, Sequence[str]] | None = None,
        history: Sequence[Mapping[str, float]] = (),
        data_docs_dir: Path | None = None,
    ) -> None:
        """``critical``: table -> expectation names that stop the load; tables it names replace
        the defaults (``default_critical()``), the others keep them (an empty mapping = defaults).
        ``history``: metrics of earlier runs, from ``load_history``."""
        # GX's filesystem store needs an absolute base_directory ("base_directory must be an
        # absolute path if root_directory is not provided"): resolve whatever the caller gave.
        self._data_docs_dir = Path(data_docs_dir).expanduser().resolve() if data_docs_dir is not None else None
        lent = _CONTEXTS.take(self._data_docs_dir)
        self._ctx, self._definitions, self._suites = lent
        # back to the pool when this validator is gone (a warm `serve` builds GX's context once)
        weakref.finalize(self, _CONTEXTS.give_back, self._data_docs_dir, lent)
        self._critical: dict[str, frozenset[str]] = {t: frozenset(v) for t, v in default_critical().items()}
        for table, names in (critical or {}).items():
            if table not in self._suites:
                raise ValueError(f"critical: unknown table {table!r}; known: {sorted(self._suites)}")
            unknown = set(names) - set(self._suites[table].names)
            if unknown:
                raise ValueError(f"critical: {table} has no expectation {sorted(unknown)}")
            self._critical[table] = frozenset(names)
        self._history = [dict(h) for h in history]
        self._lock = threading.Lock()
        self._columns = {t: s.columns for t, s in self._suites.items()}
        self._kept: dict[str, dict[str, list[Any]]] = {t: {"passed": [], "failed": []} for t in self._suites}

    # ---- public ---------------------------------------------------------------------------------

    def validate(
        self, tables: dict[str, pa.Table], *, run_id: str, known_entity_ids: Set[str]
    ) -> ValidationOutcome:
        """Validates one batch; see the module docstring for what happens to failing rows."""
        with self._lock:
            return self._validate(tables, run_id=run_id, known_entity_ids=known_entity_ids)

    def build_data_docs(self) -> Path | None:
        """Writes/updates the Data Docs site under ``data_docs_dir``; returns its index.html."""
        if self._data_docs_dir is None:
            return None
        from .datadocs import AssetsMissing, localise

        with self._lock:
            self._ctx.build_data_docs(site_names=[SITE_NAME])
            try:  # local CSS/JS instead of CDNs, so the pages render offline
                localise(self._data_docs_dir)
            except AssetsMissing as exc:
                log.warning("%s", exc)
        return self._data_docs_dir / "index.html"

    # ---- internals ------------------------------------------------------------------------------

    def _validate(
        self, tables: dict[str, pa.Table], *, run_id: str, known_entity_ids: Set[str]
    ) -> ValidationOutcome:
        from great_expectations.core.run_identifier import RunIdentifier

        now = _utcnow()
        gx_run = RunIdentifier(run_name=run_id, run_time=dt.datetime.now(dt.timezone.utc))
        ctx = BatchContext(known_entities=set(known_entity_ids))
        docs = tables.get("documents")
        doc_uris: dict[str, str] = {}
        if docs is not None:
            for d, text, uri, pub, ing in zip(
                docs["doc_id"].to_pylist(),
                docs["text"].to_pylist(),
                docs["source_uri"].to_pylist(),
                docs["published_at"].to_pylist(),
                docs["ingested_at"].to_pylist(),
            ):
                if d is None or d in ctx.doc_texts:
                    continue
                ctx.doc_texts[d] = text
                doc_uris[d] = uri
                when = pub or ing
                if when is not None:
                    ctx.doc_dates[d] = when.date() if isinstance(when, dt.datetime) else when

        results: list[_Result] = []
        passed: dict[str, pa.Table] = {}
        rejected: dict[str, dict[int, list[str]]] = {}
        for table in VALIDATION_ORDER:
            arrow = tables.get(table)
            if arrow is None:
                continue
            if table in CHILD_TABLES and "documents" in passed:
                ctx.accepted_docs = set(passed["documents"]["doc_id"].to_pylist())
            elif table in CHILD_TABLES:
                ctx.accepted_docs = set()
            if arrow.num_rows == 0:
                passed[table] = arrow
                continue
            spec = self._suites[table]
            df = spec.prepare(arrow.to_pandas(), ctx)[self._columns[table]]
            table_results = self._run(table, df, gx_run)
            results += table_results
            bad: dict[int, list[str]] = {}
            flagged: dict[int, list[str]] = {}
            warnings = spec.warnings
            for r in table_results:
                for i in r.rows:
                    if r.name in warnings:
                        flagged.setdefault(int(i), []).append(warnings[r.name])
                    else:
                        bad.setdefault(int(i), []).append(r.name)
            rejected[table] = bad
            arrow = _with_flags(arrow, flagged)
            keep = [i for i in range(arrow.num_rows) if i not in bad]
            passed[table] = arrow if len(keep) == arrow.num_rows else arrow.take(pa.array(keep, pa.int64()))
            if table == "entities":
                ctx.known_entities |= {e for e in passed[table]["entity_id"].to_pylist() if e is not None}

        # Tables without a suite (e.g. sentences) follow their document.
        for table, arrow in tables.items():
            if table in passed or table in self._suites:
                continue
            if "doc_id" in arrow.schema.names and "documents" in passed:
                accepted = set(passed["documents"]["doc_id"].to_pylist())
                bad = {i: ["document_accepted"] for i, d in enumerate(arrow["doc_id"].to_pylist()) if d not in accepted}
                rejected[table] = bad
                keep = [i for i in range(arrow.num_rows) if i not in bad]
                passed[table] = arrow if not bad else arrow.take(pa.array(keep, pa.int64()))
            else:
                passed[table] = arrow

        metrics = history.batch_metrics(tables)
        if docs is not None and docs.num_rows:
            params = history.bands(self._history, metrics)
            batch_results = self._run("batch", history.metrics_frame(metrics), gx_run, params)
            for r in batch_results:
                metric = r.name.removesuffix("_within_history")
                r.detail["band"] = [params[f"{metric}_min"], params[f"{metric}_max"]]
                r.detail["history_runs"] = sum(1 for h in self._history if h.get(metric) is not None)
            results += batch_results

        self._prune_store()
        return ValidationOutcome(
            tables=passed,
            quarantine=self._quarantine(tables, rejected, results, run_id, doc_uris, now),
            validations=pa.table(
                {
                    "run_id": [run_id] * len(results),
                    "table_name": [r.table for r in results],
                    "expectation": [r.name for r in results],
                    "column_name": [r.column for r in results],
                    "success": [r.success for r in results],
                    "critical": [r.critical for r in results],
                    "unexpected_count": [r.unexpected_count for r in results],
                    "element_count": [r.element_count for r in results],
                    "detail": [_json(r.detail, 4000) for r in results],
                    "evaluated_at": [now] * len(results),
                },
                schema=VALIDATIONS,
            ),
            critical_failure=self._critical_reason(results),
            metrics=metrics,
        )

    def _run(self, table: str, df: Any, gx_run: Any, params: Mapping[str, float] | None = None) -> list[_Result]:
        # Most batches pass: a BASIC run (counts only) is ~40% cheaper than COMPLETE, which is
        # needed only to learn *which* rows failed, so it runs only when something failed.
        store = self._ctx.validation_results_store
        before = set(store.list_keys())
        suite_result = self._definitions[table].run(
            batch_parameters={"dataframe": df},
            expectation_parameters=dict(params or {}),
            result_format={"result_format": "BASIC", "partial_unexpected_count": PARTIAL_EXAMPLES},
            run_id=gx_run,
        )
        if not suite_result.success:
            self._drop_keys([k for k in store.list_keys() if k not in before])
            suite_result = self._definitions[table].run(
                batch_parameters={"dataframe": df},
                expectation_parameters=dict(params or {}),
                result_format={"result_format": "COMPLETE", "partial_unexpected_count": PARTIAL_EXAMPLES},
                run_id=gx_run,
            )
        new_keys = [k for k in store.list_keys() if k not in before]
        self._kept[table]["passed" if suite_result.success else "failed"].extend(new_keys)
        reasons = {e.meta["name"]: e.meta.get("reason") for e in self._suites[table].expectations}
        warnings = self._suites[table].warnings
        out = []
        for res in suite_result.results:
            cfg = res.expectation_config
            name = cfg.meta["name"]
            info = res.result or {}
            exc = (res.exception_info or {}) if isinstance(res.exception_info, dict) else {}
            raised = exc.get("raised_exception") or any(
                isinstance(v, dict) and v.get("raised_exception") for v in exc.values()
            )
            rows = info.get("unexpected_index_list") or []
            rows = [r for r in rows if isinstance(r, int) or (hasattr(r, "__index__"))]
            detail: dict[str, Any] = {"type": cfg.type, "reason": reasons.get(name),
                                      "severity": "warning" if name in warnings else "critical"}
            if name in warnings:
                detail["flag"] = warnings[name]
            if "observed_value" in info:
                detail["observed_value"] = info["observed_value"]
            if info.get("partial_unexpected_list"):
                detail["unexpected_examples"] = [
                    v for v in info["partial_unexpected_list"][:PARTIAL_EXAMPLES]
                ]
            if raised:
                detail["exception"] = _json(exc, 1000)
            # A warning that finds unusual rows has not failed: the rows are kept, flagged.
            ok = not raised and (bool(res.success) or name in warnings)
            out.append(
                _Result(
                    table=table,
                    name=name,
                    column=column_of(cfg.kwargs),
                    success=ok,
                    critical=name in self._critical.get(table, ()),
                    unexpected_count=info.get("unexpected_count"),
                    element_count=info.get("element_count", len(df)),
                    rows=[int(r) for r in rows] if not res.success else [],
                    detail=detail,
                )
            )
        return out

    def _critical_reason(self, results: list[_Result]) -> str | None:
        failed = [r for r in results if r.critical and not r.success]
        if not failed:
            return None
        parts = []
        for r in failed:
            count = f" ({r.unexpected_count} of {r.element_count} rows)" if r.unexpected_count is not None else ""
            parts.append(f"{r.table}.{r.name}{count}: {r.detail.get('reason') or r.detail.get('type')}")
        return "critical expectation failed: " + "; ".join(parts)

    def _quarantine(
        self,
        tables: Mapping[str, pa.Table],
        rejected: Mapping[str, Mapping[int, list[str]]],
        results: list[_Result],
        run_id: str,
        doc_uris: Mapping[str, str],
        now: dt.datetime,
    ) -> pa.Table:
        reasons = {(r.table, r.name): r.detail.get("reason") for r in results}
        critical = {(r.table, r.name) for r in results if r.critical}
        rows: list[dict[str, Any]] = []
        for table, bad in rejected.items():
            if not bad:
                continue
            positions = sorted(bad)
            records = tables[table].take(pa.array(positions, pa.int64())).to_pylist()
            for pos, record in zip(positions, records):
                names = bad[pos]
                uri = record.get("source_uri") or doc_uris.get(record.get("doc_id"))
                first = reasons.get((table, names[0])) or "the row's document was rejected"
                reason = f"{table}: {first}" + (f" (+{len(names) - 1} more)" if len(names) > 1 else "")
                rows.append(
                    {
                        "run_id": run_id,
                        "source_uri": uri,
                        "stage": "validate",
                        "reason": reason,
                        "detail": _json(
                            {
                                "failed": [
                                    {"expectation": n, "reason": reasons.get((table, n)), "critical": (table, n) in critical}
                                    for n in names
                                ]
                            }
                        ),
                        "table_name": table,
                        "expectation": ", ".join(names),
                        "row": _json({k: v for k, v in record.items() if not is_check_column(k)}),
                        "quarantined_at": now,
                    }
                )
        if not rows:
            return QUARANTINE.empty_table()
        return pa.Table.from_pylist(rows, schema=QUARANTINE)

    def _prune_store(self) -> None:
        """Keeps, per suite, the newest passing result and the first failing ones (see constant)."""
        for kept in self._kept.values():
            drop = kept["passed"][:-1] + kept["failed"][MAX_FAILED_RESULTS_PER_SUITE:]
            kept["passed"] = kept["passed"][-1:]
            kept["failed"] = kept["failed"][:MAX_FAILED_RESULTS_PER_SUITE]
            self._drop_keys(drop)

    def _drop_keys(self, keys: Sequence[Any]) -> None:
        store = self._ctx.validation_results_store
        for key in keys:
            try:
                store.remove_key(key)
            except Exception:  # noqa: BLE001 - a result already gone is fine
                log.debug("could not drop validation result %s", key)
