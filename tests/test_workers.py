"""Model worker processes (flows/workers.py): whole chunks on every core, the same records as the
in-process path, a dead worker's chunk retried once and then quarantined, no worker outliving its run.

The texts are invented here.  The workers load the real models (a few seconds per pool).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from flows import stages, workers
from flows.models import load_models
from flows.settings import Settings
from warehouse.store import WarehouseState

REPO = Path(__file__).resolve().parents[1]
TEXTS = {
    "kiel.txt": "Die Bürgermeisterin von Kiel, Anke Brandt, eröffnete am Montag die neue Brücke über den Kanal. "
                "Nach Angaben der Stadt kostete der Bau rund zwölf Millionen Euro. „Wir sind sehr froh“, sagte Brandt.",
    "rostock.txt": "In Rostock stellte die Werft am Dienstag 300 neue Mitarbeiter ein. Der Betriebsrat um "
                   "Jens Kowalski begrüßte die Entscheidung der Geschäftsführung.",
    "moskau.txt": "Министр финансов Олег Смирнов заявил в Москве, что бюджет вырастет на 5 процентов. "
                  "Переговоры с Минском продолжатся в марте.",
    "leeds.txt": "The council of Leeds approved a budget of 40 million pounds on Friday. Mayor Helen Carter "
                 "said the money would go to schools.",
}


def _chunks(tmp_path: Path, texts: dict[str, str]) -> list[stages.Chunk]:
    """One chunk per file of an inbox holding ``texts`` (made on the first call, discovered on each)."""
    inbox = tmp_path / "inbox"
    if not inbox.exists():
        inbox.mkdir()
        for name, text in texts.items():
            (inbox / name).write_text(text, encoding="utf-8")
    plan = stages.discover(inbox, Settings(warehouse=tmp_path / "w.duckdb"), WarehouseState())
    return stages.chunked(plan, 1)


def _records(chunk: stages.Chunk) -> list[tuple]:
    return [(a.doc_id, a.source_uri, a.text, repr(a.sections), repr(a.sentences), a.mentions, a.figures, a.quotes)
            for a in chunk.articles]


def by_name(chunk, known, max_bytes, models, ner_batch_chars):
    """A worker's work that misbehaves by file name: ``die-always``, ``die-once``, ``raise``; else the real work."""
    name = Path(chunk.files[0].path).name
    if name.startswith("die-always"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("die-once"):
        marker = Path(chunk.files[0].path + ".died")
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("raise"):
        raise ValueError("a chunk that fails the way a broken stage would")
    return workers.run_chunk(chunk, known, max_bytes, models, ner_batch_chars)


def test_auto_is_one_worker_per_core_and_never_more_than_chunks() -> None:
    cores = len(os.sched_getaffinity(0))
    assert workers.resolve_workers("auto", 1) == 1
    assert workers.resolve_workers("auto", 500) == cores
    assert workers.resolve_workers(3, 2) == 2
    assert workers.resolve_workers(1, 50) == 1
    assert Settings(model_workers="2").model_workers == 2
    assert Settings().model_workers == "auto"


def test_pool_chunks_carry_the_records_of_the_in_process_path(tmp_path: Path) -> None:
    chunks = _chunks(tmp_path, TEXTS)
    settings = Settings(warehouse=tmp_path / "w.duckdb")
    models = load_models(tuple(settings.languages), settings.models_dir)
    expected = [_records(workers.run_chunk(c, {}, settings.max_file_bytes, models, settings.ner_batch_chars))
                for c in _chunks(tmp_path, TEXTS)]
    with workers.ChunkPool(2, tuple(settings.languages), settings.models_dir) as pool:
        futures = [pool.submit(c, {}, settings.max_file_bytes, settings.ner_batch_chars) for c in chunks]
        got = [f.result(timeout=300) for f in futures]
        assert len(set(pool.pids())) == 2 and os.getpid() not in pool.pids()
    assert [_records(c) for c in got] == expected
    assert [c.chunk_no for c in got] == [0, 1, 2, 3]
    assert all(c.raw == [] for c in got)  # the bytes stay in the worker
    assert sum(len(a.mentions) for c in got for a in c.articles) >= 8


def test_a_dead_worker_costs_its_chunk_a_retry_then_quarantine(tmp_path: Path) -> None:
    texts = {"a-ok.txt": TEXTS["kiel.txt"], "die-always.txt": TEXTS["rostock.txt"],
             "die-once.txt": TEXTS["leeds.txt"], "raise.txt": TEXTS["moskau.txt"]}
    chunks = _chunks(tmp_path, texts)
    names = [Path(c.files[0].path).name for c in chunks]
    settings = Settings(warehouse=tmp_path / "w.duckdb")
    with workers.ChunkPool(2, tuple(settings.languages), settings.models_dir, work=by_name) as pool:
        first_pids = set(pool.pids())
        futures = dict(zip(names, (pool.submit(c, {}, settings.max_file_bytes, settings.ner_batch_chars)
                                   for c in chunks)))
        ok = futures["a-ok.txt"].result(timeout=300)
        once = futures["die-once.txt"].result(timeout=300)
        always = futures["die-always.txt"].result(timeout=300)
        with pytest.raises(ValueError, match="fails the way a broken stage would"):
            futures["raise.txt"].result(timeout=300)
        assert len(pool.pids()) == 2 and set(pool.pids()) != first_pids  # dead workers were replaced
    assert len(ok.articles) == 1 and ok.articles[0].mentions and not ok.rejected
    assert len(once.articles) == 1 and once.articles[0].mentions and not once.rejected  # retried, then fine
    assert always.articles == [] and len(always.rejected) == 1
    q = always.rejected[0]
    assert (q.source_uri, q.stage, q.reason) == (always.files[0].path, "extract", "worker_died")
    assert "died twice" in q.detail and "signal 9" in q.detail


def test_an_error_in_loading_the_models_fails_the_chunks_instead_of_hanging(tmp_path: Path) -> None:
    chunks = _chunks(tmp_path, {"kiel.txt": TEXTS["kiel.txt"]})
    bad_dir = tmp_path / "no-models"  # German NER preloaded from a folder without models
    with workers.ChunkPool(1, ("de",), bad_dir, preload=("de",)) as pool:
        future = pool.submit(chunks[0], {}, 10_000, 20_000)
        with pytest.raises(RuntimeError, match="could not load its models"):
            future.result(timeout=300)


PARENT = """
import sys, time
from pathlib import Path
from flows import workers

if __name__ == "__main__":
    pool = workers.ChunkPool(2, ("de",), Path(sys.argv[1]))
    print(" ".join(map(str, pool.pids())), flush=True)
    time.sleep(300)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_workers_end_with_the_process_that_started_them(tmp_path: Path, sig: int) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), str(Settings().models_dir)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2
        time.sleep(2)  # mid model load: the workers still go
        family = psutil.Process(parent.pid).children(recursive=True)  # the forkserver and resource tracker too
        assert {p.pid for p in family} >= set(pids)
        parent.send_signal(sig)
        parent.wait(30)
        _gone, alive = psutil.wait_procs(family, timeout=15)
        assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], [p.cmdline() for p in alive]
    finally:
        if parent.poll() is None:
            parent.kill()
