"""The flow with model worker processes: the same warehouse as the in-process path, a dead worker's
files in quarantine, and no worker left behind when a run is stopped by SIGTERM or Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from conftest import warehouse_sql as _sql
from flows import workers
from flows.run import run_inbox
from flows.settings import Settings
from test_workers import TEXTS, by_name

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]

# What must match, per table: every column but run ids and timestamps.
COMPARED = {
    "documents": "* EXCLUDE (run_id, ingested_at)",
    "mentions": "* EXCLUDE (run_id)",
    "entities": "* EXCLUDE (run_id, first_run_id)",
    "figures": "* EXCLUDE (run_id)",
    "quotes": "* EXCLUDE (run_id)",
    "sentences": "* EXCLUDE (run_id)",
    "event_mentions": "* EXCLUDE (run_id)",
    "claims": "* EXCLUDE (run_id)",
}


def _except_all(a: Path, b: Path) -> dict[str, tuple[int, int, int]]:
    """Per table: (rows, rows of a not in b, rows of b not in a), multiset difference."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
        out = {}
        for table, cols in COMPARED.items():
            def diff(x: str, y: str) -> int:
                return con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM {x}.{table} "
                                   f"EXCEPT ALL SELECT {cols} FROM {y}.{table})").fetchone()[0]
            out[table] = (con.execute(f"SELECT count(*) FROM a.{table}").fetchone()[0], diff("a", "b"), diff("b", "a"))
        return out
    finally:
        con.close()


def test_seeds_through_worker_processes_load_what_the_thread_path_loads(seeds_dir: Path, tmp_path: Path,
                                                                        prefect_harness) -> None:
    base = dict(progress=False, build_data_docs=False, batch_size=1)  # one chunk per seed: both workers busy
    threads = Settings(warehouse=tmp_path / "threads" / "w.duckdb", model_workers=1, **base)
    procs = Settings(warehouse=tmp_path / "procs" / "w.duckdb", model_workers=2, **base)
    assert run_inbox(seeds_dir, threads)["status"] == "completed"
    assert run_inbox(seeds_dir, procs)["status"] == "completed"
    diffs = _except_all(threads.warehouse, procs.warehouse)
    assert diffs["documents"][0] >= 5 and diffs["mentions"][0] > 0 and diffs["entities"][0] > 0
    assert all(d[1:] == (0, 0) for d in diffs.values()), diffs


def test_a_chunk_whose_worker_dies_twice_is_quarantined_and_the_run_goes_on(tmp_path: Path, monkeypatch,
                                                                             prefect_harness) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "die-always.txt").write_text(TEXTS["rostock.txt"], encoding="utf-8")
    for name in ("kiel.txt", "leeds.txt", "moskau.txt"):
        (inbox / name).write_text(TEXTS[name], encoding="utf-8")
    monkeypatch.setattr(workers, "run_chunk", by_name)  # the pool ships this function (by name) to its workers
    settings = Settings(warehouse=tmp_path / "w.duckdb", progress=False, build_data_docs=False, batch_size=1,
                        model_workers=2)
    summary = run_inbox(inbox, settings)
    assert summary["status"] == "completed_with_errors"
    dead = str(inbox / "die-always.txt")
    assert _sql(settings.warehouse, "SELECT source_uri, stage, reason FROM quarantine") == \
        [(dead, "extract", "worker_died")]
    assert _sql(settings.warehouse, "SELECT count(*) FROM documents") == [(3,)]
    assert _sql(settings.warehouse, "SELECT status FROM files WHERE source_uri = ?", dead) == [("quarantined",)]
    assert (dead, "extract", "worker_died") in summary["quarantined_files"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_a_run_leaves_no_worker_behind(tmp_path: Path, sig: int) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i in range(40):  # one file per chunk: the run is still busy when it is stopped
        for name, text in TEXTS.items():
            (inbox / f"{i:02d}-{name}").write_text(text.replace("Montag", f"Tag {i}"), encoding="utf-8")
    env = dict(os.environ, NEWSFLOW_BUILD_DATA_DOCS="false", NEWSFLOW_BATCH_SIZE="1", NEWSFLOW_MODEL_WORKERS="2",
               PREFECT_HOME=str(tmp_path / "prefect"))
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen([sys.executable, "-c", "from flows.cli import main; main()", "run", str(inbox),
                            "--warehouse", str(tmp_path / "w.duckdb"), "--no-report"], cwd=REPO, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        family: list[psutil.Process] = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and run.poll() is None:
            family = psutil.Process(run.pid).children(recursive=True)
            if sum("forkserver" in " ".join(_cmdline(p)) for p in family) >= 3:  # the forkserver and 2 workers
                break
            time.sleep(0.3)
        assert run.poll() is None, "the run ended before its workers started"
        time.sleep(3)
        family = psutil.Process(run.pid).children(recursive=True)
        run.send_signal(sig)
        run.wait(60)
        _gone, alive = psutil.wait_procs(family, timeout=20)
        assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], [_cmdline(p) for p in alive]
    finally:
        if run.poll() is None:
            run.kill()


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []
