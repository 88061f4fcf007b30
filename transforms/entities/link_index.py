"""The resolver's state: every entity and the keys it can be found by.

Four maps, each written when a mention attaches to an entity (``add_keys``) and read by the
lookup strategies of ``link_match``: full key -> entities (exact matches, and the whole-key
fuzzy match of places and organisations), surname key -> people (short forms), last token of
every key -> entities (full names), and per person its surname keys.  The fuzzy searches go
through ``FuzzyIndex`` so no lookup scans every key known.

Its own module because the state is shared by the lookup strategies and label reconciliation,
which only read it, and the resolver, which alone writes it.
"""

from __future__ import annotations

from typing import Iterable

from transforms.entities.fuzzyindex import FuzzyIndex
from transforms.entities.link_catalogue import Catalogue
from transforms.entities.link_entity import Entity
from transforms.entities.link_keys import NameKeys, Thresholds


class EntityIndex:
    """Entities by id, and key -> entity ids maps with fuzzy indexes over their keys."""

    def __init__(self, catalogue: Catalogue, thresholds: Thresholds) -> None:
        self.catalogue = catalogue
        self.t = thresholds
        self.entities: dict[str, Entity] = {}
        self.exact: dict[str, list[str]] = {}  # full key -> entity ids
        self.exact_tokens: dict[str, tuple[str, ...]] = {}  # full key -> its token keys
        self.surname: dict[str, set[str]] = {}  # surname key -> PER entity ids
        self.last: dict[str, set[str]] = {}  # last token of every key variant -> entity ids
        self.ent_surnames: dict[str, set[str]] = {}  # entity id -> its keys in ``surname``
        self.group_entity: dict[int, str] = {}  # catalogue group -> its entity
        # Fuzzy search without scanning every key (linking stays ~n log n in the names known):
        self.exact_fx = FuzzyIndex(thresholds.phrase)  # the keys of ``exact``
        self.surname_fx = FuzzyIndex(thresholds.surname)  # the keys of ``surname``
        self.last_fx = FuzzyIndex(thresholds.surname)  # the keys of ``last``

    def add_keys(self, ent: Entity, keys: NameKeys) -> None:
        """Make ``ent`` findable by ``keys`` (a form of it just seen)."""
        if not keys.tokens or keys in ent.keys:
            return
        ent.keys.append(keys)
        for full, toks in zip(keys.fulls(), keys.variants()):
            self.exact_tokens.setdefault(full, toks)
            if full not in self.exact:
                self.exact[full] = []
                self.exact_fx.add(full)
            if ent.entity_id not in self.exact[full]:
                self.exact[full].append(ent.entity_id)
        for var in keys.variants():
            if var:
                self.last.setdefault(var[-1], set()).add(ent.entity_id)
                self.last_fx.add(var[-1])
        if ent.label == "PER":
            for s in keys.surnames() if len(keys.tokens) > 1 else set(keys.variants()[0][-1:]):
                if s not in self.surname:
                    self.surname[s] = set()
                    self.surname_fx.add(s)
                self.surname[s].add(ent.entity_id)
                self.ent_surnames.setdefault(ent.entity_id, set()).add(s)

    def pick(self, ids: Iterable[str], doc: list[str]) -> str | None:
        """Among candidates: those in this document first, then the most mentioned, then id."""
        cands = list(dict.fromkeys(ids))
        if not cands:
            return None
        order = {e: i for i, e in enumerate(doc)}
        return min(cands, key=lambda e: (e not in order, -self.entities[e].n_mentions, e))

    def exact_ids(self, key: str) -> list[str]:
        """Entities having ``key`` as a full key."""
        return self.exact.get(key, [])


__all__ = ["EntityIndex"]
