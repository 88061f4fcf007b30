"""The main flow: raw files in, validated Parquet and DuckDB out.

discover → read/decode → parse → language sections → sentences → extract →
link → validate → write Parquet → commit → load DuckDB.  Chunks of files go
through the per-chunk stages concurrently (threads, or Dask workers); linking,
validation and writing run in chunk order, so entity ids are deterministic.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.utilities.annotations import opaque, quote

from flows import stages, tasks, workers
from flows.progress import progress_bar
from flows.runbook import RunBook
from flows.runlog import RunCounts
from flows.settings import Settings
from warehouse.lake import Lake
from warehouse.schema import to_table
from warehouse.store import WarehouseState, connect, read_entities, read_event_state, read_state


# The plan and warehouse state run_inbox already has (it needs them to tell a no-op tick), by
# run id: the flow takes them instead of reading the state and walking the inbox a second time.
# Kept out of the flow's parameters, which Prefect would serialise to its API.
_PREPARED: dict[str, tuple[stages.Plan, WarehouseState]] = {}


def hand_over(run_id: str, plan: stages.Plan, state: WarehouseState) -> None:
    """Give the next flow run of ``run_id`` the discovery plan and state read just before it."""
    _PREPARED.clear()  # one run at a time per process: nothing of an earlier run is kept
    _PREPARED[run_id] = (plan, state)


@flow(name="newsflow-run", validate_parameters=False)
def newsflow_run(inbox: Path, settings: Settings, run_id: str) -> dict:
    from expectations import Validator, load_history
    from transforms.entities.linking import EntityResolver
    from transforms.events import EventIndex, StoryIndex

    log = get_run_logger()
    lake = Lake(settings.lake_path, settings.s3_endpoint_url)

    # ---- recover from killed runs, snapshot the warehouse ---------------------
    removed, caught_up = tasks.recover(quote(settings), quote(lake), run_id)
    if removed or caught_up:
        log.warning("recovered: dropped uncommitted runs %s, loaded committed runs %s", removed, caught_up)
    prepared = _PREPARED.pop(run_id, None)
    if prepared is None or removed or caught_up:  # recovery changed what is known: read and walk again
        state = read_state(settings.warehouse)
        plan = tasks.discover(inbox, quote(settings), quote(state))  # ---- discover
    else:
        plan, state = prepared
        read_entities(settings.warehouse, state)  # run_inbox read what a no-op tick needs; linking needs these
    book = RunBook(run_id, state, RunCounts(started_at=stages.utcnow()))
    book.counts.discovered, book.counts.unchanged = plan.discovered, plan.unchanged
    book.rejected.extend(plan.rejected)

    history, languages = [], {}
    if Path(settings.warehouse).exists():
        with connect(settings.warehouse, read_only=True) as con:
            history = load_history(con, settings.history_runs)
            # main_language "auto": canonical names follow the language most of the warehouse is in
            try:
                languages = dict(con.execute("SELECT language, count(*) FROM documents GROUP BY ALL").fetchall())
            except duckdb.Error:  # a warehouse that has only recorded no-op runs
                languages = {}
    validator = Validator(critical=settings.critical_expectations or None, history=history,
                          data_docs_dir=settings.report_dir / "data_docs" if settings.build_data_docs else None)
    resolver = EntityResolver(state.entities, main_language=settings.main_language, document_languages=languages)
    first_run_of = {e["entity_id"]: e.get("first_run_id") for e in state.entities}
    known_events = read_event_state(settings.warehouse)
    event_index = EventIndex(known_events["events"], known_events["participants"])
    story_index = StoryIndex(dict(known_events["stories"]), known_events["main_pairs"])
    canonical = {e["entity_id"]: e["canonical_name"] for e in state.entities}
    seen_doc_ids = set(state.doc_ids)

    # Prefect walks every task argument looking for futures; a chunk holds thousands of rows, the
    # warehouse state every known file.  opaque()/quote() hand them over without the walk.
    handover = opaque if settings.task_runner == "thread" else (lambda future: future)

    def write(tables, part):
        return tasks.write(quote(lake), run_id, quote(tables), part)

    def validate(tables, known_ids):
        return tasks.validate(quote(validator), quote(tables), run_id, quote(known_ids))

    # ---- per-chunk stages run ahead (concurrently); link → validate → write in order.  Their work
    # runs in model worker processes (one per core, models loaded once each: flows/workers.py), as one
    # Dask task per chunk, or, with model_workers = 1 or a single chunk, as five tasks on threads.
    def submit(chunk: stages.Chunk):
        known = stages.known_for(chunk, state)
        if pool is not None:
            return pool.submit(chunk, known, settings.max_file_bytes, settings.ner_batch_chars)
        if settings.task_runner == "dask":
            return tasks.chunk_work.submit(chunk, known, settings)
        # opaque() and quote() come to a Dask worker as bare tuples (prefect-dask 0.3.7): threads only
        f = tasks.read.submit(chunk, known, settings.max_file_bytes)
        f = tasks.sections.submit(handover(tasks.parse.submit(handover(f))), settings)
        return tasks.extract.submit(handover(tasks.sentences.submit(handover(f), settings)), settings)

    batch = stages.TableBatch()

    def flush() -> bool:
        """Validate and write the linked chunks gathered so far, as one Parquet part per table."""
        part, tables, files_table = batch.take()
        return book.write_outcome(write, validate(tables, resolver.entity_ids()), {"files": files_table}, f"{part:05d}")

    chunks = stages.chunked(plan, settings.batch_size)
    with workers.chunk_pool(settings, len(chunks)) as pool, \
            progress_bar(settings, total=len(plan.candidates), label="files") as advance:
        if pool is not None:
            log.info("per-document work on %d model worker processes", pool.n)
        window = max(2, 2 * (pool.n if pool is not None else settings.dask_workers))
        pending = [submit(c) for c in chunks[:window]]
        for i in range(len(chunks)):
            chunk, pending[i] = pending[i].result(), None  # drop the future: memory stays bounded
            if i + window < len(chunks):
                pending.append(submit(chunks[i + window]))
            chunk = tasks.link(quote(chunk), quote(resolver), quote(seen_doc_ids))
            book.note_chunk(chunk)
            batch.add(stages.chunk_tables(chunk, run_id, stages.utcnow())
                      | tasks.events(quote(chunk), quote(event_index), quote(story_index), run_id))
            if (batch.docs >= settings.write_batch_docs or i == len(chunks) - 1) and not flush():
                break
            advance(len(chunk.files))

    # ---- entities (validated once every document of the run is linked), in slices
    for part, rows in enumerate(resolver.changed_entity_batches(10_000) if book.failure is None else ()):
        rows = [dict(e, first_run_id=first_run_of.setdefault(e["entity_id"], run_id), run_id=run_id) for e in rows]
        if not book.write_outcome(write, validate({"entities": to_table("entities", rows)}, resolver.entity_ids()),
                                  {}, f"entities-{part:05d}"):
            break
        book.counts.entities += len(rows)
        canonical.update((e["entity_id"], e["canonical_name"]) for e in rows)

    # ---- events merged over the run (new and updated rows), with their participants
    if book.failure is None and event_index.changed():
        tables = {"events": to_table("events", event_index.event_rows(run_id, canonical)),
                  "event_participants": to_table("event_participants", event_index.participant_rows(run_id))}
        book.write_outcome(write, validate(tables, resolver.entity_ids()), {}, "events-00000")

    # ---- commit the run's files, load them into DuckDB in one transaction ------
    commit = book.finish(write, str(inbox), str(flow_run.id or ""), plan.stats)
    tasks.commit(quote(lake), quote(commit))
    tasks.load(quote(settings), quote(lake))
    try:  # the run is loaded by now: a Data Docs problem is reported, it does not fail the run
        docs_index = validator.build_data_docs()
    except Exception as exc:  # noqa: BLE001
        log.warning("run %s is loaded, but its Data Docs could not be built: %s: %s", run_id, type(exc).__name__, exc)
        docs_index = None
    log.info("run %s %s: %s", run_id, commit.status, commit.counts)
    return {"run_id": run_id, "status": commit.status, "message": book.failure or "", "counts": commit.counts,
            "data_docs": str(docs_index) if docs_index else None}
