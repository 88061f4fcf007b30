"""No leaked processes with ``--task-runner dask`` (issue 17, item 5): a run killed by SIGTERM,
SIGINT or kill -9 leaves no Dask worker (nor any other child) behind.

The reaper is tested on its own with plain child processes (one that ignores SIGTERM, one that
started its own session, a grandchild); the slow tests kill a real Dask run mid-run.
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

REPO = Path(__file__).resolve().parents[1]
GOOD = "Die Bürgermeisterin von Köln, Henriette Reker, eröffnete am {} die neue Brücke über den Rhein.\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="the reaper reads /proc (Linux)")


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    found = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except psutil.NoSuchProcess:
            pass
    return found


def _survivors(procs: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    while _alive(procs) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _alive(procs)


def _kill(procs: list[psutil.Process]) -> None:
    for p in _alive(procs):
        try:
            p.kill()
        except psutil.Error:
            pass


PARENT = r"""
import subprocess, sys, time
from flows import prefect_env
prefect_env.reap_children_on_exit()
sleep = [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)"]
stubborn = subprocess.Popen(sleep)  # ignores SIGTERM: needs the SIGKILL
detached = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"], start_new_session=True)
middle = subprocess.Popen([sys.executable, "-c",
    "import subprocess, sys, time; c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)']);"
    "print(c.pid, flush=True); time.sleep(300)"], stdout=subprocess.PIPE, text=True)
grandchild = int(middle.stdout.readline())
time.sleep(2.5)  # the reaper notes descendants once a second
print(stubborn.pid, detached.pid, middle.pid, grandchild, flush=True)
time.sleep(300)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_reaper_stops_every_child_when_its_process_dies(sig: int) -> None:
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # not the parent's
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=REPO, stdout=subprocess.PIPE, text=True)
    children: list[psutil.Process] = []
    try:
        children = [psutil.Process(int(pid)) for pid in parent.stdout.readline().split()]
        assert len(children) == 4 and len(_alive(children)) == 4
        parent.send_signal(sig)
        parent.wait(10)
        left = _survivors(children, 12)  # SIGTERM, 5 s, SIGKILL for the stubborn one
        assert not left, f"children outlived their parent: {[p.cmdline() for p in left]}"
        assert _alive([psutil.Process(bystander.pid)]), "the reaper stopped a process that was not the run's"
    finally:
        _kill(children)
        parent.kill()
        bystander.kill()
        bystander.wait()


def test_reaper_is_started_once_per_process() -> None:
    done = subprocess.run([sys.executable, "-c", (
        "from flows import prefect_env\n"
        "a = prefect_env.reap_children_on_exit(); b = prefect_env.reap_children_on_exit()\n"
        "print(a.pid == b.pid, a.poll() is None)\n")], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "True"], done.stderr


def test_local_dask_runs_use_the_guarded_cluster() -> None:
    from flows.run import flow_for, local_dask_cluster
    from flows.settings import Settings

    runner = flow_for(Settings(task_runner="dask")).task_runner
    assert runner.cluster_class is local_dask_cluster
    remote = flow_for(Settings(task_runner="dask", dask_address="tcp://127.0.0.1:8786")).task_runner
    assert remote.address == "tcp://127.0.0.1:8786"  # someone else's cluster: not ours to reap


def _dask_run(tmp_path: Path) -> tuple[subprocess.Popen, psutil.Process]:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i in range(40):  # chunks of two files: the run is still busy when the signal comes
        (inbox / f"a{i}.txt").write_text(GOOD.format(f"Tag {i}") * 20, encoding="utf-8")
    env = dict(os.environ, NEWSFLOW_BUILD_DATA_DOCS="false", NEWSFLOW_BATCH_SIZE="2",
               PREFECT_HOME=str(tmp_path / "prefect"), GX_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen([sys.executable, "-c", "from flows.cli import main; main()", "run", str(inbox),
                            "--warehouse", str(tmp_path / "w.duckdb"), "--no-report", "--task-runner", "dask"],
                           cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return run, psutil.Process(run.pid)


def _dask_workers(procs: list[psutil.Process]) -> list[psutil.Process]:
    found = []
    for p in _alive(procs):
        try:
            if "multiprocessing.spawn" in " ".join(p.cmdline()):
                found.append(p)
        except psutil.Error:
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("sig,within", [(signal.SIGTERM, 5), (signal.SIGINT, 30), (signal.SIGKILL, 12)],
                         ids=["sigterm", "sigint", "kill9"])
def test_killed_dask_run_leaves_no_process(tmp_path: Path, sig: int, within: float) -> None:
    run, proc = _dask_run(tmp_path)
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and run.poll() is None and len(_dask_workers(children)) < 2:
            children = proc.children(recursive=True)
            time.sleep(0.5)
        assert len(_dask_workers(children)) >= 2, "the run never started its Dask workers"
        time.sleep(3)  # the workers load their models and take chunks
        children = _alive(proc.children(recursive=True))
        assert run.poll() is None, "the run ended before it could be killed"
        run.send_signal(sig)
        run.wait(60)
        left = _survivors(children, within)
        assert not left, f"processes outlived the run: {[p.cmdline()[:4] for p in left]}"
    finally:
        _kill(children)
        run.kill()
