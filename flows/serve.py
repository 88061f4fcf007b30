"""Scheduled runs with Prefect's own scheduler.

``newsflow serve INBOX --interval 900`` registers the ``newsflow-scheduled``
flow as a deployment and serves it: Prefect's scheduler creates a run every
tick, the served process executes it.  Scheduling needs a real Prefect API
(the ephemeral one refuses schedules), so when ``PREFECT_API_URL`` is not set
we start ``prefect server`` on loopback for the lifetime of the command.
Each tick is an ordinary newsflow run: only new or changed files are read,
and a tick with nothing new is recorded as a ``noop`` run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows import prefect_env

prefect_env.configure()

from prefect import flow  # noqa: E402

from flows.run import run_inbox  # noqa: E402
from flows.settings import Settings  # noqa: E402


@flow(name="newsflow-scheduled", log_prints=True)
def scheduled_run(inbox: str, warehouse: str | None = None, lake: str | None = None) -> dict:
    """One tick: process what is new in the inbox (settings from newsflow.toml / NEWSFLOW_*)."""
    from warehouse.lock import WarehouseBusy

    settings = Settings().with_overrides(warehouse=Path(warehouse) if warehouse else None, lake=lake)
    try:
        summary = run_inbox(Path(inbox), settings)
    except WarehouseBusy as exc:  # a manual run holds the warehouse: this tick has nothing to add
        print(f"tick skipped: {exc}")
        return {"status": "skipped", "message": str(exc)}
    print(f"newsflow run {summary['run_id']}: {summary['status']} {summary['counts']}")
    return summary


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_prefect_server(timeout_s: float = 120.0) -> Iterator[str]:
    """A Prefect server on loopback for as long as the block runs; yields its API url."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    # A private database: runs scheduled by an earlier `serve` (with other parameters) must not fire here.
    home = tempfile.mkdtemp(prefix="newsflow-prefect-server-")
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false", PREFECT_HOME=home)
    env.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port), "--analytics-off", "--no-ui"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"prefect server did not start on {url}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(home, ignore_errors=True)


def serve(inbox: Path, warehouse: Path | None, lake: str | None, cron: str | None, interval: float | None) -> None:
    """Serve the scheduled flow until interrupted; one tick at a time (a slow tick delays the next)."""
    params = {"inbox": str(Path(inbox).resolve()), "warehouse": str(warehouse) if warehouse else None, "lake": lake}
    schedule = {"cron": cron} if cron else {"interval": interval or 900}

    def _serve() -> None:
        scheduled_run.serve(name="inbox", parameters=params, limit=1, print_starting_message=True, **schedule)

    if os.environ.get("PREFECT_API_URL"):
        _serve()
        return
    with local_prefect_server() as url:
        os.environ["PREFECT_API_URL"] = url
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: url}):
            print(f"Prefect server on {url} (set PREFECT_API_URL to use your own)", flush=True)
            _serve()
