"""The main flow: raw files in, validated Parquet and DuckDB out.

discover → read/decode → parse → language sections → sentences → extract →
link → validate → write Parquet → commit → load DuckDB.  Chunks of files go
through the per-chunk stages concurrently (threads, or Dask workers); linking,
validation and writing run in chunk order so entity ids are deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import stages, tasks
from flows.progress import progress_bar
from flows.runlog import RunCounts, runs_row
from flows.settings import Settings
from warehouse.lake import Commit, Lake
from warehouse.schema import to_table
from warehouse.store import read_state


@flow(name="newsflow-run", validate_parameters=False)
def newsflow_run(inbox: Path, settings: Settings, run_id: str) -> dict:
    log = get_run_logger()
    counts = RunCounts(started_at=stages.utcnow())
    lake = Lake(settings.lake_path, settings.s3_endpoint_url)

    # ---- recover and snapshot the warehouse --------------------------------
    removed, caught_up = tasks.recover(settings, lake, run_id)
    if removed or caught_up:
        log.info("recovered: dropped uncommitted runs %s, loaded pending runs %s", removed, caught_up)
    state = read_state(settings.warehouse)

    # ---- discover -----------------------------------------------------------
    plan = tasks.discover(inbox, settings, state)
    counts.discovered, counts.unchanged = plan.discovered, plan.unchanged
    log.info("discovered %d files: %d new or changed, %d unchanged, %d rejected",
             plan.discovered, len(plan.candidates), plan.unchanged, len(plan.rejected))

    from expectations import Validator, load_history
    from transforms.entities.linking import EntityResolver
    from warehouse.store import connect

    history = []
    if Path(settings.warehouse).exists():
        with connect(settings.warehouse, read_only=True) as con:
            history = load_history(con, settings.history_runs)
    validator = Validator(critical=settings.critical_expectations or None, history=history,
                          data_docs_dir=settings.report_dir / "data_docs" if settings.build_data_docs else None)
    resolver = EntityResolver(state.entities, main_language=settings.main_language)
    first_run_of = {e["entity_id"]: e.get("first_run_id") for e in state.entities}
    known_entity_ids = set(first_run_of)

    written: dict[str, list[str]] = defaultdict(list)
    rejected = list(plan.rejected)
    replaced: set[str] = set()
    new_docs_by_file: dict[str, set[str]] = defaultdict(set)
    seen_doc_ids: set[str] = set(state.doc_ids)
    failure: str | None = None

    # ---- per-chunk stages (concurrent), then link/validate/write in order -----
    chunks = stages.chunked(plan, settings.batch_size)
    window = max(2, 2 * settings.dask_workers)

    def submit(chunk: stages.Chunk):
        f = tasks.read.submit(chunk, stages.known_for(chunk, state), settings.max_file_bytes)
        f = tasks.parse.submit(f)
        f = tasks.sections.submit(f, settings)
        f = tasks.sentences.submit(f, settings)
        return tasks.extract.submit(f, settings)

    pending = [submit(c) for c in chunks[:window]]
    with progress_bar(settings, total=len(plan.candidates), label="articles") as advance:
        for i in range(len(chunks)):
            chunk = pending[i].result()
            if i + window < len(chunks):
                pending.append(submit(chunks[i + window]))
            chunk = tasks.link(chunk, resolver, seen_doc_ids)
            counts.add_chunk(chunk)
            rejected.extend(chunk.rejected)
            for art in chunk.articles + chunk.duplicates:
                if art.file_path in state.files:
                    replaced.add(art.file_path)
                new_docs_by_file[art.file_path].add(art.doc_id)
            for q in chunk.rejected:
                if q.source_uri.split("#")[0] in state.files:
                    replaced.add(q.source_uri.split("#")[0])
            tables = stages.chunk_tables(chunk, run_id, stages.utcnow())
            files_table = tables.pop("files")
            entity_rows = [dict(e, first_run_id=first_run_of.setdefault(e["entity_id"], run_id), run_id=run_id)
                           for e in resolver.changed_entities()]
            known_entity_ids |= {e["entity_id"] for e in entity_rows}
            outcome = tasks.validate(validator, tables, run_id, known_entity_ids)
            counts.add_validation(outcome)
            if outcome.critical_failure:
                failure = outcome.critical_failure
                written["validations"].append(
                    tasks.write(lake, run_id, {"validations": outcome.validations}, f"{i:05d}")["validations"])
                if outcome.quarantine.num_rows:
                    written["quarantine"].append(
                        tasks.write(lake, run_id, {"quarantine": outcome.quarantine}, f"v{i:05d}")["quarantine"])
                break
            out = dict(outcome.tables, files=files_table, validations=outcome.validations)
            if outcome.quarantine.num_rows:
                out["quarantine_rows"] = outcome.quarantine
            for name, path in tasks.write(lake, run_id, {k: v for k, v in out.items() if k != "quarantine_rows"},
                                          f"{i:05d}").items():
                written[name].append(path)
            if "quarantine_rows" in out:
                written["quarantine"].append(
                    tasks.write(lake, run_id, {"quarantine": out["quarantine_rows"]}, f"v{i:05d}")["quarantine"])
            advance(len(chunk.files))

    # ---- run-level tables: entities, quarantine, the run row -----------------
    now = stages.utcnow()
    if failure is None:
        entity_rows = [dict(e, first_run_id=first_run_of.setdefault(e["entity_id"], run_id), run_id=run_id)
                       for e in resolver.changed_entities()]
        if entity_rows:
            written["entities"].append(tasks.write(lake, run_id, {"entities": to_table("entities", entity_rows)},
                                                   "run")["entities"])
        counts.entities = len(entity_rows)
    q_table, f_table = stages.quarantine_files_rows(rejected, plan.stats, run_id, now)
    counts.quarantined += q_table.num_rows
    status = "failed" if failure else ("completed_with_errors" if rejected else "completed")
    message = failure or (f"{len(rejected)} file(s) or record(s) quarantined" if rejected else "")
    run_row = to_table("runs", [runs_row(run_id, counts, status, message, str(inbox), str(flow_run.id or ""),
                                          n_replaced=len(replaced))])
    run_tables = {"quarantine": q_table, "runs": run_row}
    if failure is None:
        run_tables["files"] = f_table
    for name, path in tasks.write(lake, run_id, run_tables, "run").items():
        written[name].append(path)
    keep = {"runs", "validations", "quarantine"} if failure else None
    files = {k: v for k, v in written.items() if keep is None or k in keep}
    retracted = [] if failure else stages.retracted_doc_ids(state, replaced, new_docs_by_file)
    tasks.commit(lake, Commit(run_id, now.isoformat(), status, files, retracted,
                              [] if failure else sorted(replaced), counts.as_dict()))
    tasks.load(settings, lake)
    docs_index = validator.build_data_docs()
    log.info("run %s %s: %s", run_id, status, counts.as_dict())
    return {"run_id": run_id, "status": status, "message": message, "counts": counts.as_dict(),
            "data_docs": str(docs_index) if docs_index else None}
