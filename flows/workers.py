"""Both cores on the models: worker processes that each load the models once and run whole chunks.

The per-document work of a chunk (read → parse → language sections → sentences → extract) is
pure CPU on spaCy pipelines that one process can only run one at a time (``Models.lock``; the GIL
would serialise most of it anyway).  ``ChunkPool`` runs it in ``n`` worker processes instead:
each loads its model bundle once (NER pipelines only for the languages it meets, or those it is
told to preload), takes one chunk at a time and sends back the chunk, ready for linking.  Linking,
validation and writing stay in the flow's process, in chunk order, so entity ids stay
deterministic and the outputs are those of the in-process path.

Why a small pool of our own rather than ``concurrent.futures.ProcessPoolExecutor``: a worker that
dies (out of memory, ``kill``) breaks a whole ProcessPoolExecutor and every chunk in flight with
it, and it cannot tell which chunk the dead process held.  Here each worker holds one known chunk:
its death costs that chunk a retry in a fresh worker; a chunk whose worker dies twice comes back
with its files quarantined (stage ``extract``, reason ``worker_died``), never silently lost.

Workers are started by the ``forkserver`` (the flow's process has Prefect's threads: forking it
is unsafe); the forkserver imports spaCy once, so each worker starts in well under a second plus
its model load.  A worker ends when the pool closes, and also on its own as soon as the process
that started it is gone by any means (SIGTERM, SIGINT, kill -9): it watches a pipe only that
process holds.  Ctrl-C reaches a terminal's whole process group; workers ignore it and leave the
decision to the flow.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from flows import stages
from flows.models import Models, load_models

log = logging.getLogger("newsflow.workers")

WORKER_DIED = "worker_died"
# The forkserver imports these once; every worker it forks starts with them imported.
PRELOAD = ["flows.workers", "transforms.ingest", "transforms.extract", "transforms.entities.ner"]


def run_chunk(chunk: stages.Chunk, known_files: dict, max_bytes: int, models: Models,
              ner_batch_chars: int) -> stages.Chunk:
    """A chunk's per-document work in one call: the same stage functions the thread path runs as tasks."""
    chunk = stages.read_chunk(chunk, known_files, max_bytes)
    chunk = stages.parse_chunk(chunk)
    chunk = stages.sections_chunk(chunk, models)
    chunk = stages.sentences_chunk(chunk, models)
    return stages.extract_chunk(chunk, models, ner_batch_chars)


def resolve_workers(setting: int | str, n_chunks: int) -> int:
    """How many worker processes a run of ``n_chunks`` chunks gets: ``auto`` is one per core the
    process may use, no more than there are chunks; 1 means the in-process (thread) path."""
    if str(setting).strip().lower() == "auto":
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return max(1, min(cores, n_chunks))
    return max(1, min(int(setting), max(1, n_chunks)))


def dead_worker_chunk(chunk: stages.Chunk, how: str) -> stages.Chunk:
    """The chunk a twice-dead worker leaves: every one of its files quarantined, with the reason."""
    version = stages.newsflow_version()  # the same version mark the other transform errors carry
    chunk.rejected = [stages.Quarantined(c.path, "extract", WORKER_DIED,
                                         f"the worker process running this file's chunk died twice ({how}): "
                                         f"out of memory or killed [newsflow {version}]") for c in chunk.files]
    return chunk


# ------------------------------------------------------------------ the worker process side


def _exit_when_closed(alive: Any) -> None:
    """Block on a pipe whose other end only the parent holds: EOF means the parent is gone."""
    try:
        alive.recv()
    except (EOFError, OSError):
        pass
    os._exit(3)


def _worker_main(jobs: Any, alive: Any, languages: tuple[str, ...], models_dir: str,
                 preload: tuple[str, ...], work: Callable[..., stages.Chunk]) -> None:
    """Load the models, then run chunks until told to stop (None) or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_closed, args=(alive,), daemon=True, name="parent-watch").start()
    try:
        models = load_models(languages, Path(models_dir))
        for lang in preload:
            models.ner(lang)
    except BaseException as exc:  # noqa: BLE001 - told to the pool, which fails the run with it
        jobs.send(("fatal", None, f"{type(exc).__name__}: {exc}"))
        return
    jobs.send(("ready", None, os.getpid()))
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        job_id, chunk, known_files, max_bytes, ner_batch_chars = job
        try:
            reply = ("ok", job_id, work(chunk, known_files, max_bytes, models, ner_batch_chars))
        except Exception as exc:  # noqa: BLE001 - the flow fails the run with it, as a failed task would
            reply = ("error", job_id, exc)
        try:
            jobs.send(reply)
        except Exception as exc:  # noqa: BLE001 - e.g. an exception that does not pickle
            jobs.send(("error", job_id, RuntimeError(f"{type(exc).__name__}: {exc}")))


# ------------------------------------------------------------------ the flow's side


@dataclass
class _Job:
    job_id: int
    chunk: stages.Chunk
    known_files: dict
    max_bytes: int
    ner_batch_chars: int
    future: Future
    attempt: int = 0


@dataclass(eq=False)  # identity: a worker is a process, not a value
class _Worker:
    process: Any
    conn: Any  # the job pipe
    alive: Any  # our end of the parent-watch pipe: closing it (or dying) ends the worker
    ready: bool = False
    job: _Job | None = None


@dataclass(eq=False)
class ChunkPool:
    """``n`` worker processes with their models, fed whole chunks; ``submit`` returns a Future of the chunk.

    One management thread hands a queued chunk to each idle worker, collects results and replaces
    a worker that died: its chunk is retried once in the fresh worker (``attempts``), then comes
    back quarantined (``dead_worker_chunk``)."""

    n: int
    languages: tuple[str, ...]
    models_dir: Path
    preload: tuple[str, ...] = ()
    attempts: int = 2
    context: str = "forkserver"
    work: Callable[..., stages.Chunk] | None = None  # what a worker runs per chunk (a module-level function)
    _queue: collections.deque = field(default_factory=collections.deque)
    _workers: list[_Worker] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] = field(default_factory=itertools.count)
    _closed: bool = False
    _fatal: str | None = None
    _failed_starts: int = 0

    def __post_init__(self) -> None:
        self.work = self.work or run_chunk  # looked up now: a test can put another module-level function here
        self._ctx = multiprocessing.get_context(self.context)
        if self.context == "forkserver":
            self._ctx.set_forkserver_preload(PRELOAD)
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._workers = [self._spawn() for _ in range(self.n)]
        self._thread = threading.Thread(target=self._manage, name="newsflow-chunk-pool", daemon=True)
        self._thread.start()

    # -- public
    def submit(self, chunk: stages.Chunk, known_files: dict, max_bytes: int, ner_batch_chars: int) -> Future:
        future: Future = Future()
        with self._lock:
            if self._fatal or self._closed:
                future.set_exception(RuntimeError(self._fatal or "the chunk pool is closed"))
                return future
            self._queue.append(_Job(next(self._ids), chunk, known_files, max_bytes, ner_batch_chars, future))
        self._wake()
        return future

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests and the benchmark's memory count)."""
        return [w.process.pid for w in self._workers if w.process.pid]

    def close(self) -> None:
        """Stop the workers (each finishes nothing more) and wait for them; queued chunks are cancelled."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            queued, self._queue = list(self._queue), collections.deque()
        for job in queued:
            job.future.cancel()
        self._wake()
        self._thread.join(10)
        for w in self._workers:
            with contextlib.suppress(Exception):
                w.conn.send(None)
        for w in self._workers:
            w.process.join(2)
            if w.process.is_alive():
                w.process.terminate()
                w.process.join(2)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(2)
            for conn in (w.conn, w.alive):
                with contextlib.suppress(Exception):
                    conn.close()
            if w.job is not None and not w.job.future.done():
                w.job.future.cancel()

    def __enter__(self) -> "ChunkPool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- management thread
    def _spawn(self) -> _Worker:
        ours, theirs = self._ctx.Pipe(duplex=True)
        watch_r, watch_w = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(target=_worker_main, name="newsflow-model-worker", daemon=True,
                                    args=(theirs, watch_r, self.languages, str(self.models_dir), self.preload, self.work))
        process.start()
        theirs.close()
        watch_r.close()
        return _Worker(process, ours, watch_w)

    def _wake(self) -> None:
        with contextlib.suppress(Exception):
            self._wake_w.send(b"")

    def _dispatch(self) -> None:
        with self._lock:
            for w in self._workers:
                if w.ready and w.job is None and self._queue:
                    job = self._queue.popleft()
                    if job.future.cancelled():
                        continue
                    w.job = job
                    try:
                        w.conn.send((job.job_id, job.chunk, job.known_files, job.max_bytes, job.ner_batch_chars))
                    except (OSError, EOFError):
                        pass  # it died: its sentinel says so next, and the job goes back to the queue

    def _manage(self) -> None:
        from multiprocessing.connection import wait

        while True:
            with self._lock:
                if self._closed:
                    return
            self._dispatch()
            by_handle: dict[Any, tuple[str, _Worker | None]] = {self._wake_r: ("wake", None)}
            for w in self._workers:
                by_handle[w.conn] = ("conn", w)
                by_handle[w.process.sentinel] = ("exit", w)
            ready = wait(list(by_handle))
            dead: dict[_Worker, None] = {}
            for handle in ready:
                kind, w = by_handle[handle]
                if kind == "wake":
                    while self._wake_r.poll():
                        self._wake_r.recv()
                elif kind == "conn":
                    try:
                        self._on_message(w, w.conn.recv())
                    except (EOFError, OSError):  # its pipe is drained and closed: the worker is gone
                        dead[w] = None
                elif not self._has_data(w):  # exited; a reply it sent first is read on the next round
                    dead[w] = None
            for w in dead:
                if w in self._workers:
                    self._on_death(w)

    @staticmethod
    def _has_data(w: _Worker) -> bool:
        try:
            return w.conn.poll()
        except (EOFError, OSError):
            return False

    def _on_message(self, w: _Worker, message: tuple) -> None:
        kind, job_id, payload = message
        if kind == "ready":
            w.ready = True
            self._failed_starts = 0
            return
        if kind == "fatal":
            self._fail_all(f"a model worker could not load its models: {payload}")
            return
        job, w.job = w.job, None
        if job is None or job.job_id != job_id or job.future.cancelled():
            return
        if kind == "ok":
            job.future.set_result(payload)
        else:
            job.future.set_exception(payload if isinstance(payload, BaseException) else RuntimeError(str(payload)))

    def _on_death(self, w: _Worker) -> None:
        w.process.join(1)
        code = w.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        with contextlib.suppress(Exception):
            w.conn.close()
        with contextlib.suppress(Exception):
            w.alive.close()
        self._workers.remove(w)
        with self._lock:
            if self._closed:
                return
        job = w.job
        if job is None and not w.ready:
            self._failed_starts += 1
            if self._failed_starts > 2 * self.n:
                self._fail_all(f"model workers keep dying before they are ready ({how})")
                return
        if job is not None and not job.future.done():
            job.attempt += 1
            if job.attempt < self.attempts:
                log.warning("a model worker died (%s) on chunk %s; retrying it in a fresh worker",
                            how, job.chunk.chunk_no)
                with self._lock:
                    self._queue.appendleft(job)
            else:
                log.error("a model worker died (%s) on chunk %s again: its %d files are quarantined",
                          how, job.chunk.chunk_no, len(job.chunk.files))
                job.future.set_result(dead_worker_chunk(job.chunk, how))
        self._workers.append(self._spawn())

    def _fail_all(self, message: str) -> None:
        with self._lock:
            self._fatal = message
            jobs = list(self._queue) + [w.job for w in self._workers if w.job is not None]
            self._queue.clear()
            for w in self._workers:
                w.job = None
        for job in jobs:
            if not job.future.done():
                job.future.set_exception(RuntimeError(message))


@contextlib.contextmanager
def chunk_pool(settings: Any, n_chunks: int, preload: tuple[str, ...] = ()) -> Iterator[ChunkPool | None]:
    """The run's worker pool, or None when the chunks run in-process (one worker, a single chunk,
    or the Dask runner, whose workers are the processes).  Closed when the block ends."""
    n = resolve_workers(settings.model_workers, n_chunks)
    if settings.task_runner != "thread" or n <= 1:
        yield None
        return
    pool = ChunkPool(n, tuple(settings.languages), Path(settings.models_dir), preload=preload)
    try:
        yield pool
    finally:
        pool.close()
