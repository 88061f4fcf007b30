"""Speed (and a language sanity count) of transforms.ingest on the shared corpora.

    .venv/bin/python benchmarks/bench_ingest.py [--n 300]

Reads ../shared beside the repo (or $NEWSFLOW_SHARED): the seeds, 10kGNAD German news, Russian news jsonl.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.ingest import (  # noqa: E402
    LanguageSectioner,
    SentenceSplitter,
    decode_bytes,
    find_published_date,
    parse_records,
)

SHARED = Path(os.environ.get("NEWSFLOW_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def _inputs(n: int) -> list[tuple[str, bytes, str]]:
    """(name, raw bytes, format) triples: seeds, German news as .txt, Russian news as one .jsonl."""
    out: list[tuple[str, bytes, str]] = []
    seeds = SHARED / "corpus" / "seeds"
    for p in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        out.append((p.name, p.read_bytes(), "txt"))
    gnad = SHARED / "data" / "news" / "de" / "10kgnad" / "10kgnad-test.csv"
    if gnad.is_file():
        rows = csv.reader(io.StringIO(gnad.read_text("utf-8")), delimiter=";", quotechar="'")
        for i, row in enumerate(rows):
            if i >= n:
                break
            out.append((f"10kgnad-{i}.txt", row[1].encode("cp1252", "replace"), "txt"))
    ru = SHARED / "data" / "news" / "ru" / "ru_news_articles.jsonl.gz"
    if ru.is_file():
        with gzip.open(ru, "rt", encoding="utf-8") as fh:
            lines = [ln for _, ln in zip(range(n), fh)]
        out.append(("ru_news.jsonl", "".join(lines).encode("utf-16"), "jsonl"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300, help="articles per corpus")
    args = ap.parse_args()
    inputs = _inputs(args.n)
    if not inputs:
        print(f"no shared data under {SHARED}; nothing to measure")
        return
    t0 = time.perf_counter()
    sectioner = LanguageSectioner(("de", "ru", "en"))
    splitter = SentenceSplitter(("de", "ru", "en"))
    print(f"build LanguageSectioner + SentenceSplitter: {time.perf_counter() - t0:.2f} s")

    t0 = time.perf_counter()
    arts = []
    for name, data, fmt in inputs:
        arts.extend((name, a) for a in parse_records(decode_bytes(data).text, fmt).articles)
    dt = time.perf_counter() - t0
    nbytes = sum(len(d) for _n, d, _f in inputs)
    print(f"decode+parse: {len(arts)} articles, {nbytes / 1e6:.1f} MB in {dt:.2f} s -> {len(arts) / dt:.0f} articles/s")

    t0 = time.perf_counter()
    found = sum(find_published_date(a.text) is not None for _n, a in arts)
    dt = time.perf_counter() - t0
    print(f"find_published_date: {len(arts) / dt:.0f} texts/s ({found}/{len(arts)} with a date near the top)")

    t0 = time.perf_counter()
    sections = [sectioner(a.text) for _n, a in arts]
    dt = time.perf_counter() - t0
    n_par = sum(1 for _n, a in arts for ln in a.text.split("\n") if ln.strip())
    n_chars = sum(len(a.text) for _n, a in arts)
    print(f"sections: {n_par} paragraphs, {n_chars / 1e6:.2f} M chars in {dt:.2f} s -> {n_par / dt:.0f} paragraphs/s, {n_chars / dt / 1e3:.0f} k chars/s")
    by_corpus: dict[str, Counter[str]] = {}
    for (name, a), secs in zip(arts, sections):
        corpus = "seeds" if name[:3].isdigit() else name.split("-")[0].split(".")[0]
        c = by_corpus.setdefault(corpus, Counter())
        for s in secs:
            c[s.language] += s.char_end - s.char_start
    for corpus, c in by_corpus.items():
        total = sum(c.values())
        print(f"  {corpus:8s} chars by section language: " + ", ".join(f"{k} {v / total:.1%}" for k, v in c.most_common()))

    items = [(a.text, secs) for (_n, a), secs in zip(arts, sections)]
    for label in ("cold", "warm"):  # cold: spaCy's vocab still grows with every new word
        t0 = time.perf_counter()
        n_sent = sum(len(s) for s in splitter.documents(items))
        dt = time.perf_counter() - t0
        print(f"sentences ({label}): {n_sent} in {dt:.2f} s -> {n_sent / dt:.0f} sentences/s, {n_chars / dt / 1e3:.0f} k chars/s")


if __name__ == "__main__":
    main()
