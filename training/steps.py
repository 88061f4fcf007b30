"""Declared training steps that are skipped when nothing they depend on changed.

As in a spaCy ``project.yml``: a step names its inputs (files or folders, code included),
its parameters and its outputs.  Its key is a hash of the inputs' content and the
parameters; a step whose stamp (``<work>/.steps/<name>.json``) holds the same key, and
whose outputs all exist, is not run again and returns the result it recorded.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HASHES: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) -> sha256 of a file, per process


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes (remembered per size and mtime within a process)."""
    st = path.stat()
    memo = (str(path), st.st_size, st.st_mtime_ns)
    if memo not in _HASHES:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        _HASHES[memo] = h.hexdigest()
    return _HASHES[memo]


def content_hash(paths: Iterable[Path]) -> str:
    """One hash over files and folders (every file below a folder, by relative name and content)."""
    h = hashlib.sha256()
    for path in paths:
        path = Path(path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        h.update(str(path).encode())
        for f in files:
            h.update(str(f.relative_to(path) if path.is_dir() else f.name).encode())
            h.update(file_hash(f).encode() if f.exists() else b"<absent>")
    return h.hexdigest()


@dataclass(frozen=True)
class Step:
    """One step: its inputs (hashed by content), parameters and outputs."""

    name: str
    inputs: tuple[Path, ...]
    outputs: tuple[Path, ...]
    params: dict[str, Any] = field(default_factory=dict)

    def key(self) -> str:
        """What the outputs depend on: the inputs' content and the parameters."""
        params = json.dumps(self.params, sort_keys=True, default=str)
        return hashlib.sha256(f"{self.name}\n{params}\n{content_hash(self.inputs)}".encode()).hexdigest()

    def stamp(self, work: Path) -> Path:
        return work / ".steps" / f"{self.name}.json"

    def recorded(self, work: Path) -> dict[str, Any] | None:
        """The result recorded by an earlier run with the same key and all outputs present, else None."""
        path = self.stamp(work)
        if not path.exists() or not all(Path(o).exists() for o in self.outputs):
            return None
        rec = json.loads(path.read_text(encoding="utf-8"))
        return rec["result"] if rec.get("key") == self.key() else None


def run_step(step: Step, work: Path, fn: Callable[[], dict[str, Any]], force: bool = False,
             log: Callable[[str], None] = print) -> dict[str, Any]:
    """``fn()`` unless ``step`` is unchanged since it last ran; its JSON result either way.

    The result gets ``skipped`` (True when reused) and, when run, ``seconds``.
    """
    if not force:
        rec = step.recorded(work)
        if rec is not None:
            log(f"{step.name}: unchanged, skipped")
            return {**rec, "skipped": True}
    t0 = time.time()
    result = dict(fn())
    result["seconds"] = time.time() - t0
    path = step.stamp(work)
    path.parent.mkdir(parents=True, exist_ok=True)
    # the key is computed after the run: the outputs exist now, and inputs written by earlier steps are final
    path.write_text(json.dumps({"key": step.key(), "result": result}, default=str), encoding="utf-8")
    return {**result, "skipped": False}
