"""Reads have timeouts (issue 17, item 5): a file whose read hangs (a stalled network mount) or
crawls is quarantined as ``read_timeout`` and the rest of the chunk and of the run goes on.

A slow read is injected by replacing ``os.read`` with one that blocks (or trickles) for one file
only, found through ``/proc/self/fd``; every other read of the process is the real one.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from conftest import warehouse_sql
from flows import discovery, stages
from flows.settings import Settings
from warehouse.store import KnownFile, WarehouseState

GOOD = "Der Stadtrat von Kiel beschloss am Mittwoch den Bau einer neuen Fähre über die Förde.\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds the slow file via /proc (Linux)")


def _slow_reads(monkeypatch, names: set[str], mode: str) -> threading.Event:
    """``os.read`` of the named files hangs until the returned event is set ("hang"), or returns
    one byte per 50 ms ("trickle"); it counts as the low-level read a stalled mount would stall."""
    real_read = os.read
    release = threading.Event()

    def read(fd: int, n: int) -> bytes:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if os.path.basename(target) in names:
            if mode == "hang":
                release.wait(60)
            else:
                time.sleep(0.05)
                return real_read(fd, 1)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", read)
    return release


def _inbox(tmp_path: Path, names: list[str]) -> Path:
    inbox = tmp_path / "in"
    inbox.mkdir(exist_ok=True)
    for i, name in enumerate(names):
        (inbox / name).write_text(GOOD.replace("Mittwoch", f"Tag {i}"), encoding="utf-8")
    return inbox


def _read(inbox: Path, settings: Settings) -> tuple[stages.Plan, stages.Chunk, float]:
    plan = stages.discover(inbox, settings, WarehouseState())
    [chunk] = stages.chunked(plan, 64)
    started = time.monotonic()
    chunk = stages.read_chunk(chunk, {}, settings.max_file_bytes)
    return plan, chunk, time.monotonic() - started


def _reasons(chunk: stages.Chunk) -> dict[str, tuple[str, str]]:
    return {Path(q.source_uri).name: (q.stage, q.reason) for q in chunk.rejected}


def _state_from(plan: stages.Plan, chunk: stages.Chunk) -> WarehouseState:
    """The warehouse state the run's quarantine and files rows would leave behind."""
    q_table, f_table = stages.quarantine_files_rows(chunk.rejected, plan.stats, "r1", stages.utcnow())
    state = WarehouseState()
    for r in f_table.to_pylist():
        state.files.setdefault(r["file_path"], []).append(
            KnownFile(r["source_uri"], r["file_path"], r["content_sha"], r["size"], r["mtime_ns"], r["doc_id"],
                      r["status"]))
    for r in q_table.to_pylist():
        state.quarantined[r["source_uri"]] = (r["stage"], r["reason"], r["detail"])
    return state


def _reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "newsflow-read"]


def test_a_hung_read_is_quarantined_and_the_other_files_are_read(tmp_path: Path, monkeypatch) -> None:
    inbox = _inbox(tmp_path, ["a.txt", "z.txt"])
    (inbox / "nfs").mkdir()
    (inbox / "nfs" / "stalled.txt").write_text(GOOD, encoding="utf-8")
    release = _slow_reads(monkeypatch, {"stalled.txt"}, "hang")
    settings = Settings(warehouse=tmp_path / "w.duckdb", read_timeout_s=0.4)
    try:
        _plan, chunk, took = _read(inbox, settings)
        assert _reasons(chunk) == {"stalled.txt": ("read", "read_timeout")}
        assert "stuck" in chunk.rejected[0].detail and "0.4 s (read_timeout_s)" in chunk.rejected[0].detail
        assert sorted(Path(c.path).name for c, _data, _sha in chunk.raw) == ["a.txt", "z.txt"]  # after it, too
        assert took < 0.4 + 0.1 + 2.0  # the timeout, its grace, and slack for a loaded machine
    finally:
        release.set()  # the kernel "returns": the left-behind thread finishes and ends
    deadline = time.monotonic() + 5
    while _reader_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _reader_threads(), "a reader thread outlived its released read"


def test_a_trickling_read_stops_itself_at_the_deadline(tmp_path: Path, monkeypatch) -> None:
    inbox = _inbox(tmp_path, ["slow.txt", "fast.txt"])
    _slow_reads(monkeypatch, {"slow.txt"}, "trickle")  # never released: the read must end on its own
    # 2 s: the grace past the deadline (a quarter of it) must outlast a 50 ms trickle on a loaded machine
    settings = Settings(warehouse=tmp_path / "w.duckdb", read_timeout_s=2.0)
    _plan, chunk, _took = _read(inbox, settings)
    assert _reasons(chunk) == {"slow.txt": ("read", "read_timeout")}
    assert "bytes read by the deadline" in chunk.rejected[0].detail
    assert [Path(c.path).name for c, _data, _sha in chunk.raw] == ["fast.txt"]
    time.sleep(0.2)
    assert not _reader_threads(), "the reader thread of a finished chunk is still there"


def test_files_beside_a_stuck_read_are_not_waited_for_again(tmp_path: Path, monkeypatch) -> None:
    inbox = _inbox(tmp_path, ["m1.txt", "m2.txt", "m3.txt"])
    (inbox / "other").mkdir()
    (inbox / "other" / "ok.txt").write_text(GOOD, encoding="utf-8")
    release = _slow_reads(monkeypatch, {"m1.txt", "m2.txt", "m3.txt"}, "hang")  # the whole folder hangs
    settings = Settings(warehouse=tmp_path / "w.duckdb", read_timeout_s=0.4)
    try:
        plan, chunk, took = _read(inbox, settings)
        assert _reasons(chunk) == {f"m{i}.txt": ("read", "read_timeout") for i in (1, 2, 3)}
        assert all("still stuck" in q.detail for q in chunk.rejected[1:])
        assert [Path(c.path).name for c, _data, _sha in chunk.raw] == ["ok.txt"]
        assert took < 2 * (0.4 + 0.1) + 1.0  # one timeout for the folder, not one per file
    finally:
        release.set()
    # the files skipped beside the stuck one were never tried: the next run reads them, not m1.txt
    state = _state_from(plan, chunk)
    again = stages.discover(inbox, settings, state)
    assert sorted(Path(c.path).name for c in again.candidates if "other" not in c.path) == ["m2.txt", "m3.txt"]


def test_no_timeout_when_the_setting_is_zero(tmp_path: Path, monkeypatch) -> None:
    inbox = _inbox(tmp_path, ["slow.txt"])
    _slow_reads(monkeypatch, {"slow.txt"}, "trickle")
    (inbox / "slow.txt").write_text("Kiel.\n", encoding="utf-8")  # 6 bytes: 0.3 s at one byte per 50 ms
    _plan, chunk, _took = _read(inbox, Settings(warehouse=tmp_path / "w.duckdb", read_timeout_s=0))
    assert not chunk.rejected and [data for _c, data, _sha in chunk.raw] == [b"Kiel.\n"]


def test_read_timeout_is_a_passing_reason(tmp_path: Path) -> None:
    """Unchanged and under the same limit it stays quarantined (a stalled mount would cost a timeout
    every run); a changed file, a longer limit, no limit or --retry-quarantined reads it again."""
    inbox = _inbox(tmp_path, ["stalled.txt"])
    path = stages.uri_for(str(inbox / "stalled.txt"))
    st = os.stat(path)
    detail = "did not finish within 60 s (read_timeout_s); the read is stuck (a stalled mount?) and was left behind"
    state = WarehouseState(files={path: [KnownFile(path, path, None, st.st_size, st.st_mtime_ns, None, "quarantined")]},
                           quarantined={path: ("read", "read_timeout", detail)})
    assert "read_timeout" in discovery.PASSING_REASONS
    names = lambda **kw: [Path(c.path).name for c in  # noqa: E731
                          stages.discover(inbox, Settings(warehouse=tmp_path / "w.duckdb", **kw), state).candidates]
    assert names() == []
    assert names(read_timeout_s=30) == []
    assert names(read_timeout_s=120) == ["stalled.txt"]
    assert names(read_timeout_s=0) == ["stalled.txt"]
    assert names(retry_quarantined=True) == ["stalled.txt"]
    (inbox / "stalled.txt").write_text(GOOD + "Nachtrag.\n", encoding="utf-8")
    assert names() == ["stalled.txt"]


def test_warm_up_sniff_does_not_wait_for_a_hung_file(tmp_path: Path, monkeypatch) -> None:
    """The warm-up reads the first files' heads while it holds the model lock: a stalled file must
    not keep the flow's chunks waiting for that lock."""
    from flows.models import languages_in

    inbox = _inbox(tmp_path, ["good.txt"])
    (inbox / "nfs").mkdir()
    (inbox / "nfs" / "stalled.txt").write_text(GOOD, encoding="utf-8")
    release = _slow_reads(monkeypatch, {"stalled.txt"}, "hang")
    monkeypatch.setattr(discovery, "HEAD_TIMEOUT_S", 0.3)
    plan = stages.discover(inbox, Settings(warehouse=tmp_path / "w.duckdb"), WarehouseState())
    seen: list[str] = []
    started = time.monotonic()
    try:
        languages_in(plan.candidates, lambda text: seen.append(text) or [])
    finally:
        release.set()
    assert time.monotonic() - started < 0.3 + 0.1 + 2.0
    assert len(seen) == 1 and "Kiel" in seen[0]  # the good head was sniffed, the stalled one given up


@pytest.mark.slow
def test_flow_run_quarantines_a_hung_read_and_loads_the_rest(tmp_path: Path, monkeypatch, prefect_harness) -> None:
    from flows.run import run_inbox

    inbox = _inbox(tmp_path, ["good.txt"])
    (inbox / "nfs").mkdir()  # its own folder: files beside a stuck read are left for the next run
    (inbox / "nfs" / "stalled.txt").write_text(GOOD, encoding="utf-8")
    release = _slow_reads(monkeypatch, {"stalled.txt"}, "hang")
    # the warm-up's sniff of the first files has its own short timeout (test above); left out here,
    # so that it is the flow's read that meets the stalled file
    monkeypatch.setattr("flows.models.warm_up", lambda *a, **k: None)
    # model_workers=1: the chunk is read in this process, where os.read is replaced
    settings = Settings(warehouse=tmp_path / "w.duckdb", progress=False, build_data_docs=False, read_timeout_s=1,
                        model_workers=1)
    try:
        summary = run_inbox(inbox, settings)
    finally:
        release.set()
    assert summary["status"] == "completed_with_errors", summary
    db = settings.warehouse
    assert [Path(u).name for (u,) in warehouse_sql(db, "SELECT source_uri FROM documents")] == ["good.txt"]
    rows = warehouse_sql(db, "SELECT source_uri, stage, reason, detail FROM quarantine")
    assert [(Path(u).name, s, r) for u, s, r, _d in rows] == [("stalled.txt", "read", "read_timeout")]
    assert "within 1 s (read_timeout_s)" in rows[0][3]
    assert warehouse_sql(db, "SELECT status FROM files WHERE source_uri LIKE '%stalled.txt'") == [("quarantined",)]
    monkeypatch.undo()  # the mount is back, but the file is unchanged: the next tick leaves it be
    assert run_inbox(inbox, settings)["status"] == "noop"
    again = run_inbox(inbox, settings.with_overrides(retry_quarantined=True))
    assert again["status"] == "completed", again
    assert sorted(Path(u).name for (u,) in warehouse_sql(db, "SELECT source_uri FROM documents")) == \
        ["good.txt", "stalled.txt"]
