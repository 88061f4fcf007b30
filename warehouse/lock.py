"""One writer per warehouse: an OS file lock beside the DuckDB file.

The kernel drops the lock when its process dies (even by kill -9), so a
crashed run never blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse."""


class RunLock:
    """``with RunLock(path, wait_s=…)``: wait up to ``wait_s`` seconds (0: fail at once)."""

    def __init__(self, warehouse: Path, wait_s: float = 0.0) -> None:
        self.path = Path(str(warehouse) + ".lock")
        self.wait_s = wait_s
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
                    os.close(fd)
                    raise WarehouseBusy(
                        f"another newsflow run is writing to this warehouse ({holder or 'unknown pid'}); "
                        f"waited {self.wait_s:.0f}s. Set --wait / NEWSFLOW_LOCK_WAIT_S to wait longer."
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        self._fd = fd
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
