"""Entry point of a run: take the warehouse lock, skip Prefect when nothing changed, else run the flow.

A scheduled tick over an unchanged inbox costs a directory walk and one small
DuckDB write, not the ~10 s start of Prefect's ephemeral server; it is still
recorded as a ``noop`` run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flows import stages
from flows.runlog import RunCounts, runs_row
from flows.settings import Settings
from warehouse import store
from warehouse.lake import Commit, Lake, new_run_id
from warehouse.lock import RunLock
from warehouse.schema import to_table


def _record_run(settings: Settings, lake: Lake, run_id: str, counts: RunCounts, inbox: Path, status: str,
                message: str) -> dict[str, Any]:
    """A runs row with no data: a no-op tick, or a run whose flow crashed (its partial files stay invisible).

    The row is committed to the lake first; if DuckDB cannot take it now (a reader holds the file,
    the disk is full), the next run loads it, and the summary says so."""
    row = runs_row(run_id, counts, status, message, str(inbox), "")
    path = lake.write(run_id, "runs", to_table("runs", [row]), "run")
    lake.commit(Commit(run_id, row["finished_at"].isoformat(), status, {"runs": [path]}, counts=counts.as_dict()))
    summary = {"run_id": run_id, "status": status, "message": message, "counts": counts.as_dict(), "data_docs": None}
    try:
        _, damaged = store.catch_up_report(settings.warehouse, lake)
    except Exception as exc:  # noqa: BLE001 - committed: loaded by the next run
        summary["message"] = _join(message, f"not loaded into DuckDB yet ({one_line(exc)}); the next run loads it")
        return summary
    if damaged:
        summary["damaged_runs"] = damaged
    return summary


def one_line(exc: BaseException) -> str:
    """The real cause of an exception in one line: the innermost cause, its type and first line."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = exc.__cause__ or (exc.__context__ if not exc.__suppress_context__ else None)
        if inner is None:
            break
        exc = inner
    first = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), "")
    return f"{type(exc).__name__}: {first}"[:500] if first else type(exc).__name__


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _quarantined_files(settings: Settings, run_id: str, limit: int = 50) -> list[tuple[str, str, str]]:
    """(source_uri, stage, reason) of what the run quarantined, for its summary."""
    try:
        with store.connect(settings.warehouse, read_only=True, wait_s=5) as con:
            return con.execute("SELECT source_uri, stage, reason FROM quarantine WHERE run_id = ? AND stage <> "
                               "'validate' ORDER BY source_uri LIMIT ?", [run_id, limit]).fetchall()
    except Exception:  # noqa: BLE001 - the summary is a courtesy; the rows are in the warehouse
        return []


def run_inbox(inbox: Path, settings: Settings, force_flow: bool = False) -> dict[str, Any]:
    """Process an inbox into the warehouse; returns the run summary."""
    inbox = Path(inbox)
    run_id = new_run_id()
    lake = Lake(settings.lake_path, settings.s3_endpoint_url)
    with RunLock(Path(settings.warehouse), wait_s=settings.lock_wait_s):
        state = store.read_state(settings.warehouse, entities=False)  # the flow reads entities if there is work
        pending = lake.commits(skip=state.loaded_runs | state.damaged_runs)  # only records not loaded yet
        pending += [r for r in lake.bad_commits if r not in state.damaged_runs]
        counts = RunCounts(started_at=stages.utcnow())
        plan = stages.discover(inbox, settings, state)
        if not force_flow and not plan.candidates and not plan.rejected and not pending:
            counts.discovered, counts.unchanged = plan.discovered, plan.unchanged
            return _record_run(settings, lake, run_id, counts, inbox, "noop", "nothing new or changed")
        from flows import prefect_env
        from flows.models import warm_up
        from flows.workers import resolve_workers

        prefect_env.configure()
        # The models are loaded here only when the chunks run in this process (threads): model worker
        # processes and Dask workers load their own, and a second copy here would only cost memory.
        n_chunks = -(-len(plan.candidates) // max(1, settings.batch_size))
        in_process = settings.task_runner == "thread" and resolve_workers(settings.model_workers, n_chunks) <= 1
        warm_up(tuple(settings.languages), Path(settings.models_dir), models=in_process,
                sample=plan.candidates[:min(16, settings.batch_size)])  # NER only for the languages met
        try:
            flow = flow_for(settings)  # imports Prefect, which sets up its logging: quieten after that
            prefect_env.quiet_engine_tracebacks()
            if not pending:  # nothing to catch up: the flow starts from this state and plan (one discovery)
                from flows.pipeline import hand_over

                hand_over(run_id, plan, state)
            summary = flow(inbox, settings, run_id)
        except Exception as exc:  # recorded as a failed run; the warehouse keeps its previous state
            cause = one_line(exc)
            if lake.has_commit(run_id):  # committed, then the load failed: the record stays, the next run loads it
                raise RunFailed(f"run {run_id} is committed to the lake but loading DuckDB failed: {cause}; "
                                "the next run (or `newsflow rebuild`) loads it") from exc
            counts.discovered = plan.discovered
            try:
                lake.remove_uncommitted()  # we hold the lock: the crashed run's partial files go now
                summary = _record_run(settings, lake, run_id, counts, inbox, "failed", cause)
            except Exception as record_exc:  # noqa: BLE001 - e.g. the same full disk: still one line
                raise RunFailed(f"{cause}; the failed run could not be recorded either: {one_line(record_exc)}") \
                    from exc
            raise RunFailed(summary["message"]) from exc
        summary["quarantined_files"] = _quarantined_files(settings, run_id)
        return summary


class RunFailed(RuntimeError):
    """The flow crashed; a failed runs row was recorded and the warehouse is as it was."""


def flow_for(settings: Settings):
    """The run flow with the task runner the settings ask for (threads, or Dask for scale-out)."""
    from flows.pipeline import newsflow_run

    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            runner = DaskTaskRunner(address=settings.dask_address)
        else:  # a local cluster of worker processes; each loads its models once
            runner = DaskTaskRunner(cluster_class=local_dask_cluster,
                                    cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1,
                                                    "processes": True, "dashboard_address": None})
        return newsflow_run.with_options(task_runner=runner)
    if settings.task_runner != "thread":
        raise ValueError(f"unknown task runner {settings.task_runner!r}: use 'thread' or 'dask'")
    from prefect.task_runners import ThreadPoolTaskRunner

    # Two threads: one reads and parses the next chunk while the other runs the models (which
    # take turns anyway); more threads only multiply malloc arenas and memory.
    return newsflow_run.with_options(task_runner=ThreadPoolTaskRunner(max_workers=settings.thread_workers))


def local_dask_cluster(**kwargs: Any):
    """A ``distributed.LocalCluster`` whose processes cannot outlive the run.

    Its scheduler and nannies live in this process; its workers are child processes. A clean end
    closes the cluster (the task runner's exit); SIGINT raises KeyboardInterrupt, which closes it
    too; SIGTERM and kill -9 end this process at once, and then Dask's workers exit on their own
    (each watches a pipe from its parent) and ``prefect_env.reap_children_on_exit`` stops whatever
    is left (a worker that cannot get the GIL to notice, multiprocessing's resource tracker)."""
    from distributed import LocalCluster

    from flows import prefect_env

    prefect_env.reap_children_on_exit()
    return LocalCluster(**kwargs)
