"""Entity resolution: one ``entity_id`` per real-world entity across languages and scripts.

For each document, in a fixed order:

1. every mention is normalised and keyed (``link_keys``: match keys per token, initials and
   patronymics set aside, a Palladius key for Pinyin names);
2. label reconciliation (``link_labels``): a mention whose NER label is likely wrong (a surname
   tagged LOC next to the person's full name) moves to the other label;
3. each mention finds its entity (``link_match``, first hit wins): the alias catalogue
   (``link_catalogue``: ``Peking``/``Пекин``, ``UNO``/``ООН``), an exact key, for people a short
   form against known surnames or a full name against full names token by token, for places
   and organisations a whole-key fuzzy match; otherwise a new entity.  Full names go before
   short forms, relabelled mentions last (they follow the mention that moved them);
4. the entity takes the mention's forms and keys (``link_index``) and re-chooses its canonical
   name (``link_entity``: the fullest common main-language spelling).

Ids are ``"E" + sha1(label|key)[:12]`` of the first form seen, fixed at creation; rows from
earlier runs keep theirs.  Thresholds (0–100 rapidfuzz ratios, ``link_keys.Thresholds``) were
chosen with ``benchmarks/linking_eval.py``; the cost stays ~n log n in the number of distinct
names (``benchmarks/linking_scale.py``).  This module only wires the steps and keeps the
public names (``EntityResolver``, ``name_keys``, ``load_catalogue``, …) importable from one place.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Iterator, Mapping

from transforms.entities.link_catalogue import (
    ALIASES_PATH,
    Catalogue,
    CatalogueGroup,
    catalogue_index,
    is_generic_org,
    load_catalogue,
)
from transforms.entities.link_entity import Entity, entity_id, refresh
from transforms.entities.link_index import EntityIndex
from transforms.entities.link_keys import (
    SHIPPED,
    NameKeys,
    Prepared,
    Thresholds,
    labels_compatible,
    name_keys,
    normalize_cached,
    prepare,
    token_similarity,
)
from transforms.entities.link_labels import reconcile_labels
from transforms.entities.link_match import find
from transforms.entities.translit import has_cyrillic

# The shipped thresholds under their historical names (read-only: pass ``Thresholds`` to change them).
T_PERSON_TOKEN = SHIPPED.person_token
T_SURNAME = SHIPPED.surname
T_PHRASE = SHIPPED.phrase
MIN_PHRASE_KEY = SHIPPED.min_phrase_key
DEFAULT_MAIN_LANGUAGE = "de"
_KIND_ORDER = {"phrase": 0, "full": 1, "initial": 2, "short": 3}


class EntityResolver:
    """Stateful resolver, run serially over documents in a fixed order (see module doc)."""

    def __init__(self, existing: Iterable[Mapping[str, Any]] = (), *, main_language: str = "de",
                 document_languages: Mapping[str, int] | None = None,
                 thresholds: Thresholds = SHIPPED) -> None:
        """existing: rows of the entities table from earlier runs; they keep their ids.

        main_language: the language of canonical names, or ``"auto"``: the language most documents
        are in (``document_languages``: counts of the warehouse's documents per language, plus
        every document resolved here; German until a document is seen).  thresholds: the
        similarity cut-offs (the shipped ones unless an evaluation tries others).
        """
        self._auto = main_language in ("auto", "", None)
        self._fixed_language = DEFAULT_MAIN_LANGUAGE if self._auto else main_language
        self._doc_languages: Counter = Counter({k: int(v) for k, v in (document_languages or {}).items() if k})
        self._catalogue: Catalogue = catalogue_index()
        self._ix = EntityIndex(self._catalogue, thresholds)
        self._entities = self._ix.entities
        self._changed: set[str] = set()
        for row in existing:
            self._load_row(row)

    @property
    def main_language(self) -> str:
        """The language of canonical names: the setting, or with ``auto`` the documents' majority."""
        if not self._auto or not self._doc_languages:
            return self._fixed_language
        top = max(self._doc_languages.values())
        leaders = sorted(lang for lang, n in self._doc_languages.items() if n == top)
        return self._fixed_language if self._fixed_language in leaders else leaders[0]

    # ------------------------------------------------------------------ state

    def _load_row(self, row: Mapping[str, Any]) -> None:
        label = str(row.get("label") or "MISC")
        ent = Entity(
            entity_id=str(row["entity_id"]),
            label=label,
            canonical=str(row.get("canonical_name") or ""),
            n_mentions=int(row.get("n_mentions") or 0),
            n_documents=int(row.get("n_documents") or 0),
            pinned=True,
        )
        self._entities[ent.entity_id] = ent
        ent.labels[label] += 1
        aliases = [str(a) for a in (row.get("aliases") or []) if a]
        ent.aliases = list(dict.fromkeys(aliases))
        # Every alias counts as a form seen; the canonical name only when it was seen itself
        # (a derived transliteration must not compete as if a paper had printed it).
        seen = ent.aliases or [ent.canonical]
        for alias in dict.fromkeys([ent.canonical, *ent.aliases]):
            if not alias:
                continue
            lang = "ru" if has_cyrillic(alias) else self.main_language
            norm = normalize_cached(alias, label, lang)
            if alias in seen:
                ent.forms[(norm, lang)] += 1
            self._ix.add_keys(ent, name_keys(norm, label))
        for key in (k for nk in ent.keys for k in nk.fulls()):
            group = self._catalogue.group_of(key)
            if group is not None and labels_compatible(self._catalogue.groups[group].label, label):
                self._ix.group_entity.setdefault(group, ent.entity_id)
                ent.group = group

    def _new_entity(self, p: Prepared, group: int | None = None) -> Entity:
        groups = self._catalogue.groups
        label = groups[group].label if group is not None else p.label
        seed = f"catalogue|{groups[group].names[0]}" if group is not None else (p.keys.full or p.normalized)
        eid = entity_id(label, seed, self._entities)
        ent = Entity(entity_id=eid, label=label, canonical=p.normalized, group=group)
        self._entities[eid] = ent
        if group is not None:
            self._ix.group_entity[group] = eid
        return ent

    def _attach(self, ent: Entity, p: Prepared) -> None:
        surface = " ".join(str(p.mention.get("text", "")).split()) or p.normalized
        if surface not in ent.aliases:
            ent.aliases.append(surface)
        ent.forms[(p.normalized, p.language)] += 1
        ent.labels[p.label] += 1
        ent.n_mentions += 1
        self._ix.add_keys(ent, p.keys)
        refresh(ent, self.main_language, self._catalogue.groups)
        self._changed.add(ent.entity_id)

    def _final(self, ent: Entity) -> Entity:
        """The entity with its canonical name in the current main language (``auto`` may change it)."""
        if ent.canonical_language not in (None, self.main_language) and ent.forms:
            refresh(ent, self.main_language, self._catalogue.groups)
        return ent

    def _prepare(self, index: int, mention: Mapping[str, Any]) -> Prepared:
        return prepare(index, mention, self.main_language)

    def _reconcile_labels(self, prepared: list[Prepared]) -> dict[int, tuple[Prepared, int | str | None]]:
        """``link_labels.reconcile_labels`` on this resolver's index (an evaluation may switch it off)."""
        return reconcile_labels(self._ix, prepared, self._prepare)

    # ------------------------------------------------------------------ API

    def resolve_document(self, mentions: list[dict]) -> list[str]:
        """entity_id per mention of one document; full names are resolved before short forms.

        Sets ``normalized`` on each mention dict that lacks it (the base form used to link), and
        its ``label`` to the entity's, so a mention and its entity agree.
        """
        if self._auto:
            langs = Counter(str(m.get("language") or "") for m in mentions)
            langs.pop("", None)
            if langs:
                self._doc_languages[langs.most_common(1)[0][0]] += 1
        prepared = [self._prepare(i, m) for i, m in enumerate(mentions)]
        relabelled = self._reconcile_labels(prepared)
        for i, (q, _) in relabelled.items():
            prepared[i] = q
        for p, m in zip(prepared, mentions):
            m.setdefault("normalized", p.normalized)
        result: list[str | None] = [None] * len(prepared)
        doc: list[str] = []
        # Relabelled mentions go last, so the mention they follow has its entity already.
        for p in sorted(prepared, key=lambda q: (q.index in relabelled, _KIND_ORDER[q.kind], q.index)):
            target = relabelled[p.index][1] if p.index in relabelled else None
            if isinstance(target, int) and target not in relabelled and result[target]:
                eid, group = result[target], None
            elif isinstance(target, str) and target in self._entities:
                eid, group = target, None
            else:
                eid, group = find(self._ix, p, doc)
            ent = self._entities[eid] if eid is not None else self._new_entity(p, group)
            self._attach(ent, p)
            result[p.index] = ent.entity_id
            if ent.entity_id not in doc:
                doc.append(ent.entity_id)
        for eid in doc:
            self._entities[eid].n_documents += 1
        for m, eid in zip(mentions, result):
            if eid:  # a mention takes its entity's label (a surname tagged LOC next to its person)
                m["label"] = self._entities[eid].label
        return [r or "" for r in result]

    def lookup(self, text: str, language: str, label: str | None = None) -> str | None:
        """An existing entity_id for a surface form, or None; never creates."""
        p = self._prepare(-1, {"text": text, "label": label or "PER", "language": language})
        eid, _ = find(self._ix, p, [])
        if eid is None and label is None:
            for other in ("ORG", "LOC"):
                p = self._prepare(-1, {"text": text, "label": other, "language": language})
                eid, _ = find(self._ix, p, [])
                if eid is not None:
                    break
        return eid

    def changed_entities(self) -> list[dict]:
        """Rows created or changed since construction, in id order."""
        return [self._final(self._entities[e]).row() for e in sorted(self._changed)]

    def changed_entity_batches(self, size: int) -> Iterator[list[dict]]:
        """``changed_entities()`` in slices of ``size`` rows: a large run never holds them all as dicts."""
        ids = sorted(self._changed)
        for start in range(0, len(ids), size):
            yield [self._final(self._entities[e]).row() for e in ids[start:start + size]]

    def entity_ids(self) -> set[str]:
        """Every entity id known: earlier runs' and this run's (what mentions may point at)."""
        return set(self._entities)

    def entities(self) -> list[dict]:
        """All rows, existing and new, in id order."""
        return [self._final(self._entities[e]).row() for e in sorted(self._entities)]


__all__ = [
    "ALIASES_PATH", "CatalogueGroup", "DEFAULT_MAIN_LANGUAGE", "EntityResolver", "NameKeys", "Thresholds",
    "is_generic_org", "load_catalogue", "name_keys", "token_similarity",
]
