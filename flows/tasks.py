"""Prefect tasks: one per pipeline stage, each a thin wrapper of a function in ``flows.stages``.

Retries sit on the steps that touch the outside world (reading the inbox,
writing the lake, loading DuckDB); text stages are deterministic and are not
retried.  Chunk data is large and changes every run, so no task caches its
inputs; unchanged files are skipped earlier, by content hash.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NO_CACHE

from flows import stages
from flows.models import load_models
from flows.settings import Settings
from warehouse import store
from warehouse.lake import Commit, Lake
from warehouse.store import WarehouseState

IO_RETRIES = dict(retries=3, retry_delay_seconds=[1, 3, 10])


def _models(settings: Settings):
    return load_models(tuple(settings.languages), Path(settings.models_dir))


@task(name="recover", cache_policy=NO_CACHE, **IO_RETRIES)
def recover(settings: Settings, lake: Lake, run_id: str) -> tuple[list[str], list[str]]:
    """Finish what a killed run left: drop its uncommitted files, load committed-but-unloaded runs."""
    removed = lake.remove_uncommitted(keep_run_id=run_id)
    loaded = store.catch_up(settings.warehouse, lake)
    return removed, loaded


@task(name="discover", cache_policy=NO_CACHE)
def discover(inbox: Path, settings: Settings, state: WarehouseState) -> stages.Plan:
    return stages.discover(inbox, settings, state)


@task(name="read", cache_policy=NO_CACHE, **IO_RETRIES)
def read(chunk: stages.Chunk, known_files: dict, max_bytes: int) -> stages.Chunk:
    return stages.read_chunk(chunk, known_files, max_bytes)


@task(name="parse", cache_policy=NO_CACHE)
def parse(chunk: stages.Chunk) -> stages.Chunk:
    return stages.parse_chunk(chunk)


@task(name="language-sections", cache_policy=NO_CACHE)
def sections(chunk: stages.Chunk, settings: Settings) -> stages.Chunk:
    return stages.sections_chunk(chunk, _models(settings))


@task(name="sentences", cache_policy=NO_CACHE)
def sentences(chunk: stages.Chunk, settings: Settings) -> stages.Chunk:
    return stages.sentences_chunk(chunk, _models(settings))


@task(name="extract", cache_policy=NO_CACHE)
def extract(chunk: stages.Chunk, settings: Settings) -> stages.Chunk:
    return stages.extract_chunk(chunk, _models(settings), settings.ner_batch_chars)


@task(name="read-to-extract", cache_policy=NO_CACHE)
def chunk_work(chunk: stages.Chunk, known_files: dict, settings: Settings) -> stages.Chunk:
    """A whole chunk's per-document work as one task (read, parse, sections, sentences, extract):
    what a Dask worker takes.  Its models are loaded once per worker process and kept (``load_models``);
    one task per chunk instead of five ships the chunk once, not five times."""
    from flows.workers import run_chunk

    return run_chunk(chunk, known_files, settings.max_file_bytes, _models(settings), settings.ner_batch_chars)


@task(name="link-entities", cache_policy=NO_CACHE)
def link(chunk: stages.Chunk, resolver, seen_doc_ids: set[str]) -> stages.Chunk:
    return stages.link_chunk(chunk, resolver, seen_doc_ids)


@task(name="events", cache_policy=NO_CACHE)
def events(chunk: stages.Chunk, event_index, story_index, run_id: str) -> dict[str, pa.Table]:
    return stages.events_tables(chunk, event_index, story_index, run_id)


@task(name="validate", cache_policy=NO_CACHE)
def validate(validator, tables: dict[str, pa.Table], run_id: str, known_entity_ids: set[str]):
    return validator.validate(tables, run_id=run_id, known_entity_ids=known_entity_ids)


@task(name="write-parquet", cache_policy=NO_CACHE, **IO_RETRIES)
def write(lake: Lake, run_id: str, tables: dict[str, pa.Table], part: str) -> dict[str, str]:
    """Write a chunk's tables into the run's (still invisible) partitions."""
    written = {}
    for name, table in tables.items():
        path = lake.write(run_id, name, table, part)
        if path:
            written[name] = path
    return written


@task(name="commit-lake", cache_policy=NO_CACHE, **IO_RETRIES)
def commit(lake: Lake, run_commit: Commit) -> None:
    lake.commit(run_commit)


@task(name="load-duckdb", cache_policy=NO_CACHE, **IO_RETRIES)
def load(settings: Settings, lake: Lake) -> list[str]:
    return store.catch_up(settings.warehouse, lake)
