"""No-op ticks on a big warehouse with a long history (issue 16: ≤ 0.5 s, flat in runs and documents).

Builds (once, cached under /tmp) a warehouse of N documents written by R committed runs, through
the real load path (``Lake.write`` + ``Lake.commit`` + ``store.catch_up_report`` after each run)
but without the models: every run writes invented short texts, their files rows (real files in an
inbox, with their real size and mtime, so a tick finds them unchanged), sections, sentences,
mentions of a pool of entities, the entities it touched, and a few events.  Then it times no-op
ticks on a fresh copy of each warehouse:

- ``run_inbox`` in this process (what one tick of ``newsflow serve`` costs: lock, state, history,
  discovery, the noop record and its load), and
- a cold ``newsflow run INBOX`` (process start and imports included, what cron would pay).

Wall and CPU seconds (CPU: this process's, or the child's; less sensitive to a busy machine).

    .venv/bin/python benchmarks/history.py                  # N = 1,000 / 8,000 × R = 50 / 500
    .venv/bin/python benchmarks/history.py --docs 8000 --runs 500 --repeat 7 --profile

Medians of ``--repeat`` ticks (each tick adds one noop run to the history, a negligible drift).
The machine is shared: the load average is printed with the table.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CACHE = Path(tempfile.gettempdir()) / "newsflow-history-bench"
VERSION = "v2"  # bump when the synthetic warehouse changes shape

LOAD_EVERY = 10  # runs committed between two catch-ups while building (a tick loads one; building is faster)

FIRST = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Felix", "Greta", "Hugo", "Irina", "Jonas", "Katja", "Lev"]
LAST = ["Albers", "Brandt", "Chernov", "Dietz", "Engel", "Frolov", "Gruber", "Hahn", "Ilyin", "Jäger", "Krause"]
PLACES = ["Kiel", "Bonn", "Lübeck", "Tver", "Omsk", "Graz", "Ulm", "Perm", "Jena", "Trier"]


def _entity(k: int) -> tuple[str, str, str]:
    """(entity id, name, label) of the k-th invented entity."""
    if k % 5 == 4:
        return f"E{k:07d}", f"{PLACES[k % len(PLACES)]}-{k}", "LOC"
    return f"E{k:07d}", f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]} {k}", "PER"


def build(n_docs: int, n_runs: int, root: Path) -> tuple[Path, Path]:
    """Write the inbox and load R runs of N/R documents each; returns (inbox, warehouse)."""
    from datetime import datetime, timedelta

    from warehouse import store
    from warehouse.lake import Commit, Lake, new_run_id
    from warehouse.schema import SCHEMAS, to_table

    inbox, warehouse = root / "inbox", root / "w.duckdb"
    inbox.mkdir(parents=True)
    lake = Lake(str(root / "w_lake"))
    n_entities = max(10, n_docs // 4)
    start = datetime(2026, 1, 1)
    per_run = [n_docs // n_runs + (1 if r < n_docs % n_runs else 0) for r in range(n_runs)]
    doc_no = 0
    t0 = time.perf_counter()
    for r, count in enumerate(per_run):
        run_id = new_run_id(start + timedelta(minutes=10 * r))
        now = start + timedelta(minutes=10 * r)
        rows: dict[str, list[dict]] = {t: [] for t in ("documents", "files", "sections", "sentences", "mentions",
                                                        "entities", "events", "event_mentions",
                                                        "event_participants")}
        touched: set[int] = set()
        for _ in range(count):
            i = doc_no
            doc_no += 1
            ents = [(i * 7 + j * 13) % n_entities for j in range(3)]
            names = [_entity(k)[1] for k in ents]
            text = f"Bericht {i}: {names[0]} traf {names[1]} in {names[2]} am Montag."
            path = inbox / f"{i // 1000:03d}" / f"doc{i:06d}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            st = path.stat()
            uri, doc_id = str(path.resolve()), f"{i:016x}"
            rows["documents"].append({"doc_id": doc_id, "source_uri": uri, "source_uris": [uri], "text": text,
                                      "title": f"Bericht {i}", "language": "de", "languages": ["de"],
                                      "n_chars": len(text), "format": "txt", "encoding": "utf-8",
                                      "ingested_at": now, "run_id": run_id})
            rows["files"].append({"source_uri": uri, "file_path": uri, "content_sha": doc_id, "size": st.st_size,
                                  "mtime_ns": st.st_mtime_ns, "doc_id": doc_id, "status": "document",
                                  "run_id": run_id})
            rows["sections"].append({"doc_id": doc_id, "section_no": 0, "language": "de", "char_start": 0,
                                     "char_end": len(text), "run_id": run_id})
            rows["sentences"].append({"doc_id": doc_id, "sentence_no": 0, "language": "de", "char_start": 0,
                                      "char_end": len(text), "run_id": run_id})
            for j, (k, name) in enumerate(zip(ents, names)):
                at = text.index(name)
                eid, _, label = _entity(k)
                rows["mentions"].append({"doc_id": doc_id, "mention_no": j, "char_start": at,
                                         "char_end": at + len(name), "text": name, "label": label,
                                         "entity_id": eid, "normalized": name.lower(), "language": "de",
                                         "sentence_no": 0, "run_id": run_id})
                touched.add(k)
            if i % 4 == 0:
                event_id = f"V{i // 8:07d}"  # two documents report each event
                rows["event_mentions"].append({"event_id": event_id, "doc_id": doc_id, "char_start": 0,
                                               "char_end": len(text), "sentence": text, "language": "de",
                                               "trigger": "traf", "sentence_no": 0, "kind": "meeting",
                                               "tense": "past", "is_main": True, "run_id": run_id})
                rows["events"].append({"event_id": event_id, "kind": "meeting", "title": f"Bericht {i}",
                                       "tense": "past", "participant_ids": [_entity(k)[0] for k in ents[:2]],
                                       "first_run_id": run_id, "run_id": run_id})
                rows["event_participants"] += [{"event_id": event_id, "entity_id": _entity(k)[0], "role": "subject",
                                                "run_id": run_id} for k in ents[:2]]
        for k in sorted(touched):
            eid, name, label = _entity(k)
            rows["entities"].append({"entity_id": eid, "canonical_name": name, "label": label, "aliases": [name],
                                     "first_run_id": run_id, "run_id": run_id})
        files = {}
        for table, table_rows in rows.items():
            if table == "events":  # one row per event in a run (two documents of a run may report it)
                table_rows = list({e["event_id"]: e for e in table_rows}.values())
            if table == "event_participants":
                table_rows = list({(p["event_id"], p["entity_id"]): p for p in table_rows}.values())
            part = lake.write(run_id, table, to_table(table, table_rows), "00000")
            if part:
                files[table] = [part]
        runs_row = {name: 0 for name in SCHEMAS["runs"].names if name.startswith("n_")}
        runs_row |= {"run_id": run_id, "started_at": now, "finished_at": now, "status": "completed", "message": "",
                    "inbox": str(inbox), "flow_run_id": "", "n_discovered": count, "n_read": count,
                    "n_documents": count, "duration_s": 1.0}
        files["runs"] = [lake.write(run_id, "runs", to_table("runs", [runs_row]), "run")]
        lake.commit(Commit(run_id, now.isoformat(), "completed", files, counts={"documents": count}))
        if (r + 1) % LOAD_EVERY == 0 or r + 1 == n_runs:  # each commit still goes through load_commit
            store.catch_up_report(warehouse, lake)
        if (r + 1) % 50 == 0:
            print(f"  built {r + 1}/{n_runs} runs, {doc_no} documents, {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr)
    return inbox, warehouse


def cached(n_docs: int, n_runs: int) -> Path:
    """The folder of a built (N, R) warehouse, building it first when absent."""
    root = CACHE / f"{VERSION}-n{n_docs}-r{n_runs}"
    if (root / "complete").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    print(f"building N={n_docs} R={n_runs} under {root} …", file=sys.stderr)
    build(n_docs, n_runs, root)
    (root / "complete").write_text("ok\n")
    return root


def fresh_copy(root: Path, into: Path) -> tuple[Path, Path]:
    """A copy of a cached warehouse (ticks add runs to it; the cache stays as built).  The inbox is
    shared: it is never written, and the files rows name its paths."""
    into.mkdir(parents=True)
    shutil.copy2(root / "w.duckdb", into / "w.duckdb")
    shutil.copytree(root / "w_lake", into / "w_lake")
    return root / "inbox", into / "w.duckdb"


def tick_in_process(inbox: Path, warehouse: Path, profile: Path | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``run_inbox`` no-op tick in this process."""
    from flows.run import run_inbox
    from flows.settings import Settings

    settings = Settings(warehouse=warehouse, progress=False)
    prof = cProfile.Profile() if profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    summary = run_inbox(inbox, settings)
    if prof:
        prof.disable()
        prof.dump_stats(str(profile))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if summary["status"] != "noop":
        raise SystemExit(f"not a no-op tick: {summary['status']} {summary.get('message')}")
    return wall, cpu


def tick_cold(inbox: Path, warehouse: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one cold ``newsflow run`` no-op tick (a child process)."""
    env = dict(os.environ, GX_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", "run", str(inbox),
                          "--warehouse", str(warehouse)], cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0 or ": noop" not in out.stdout:
        raise SystemExit(f"cold tick failed ({out.returncode}): {out.stdout[-500:]} {out.stderr[-1000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@contextmanager
def _folder_resolving_discovery():
    """discovery.uri_for resolving a file's folder once (cached) instead of the whole path per call:
    what the walk would cost without its per-file ``Path.resolve()`` (a regular, non-link file's
    real path is its folder's real path plus its name; discovery handles links apart)."""
    from flows import discovery

    real = discovery.uri_for
    folders: dict[str, str] = {}

    def uri_for(path: str) -> str:
        folder, name = os.path.split(path)
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        return os.path.join(folders[folder], name)

    discovery.uri_for = uri_for
    try:
        yield
    finally:
        discovery.uri_for = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 8000])
    parser.add_argument("--runs", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold CLI ticks")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of one in-process tick")
    parser.add_argument("--what-if-discovery", action="store_true",
                        help="also time in-process ticks with discovery resolving each folder once instead of "
                             "each file twice (a stand-in patched in here, not the shipped discovery)")
    args = parser.parse_args()

    results = []
    work = Path(tempfile.mkdtemp(prefix="newsflow-history-"))
    try:
        for n_docs in args.docs:
            for n_runs in args.runs:
                root = cached(n_docs, n_runs)
                inbox, warehouse = fresh_copy(root, work / f"n{n_docs}-r{n_runs}")
                tick_in_process(inbox, warehouse)  # warm: imports, page cache
                if not args.no_cold:
                    tick_cold(inbox, warehouse)  # the first writes the HTML report (a no-op tick keeps it)
                warm = [tick_in_process(inbox, warehouse) for _ in range(args.repeat)]
                cold = [] if args.no_cold else [tick_cold(inbox, warehouse) for _ in range(args.repeat)]
                what_if = []
                if args.what_if_discovery:
                    with _folder_resolving_discovery():
                        what_if = [tick_in_process(inbox, warehouse) for _ in range(args.repeat)]
                results.append((n_docs, n_runs, warm, cold, what_if))
                if args.profile:
                    prof = work / "tick.prof"
                    tick_in_process(inbox, warehouse, prof)
                    print(f"--- profile of one in-process tick, N={n_docs} R={n_runs}")
                    pstats.Stats(str(prof)).sort_stats("cumulative").print_stats(25)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"no-op ticks, median of {args.repeat} (min–max); load average {os.getloadavg()[0]:.2f}, "
          f"cpus {len(os.sched_getaffinity(0))}")
    print(f"{'documents':>9} {'runs':>5} | {'in-process wall':>22} {'CPU':>7} | {'cold CLI wall':>22} {'CPU':>7}"
          + (f" | {'what-if discovery wall':>22} {'CPU':>7}" if args.what_if_discovery else ""))

    def fmt(xs: list[tuple[float, float]]) -> str:
        if not xs:
            return f"{'-':>22} {'-':>7}"
        walls, cpus = [w for w, _ in xs], [c for _, c in xs]
        return f"{f'{statistics.median(walls):.3f} s ({min(walls):.2f}–{max(walls):.2f})':>22} " \
               f"{statistics.median(cpus):>5.3f} s"

    for n_docs, n_runs, warm, cold, what_if in results:
        print(f"{n_docs:>9} {n_runs:>5} | {fmt(warm)} | {fmt(cold)}" + (f" | {fmt(what_if)}" if what_if else ""))


if __name__ == "__main__":
    main()
