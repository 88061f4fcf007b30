"""Prefect's environment for a local, offline run: set before prefect is imported.

Only defaults: a user's own Prefect settings (a server URL, a profile) win.  Prefect's temporary
(ephemeral) API server is a child process that outlives a killed run (SIGTERM, kill -9: ~230 MB
each, adopted by init); ``configure`` gives it a watchdog that stops it when the run's process
is gone, whatever ended it. ``reap_children_on_exit`` does the same for every process a run
starts (a local Dask cluster's workers).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # the ephemeral server's only outbound call
    "DO_NOT_TRACK": "1",  # client telemetry
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",  # 20 s default is too short on 2 loaded cores
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "",  # no heartbeat thread: ~1 s less per flow run
    "GX_ANALYTICS_ENABLED": "false",
}


def limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each thread its own malloc arena and keeps freed memory in it; with spaCy in
    worker threads that grew the process by ~300 MB per thread. Two arenas keep RSS flat."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def configure() -> None:
    limit_malloc_arenas()
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if os.environ.get("PREFECT_FLOWS_HEARTBEAT_FREQUENCY") == "":
        del os.environ["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"]
    guard_ephemeral_server()


# The watchdog: a tiny process that holds the read end of a pipe whose write end only the run's
# process has.  When the run dies by any means the kernel closes the write end, the watchdog reads
# EOF and stops the server (SIGTERM, then SIGKILL after 5 s).  It also ends when the server does.
# The server's start time (/proc/<pid>/stat field 22) guards against killing a reused pid.
WATCHDOG = r"""
import os, select, signal, sys, time
pid = int(sys.argv[1])
def started(p):
    try:
        with open(f"/proc/{p}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None
mark = started(pid)
def alive():
    return mark is not None and started(pid) == mark
while alive():
    ready, _, _ = select.select([0], [], [], 1.0)
    if ready and not os.read(0, 1):
        break
else:
    sys.exit(0)
for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 0.0)):
    if not alive():
        break
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        break
    deadline = time.monotonic() + wait
    while alive() and time.monotonic() < deadline:
        time.sleep(0.1)
"""

_watchdogs: list[tuple[subprocess.Popen, int]] = []


def watch(server: subprocess.Popen) -> subprocess.Popen:
    """Start a watchdog that stops ``server`` once this process is gone (any signal, even kill -9)."""
    read_end, write_end = os.pipe()  # both non-inheritable: only the watchdog gets the read end
    try:
        dog = subprocess.Popen([sys.executable, "-c", WATCHDOG, str(server.pid)], stdin=read_end,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # a terminal's Ctrl-C reaches the run, not the dog
    finally:
        os.close(read_end)
    _watchdogs.append((dog, write_end))  # the write end stays open for as long as this process lives
    return dog


# The reaper: the same pipe trick for every process the run's process starts (a local Dask
# cluster's worker processes, multiprocessing's resource tracker, their children).  Each second it
# notes the run's descendants (pid and start time, from /proc/<pid>/task/*/children); once the run
# is gone (EOF) it stops the ones still there: SIGTERM, SIGKILL after 5 s.  Dask's own workers
# leave when their parent dies, but only if their monitoring thread gets the GIL: a worker deep in
# a GIL-holding call (a pathological regex on a hostile text) outlives it without the reaper.
REAPER = r"""
import os, select, signal, sys, time
parent, me = int(sys.argv[1]), os.getpid()
def started(p):
    try:
        with open(f"/proc/{p}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None
def children(p):
    try:
        tasks = os.listdir(f"/proc/{p}/task")
    except OSError:
        return []
    found = []
    for t in tasks:
        try:
            with open(f"/proc/{p}/task/{t}/children") as fh:
                found.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            pass
    return found
def descendants():
    seen, todo = {}, children(parent)
    while todo:
        p = todo.pop()
        if p in seen or p == me:
            continue
        mark = started(p)
        if mark is not None:
            seen[p] = mark
            todo.extend(children(p))
    return seen
known = {}
while True:
    ready, _, _ = select.select([0], [], [], 1.0)
    if ready and not os.read(0, 1):
        break
    known.update(descendants())
    known = {p: m for p, m in known.items() if started(p) == m}
alive = lambda: [p for p, m in known.items() if started(p) == m]
for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 0.0)):
    for p in alive():
        try:
            os.kill(p, sig)
        except OSError:
            pass
    deadline = time.monotonic() + wait
    while alive() and time.monotonic() < deadline:
        time.sleep(0.1)
"""

_reaper: tuple[subprocess.Popen, int] | None = None


def reap_children_on_exit() -> subprocess.Popen | None:
    """Start (once per process) a reaper that stops every process this one started that is still
    running when this process is gone, by any means (SIGTERM, SIGINT, kill -9, a normal exit).

    Linux only (it reads /proc); elsewhere it does nothing and returns None."""
    global _reaper
    if _reaper is not None and _reaper[0].poll() is None:
        return _reaper[0]
    if not os.path.exists(f"/proc/{os.getpid()}/task"):
        return None
    read_end, write_end = os.pipe()  # non-inheritable: the children this process starts do not hold it
    try:
        dog = subprocess.Popen([sys.executable, "-c", REAPER, str(os.getpid())], stdin=read_end,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    finally:
        os.close(read_end)
    _reaper = (dog, write_end)  # the write end stays open for as long as this process lives
    return dog


SERVER_MODULE = "prefect.server.api.server"


def guard_ephemeral_server() -> None:
    """Every ephemeral server Prefect starts in this process gets a watchdog.

    The server module takes seconds to import and is only needed without PREFECT_API_URL, so it
    is patched when Prefect imports it (an import hook), not imported here."""
    module = sys.modules.get(SERVER_MODULE)
    if module is not None:
        _patch_server(module)
    elif not any(isinstance(f, _PatchOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())


class _PatchOnImport:
    """A meta-path finder that lets the normal finders load the server module, then patches it."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name != SERVER_MODULE:
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module):  # type: ignore[no-untyped-def]
            exec_module(module)
            _patch_server(module)

        loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec


def _patch_server(module) -> None:  # type: ignore[no-untyped-def]
    server_cls = getattr(module, "SubprocessASGIServer", None)
    if server_cls is None or getattr(server_cls._run_uvicorn_command, "_newsflow_guarded", False):
        return
    start = server_cls._run_uvicorn_command

    def guarded(self):  # type: ignore[no-untyped-def]
        process = start(self)
        try:
            watch(process)
        except OSError:  # no watchdog is no reason not to run
            logging.getLogger("newsflow").warning("could not start the Prefect server's watchdog", exc_info=True)
        return process

    guarded._newsflow_guarded = True  # type: ignore[attr-defined]
    server_cls._run_uvicorn_command = guarded


class _NoTraceback(logging.Filter):
    """Keeps a log record's message, drops its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def quiet_engine_tracebacks() -> None:
    """Prefect logs every failed task's full traceback at ERROR (hundreds of lines for one full
    disk); the run reports the cause in one line itself, so only Prefect's one-line messages stay.
    PREFECT_LOGGING_LEVEL=DEBUG keeps the tracebacks."""
    if os.environ.get("PREFECT_LOGGING_LEVEL", "").upper() == "DEBUG":
        return
    for name in ("prefect.engine", "prefect.task_runs", "prefect.flow_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoTraceback) for f in logger.filters):
            logger.addFilter(_NoTraceback())
