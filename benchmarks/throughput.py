"""End-to-end throughput of newsflow against the bare transforms, no-op rerun cost, peak RSS, serial vs Dask.

    .venv/bin/python benchmarks/throughput.py                 # German 10kGNAD test split (1,028 articles)
    .venv/bin/python benchmarks/throughput.py --corpus ru --limit 300
    .venv/bin/python benchmarks/throughput.py --corpus /path/to/inbox --no-dask

Corpora from ../shared/data/news are converted to one .txt file per article in a temporary inbox
(the pipeline reads files); a folder is used as it is.  Every run is a fresh `newsflow run`
subprocess, so process start and Prefect start are included in the end-to-end figures.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSFLOW_SHARED", REPO.parent / "shared"))


def make_inbox(corpus: str, limit: int | None, root: Path) -> Path:
    """A folder of article files for a named corpus, or the folder given."""
    if Path(corpus).is_dir():
        return Path(corpus)
    if not SHARED.is_dir():
        sys.exit(f"skip: ../shared is absent ({SHARED}); pass --corpus FOLDER")
    inbox = root / f"inbox-{corpus}"
    inbox.mkdir(parents=True)
    if corpus == "de":
        path = SHARED / "data/news/de/10kgnad/10kgnad-test.csv"
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [r[1] for r in csv.reader(fh, delimiter=";", quotechar="'") if len(r) >= 2]
    elif corpus == "ru":
        with gzip.open(SHARED / "data/news/ru/ru_news_articles.jsonl.gz", "rt", encoding="utf-8") as fh:
            rows = [json.loads(line)["text"] for line in fh if line.strip()]
    else:
        sys.exit(f"unknown corpus {corpus!r}: de, ru or a folder")
    for i, text in enumerate(rows[:limit] if limit else rows):
        (inbox / f"{corpus}_{i:05d}.txt").write_text(text, encoding="utf-8")
    return inbox


class PeakRSS:
    """Samples the summed RSS of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.peak_single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                rss = [p.memory_info().rss for p in procs if p.is_running()]
                self.peak = max(self.peak, sum(rss))
                self.peak_single = max(self.peak_single, max(rss, default=0))
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_flow(inbox: Path, warehouse: Path, extra: list[str] = ()) -> tuple[float, int, int, str]:
    cmd = [str(REPO / ".venv/bin/newsflow"), "run", str(inbox), "--warehouse", str(warehouse), "--no-report",
           *extra]
    env = dict(os.environ, NEWSFLOW_BUILD_DATA_DOCS="false")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    rss = PeakRSS(proc.pid)
    out, _ = proc.communicate()
    rss.stop()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"newsflow run failed:\n{out[-3000:]}")
    return elapsed, rss.peak, rss.peak_single, out


def bare_transforms(inbox: Path) -> tuple[float, int]:
    """The same texts through the ingest, NER and figure transforms alone: no Prefect, no warehouse."""
    sys.path.insert(0, str(REPO))
    from flows.models import load_models
    from flows.settings import Settings
    from flows.stages import Article, Chunk, extract_chunk, sections_chunk, sentences_chunk
    from transforms.ingest import decode_bytes, parse_records

    settings = Settings()
    models = load_models(tuple(settings.languages), Path(settings.models_dir))
    texts = []
    for path in sorted(inbox.rglob("*")):
        if path.is_file():
            decoded = decode_bytes(path.read_bytes())
            texts += [a.text for a in parse_records(decoded.text, path.suffix.lstrip(".")).articles]
    for lang in settings.languages:  # load models before timing, as a long-lived worker would
        models.ner(lang)
    start = time.perf_counter()
    for i in range(0, len(texts), settings.batch_size):
        chunk = Chunk(i, [])
        chunk.articles = [Article(str(j), "", "", "", 0, 0, t, {"published_at": None})
                          for j, t in enumerate(texts[i:i + settings.batch_size])]
        extract_chunk(sentences_chunk(sections_chunk(chunk, models), models), models, settings.ner_batch_chars)
    return time.perf_counter() - start, len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="de", help="de, ru, or a folder of article files")
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    try:
        inbox = make_inbox(args.corpus, args.limit, root)
        files = [p for p in inbox.rglob("*") if p.is_file()]
        n_bytes = sum(p.stat().st_size for p in files)
        print(f"corpus: {inbox} — {len(files)} files, {n_bytes / 1e6:.2f} MB")

        first, peak, peak_single, out = run_flow(inbox, root / "serial.duckdb")
        import duckdb

        con = duckdb.connect(str(root / "serial.duckdb"), read_only=True)
        n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
        print(f"end to end (serial, process start included): {first:.1f} s — {n_docs / first:.2f} docs/s, "
              f"{n_bytes / 1e6 / first:.3f} MB/s")
        print(f"peak RSS: {peak / 2**20:.0f} MiB summed over the process tree "
              f"(largest single process {peak_single / 2**20:.0f} MiB)")

        noop, _, _, _ = run_flow(inbox, root / "serial.duckdb")
        print(f"no-op rerun over {len(files)} unchanged files: {noop:.2f} s "
              f"({100 * noop / first:.1f}% of the first run)")

        bare, n_texts = bare_transforms(inbox)
        print(f"bare transforms (sections, sentences, NER, figures, quotes; models preloaded): {bare:.1f} s — "
              f"{n_texts / bare:.2f} docs/s")
        print(f"end-to-end / bare throughput: {bare / first:.2f}")

        if not args.no_dask:
            dask_s, dpeak, _, _ = run_flow(inbox, root / "dask.duckdb", ["--task-runner", "dask"])
            print(f"Dask (2 local workers): {dask_s:.1f} s vs serial {first:.1f} s; "
                  f"peak RSS {dpeak / 2**20:.0f} MiB")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
