"""Find every key at least ``cutoff`` similar (rapidfuzz ``ratio``) to a query without scanning all keys.

The resolver compares each new name with every name known so far; scanning all of them makes
linking quadratic in the number of distinct names (1,000 names 5 s, 4,000 names 35 s).  This
index returns a small superset of the keys that can reach the cutoff, which are then scored
exactly as before, so results do not change.

Why it is complete: ``ratio = 100 * (1 - d / (la + lb))`` with ``d`` the insert/delete distance,
so a key of length ``L`` within the cutoff of any query has ``d <= tau(L) = floor(2fL / (1 - f))``
(``f = 1 - cutoff/100``), and the Levenshtein distance is at most ``d``.  Each key is cut into
``tau + 1`` segments (pigeonhole, as in PassJoin): a query within ``tau`` edits contains one
segment unchanged, starting within ``tau`` positions of where it starts in the key.  Keys are
cut into ``tau + 2`` segments and all but the last are indexed: two segments survive ``tau``
edits, so one of the indexed ones does, and the name's ending (``-ow``, ``-enko``: shared by
thousands of surnames) is never a lookup key.  A query
looks up, for each key length in reach, each segment's substrings of the query near that
position: about ``(tau + 1) * (2 tau + 1)`` dictionary lookups per length, whatever the number
of keys.  Strings equal after folding vowels that transliteration varies (``a``/``u``,
``e``/``o``, which ``linking.token_similarity`` scores 90) are kept in a second, exact map.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

_VOWEL_CLASS = str.maketrans({"u": "a", "o": "e"})


@lru_cache(maxsize=4096)
def _segments(length: int, tau: int) -> tuple[tuple[int, int], ...]:
    """(start, length) of ``tau + 1`` near-equal segments of a string of ``length``."""
    n = tau + 1
    base, extra = divmod(length, n)
    out, pos = [], 0
    for i in range(n):
        size = base + (1 if i >= n - extra else 0)
        out.append((pos, size))
        pos += size
    return tuple(out)


class FuzzyIndex:
    """Keys added once; ``candidates(query)`` ⊇ {key : fuzz.ratio(query, key) >= cutoff} ∪ vowel-class equals."""

    def __init__(self, cutoff: float) -> None:
        self.cutoff = float(cutoff)
        self.f = max(0.0, 1.0 - float(cutoff) / 100.0)
        self._keys: set[str] = set()
        self._seg: dict[tuple[int, int, str], list[str]] = {}
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
        if tau >= length:
            self._seg.setdefault((length, -1, ""), []).append(key)
        else:
            for i, (start, size) in enumerate(_segments(length, tau + 1)[:-1]):
                self._seg.setdefault((length, i, key[start:start + size]), []).append(key)
        self._vowel.setdefault(key.translate(_VOWEL_CLASS), []).append(key)

    def update(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.add(key)

    def candidates(self, query: str) -> set[str]:
        """Keys that may be within the cutoff of ``query`` (a superset; score them exactly)."""
        out: set[str] = set()
        if not query or not self._keys:
            return out
        lq = len(query)
        for length in self._by_len:
            # d >= |length - lq| and d <= f * (length + lq)
            if abs(length - lq) > self.f * (length + lq) + 1e-9:
                continue
            tau = self._tau(length)
            if tau >= length:
                out.update(self._seg.get((length, -1, ""), ()))
                continue
            for i, (start, size) in enumerate(_segments(length, tau + 1)[:-1]):
                lo = max(0, start - tau)
                hi = min(lq - size, start + tau)
                for pos in range(lo, hi + 1):
                    hit = self._seg.get((length, i, query[pos:pos + size]))
                    if hit:
                        out.update(hit)
        out.update(self._vowel.get(query.translate(_VOWEL_CLASS), ()))
        return out

    def near(self, query: str) -> list[str]:
        """Keys whose ``fuzz.ratio`` with ``query`` reaches the cutoff, or equal after vowel folding.

        The candidates are scored in rapidfuzz's C++ loop, so a long candidate list (names that
        share a common ending) costs little.
        """
        cands = self.candidates(query)
        if not cands:
            return []
        hits = {c for c, _, _ in process.extract(query, list(cands), scorer=fuzz.ratio,
                                                 score_cutoff=self.cutoff, limit=None)}
        hits.update(self._vowel.get(query.translate(_VOWEL_CLASS), ()))
        return sorted(hits)


__all__ = ["FuzzyIndex"]
