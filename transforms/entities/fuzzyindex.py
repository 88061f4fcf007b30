"""Find every key at least ``cutoff`` similar (rapidfuzz ``ratio``) to a query without scanning all keys.

The resolver compares each new name with the names known so far; scanning all of them makes
linking quadratic in the number of distinct names.  This index returns a small superset of the
keys that can reach the cutoff, which are then scored exactly, so results are those of a scan.

Why it is complete: ``ratio = 100 * (1 - d / (la + lb))`` with ``d`` the insert/delete (Indel)
distance, so a key of length ``L`` within the cutoff of a query of length ``lq`` has
``d <= f * (L + lq)`` (``f = 1 - cutoff/100``), hence ``d <= tau(L) = floor(2fL / (1 - f))``
whatever the query; ``d`` also has the parity of ``lq - L``.  An optimal alignment changes the
key by ``d`` single-character inserts and deletes, and each of them breaks at most one segment
of the key; a segment it does not break appears unchanged in the query, shifted by the net
inserts minus deletes before it.

- Keys with ``tau <= 4`` (short names: every surname) are cut into ``tau + 3`` segments and the
  first ``tau + 2`` are indexed *in pairs*: ``d <= tau`` edits break at most ``tau`` of them, so
  two survive, and the pair is looked up with both substrings of the query at the shifts the
  edit budget allows (``|s_i| + |s_j - s_i| + |lq - L - s_j| <= d``).  Two short segments
  together are about as selective as one long one.  Among 20,000 dense invented surnames
  (``benchmarks/linking_scale.py``) a query drew 3% of the keys as candidates with single
  two-letter segments and no shift budget, 0.6% with pairs (true matches: 0.002%).
- Longer keys (``tau > 4``: long place and organisation names, where pairs would need many
  lookups) are cut into ``tau + 2`` segments of which all but the last are indexed singly
  (PassJoin): one of them survives.
- ``d = 0`` is a plain lookup; at cutoffs too low to cut keys (``tau + 2 > L``), the keys of
  that length are all candidates.

The name's ending (``-ow``, ``-enko``: shared by thousands of surnames) is never a lookup key.
Strings equal after folding vowels that transliteration varies (``a``/``u``, ``e``/``o``, which
``link_keys.token_similarity`` scores 90) are kept in a second, exact map.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

_VOWEL_CLASS = str.maketrans({"u": "a", "o": "e"})
_MAX_PAIR_TAU = 4  # above this, single segments (pairs would need C(tau+2, 2) x shifts lookups)


@lru_cache(maxsize=4096)
def _segments(length: int, n: int) -> tuple[tuple[int, int], ...]:
    """(start, length) of ``n`` near-equal segments of a string of ``length`` (longer ones last)."""
    base, extra = divmod(length, n)
    out, pos = [], 0
    for i in range(n):
        size = base + (1 if i >= n - extra else 0)
        out.append((pos, size))
        pos += size
    return tuple(out)


def _scheme(length: int, tau: int) -> str:
    if tau == 0:
        return "exact"
    if tau <= _MAX_PAIR_TAU and length >= tau + 3:
        return "pair"
    if length >= tau + 2:
        return "single"
    return "all"


@lru_cache(maxsize=65536)
def _probes(length: int, tau: int, lq: int, d_max: int) -> tuple[tuple[int, int, int, int, int, int], ...]:
    """The lookups a query of length ``lq`` makes among keys of ``length``, ``d_max`` edits apart at
    most: (segment i, segment j, query start i, size i, query start j, size j); j = -1 for the
    single-segment scheme."""
    delta = lq - length
    out: list[tuple[int, int, int, int, int, int]] = []
    if _scheme(length, tau) == "pair":
        segs = _segments(length, tau + 3)[:-1]
        for i, (a, na) in enumerate(segs):
            for j in range(i + 1, len(segs)):
                b, nb = segs[j]
                for si in range(-d_max, d_max + 1):
                    for sj in range(si - d_max, si + d_max + 1):
                        if abs(si) + abs(sj - si) + abs(delta - sj) > d_max:
                            continue
                        pa, pb = a + si, b + sj
                        if pa < 0 or pa + na > pb or pb + nb > lq:
                            continue
                        out.append((i, j, pa, na, pb, nb))
    else:  # single segments
        for i, (a, na) in enumerate(_segments(length, tau + 2)[:-1]):
            for pos in range(max(0, a - d_max), min(lq - na, a + d_max) + 1):
                if abs(pos - a) + abs(delta - (pos - a)) <= d_max:
                    out.append((i, -1, pos, na, 0, 0))
    return tuple(out)


class FuzzyIndex:
    """Keys added once; ``candidates(query)`` ⊇ {key : fuzz.ratio(query, key) >= cutoff} ∪ vowel-class equals."""

    def __init__(self, cutoff: float) -> None:
        self.cutoff = float(cutoff)
        self.f = max(0.0, 1.0 - float(cutoff) / 100.0)
        self._keys: set[str] = set()
        # (length, i, j) -> "seg i|seg j" -> the key, or the keys when more than one (a bucket
        # mostly holds one key: no list for it, a third less memory than tuples and lists)
        self._seg: dict[tuple[int, int, int], dict[str, str | list[str]]] = {}
        self._all: dict[int, list[str]] = {}  # length -> keys, where keys are too short to cut
        self._by_len: dict[int, int] = {}  # length -> how many keys
        self._vowel: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def _tau(self, length: int) -> int:
        if self.f >= 0.5:
            return length  # no pruning possible at such a low cutoff
        return int(2 * self.f * length / (1 - self.f) + 1e-9)

    def add(self, key: str) -> None:
        if not key or key in self._keys:
            return
        self._keys.add(key)
        length = len(key)
        self._by_len[length] = self._by_len.get(length, 0) + 1
        tau = self._tau(length)
        scheme = _scheme(length, tau)
        if scheme == "pair":
            segs = [key[a:a + n] for a, n in _segments(length, tau + 3)[:-1]]
            for i in range(len(segs)):
                for j in range(i + 1, len(segs)):
                    self._put((length, i, j), segs[i] + "|" + segs[j], key)
        elif scheme == "single":
            for i, (a, n) in enumerate(_segments(length, tau + 2)[:-1]):
                self._put((length, i, -1), key[a:a + n] + "|", key)
        elif scheme == "all":
            self._all.setdefault(length, []).append(key)
        self._vowel.setdefault(key.translate(_VOWEL_CLASS), []).append(key)

    def _put(self, where: tuple[int, int, int], segs: str, key: str) -> None:
        bucket = self._seg.setdefault(where, {})
        held = bucket.get(segs)
        if held is None:
            bucket[segs] = key
        elif isinstance(held, str):
            bucket[segs] = [held, key]
        else:
            held.append(key)

    def update(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.add(key)

    def candidates(self, query: str) -> set[str]:
        """Keys that may be within the cutoff of ``query`` (a superset; score them exactly)."""
        out: set[str] = set()
        if not query or not self._keys:
            return out
        lq = len(query)
        seg = self._seg
        for length in self._by_len:
            # d >= |length - lq| and d <= f * (length + lq)
            if abs(length - lq) > self.f * (length + lq) + 1e-9:
                continue
            tau = self._tau(length)
            scheme = _scheme(length, tau)
            if scheme == "all":
                out.update(self._all.get(length, ()))
                continue
            d_max = min(tau, int(self.f * (length + lq) + 1e-9))
            d_max -= (d_max - abs(lq - length)) % 2  # d has the parity of lq - length
            if d_max <= 0 or scheme == "exact":
                if length == lq and query in self._keys:
                    out.add(query)
                continue
            for i, j, pa, na, pb, nb in _probes(length, tau, lq, d_max):
                bucket = seg.get((length, i, j))
                hit = bucket.get(query[pa:pa + na] + "|" + query[pb:pb + nb]) if bucket else None
                if hit is None:
                    continue
                if isinstance(hit, str):
                    out.add(hit)
                else:
                    out.update(hit)
        out.update(self._vowel.get(query.translate(_VOWEL_CLASS), ()))
        return out

    def near(self, query: str) -> list[str]:
        """Keys whose ``fuzz.ratio`` with ``query`` reaches the cutoff, or equal after vowel folding.

        The candidates are scored in rapidfuzz's C++ loop, so a long candidate list costs little.
        """
        cands = self.candidates(query)
        if not cands:
            return []
        hits = {c for c, _, _ in process.extract(query, list(cands), scorer=fuzz.ratio,
                                                 score_cutoff=self.cutoff, limit=None)}
        hits.update(self._vowel.get(query.translate(_VOWEL_CLASS), ()))
        return sorted(hits)


__all__ = ["FuzzyIndex"]
