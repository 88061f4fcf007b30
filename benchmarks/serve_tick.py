"""What a tick costs: 5 new articles, cold (`newsflow run`) against warm (`newsflow serve`), and no-op ticks.

    .venv/bin/python benchmarks/serve_tick.py                 # 10kGNAD test articles, 3 rounds
    .venv/bin/python benchmarks/serve_tick.py --corpus ru --rounds 5

The warm side is one `newsflow serve` process (interval of a day, so only our `kill -USR1` starts
ticks); its tick seconds are the ones it prints itself.  The cold side is one `newsflow run` process
per tick over the same kind of inbox (wall seconds of the whole command, imports included).  Each
round adds 5 articles the warehouse has not seen.  RSS is that of the serve process and its children
after each tick: flat means nothing grows from tick to tick.  The machine is shared: quote medians.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import QUIET_ENV, REPO, corpus_texts, run_cli, shared_data  # noqa: E402

TICK = re.compile(r"^\d\d:\d\d:\d\d run \S+ (\w+): .* ([\d.]+) s$")


def tree_rss(pid: int) -> int:
    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)] if p.is_running())


def wait_ticks(log: Path, n: int, proc: subprocess.Popen, timeout: float = 600) -> list[tuple[str, float]]:
    """The first ``n`` tick lines serve printed: (status, seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ticks = [(m[1], float(m[2])) for m in map(TICK.match, log.read_text().splitlines()) if m]
        if len(ticks) >= n:
            return ticks[:n]
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    raise SystemExit(f"serve printed no tick {n} in time:\n{log.read_text()[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="de", help="de (10kGNAD test) or ru")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--start", type=int, default=20, help="articles in the inbox before the first round")
    args = parser.parse_args()
    texts = corpus_texts(args.corpus)
    if texts is None:
        print(f"skip: corpus {args.corpus!r} is absent from {shared_data()}")
        return
    need = args.start + 10 * args.rounds
    texts = texts[:need]
    env = dict(os.environ, **QUIET_ENV, NEWSFLOW_BUILD_DATA_DOCS="true")
    env.pop("PREFECT_API_URL", None)
    with tempfile.TemporaryDirectory(prefix="newsflow-ticks-") as tmp:
        root = Path(tmp)
        warm_in, cold_in = root / "warm-inbox", root / "cold-inbox"
        for inbox in (warm_in, cold_in):
            inbox.mkdir()
            for i, text in enumerate(texts[:args.start]):
                (inbox / f"a_{i:05d}.txt").write_text(text, encoding="utf-8")
        new = iter(texts[args.start:])

        # ---- cold: one `newsflow run` per tick (the first run loads the starting inbox)
        run_cli(["run", str(cold_in), "--warehouse", str(root / "cold/w.duckdb")], cwd=root)
        cold, cold_noop = [], []
        for r in range(args.rounds):
            for i in range(5):
                (cold_in / f"n_{r}_{i}.txt").write_text(next(new), encoding="utf-8")
            cold.append(run_cli(["run", str(cold_in), "--warehouse", str(root / "cold/w.duckdb")], cwd=root))
            cold_noop.append(run_cli(["run", str(cold_in), "--warehouse", str(root / "cold/w.duckdb")], cwd=root))

        # ---- warm: one serve process, ticks started by SIGUSR1
        log = root / "serve.log"
        proc = subprocess.Popen([str(REPO / ".venv/bin/newsflow"), "serve", str(warm_in), "--warehouse",
                                 str(root / "warm/w.duckdb"), "--interval", "86400"], cwd=root, env=env,
                                stdout=log.open("w"), stderr=subprocess.STDOUT)
        try:
            seen = 1
            first = wait_ticks(log, seen, proc)[0]
            rss = [tree_rss(proc.pid)]
            warm, warm_noop = [], []
            for r in range(args.rounds):
                for i in range(5):
                    (warm_in / f"n_{r}_{i}.txt").write_text(next(new), encoding="utf-8")
                for bucket in (warm, warm_noop):
                    os.kill(proc.pid, signal.SIGUSR1)
                    seen += 1
                    bucket.append(wait_ticks(log, seen, proc)[-1])
                rss.append(tree_rss(proc.pid))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)

    med = statistics.median
    print(f"corpus {args.corpus}: inbox of {args.start} articles, {args.rounds} rounds of 5 new articles; "
          f"load {os.getloadavg()[0]:.2f}")
    print(f"cold `newsflow run`, 5 new articles:  median {med(c['wall'] for c in cold):6.1f} s wall "
          f"({', '.join(format(c['wall'], '.1f') for c in cold)}), peak RSS {max(c['peak'] for c in cold) / 2**20:.0f} MiB")
    print(f"cold `newsflow run`, no-op:           median {med(c['wall'] for c in cold_noop):6.1f} s wall")
    print(f"warm `newsflow serve`, first tick:    {first[1]:6.1f} s ({args.start} articles, models loading)")
    print(f"warm `newsflow serve`, 5 new articles: median {med(t[1] for t in warm):6.1f} s "
          f"({', '.join(format(t[1], '.1f') for t in warm)}; {', '.join(t[0] for t in warm)})")
    print(f"warm `newsflow serve`, no-op:         median {med(t[1] for t in warm_noop):6.1f} s")
    print(f"serve RSS after each tick round (MiB): {', '.join(format(x / 2**20, '.0f') for x in rss)}")
    print(f"ratio warm/cold (5 new): {med(t[1] for t in warm) / med(c['wall'] for c in cold):.2f}")


if __name__ == "__main__":
    main()
