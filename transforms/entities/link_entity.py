"""The entity record and its canonical name: which of the spellings seen names the entity.

An entity keeps every surface form (``aliases``), how often each normalised form was seen per
language (``forms``) and its labels.  Its ``canonical_name`` is the fullest common spelling in
the main language: a main-language form over another Latin one over a transliteration of a
Cyrillic one (Pinyin for Chinese names, ``Johnson`` rather than ``Dschonson`` for foreign
names, a German organisation name for ``Администрация Президента``), full names over initials,
nominative forms over oblique ones.  A catalogue entity seen only in other languages takes the
catalogue's main-language name; an earlier run's canonical stays unless the new one is clearly
better.  Ids are ``"E" + sha1(label|key)[:12]`` of the first form seen, fixed at creation.

Its own module because choosing a name is independent of how mentions find their entity.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Sequence

from transforms.entities.link_catalogue import CatalogueGroup
from transforms.entities.link_keys import NameKeys
from transforms.entities.naming import foreign_person_name, organisation_name, place_name

# normalize.py has no public name for its German adjective test yet; this is its one user outside.
from transforms.entities.normalize import de_is_adjective as _is_adjective
from transforms.entities.normalize import is_initial
from transforms.entities.translit import has_cyrillic, looks_chinese, looks_palladius_word, palladius_to_pinyin
from transforms.entities.translit import to_english, to_german

_PATRONYMIC_CYR = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична)$", re.IGNORECASE)
_ADJ_SUFFIX = re.compile(r"(?:isch|lich|ig|al|iv|är|ar|ell|ent)e[nm]$")  # adjectives the lemma table lacks


@dataclass
class Entity:
    """One real-world entity as the resolver holds it (``row()`` is its ``entities`` table row)."""

    entity_id: str
    label: str
    canonical: str
    aliases: list[str] = field(default_factory=list)
    forms: Counter = field(default_factory=Counter)  # (normalized, language) -> count
    labels: Counter = field(default_factory=Counter)
    keys: list[NameKeys] = field(default_factory=list)
    n_mentions: int = 0
    n_documents: int = 0
    group: int | None = None  # catalogue group index
    pinned: bool = False  # canonical came from an earlier run and no better form seen yet
    canonical_language: str | None = None  # the main language the canonical was chosen for

    def row(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "canonical_name": self.canonical,
            "label": self.label,
            "aliases": list(self.aliases),
            "n_mentions": self.n_mentions,
            "n_documents": self.n_documents,
        }


def entity_id(label: str, key: str, taken: Mapping[str, Any]) -> str:
    """``"E" + sha1(label|key)[:12]``, with a counter in the seed should that id be taken."""
    n = 1
    while True:
        seed = f"{label}|{key}" if n == 1 else f"{label}|{key}|{n}"
        eid = "E" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]
        if eid not in taken:
            return eid
        n += 1


def _nominative_like(name: str, language: str) -> bool:
    """False for a German name whose leading adjective has an oblique ending (``Internationalen ...``)."""
    toks = name.split()
    if language != "de" or len(toks) < 2 or has_cyrillic(name):
        return True
    first = toks[0]
    return not (first.endswith(("en", "em")) and (_is_adjective(first) or bool(_ADJ_SUFFIX.search(first))))


@lru_cache(maxsize=100_000)
def romanize(norm: str, label: str, main_language: str) -> str:
    """Latin name for a Cyrillic-only form: Pinyin for Chinese names, else the main language's
    transliteration (memoised: an entity's forms are ranked again at each of its mentions)."""
    toks = norm.split()
    chinese = looks_chinese(toks) if label == "PER" else bool(toks) and all(map(looks_palladius_word, toks))
    if chinese:
        pinyin = palladius_to_pinyin(norm)
        if pinyin:
            return pinyin
    if label == "PER" and len(toks) >= 3:  # no patronymic in a German canonical name
        toks = [t for i, t in enumerate(toks) if i in (0, len(toks) - 1) or not _PATRONYMIC_CYR.search(t)]
    norm_t = " ".join(toks)
    translit = to_german if main_language == "de" else to_english
    if label == "PER":
        foreign = foreign_person_name(norm_t, translit)  # Джонсон -> Johnson, not Dschonson
        if foreign:
            return foreign
    elif label == "ORG":
        named = organisation_name(norm_t, main_language)  # Администрация Президента -> Präsidialverwaltung
        if named:
            return named
    elif label == "LOC":
        named = place_name(norm_t, main_language)  # Майами -> Miami, not Majami
        if named:
            return named
    return translit(norm_t)


def refresh(ent: Entity, main_language: str, groups: Sequence[CatalogueGroup]) -> None:
    """Majority label and the fullest common main-language spelling as canonical name."""
    if ent.group is None and ent.labels:
        ent.label = max(ent.labels.items(), key=lambda kv: (kv[1], kv[0]))[0]
    best: tuple | None = None
    best_name = ent.canonical
    main = main_language
    for (norm, lang), count in ent.forms.items():
        if not norm:
            continue
        name = norm
        if has_cyrillic(norm):
            rank = 2 if main == "ru" else 0
            name = norm if main == "ru" else romanize(norm, ent.label, main)
        else:
            rank = 2 if lang == main else 1
        toks = [t for t in name.split() if not is_initial(t)]
        has_init = len(toks) != len(name.split())
        if ent.label == "PER":
            score = (rank, not has_init, min(len(toks), 3), count, -len(name), name)
        else:
            # Nominative forms first ("Vereinte Nationen" over "Vereinten Nationen").
            score = (rank, _nominative_like(name, lang), count, len(toks), -len(name), name)
        if best is None or score > best:
            best, best_name = score, name
    if ent.group is not None and (best is None or best[0] < 2):
        # Seen only in other languages: the catalogue's main-language name beats a transliteration.
        named = groups[ent.group].name_in(main)
        if named is not None:
            best_name, best = named, (2,)
    ent.canonical_language = main
    if ent.pinned and best is not None:
        # Keep an earlier run's canonical unless the new one is clearly better.
        current = [t for t in ent.canonical.split() if not is_initial(t)]
        new_toks = [t for t in best_name.split() if not is_initial(t)]
        # A canonical that is no surface form seen (a transliteration from an earlier run,
        # e.g. "Si Zsinpin") yields to any form a fresh run would rank higher or equal.
        derived = ent.group is None and ent.canonical not in {n for n, _ in ent.forms}
        better = (best[0] >= 1 and derived) or (
            best[0] == 2 and (has_cyrillic(ent.canonical) or len(new_toks) > len(current))
        ) or (derived and best[0] == 0 and best_name != ent.canonical)
        if not better:
            return
        ent.pinned = False
    ent.canonical = best_name


__all__ = ["Entity", "entity_id", "refresh", "romanize"]
