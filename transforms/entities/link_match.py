"""How a mention finds its entity: the lookup strategies, tried in order, first hit wins.

1. the alias catalogue (exact key, or a long place/organisation name fuzzily);
2. an exact match of the mention's match key (a German ``-s`` genitive also without it);
3. people: a short form (``Putin``, ``В. Путин``) against known surnames, preferring this
   document's people, then the most mentioned; a full name against known full names whose
   tokens all match fuzzily, or against an entity so far known only by its surname;
4. places/organisations: a fuzzy match of the whole key (long keys only, word by word);
5. nothing: the caller creates an entity.

A bare generic organisation word (``МИД``) only ever finds this document's own entity.
Functions of an ``EntityIndex`` and a prepared mention; they never change the index.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from transforms.entities.link_catalogue import is_generic_org
from transforms.entities.link_index import EntityIndex
from transforms.entities.link_keys import Prepared, labels_compatible, token_similarity, tokenwise
from transforms.entities.normalize import strip_german_genitive
from transforms.entities.translit import match_key


def catalogue_hit(ix: EntityIndex, p: Prepared) -> int | None:
    """The catalogue group the mention names, if any."""
    return ix.catalogue.hit(p.lookup_keys, p.keys.tokens, p.label, ix.t)


def exact_hit(ix: EntityIndex, p: Prepared, doc: list[str]) -> str | None:
    ids = [
        e for key in p.lookup_keys for e in ix.exact_ids(key)
        if labels_compatible(ix.entities[e].label, p.label)
    ]
    return ix.pick(ids, doc)


def short_hit(ix: EntityIndex, p: Prepared, doc: list[str]) -> str | None:
    """A surname-only mention (maybe with initials) against people's surnames."""
    t_surname = ix.t.surname
    mine = set(p.keys.tokens[-1:]) | set((p.keys.alt or ())[-1:])
    if p.language == "de" and p.keys.tokens:
        mine.add(match_key(strip_german_genitive(p.normalized.split()[-1])))
    scored: dict[str, float] = {}
    hits: dict[str, float] = {}
    for m in mine:
        for skey in ix.surname_fx.near(m):  # ratio >= T_SURNAME, or vowel-class equal
            if fuzz.ratio(m, skey) < min(t_surname, 60):
                continue
            score = token_similarity(m, skey)
            if score >= t_surname:
                hits[skey] = max(hits.get(skey, 0.0), score)
    for skey, score in hits.items():
        for e in ix.surname[skey]:
            ent = ix.entities[e]
            if p.keys.initials and not any(
                p.keys.initials[0] in nk.given_initials() for nk in ent.keys if len(nk.tokens) > 1
            ):
                continue
            scored[e] = max(scored.get(e, 0.0), score)
    if not scored:
        return None
    in_doc = [e for e in scored if e in doc]
    pool = in_doc or list(scored)
    top = max(scored[e] for e in pool)
    return ix.pick([e for e in pool if scored[e] >= top - 5], doc)


def person_hit(ix: EntityIndex, p: Prepared, doc: list[str]) -> str | None:
    """A full name against known full names (every token fuzzy) or surname-only entities."""
    t_token, t_surname = ix.t.person_token, ix.t.surname
    best: dict[str, float] = {}
    mine = p.keys.variants()
    surnames = p.keys.surnames()
    # Only an entity with a key whose last token is T_SURNAME-similar to ours can score; of
    # those, the ones with a surname at least 60 similar to one of ours (as a full scan did).
    cands: set[str] = set()
    for last in {a[-1] for a in mine if a}:
        for k in ix.last_fx.near(last):
            if token_similarity(last, k) >= t_surname:
                cands.update(ix.last[k])
    for e in sorted(cands):
        ent = ix.entities[e]
        if not any(fuzz.ratio(s, k) >= min(t_surname, 60) for s in surnames for k in ix.ent_surnames.get(e, ())):
            continue
        for nk in ent.keys:
            for a in mine:
                for b in nk.variants():
                    if len(b) == 1:  # entity known by surname only
                        sim = token_similarity(a[-1], b[0]) if a else 0.0
                        if sim >= t_surname and all(len(k.tokens) == 1 for k in ent.keys):
                            best[e] = max(best.get(e, 0.0), sim)
                        continue
                    if len(a) != len(b):
                        a, b = (a[0], a[-1]), (b[0], b[-1])
                    sims = [token_similarity(x, y, i == len(a) - 1) for i, (x, y) in enumerate(zip(a, b))]
                    if min(sims[:-1], default=100.0) >= t_token and sims[-1] >= t_surname:
                        best[e] = max(best.get(e, 0.0), sum(sims) / len(sims))
    if not best:
        return None
    top = max(best.values())
    return ix.pick([e for e, s in best.items() if s >= top - 1e-9], doc)


def phrase_hit(ix: EntityIndex, p: Prepared, doc: list[str]) -> str | None:
    """Whole-key fuzzy match for long place / organisation names of the same label."""
    full = p.keys.full
    t = ix.t
    if len(full) < t.min_phrase_key:
        return None
    scored: dict[str, float] = {}
    for key in ix.exact_fx.near(full):
        score = fuzz.ratio(full, key)
        if len(key) < t.min_phrase_key or score < t.phrase:
            continue
        if key != full and not tokenwise(p.keys.tokens, ix.exact_tokens.get(key, ()), t.person_token):
            continue
        for e in ix.exact[key]:
            if ix.entities[e].label == p.label:
                scored[e] = max(scored.get(e, 0.0), score)
    if not scored:
        return None
    top = max(scored.values())
    return ix.pick([e for e, s in scored.items() if s >= top - 1e-9], doc)


def find(ix: EntityIndex, p: Prepared, doc: list[str]) -> tuple[str | None, int | None]:
    """(entity id, catalogue group) for a prepared mention; never creates.  ``doc``: the
    entities of the current document so far, in order (they win ties)."""
    if not p.keys.tokens:
        return None, None
    if p.label != "PER" and is_generic_org(p.normalized):
        # ``МИД``, ``Ministry`` alone: only this document's own mention of it, never another's.
        ids = [e for key in p.lookup_keys for e in ix.exact_ids(key) if e in doc]
        return ix.pick(ids, doc), None
    group = catalogue_hit(ix, p)
    if group is not None:
        return ix.group_entity.get(group), group
    hit = exact_hit(ix, p, doc)
    if hit is not None:
        return hit, None
    if p.kind in ("short", "initial"):
        return short_hit(ix, p, doc), None
    if p.kind == "full":
        return person_hit(ix, p, doc), None
    return phrase_hit(ix, p, doc), None


__all__ = ["catalogue_hit", "exact_hit", "find", "person_hit", "phrase_hit", "short_hit"]
