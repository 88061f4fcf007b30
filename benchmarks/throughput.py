"""How fast a default `newsflow run` is next to the bare NER model, and what a tick costs.

    .venv/bin/python benchmarks/throughput.py                        # 300 10kGNAD test articles
    .venv/bin/python benchmarks/throughput.py --limit 1028           # the whole test split
    .venv/bin/python benchmarks/throughput.py --corpus ru --limit 300
    .venv/bin/python benchmarks/throughput.py --corpus /path/to/inbox --lang en
    .venv/bin/python benchmarks/throughput.py --skip-full            # bare NER only
    .venv/bin/python benchmarks/throughput.py --dask                 # add the Dask comparison (slow)
    .venv/bin/python benchmarks/throughput.py --tick-parts           # what the tick's report and Data Docs cost

What is measured, back to back, in one script run:

- bare NER: ``load_ner(lang).pipe`` over the article texts, in a child process pinned to one
  core (model load excluded): the model's own limit on this machine;
- the full run: ``newsflow run INBOX --warehouse W`` as a user runs it, in a fresh process
  (process start, Prefect, GX validation, Data Docs and the HTML report included), with the
  CPU time of its whole process tree (Prefect's server included) and its peak RSS over time;
- their ratio (full docs/s over bare NER docs/s on one core) and the CPU per document beyond NER;
- a tick with 5 new articles (a cold CLI run on the warehouse the full run left), and a no-op tick.

Corpora from the shared data folder are written as one .txt file per article into a temporary
inbox; a folder is used as it is.  The machine is shared: quote medians of several runs.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUIET_ENV = {"GX_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
ONE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def shared_data() -> Path:
    """The shared data folder the settings name (``../shared/data`` beside the repository)."""
    from flows.settings import Settings

    return Path(Settings().shared_data)


def corpus_texts(corpus: str) -> list[str] | None:
    """The article texts of a named corpus, or None when its file is absent."""
    data = shared_data()
    if corpus == "de":
        path = data / "news/de/10kgnad/10kgnad-test.csv"
        if not path.exists():
            return None
        with open(path, encoding="utf-8", newline="") as fh:
            return [r[1] for r in csv.reader(fh, delimiter=";", quotechar="'") if len(r) >= 2]
    if corpus == "ru":
        path = data / "news/ru/ru_news_articles.jsonl.gz"
        if not path.exists():
            return None
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [json.loads(line)["text"] for line in fh if line.strip()]
    raise SystemExit(f"unknown corpus {corpus!r}: de, ru or a folder")


def make_inboxes(corpus: str, limit: int, root: Path) -> tuple[Path, list[tuple[str, str]]] | None:
    """The inbox of the full run, and 5 more (name, text) articles for the tick; None if the corpus is absent."""
    if Path(corpus).is_dir():  # a copy: the tick adds files, never to the user's folder
        inbox = root / "inbox"
        shutil.copytree(corpus, inbox, symlinks=True)
        files = sorted(p for p in inbox.rglob("*") if p.is_file())[:5]
        # new articles for the tick: variants of existing files (a changed text is a new document)
        extra = [(f"tick_{i}.txt", p.read_text(encoding="utf-8", errors="replace") + f"\n\nNachtrag {i}.")
                 for i, p in enumerate(files)]
        return inbox, extra
    texts = corpus_texts(corpus)
    if texts is None:
        return None
    inbox = root / f"inbox-{corpus}"
    inbox.mkdir(parents=True)
    for i, text in enumerate(texts[:limit]):
        (inbox / f"{corpus}_{i:05d}.txt").write_text(text, encoding="utf-8")
    extra = [(f"{corpus}_{limit + i:05d}.txt", t) for i, t in enumerate(texts[limit:limit + 5])]
    if len(extra) < 5:  # a limit past the corpus: variants of its first texts
        extra += [(f"tick_{i}.txt", t + f"\n\nNachtrag {i}.") for i, t in enumerate(texts[:5 - len(extra)])]
    return inbox, extra


def inbox_texts(inbox: Path) -> list[str]:
    """The article texts the pipeline would see in an inbox (decoded and parsed as it does)."""
    from transforms.ingest import decode_bytes, parse_records

    texts = []
    for path in sorted(inbox.rglob("*")):
        if path.is_file():
            try:
                decoded = decode_bytes(path.read_bytes())
                texts += [a.text for a in parse_records(decoded.text, path.suffix.lstrip(".")).articles]
            except Exception:  # noqa: BLE001 - the run quarantines such files; NER never sees them
                continue
    return texts


class RSSSampler:
    """Samples the summed RSS of a process and its descendants (every 0.2 s) while it runs."""

    def __init__(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.start = time.perf_counter()
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                if total:  # 0 once the process is gone
                    self.samples.append((time.perf_counter() - self.start, total))
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> int:
        return max((rss for _, rss in self.samples), default=0)

    def timeline(self, points: int = 6) -> str:
        """The RSS at evenly spaced moments of the run: does memory flatten or keep growing?"""
        if not self.samples:
            return "no samples"
        step = max(1, len(self.samples) // points)
        picked = self.samples[step - 1::step][:points]
        return ", ".join(f"{t:.0f}s {rss / 2**20:.0f}" for t, rss in picked) + " (MiB)"


def run_cli(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    """One `newsflow …` process: wall seconds, CPU seconds of its process tree, peak RSS, output."""
    cmd = [str(REPO / ".venv/bin/newsflow"), *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
                            env=dict(os.environ, **QUIET_ENV, **(env or {})))
    rss = RSSSampler(proc.pid)
    out, _ = proc.communicate()
    rss.stop()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # RUSAGE_CHILDREN counts the waited-for descendants too (the Prefect server the run starts and stops)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{out[-3000:]}")
    return {"wall": wall, "cpu": cpu, "peak": rss.peak, "timeline": rss.timeline(), "out": out}


def bare_ner(texts: list[str], lang: str, root: Path, n_process: bool = False) -> dict:
    """``load_ner(lang).pipe`` over the texts in a child process on one core (model load excluded)."""
    path = root / "bare-texts.json"
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, __file__, "--bare-ner-worker", str(path), "--lang", lang,
                          *(["--n-process"] if n_process else [])],
                         capture_output=True, text=True, env=dict(os.environ, **QUIET_ENV, **ONE_THREAD_ENV))
    if out.returncode != 0:
        raise SystemExit(f"bare NER failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _bare_ner_worker(path: Path, lang: str, n_process: bool = False) -> None:
    """Child side of bare_ner: pin to one core (or, n_process, two spaCy processes), load, time pipe, print JSON."""
    cpus = sorted(os.sched_getaffinity(0))
    if not n_process:
        os.sched_setaffinity(0, {cpus[0]})
    from flows.settings import Settings
    from transforms.entities.ner import load_ner

    texts = json.loads(path.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    nlp = load_ner(lang, Path(Settings().models_dir))
    load_s = time.perf_counter() - t0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    kw = {"n_process": 2, "batch_size": 32} if n_process else {}
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(texts, **kw))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(json.dumps({"docs": len(texts), "wall": wall, "cpu": cpu, "load": load_s, "ents": n_ents}))


def _docs_in(warehouse: Path) -> int:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def compare_workers(args: argparse.Namespace, inbox: Path, root: Path, bare: dict | None) -> None:
    """Full runs (fresh warehouse each) per model_workers value, and Dask, --repeat times, interleaved:
    median wall, docs/s, ratio to bare NER on one core and to the first variant, peak RSS of the tree."""
    variants: list[tuple[str, list[str], dict[str, str]]] = [
        (f"model_workers={w}", [], {"NEWSFLOW_MODEL_WORKERS": w}) for w in args.workers.split(",")]
    cluster = None
    if args.dask:
        variants.append(("dask (default local cluster, 2 workers)", ["--task-runner", "dask"], {}))
        from dask.distributed import LocalCluster

        cluster = LocalCluster(n_workers=4, threads_per_worker=1, processes=True, dashboard_address=None)
        variants.append(("dask LocalCluster(n_workers=4) via --dask-address", ["--task-runner", "dask",
                         "--dask-address", cluster.scheduler_address], {}))
    results: dict[str, list[dict]] = {name: [] for name, _, _ in variants}
    try:
        for rep in range(args.repeat):
            for k, (name, flags, env) in enumerate(variants):
                wh = root / f"w{rep}-{k}" / "bench.duckdb"
                wh.parent.mkdir()
                out = run_cli(["run", str(inbox), "--warehouse", str(wh), *flags], cwd=root, env=env)
                out["docs"] = _docs_in(wh)
                results[name].append(out)
                print(f"  rep {rep + 1} {name}: {out['wall']:.1f} s, {out['cpu']:.1f} s CPU, {out['docs']} docs, "
                      f"peak RSS {out['peak'] / 2**20:.0f} MiB, load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        if cluster is not None:
            cluster.close()
    first = _median([r["wall"] for r in results[variants[0][0]]])
    bare_rate = bare["docs"] / bare["wall"] if bare else None
    for name, runs in results.items():
        wall, docs = _median([r["wall"] for r in runs]), runs[0]["docs"]
        walls = ", ".join(f"{r['wall']:.1f}" for r in runs)
        line = (f"{name}: median {wall:.1f} s wall (of {walls}), "
                f"{docs / wall:.1f} docs/s, {first / wall:.2f}x the first variant, "
                f"median peak RSS {_median([r['peak'] for r in runs]) / 2**20:.0f} MiB, "
                f"median CPU {_median([r['cpu'] for r in runs]):.1f} s")
        if bare_rate:
            line += f"; ratio to bare NER on one core {docs / wall / bare_rate:.2f}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="de", help="de (10kGNAD test), ru, or a folder of article files")
    parser.add_argument("--limit", type=int, default=300, help="articles of a named corpus (default 300)")
    parser.add_argument("--lang", default=None, help="language of the bare NER model (default: the corpus's, or de)")
    parser.add_argument("--skip-bare", action="store_true", help="skip bare NER")
    parser.add_argument("--skip-full", action="store_true", help="skip the full run (and the ticks after it)")
    parser.add_argument("--skip-ticks", action="store_true", help="skip the 5-article tick and the no-op tick")
    parser.add_argument("--tick-parts", action="store_true",
                        help="also run the 5-article tick without the report, and without report and Data Docs")
    parser.add_argument("--dask", action="store_true", help="also run the full run with --task-runner dask")
    parser.add_argument("--workers", default=None,
                        help="compare full runs by model_workers, e.g. '1,auto' (1 = in-process threads), "
                             "each --repeat times, medians and ratios; with --dask also Dask's default cluster and "
                             "a 4-worker LocalCluster started here (--dask-address)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each --workers variant (default 3)")
    parser.add_argument("--n-process", action="store_true",
                        help="also time bare NER with spaCy's nlp.pipe(n_process=2) on both cores")
    parser.add_argument("--bare-ner-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    lang = args.lang or (args.corpus if args.corpus in ("de", "ru") else "de")
    if args.bare_ner_worker:
        return _bare_ner_worker(args.bare_ner_worker, lang, args.n_process)

    root = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    try:
        made = make_inboxes(args.corpus, args.limit, root)
        if made is None:
            print(f"skip: corpus {args.corpus!r} is absent from {shared_data()}; pass --corpus FOLDER")
            return
        inbox, extra = made
        files = [p for p in inbox.rglob("*") if p.is_file()]
        n_bytes = sum(p.stat().st_size for p in files)
        texts = inbox_texts(inbox)
        print(f"corpus: {inbox} — {len(files)} files, {len(texts)} articles, {n_bytes / 1e6:.2f} MB; "
              f"cpus available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.1f}")

        bare = None
        if not args.skip_bare:
            bare = bare_ner(texts, lang, root)
            print(f"bare NER ({lang}, load_ner().pipe, one core, model load {bare['load']:.1f} s excluded): "
                  f"{bare['wall']:.1f} s wall, {bare['cpu']:.1f} s CPU — {bare['docs'] / bare['wall']:.1f} docs/s, "
                  f"{1000 * bare['cpu'] / max(1, bare['docs']):.1f} ms CPU/doc")

        if args.n_process:
            two = bare_ner(texts, lang, root, n_process=True)
            print(f"bare NER with spaCy n_process=2 (both cores): {two['wall']:.1f} s wall — "
                  f"{two['docs'] / two['wall']:.1f} docs/s" + (f", {bare['wall'] / two['wall']:.2f}x one core" if bare else ""))
        if args.workers:
            return compare_workers(args, inbox, root, bare)
        if args.skip_full:
            return
        warehouse = root / "wh" / "bench.duckdb"
        warehouse.parent.mkdir()
        full = run_cli(["run", str(inbox), "--warehouse", str(warehouse)], cwd=root)
        n_docs = _docs_in(warehouse)
        print(f"full run (`newsflow run`, report and Data Docs included, process start included): "
              f"{full['wall']:.1f} s wall, {full['cpu']:.1f} s CPU (process tree) — {n_docs} documents, "
              f"{n_docs / full['wall']:.1f} docs/s")
        print(f"peak RSS (process tree): {full['peak'] / 2**20:.0f} MiB; over time: {full['timeline']}")
        if bare:
            bare_rate = bare["docs"] / bare["wall"]
            print(f"ratio full run / bare NER (docs/s): {n_docs / full['wall'] / bare_rate:.2f}")
            beyond = (full["cpu"] - bare["cpu"] * n_docs / max(1, bare["docs"])) / max(1, n_docs)
            print(f"CPU per document beyond NER: {1000 * beyond:.1f} ms "
                  f"(full {1000 * full['cpu'] / max(1, n_docs):.1f} ms/doc, "
                  f"bare NER {1000 * bare['cpu'] / max(1, bare['docs']):.1f} ms/doc; fixed costs spread over "
                  f"{n_docs} documents)")

        if args.dask:
            dwh = root / "dask" / "bench.duckdb"
            dwh.parent.mkdir()
            dask = run_cli(["run", str(inbox), "--warehouse", str(dwh), "--task-runner", "dask"], cwd=root)
            print(f"Dask (local workers): {dask['wall']:.1f} s vs default {full['wall']:.1f} s; "
                  f"peak RSS {dask['peak'] / 2**20:.0f} MiB vs {full['peak'] / 2**20:.0f} MiB")
        if not args.skip_ticks:
            for name, text in extra:
                (inbox / name).write_text(text, encoding="utf-8")
            tick = run_cli(["run", str(inbox), "--warehouse", str(warehouse)], cwd=root)
            print(f"tick with {len(extra)} new articles (cold CLI run): {tick['wall']:.1f} s wall, "
                  f"{tick['cpu']:.1f} s CPU, peak RSS {tick['peak'] / 2**20:.0f} MiB")
            noop = run_cli(["run", str(inbox), "--warehouse", str(warehouse)], cwd=root)
            print(f"no-op tick over {len(files) + len(extra)} unchanged files: {noop['wall']:.2f} s wall, "
                  f"{noop['cpu']:.2f} s CPU, peak RSS {noop['peak'] / 2**20:.0f} MiB")
            if args.tick_parts:  # the same tick without the report, then without Data Docs too: fixed costs
                variants = [("without the HTML report", ["--no-report"], {}),
                            ("without the report and Data Docs", ["--no-report"],
                             {"NEWSFLOW_BUILD_DATA_DOCS": "false"})]
                for k, (label, flags, env) in enumerate(variants, start=1):
                    for i, (name, text) in enumerate(extra):  # new texts: each tick has 5 new documents
                        (inbox / f"part{k}_{name}").write_text(text + f"\n\nNachtrag {k}-{i}.", encoding="utf-8")
                    part = run_cli(["run", str(inbox), "--warehouse", str(warehouse), *flags], cwd=root, env=env)
                    print(f"tick with {len(extra)} new articles {label}: {part['wall']:.1f} s wall, "
                          f"{part['cpu']:.1f} s CPU, peak RSS {part['peak'] / 2**20:.0f} MiB")

        print("not measured here: a tick under `newsflow serve`, the no-op tick on a 500-run history, 8,000 documents")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
