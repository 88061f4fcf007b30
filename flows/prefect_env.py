"""Prefect's environment for a local, offline run: set before prefect is imported.

Only defaults: a user's own Prefect settings (a server URL, a profile) win.
"""

from __future__ import annotations

import os

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
