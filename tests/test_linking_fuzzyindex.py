"""FuzzyIndex returns exactly what a scan of every key would (rapidfuzz ratio >= cutoff, or equal
after folding a/u, e/o): keys of all lengths, near neighbours made by inserts, deletes and
substitutions, every cutting scheme (exact, pairs of segments, single segments, uncut)."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process

from transforms.entities.fuzzyindex import FuzzyIndex

_FOLD = str.maketrans({"u": "a", "o": "e"})


def _mutate(rnd: random.Random, key: str) -> str:
    chars = list(key)
    for _ in range(rnd.randint(1, 4)):
        pos = rnd.randrange(len(chars) + 1)
        op = rnd.random()
        if op < 0.4:
            chars.insert(pos, rnd.choice("abeikmnorSu"))
        elif chars and op < 0.8:
            chars.pop(min(pos, len(chars) - 1))
        elif chars:
            chars[min(pos, len(chars) - 1)] = rnd.choice("abeikmnorSu")
    return "".join(chars)


@pytest.fixture(scope="module")
def keys_and_queries() -> tuple[list[str], list[str]]:
    rnd = random.Random(11)
    keys = {"".join(rnd.choice("abeikmnoru") for _ in range(rnd.randint(1, 40 if rnd.random() < 0.2 else 14)))
            for _ in range(1200)}
    keys |= {_mutate(rnd, k) for k in sorted(keys)[:600]}
    keys.discard("")
    ordered = sorted(keys)
    queries = ordered[:100] + [_mutate(rnd, k) for k in ordered[::5]] + ["a", "ab", "x", "barinov", "baranov"]
    return ordered, [q for q in queries if q]


@pytest.mark.parametrize("cutoff", [60, 80, 85, 88, 90, 95, 100])
def test_near_equals_a_full_scan(keys_and_queries, cutoff: float) -> None:
    keys, queries = keys_and_queries
    index = FuzzyIndex(cutoff)
    index.update(keys)
    for query in queries:
        scan = {k for k, _, _ in process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)}
        assert scan <= index.candidates(query), query
        folded = {k for k in keys if k.translate(_FOLD) == query.translate(_FOLD)}
        assert set(index.near(query)) == scan | folded, query

