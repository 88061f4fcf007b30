"""Operations: concurrent runs, Dask scale-out equal to a serial run, the lake on S3, scheduled ticks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from flows.run import run_inbox
from flows.settings import Settings

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "inbox"
COMPARE = {
    "documents": "doc_id, source_uri, text, title, published_at, language, languages",
    "sections": "doc_id, section_no, language, char_start, char_end",
    "sentences": "doc_id, sentence_no, char_start, char_end",
    "mentions": "doc_id, char_start, char_end, text, label, entity_id",
    "entities": "entity_id, canonical_name, label, aliases",
    "figures": "doc_id, char_start, char_end, kind, value, unit, date_value",
    "quotes": "doc_id, char_start, char_end, speaker_entity_id",
    "quarantine": "source_uri, stage, reason",
}


def _rows(db: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT {COMPARE[table]} FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.cli", *args]


def test_two_runs_at_once_one_waits_or_exits(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO, inbox)
    wh = tmp_path / "w.duckdb"
    env = dict(os.environ, NEWSFLOW_BUILD_DATA_DOCS="false")
    runs = [subprocess.Popen(_cli("run", str(inbox), "--warehouse", str(wh), "--no-report"), env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=900), *p.communicate()) for p in runs]
    codes = sorted(r[0] for r in results)
    assert codes == [0, 75], results
    refused = next(r for r in results if r[0] == 75)
    assert "another newsflow run is writing to this warehouse" in refused[2]
    con = duckdb.connect(str(wh), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (9, 9)
    con.close()
    # with --wait the second run queues behind the first instead
    (inbox / "late.txt").write_text("Nachzügler: Der Hafen von Kiel meldet 12 Prozent mehr Fähren.\n", encoding="utf-8")
    waiting = [subprocess.Popen(_cli("run", str(inbox), "--warehouse", str(wh), "--no-report", "--wait", "600"),
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    assert [p.wait(timeout=900) for p in waiting] == [0, 0]
    con = duckdb.connect(str(wh), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (10, 10)
    assert con.execute("SELECT count(*) FROM runs WHERE status = 'noop'").fetchone() == (1,)
    con.close()


def test_dask_rows_equal_serial_rows(tmp_path: Path) -> None:
    env = dict(os.environ, NEWSFLOW_BUILD_DATA_DOCS="false", NEWSFLOW_BATCH_SIZE="3", NEWSFLOW_WRITE_BATCH_DOCS="4")
    serial, dask = tmp_path / "serial.duckdb", tmp_path / "dask.duckdb"
    for wh, extra in ((serial, []), (dask, ["--task-runner", "dask"])):
        done = subprocess.run(_cli("run", str(DEMO), "--warehouse", str(wh), "--no-report", *extra), env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
    for table in COMPARE:
        assert _rows(serial, table) == _rows(dask, table), table
    assert len(_rows(serial, "documents")) == 9


def test_flow_writes_its_lake_to_s3(tmp_path: Path, prefect_harness, s3_endpoint: str) -> None:
    settings = Settings(warehouse=tmp_path / "w.duckdb", lake="s3://newsflow-test/newsflow", progress=False,
                        s3_endpoint_url=s3_endpoint, build_data_docs=False)
    summary = run_inbox(DEMO, settings)
    assert summary["status"] == "completed_with_errors"
    from warehouse.lake import Lake

    lake = Lake(settings.lake_path, s3_endpoint)
    con = duckdb.connect()
    con.register("lake_documents", lake.dataset("documents"))
    con.register("lake_figures", lake.dataset("figures"))
    assert con.execute("SELECT count(*) FROM lake_documents").fetchone() == (9,)
    assert con.execute("SELECT count(*) FROM lake_figures WHERE kind = 'money'").fetchone()[0] >= 3
    local = duckdb.connect(str(settings.warehouse), read_only=True)
    assert local.execute("SELECT count(*) FROM documents").fetchone() == (9,)
    local.close()
    import boto3

    listed = boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(Bucket="newsflow-test", Prefix="newsflow/")
    keys = [o["Key"] for o in listed.get("Contents", [])]
    assert any(k.startswith("newsflow/_commits/") for k in keys)
    assert any("/documents/ingest_date=" in k and "/run_id=" in k for k in keys)
    assert not Path("s3:").exists()


def test_serve_picks_up_a_new_file_on_the_next_tick(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "erste.txt").write_text("Der Landtag in Schwerin beschloss am Montag ein neues Schulgesetz.\n",
                                     encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    env = dict(os.environ, NEWSFLOW_BUILD_DATA_DOCS="false")
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "serve.log"  # a file, not a pipe: nobody reads a pipe here, and a full one blocks serve
    proc = subprocess.Popen(_cli("serve", str(inbox), "--warehouse", str(wh), "--interval", "5"),
                            env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, text=True)

    def n_docs() -> int:
        if not wh.exists():
            return 0
        try:
            con = duckdb.connect(str(wh), read_only=True)
        except duckdb.Error:
            return -1
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        except duckdb.Error:
            return -1
        finally:
            con.close()

    try:
        deadline = time.monotonic() + 300
        while n_docs() < 1 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(1)
        assert n_docs() == 1, "the first tick did not load the inbox:\n" + log.read_text()[-3000:]
        (inbox / "zweite.txt").write_text("In Rostock eröffnete die Werft am Dienstag eine neue Halle.\n",
                                          encoding="utf-8")
        deadline = time.monotonic() + 300
        while n_docs() < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(1)
        assert n_docs() == 2, "the new file was not picked up by a later tick:\n" + log.read_text()[-3000:]
    finally:
        children = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
        proc.terminate()  # SIGTERM, as a service manager stops it
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    out = log.read_text()
    assert proc.returncode == 0, out[-3000:]
    assert "without UI" in out.splitlines()[1]  # the banner does not advertise a UI it does not serve
    ticks = [line for line in out.splitlines() if " files seen, " in line]
    assert any("completed" in t and " 1 new or changed, 1 documents" in t for t in ticks), out[-3000:]
    assert all(len(t) < 200 for t in ticks)
    assert "newsflow serve: stopped" in out and "never awaited" not in out and "Traceback" not in out
    leftovers = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert not leftovers, [c.cmdline() for c in leftovers]  # the private Prefect server died with serve
