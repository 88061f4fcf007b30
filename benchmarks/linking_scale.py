"""Linking cost against the number of distinct person names (issue 17: at most ~n log n).

Invented names only: given names and surnames are built from syllables, so neighbouring names
share most of their letters (``Marutin`` / ``Marotin`` / ``Marutina``): the hard case for a
fuzzy matcher, where a scan over every known name costs n per lookup.  Each "document" holds
three full names, in German/English/Russian-like spellings (Latin script), resolved through
``EntityResolver.resolve_document`` in a fixed order; ``lookup`` of a speaker is not timed.

    .venv/bin/python benchmarks/linking_scale.py                 # 1k, 10k, 50k
    .venv/bin/python benchmarks/linking_scale.py 1000 4000 --max-seconds 120

A size that does not finish within ``--max-seconds`` prints how far it got.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ONSETS = ["b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "w", "ch", "sch", "sh", "z", "f", "h"]
VOWELS = ["a", "e", "i", "o", "u", "ja", "jo"]
GIVEN_ENDINGS = ["a", "o", "i", "ej", "in", "an"]
SURNAME_ENDINGS = ["ow", "ov", "in", "ina", "ski", "enko", "er", "mann", "ez"]
LANGUAGES = ("de", "en", "ru")


def invented_names(n: int, seed: int = 17) -> list[str]:
    """n distinct invented 'Given Surname' strings, many of them one or two letters apart."""
    rng = random.Random(seed)
    seen: set[str] = set()
    names: list[str] = []
    syllable = lambda: rng.choice(ONSETS) + rng.choice(VOWELS)  # noqa: E731
    givens = sorted({(syllable() + syllable() + rng.choice(GIVEN_ENDINGS)).capitalize() for _ in range(400)})
    while len(names) < n:
        surname = (syllable() + syllable() + (syllable() if rng.random() < 0.5 else "")
                   + rng.choice(SURNAME_ENDINGS)).capitalize()
        name = f"{rng.choice(givens)} {surname}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def run_size(n: int, max_seconds: float, per_doc: int = 3) -> dict:
    from transforms.entities.linking import EntityResolver

    names = invented_names(n)
    resolver = EntityResolver(main_language="de")
    started = time.perf_counter()
    done = 0
    langs = itertools.cycle(LANGUAGES)
    for i in range(0, n, per_doc):
        mentions = [{"text": name, "label": "PER", "language": next(langs)} for name in names[i:i + per_doc]]
        resolver.resolve_document(mentions)
        done += len(mentions)
        if time.perf_counter() - started > max_seconds:
            break
    elapsed = time.perf_counter() - started
    return {"names": n, "done": done, "seconds": elapsed, "entities": len(resolver.entity_ids()),
            "finished": done == n}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 50_000])
    parser.add_argument("--max-seconds", type=float, default=900.0, help="give up on a size after this long")
    args = parser.parse_args(argv)
    from transforms.entities.linking import EntityResolver

    EntityResolver()  # the alias catalogue's index is built once; not part of any size's time
    print(f"{'names':>8} {'linked':>8} {'seconds':>9} {'names/s':>9} {'s per n·log2 n (µs)':>20} {'entities':>9}")
    for n in args.sizes:
        r = run_size(n, args.max_seconds)
        per = r["seconds"] / (r["done"] * math.log2(max(r["done"], 2))) * 1e6
        note = "" if r["finished"] else f"  (stopped after {args.max_seconds:.0f} s)"
        print(f"{r['names']:>8} {r['done']:>8} {r['seconds']:>9.2f} {r['done'] / r['seconds']:>9.0f} "
              f"{per:>20.2f} {r['entities']:>9}{note}", flush=True)


if __name__ == "__main__":
    main()
