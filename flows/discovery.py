"""Discovery and reading of the inbox: the pipeline's only file I/O on input.

``discover`` walks the inbox and decides by stat what to read; ``read_chunk`` reads a chunk's
files once, hashes them and keeps the changed ones. Both hold the hostile-input guards (no
symlinked folders, no special files, nothing outside the inbox, size limits, non-UTF-8 names):
every file they refuse gets a ``Quarantined`` row with its stage and reason, none is skipped
silently. The per-chunk text stages that follow live in ``flows.stages``.

Why one module of ~430 lines: one concern (the inbox's bytes reach the pipeline, or a reason why
not); most of its length is the guards and the timed reader, which must sit next to the reads.
"""

from __future__ import annotations

import errno
import hashlib
import os
import queue
import re
import stat as stat_mod
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.settings import Settings
from warehouse.store import KnownFile, WarehouseState

if TYPE_CHECKING:  # a chunk is the stages' unit of work; reading only fills its raw bytes
    from flows.stages import Chunk

# ------------------------------------------------------------------ records


@dataclass
class FileCandidate:
    """A file discovery found new or changed (by size/mtime); read decides by content hash."""

    path: str
    size: int
    mtime_ns: int
    fs_path: str | None = None  # what to open when ``path`` (the uri) had to escape a non-UTF-8 name
    link: bool = False  # a symlink discovery allowed; anything else is opened with O_NOFOLLOW


@dataclass
class Quarantined:
    source_uri: str
    stage: str
    reason: str
    detail: str = ""
    note: bool = False  # a repair noted on a document that was loaded (e.g. bad bytes replaced): no files row

    def row(self, run_id: str, now: datetime) -> dict[str, Any]:
        from transforms.ingest.normalize import scrub_surrogates  # every string must encode as UTF-8

        return {"run_id": run_id, "source_uri": scrub_surrogates(self.source_uri), "stage": self.stage,
                "reason": self.reason, "detail": scrub_surrogates(self.detail), "quarantined_at": now}


@dataclass
class Plan:
    """What discovery found: files to read, files unchanged since their last run, files rejected."""

    candidates: list[FileCandidate] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Quarantined] = field(default_factory=list)
    discovered: int = 0
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    read_timeout_s: float | None = None  # settings.read_timeout_s, for the chunks' reads


def uri_for(path: str) -> str:
    return str(Path(path).resolve())


# ---------------------------------------------------------------- discover


def discover(inbox: Path, settings: Settings, state: WarehouseState) -> Plan:
    """Walk the inbox (no symlinked directories: no loops), keep new or changed files by stat.

    Nothing is skipped without a row: unreadable folders, special files, symlinks leaving the
    inbox, unsupported, over-size files are rejected with a reason. A quarantined file whose stat
    is unchanged is retried when its reason has passed (the limit was raised, the mode fixed,
    the file came back) or when ``settings.retry_quarantined`` asks for it.

    The walk itself has no timeout: ``os.scandir`` and ``os.stat`` on a hung mount block in the
    kernel, as any process's would, and a thread stuck there could not be stopped anyway. Reads
    are guarded (``read_timeout_s``, see ``TimedReader``); for the walk, mount network shares so
    that the kernel gives up (NFS ``soft,timeo=...``, SMB ``echo_interval``), or copy into a local inbox."""
    plan = Plan(read_timeout_s=settings.read_timeout_s)
    extensions = {e.lower() for e in settings.extensions}
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox is not a folder: {inbox}")
    root = os.path.realpath(inbox)

    def unreadable_folder(exc: OSError) -> None:
        folder = str(exc.filename or inbox)
        uri = _display(os.path.abspath(folder))
        plan.discovered += 1
        try:
            st = os.lstat(folder)
        except OSError:
            st = None
        known = state.files.get(uri)
        if st is not None and _same(known, st) and not _retry_due(state, uri, folder, st, settings, is_dir=True):
            plan.unchanged += 1
            return
        if st is not None:
            plan.stats[uri] = (st.st_size, st.st_mtime_ns)
        plan.rejected.append(Quarantined(uri, "discover", "unreadable", f"cannot list folder: {_os_error(exc)}"))

    for dirpath, dirnames, filenames in os.walk(inbox, followlinks=False, onerror=unreadable_folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # the walk enters no symlinked folder, so a plain file's resolved path is its folder's
        # resolved path and its name: one resolve per folder, not two per file
        real_dir = uri_for(dirpath)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            is_link = os.path.islink(path)
            plain = os.path.abspath(path) if is_link else os.path.join(real_dir, name)
            uri = _display(plain)
            fs_path = path if uri != plain else None
            plan.discovered += 1
            known = state.files.get(uri)
            try:
                st = os.stat(path)  # follows a file symlink; a dangling or looping one raises
            except OSError as exc:
                link = os.lstat(path)  # the link itself: remembered, so it is not re-reported every run
                if _same(known, link):
                    plan.unchanged += 1
                    continue
                plan.stats[uri] = (link.st_size, link.st_mtime_ns)
                plan.rejected.append(Quarantined(uri, "discover", "unreadable", f"cannot stat: {_os_error(exc)}"))
                continue
            outside = is_link and not _inside(os.path.realpath(path), root)
            if outside and not settings.allow_outside_inbox:
                st = os.lstat(path)  # judge the link, never look at what it points to
            if _same(known, st) and not _retry_due(state, uri, path, st, settings):
                plan.unchanged += 1
                continue
            plan.stats[uri] = (st.st_size, st.st_mtime_ns)
            if outside and not settings.allow_outside_inbox:
                plan.rejected.append(Quarantined(uri, "discover", "outside_inbox",
                                                 "a symlink to a file outside the inbox (allow_outside_inbox is off)"))
                continue
            if not stat_mod.S_ISREG(st.st_mode):
                plan.rejected.append(Quarantined(uri, "discover", "not_a_file", "not a regular file"))
                continue
            if Path(name).suffix.lower() not in extensions:
                plan.rejected.append(Quarantined(
                    uri, "discover", "unsupported_format",
                    f"extension {_display(Path(name).suffix) or '(none)'} is not one of {sorted(extensions)}"))
                continue
            if st.st_size > settings.max_file_bytes:
                plan.rejected.append(Quarantined(
                    uri, "discover", "too_large",
                    f"{st.st_size} bytes is over the limit of {settings.max_file_bytes} (max_file_bytes)"))
                continue
            plan.candidates.append(FileCandidate(uri, st.st_size, st.st_mtime_ns, fs_path, link=is_link))
    return plan


def _display(path: str) -> str:
    """A path as a valid UTF-8 string: bytes of a non-UTF-8 name (``caf\\xe9.txt``) as ``\\xe9`` escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _os_error(exc: OSError) -> str:
    return _display(f"{exc.strerror or type(exc).__name__}: {exc.filename}" if exc.filename else str(exc))


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:
        return False


def newsflow_version() -> str:
    """The installed version: transform errors name it, so an upgrade retries them."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsflow")
    except PackageNotFoundError:
        return "dev"


# Reasons that pass: a quarantined file with one of them is retried once its cause is gone, even
# when its size and mtime are as before (a chmod or a raised limit changes neither).
PASSING_REASONS = ("too_large", "unreadable", "vanished", "not_a_file", "unsupported_format", "outside_inbox",
                   "transform_error", "read_error", "read_timeout")
NOT_TRIED = "not read:"  # how a read_timeout detail starts for a file skipped beside a stuck read


def _retry_due(state: WarehouseState, uri: str, path: str, st: os.stat_result, settings: Settings,
               is_dir: bool = False) -> bool:
    """True when a quarantined file (or folder) should be read again although its stat is unchanged."""
    known = state.files.get(uri) or []
    if not known or any(k.status != "quarantined" for k in known):
        return False
    if settings.retry_quarantined:
        return True
    stage, reason, detail = state.quarantined.get(uri, ("", "", ""))
    if reason == "too_large":
        return st.st_size <= settings.max_file_bytes
    if reason == "unreadable":
        return os.access(path, os.R_OK | (os.X_OK if is_dir else 0))
    if reason == "vanished":
        return True
    if reason == "unsupported_format":
        return Path(path).suffix.lower() in {e.lower() for e in settings.extensions}
    if reason == "outside_inbox":
        return settings.allow_outside_inbox
    if reason == "read_timeout":  # a stalled mount would cost a timeout every run: only a longer limit retries
        if detail.startswith(NOT_TRIED):  # skipped beside a stuck read, never tried itself
            return True
        given = re.search(r"within ([0-9.e+-]+) s \(read_timeout_s\)", detail)
        return settings.read_timeout_s <= 0 or (given is not None and settings.read_timeout_s > float(given.group(1)))
    if reason in ("transform_error", "read_error"):  # retried after an upgrade
        return f"[newsflow {newsflow_version()}]" not in detail
    return False


def _same(known: list[KnownFile] | None, st: os.stat_result) -> bool:
    return bool(known) and all(k.size == st.st_size and k.mtime_ns == st.st_mtime_ns for k in known)


# -------------------------------------------------------------------- read


def known_for(chunk: Chunk, state: WarehouseState) -> dict[str, list[KnownFile]]:
    """The warehouse's records of this chunk's files only (what a worker needs, not the whole state)."""
    return {c.path: state.files[c.path] for c in chunk.files if c.path in state.files}


def read_chunk(chunk: Chunk, known_files: dict[str, list[KnownFile]], max_bytes: int) -> Chunk:
    """Read each file once; files whose bytes hash as before are only marked unchanged.

    A file is opened non-blocking and must still be a regular file once open (a FIFO swapped in
    after discovery would block for ever); a file that was no symlink at discovery is opened with
    O_NOFOLLOW, so a link swapped in cannot lead out of the inbox. Each file's open and read has
    ``chunk.read_timeout_s`` seconds (``settings.read_timeout_s``, carried by the plan): one that
    takes longer is quarantined as ``read_timeout`` and the chunk goes on (see ``TimedReader``)."""
    timeout_s = chunk.read_timeout_s if chunk.read_timeout_s is not None else default_read_timeout_s()
    reader = TimedReader(timeout_s)
    try:
        for cand in chunk.files:
            try:
                data = reader.read(cand, max_bytes)
            except ReadTimeout as exc:
                chunk.rejected.append(Quarantined(cand.path, "read", "read_timeout", str(exc)))
                continue
            except _NotRegular as exc:
                chunk.rejected.append(Quarantined(cand.path, "read", "not_a_file", str(exc)))
                continue
            except FileNotFoundError:
                chunk.rejected.append(Quarantined(cand.path, "read", "vanished",
                                                  "deleted between discovery and read"))
                continue
            except OSError as exc:
                chunk.rejected.append(Quarantined(cand.path, "read", "unreadable", _os_error(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - one file never sinks its chunk
                chunk.rejected.append(Quarantined(cand.path, "read", "read_error", one_line(exc)))
                continue
            if len(data) > max_bytes:
                chunk.rejected.append(Quarantined(cand.path, "read", "too_large", f"grew past {max_bytes} bytes"))
                continue
            chunk.n_read += 1
            sha = hashlib.sha256(data).hexdigest()
            known = known_files.get(cand.path)
            if known and all(k.content_sha == sha for k in known):
                chunk.unchanged.append((cand, known[0]))
                continue
            chunk.raw.append((cand, data, sha))
    finally:
        reader.close()
    return chunk


def default_read_timeout_s() -> float:
    """``read_timeout_s``'s default, for a chunk built without a plan (tests, benchmarks)."""
    return float(Settings.model_fields["read_timeout_s"].default)


class _NotRegular(OSError):
    """The path is no longer a regular file (a FIFO, device or symlink swapped in after discovery)."""


class ReadTimeout(Exception):
    """A file's open and read did not finish within ``read_timeout_s`` (a stalled mount, a dying disk)."""


_BLOCK = 1 << 20  # bytes per os.read: a slow read is checked against its deadline at least this often


def read_regular(cand: FileCandidate, max_bytes: int, deadline: float | None = None) -> bytes:
    """Up to ``max_bytes + 1`` bytes of a regular file (one more than allowed tells it grew too large).

    With a ``deadline`` (``time.monotonic()``), a read still going past it raises ``ReadTimeout``
    between two blocks: a slow but progressing read ends on its own and frees its descriptor."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not cand.link:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(cand.fs_path or cand.path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not cand.link:
            raise _NotRegular("replaced by a symlink after discovery") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode):
            raise _NotRegular("not a regular file any more (replaced after discovery, e.g. by a FIFO)")
        parts: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            if deadline is not None and time.monotonic() > deadline:
                raise ReadTimeout(f"{max_bytes + 1 - left} bytes read by the deadline; the read was given up")
            block = os.read(fd, min(_BLOCK, left))
            if not block:
                break
            parts.append(block)
            left -= len(block)
        return b"".join(parts)
    finally:
        os.close(fd)


# Folders where a read is stuck right now (its thread still in the kernel), across the process's
# chunks: a stalled mount costs one timeout per folder, not one per file.
_STUCK: dict[str, threading.Thread] = {}
_STUCK_LOCK = threading.Lock()


def _stuck_in(folder: str) -> bool:
    with _STUCK_LOCK:
        thread = _STUCK.get(folder)
        if thread is not None and not thread.is_alive():
            del _STUCK[folder]
            thread = None
        return thread is not None


class TimedReader:
    """Reads files one after another in a daemon thread, waiting at most ``timeout_s`` for each.

    What it covers: a read that is slow but progressing (ends itself at the deadline, between two
    1 MB blocks), and an open or read that hangs in the kernel (a stalled NFS/SMB/FUSE mount, a
    dying disk): the chunk stops waiting, quarantines the file as ``read_timeout`` and goes on
    with a fresh thread; later files of the same folder are quarantined at once while that read
    is still stuck. What it cannot do: kill a thread stuck in the kernel. It stays (a daemon:
    it never holds up the process's exit) with its descriptor open until the kernel returns, and
    a hung mount can still hang other calls on it (``discover``'s walk and stats, a process exit
    in uninterruptible sleep). ``timeout_s <= 0`` reads in the calling thread with no limit."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._jobs: queue.SimpleQueue | None = None
        self._thread: threading.Thread | None = None

    def read(self, cand: FileCandidate, max_bytes: int) -> bytes:
        if self.timeout_s <= 0:
            return read_regular(cand, max_bytes)
        folder = os.path.dirname(cand.fs_path or cand.path)
        if _stuck_in(folder):
            raise ReadTimeout(f"{NOT_TRIED} another read in {_display(folder)} did not finish within "
                              f"{self.timeout_s:g} s (read_timeout_s) and is still stuck")
        if self._thread is None:
            self._jobs = queue.SimpleQueue()
            self._thread = threading.Thread(target=_read_jobs, args=(self._jobs,), name="newsflow-read", daemon=True)
            self._thread.start()
        deadline = time.monotonic() + self.timeout_s
        done, box = threading.Event(), []
        self._jobs.put((cand, max_bytes, deadline, done, box))
        # a little grace past the deadline: a progressing read notices it at its next block
        if not done.wait(self.timeout_s + min(1.0, self.timeout_s / 4)):
            with _STUCK_LOCK:
                _STUCK[folder] = self._thread
            self.close()  # abandoned: it ends once the kernel lets go of it; the next file gets a new thread
            raise ReadTimeout(f"did not finish within {self.timeout_s:g} s (read_timeout_s); the read is stuck "
                              "(a stalled mount?) and was left behind")
        ok, value = box[0]
        if ok:
            return value
        if isinstance(value, ReadTimeout):
            raise ReadTimeout(f"did not finish within {self.timeout_s:g} s (read_timeout_s): {value}")
        raise value

    def close(self) -> None:
        if self._jobs is not None:
            self._jobs.put(None)
        self._jobs = self._thread = None


HEAD_TIMEOUT_S = 5.0  # a guess is not worth a long wait


def read_head(cand: FileCandidate, max_bytes: int, timeout_s: float | None = None) -> bytes:
    """The first bytes of a file for a guess (the warm-up's language sniff, which holds the model
    lock while it reads): opened as ``read_chunk`` opens it, given up after ``HEAD_TIMEOUT_S``."""
    reader = TimedReader(HEAD_TIMEOUT_S if timeout_s is None else timeout_s)
    try:
        return reader.read(cand, max_bytes)
    finally:
        reader.close()


def _read_jobs(jobs: queue.SimpleQueue) -> None:
    """The reader thread's loop: one file per job until told to stop (``None``)."""
    while (job := jobs.get()) is not None:
        cand, max_bytes, deadline, done, box = job
        try:
            box.append((True, read_regular(cand, max_bytes, deadline)))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting chunk, which decides
            box.append((False, exc))
        finally:
            done.set()


def one_line(exc: BaseException) -> str:
    """An exception as one short line for a quarantine row (the stages use it too)."""
    from transforms.ingest.normalize import scrub_surrogates

    first = (str(exc).strip().splitlines() or [""])[0]
    return scrub_surrogates(f"{type(exc).__name__}: {first}"[:500])
