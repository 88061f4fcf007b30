"""Scheduled runs: a warm process that ticks on a schedule, or Prefect's own runner.

``newsflow serve INBOX --interval 900`` (or ``--cron``) runs a tick at start and then
on the schedule, **in its own process**: Prefect, Great Expectations and the models
are imported and loaded once, so a tick costs its new files, not a cold start.  Each
tick is an ordinary newsflow run recorded as a flow run in the Prefect API (a
``prefect server`` on loopback, started for the lifetime of the command when
``PREFECT_API_URL`` is not set): only new or changed files are read, and a tick with
nothing new is a ``noop`` run.  ``kill -USR1 <pid>`` runs a tick now.

``--prefect-runner`` instead registers the ``newsflow-scheduled`` deployment and lets
Prefect's scheduler and runner start every tick in a fresh process (cold: each tick
pays imports and model loading; ``prefect deployment run`` then works too).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flows import prefect_env

# The terminal shows one line per tick (with the cause when a tick fails), not Prefect's engine tracebacks;
# PREFECT_LOGGING_LEVEL set by the user still wins.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
prefect_env.configure()

from prefect import flow  # noqa: E402

from flows.run import run_inbox  # noqa: E402
from flows.settings import Settings  # noqa: E402


@flow(name="newsflow-scheduled")
def scheduled_run(inbox: str, warehouse: str | None = None, lake: str | None = None) -> dict:
    """One tick: process what is new in the inbox (settings from newsflow.toml / NEWSFLOW_*)."""
    from warehouse.lock import WarehouseBusy

    started = time.monotonic()
    settings = Settings().with_overrides(warehouse=Path(warehouse) if warehouse else None, lake=lake)
    try:
        summary = run_inbox(Path(inbox), settings)
    except WarehouseBusy as exc:  # a manual run holds the warehouse: this tick has nothing to add
        _tick_line(f"skipped: {exc}")
        return {"status": "skipped", "message": str(exc)}
    except Exception as exc:  # noqa: BLE001 - one failed tick is reported; the next tick tries again
        _tick_line(f"failed after {time.monotonic() - started:.1f} s: {type(exc).__name__}: {exc}")
        raise
    _tick_line(tick_summary(summary, time.monotonic() - started))
    return summary


def tick_summary(summary: dict, seconds: float) -> str:
    """One line per tick: what it saw, what was new, what it loaded, how long it took."""
    c = summary.get("counts", {})
    new = c.get("read", 0) + c.get("quarantined", 0)
    return (f"run {summary['run_id']} {summary['status']}: {c.get('discovered', 0)} files seen, {new} new or "
            f"changed, {c.get('documents', 0)} documents, {c.get('quarantined', 0)} quarantined, {seconds:.1f} s")


def _tick_line(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_prefect_server(timeout_s: float = 120.0, cleanup: list | None = None) -> Iterator[str]:
    """A Prefect server on loopback for as long as the block runs; yields its API url.

    ``cleanup`` receives a function that stops the server, for a signal handler that exits without unwinding.
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    # A private database: runs scheduled by an earlier `serve` (with other parameters) must not fire here.
    home = tempfile.mkdtemp(prefix="newsflow-prefect-server-")
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false", PREFECT_HOME=home)
    env.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port), "--analytics-off", "--no-ui"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def stop_server() -> None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(home, ignore_errors=True)

    if cleanup is not None:
        cleanup.append(stop_server)
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
        stop_server()


def _stop_on_signals(cleanup: list) -> None:
    """SIGTERM and Ctrl-C stop serve at once and cleanly, whatever it is doing.

    Prefect 3.8.8's own SIGTERM handler calls the runner's async ``stop`` from the signal handler ("coroutine
    'Runner.astop' was never awaited"), and an interrupt that lands inside a tick is absorbed by the engine's
    event loop. A run is crash-safe by design (nothing is visible before its commit; the next run cleans up and
    completes the work), so stopping means: say so, stop our Prefect server, exit.
    """
    from prefect.runner.runner import Runner

    def stop(*_args: object) -> None:
        print("newsflow serve: stopped (a tick in progress is left to the next run, which completes it)",
              flush=True)
        import psutil

        children = psutil.Process().children(recursive=True)  # a tick's engine process, our Prefect server
        for child in children:
            child.terminate()
        _gone, alive = psutil.wait_procs(children, timeout=10)
        for child in alive:  # multiprocessing's resource tracker ignores SIGTERM; a stuck engine may too
            child.kill()
        for step in cleanup:
            step()
        os._exit(0)

    Runner.handle_sigterm = stop  # type: ignore[method-assign]  # Runner.start installs it for SIGTERM
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


class TickSchedule:
    """When the next tick is due: every ``interval`` seconds after the last tick started (a slow tick
    delays the next, never overlaps it), or at the next time a cron expression names."""

    def __init__(self, cron: str | None = None, interval: float | None = None) -> None:
        self.cron, self.interval = cron, (None if cron else float(interval or 900))
        if cron:
            from prefect.server.schemas.schedules import CronSchedule

            self._cron = CronSchedule(cron=cron)  # validates the expression, as the Prefect scheduler does

    def describe(self) -> str:
        return f"cron {self.cron!r}" if self.cron else f"every {self.interval:g} s"

    def next_after(self, started: datetime) -> datetime:
        """The first due time after a tick that started at ``started`` (UTC)."""
        if self.interval is not None:
            return started + timedelta(seconds=self.interval)
        import asyncio

        after = max(started, datetime.now(timezone.utc)) + timedelta(seconds=1)
        return asyncio.run(self._cron.get_dates(1, start=after))[0]


def warm_ticks(params: dict, schedule: TickSchedule, wake: threading.Event) -> None:
    """Tick now, then on the schedule, in this process; ``wake`` set (SIGUSR1) runs a tick at once."""
    while True:
        started = datetime.now(timezone.utc)
        wake.clear()
        try:
            scheduled_run(**params)
        except Exception:  # noqa: BLE001 - scheduled_run printed the tick line; the next tick tries again
            pass
        wait = (schedule.next_after(started) - datetime.now(timezone.utc)).total_seconds()
        wake.wait(max(0.0, wait))


def serve(inbox: Path, warehouse: Path | None, lake: str | None, cron: str | None, interval: float | None,
          prefect_runner: bool = False) -> None:
    """Serve until interrupted; one tick at a time (a slow tick delays the next)."""
    params = {"inbox": str(Path(inbox).resolve()), "warehouse": str(warehouse) if warehouse else None, "lake": lake}
    ticks = TickSchedule(cron, interval)
    cleanup: list = []
    _stop_on_signals(cleanup)
    wake = threading.Event()

    def _serve(api_url: str, ui: str) -> None:
        where = "each in a fresh process (Prefect's runner)" if prefect_runner else "in this warm process"
        print(f"newsflow serve: {params['inbox']} {ticks.describe()}, one line per tick, {where}; "
              "Ctrl-C or SIGTERM stops it", flush=True)
        print(f"  Prefect API {api_url}; {ui}", flush=True)
        if not prefect_runner:
            print(f"  run a tick now: kill -USR1 {os.getpid()}", flush=True)
            signal.signal(signal.SIGUSR1, lambda *_: wake.set())
            warm_ticks(params, ticks, wake)
            return
        print(f"  run a tick now: PREFECT_API_URL={api_url} prefect deployment run 'newsflow-scheduled/inbox'",
              flush=True)
        schedule = {"cron": cron} if cron else {"interval": ticks.interval}
        scheduled_run.serve(name="inbox", parameters=params, limit=1, print_starting_message=False, **schedule)

    if os.environ.get("PREFECT_API_URL"):
        api = os.environ["PREFECT_API_URL"]
        _serve(api, f"its UI (if that server serves one): {api.removesuffix('/api')}")
        return
    with local_prefect_server(cleanup=cleanup) as url:
        os.environ["PREFECT_API_URL"] = url
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: url}):
            _serve(url, "a private server without UI (to watch runs in a UI, run `prefect server start "
                        "--host 127.0.0.1` and set PREFECT_API_URL=http://127.0.0.1:4200/api)")
