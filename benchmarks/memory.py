"""Peak RSS of `newsflow run` against inbox size: memory must not grow with the inbox.

    .venv/bin/python benchmarks/memory.py                       # 250, 1000 and 3000 articles
    .venv/bin/python benchmarks/memory.py --sizes 500,5000,20000

Inboxes are built from the German 10kGNAD test split and the Russian news sample of ../shared
(alternating), each file made unique by a numbered last line, so every article is new work.
Each size is a fresh `newsflow run` subprocess (thread runner); the RSS of the run's process and
of the whole process tree (Prefect's API server included) is sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import SHARED, run_flow  # noqa: E402


def corpus_texts() -> list[str]:
    if not SHARED.is_dir():
        sys.exit(f"skip: ../shared is absent ({SHARED})")
    with open(SHARED / "data/news/de/10kgnad/10kgnad-test.csv", encoding="utf-8", newline="") as fh:
        de = [r[1] for r in csv.reader(fh, delimiter=";", quotechar="'") if len(r) >= 2]
    with gzip.open(SHARED / "data/news/ru/ru_news_articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        ru = [json.loads(line)["text"] for line in fh if line.strip()]
    mixed = [t for pair in zip(de, ru) for t in pair]
    return mixed + de[len(ru):] + ru[len(de):]


def build_inbox(texts: list[str], n: int, folder: Path) -> int:
    folder.mkdir(parents=True)
    size = 0
    for i in range(n):
        text = f"{texts[i % len(texts)]}\n\n({i})\n"
        path = folder / f"{i // 1000:03d}" / f"article_{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,1000,3000", help="inbox sizes (articles), comma-separated")
    args = parser.parse_args()
    texts = corpus_texts()
    root = Path(tempfile.mkdtemp(prefix="newsflow-memory-"))
    print(f"{'articles':>8} {'MB':>7} {'seconds':>8} {'docs/s':>7} {'peak RSS run':>13} {'peak RSS tree':>14}")
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            inbox = root / f"inbox-{n}"
            n_bytes = build_inbox(texts, n, inbox)
            seconds, tree, single, _ = run_flow(inbox, root / f"w-{n}.duckdb")
            print(f"{n:>8} {n_bytes / 1e6:>7.1f} {seconds:>8.1f} {n / seconds:>7.2f} "
                  f"{single / 2**20:>9.0f} MiB {tree / 2**20:>10.0f} MiB", flush=True)
            shutil.rmtree(inbox)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
