"""Label reconciliation: a mention whose NER label is likely wrong moves to the other label.

The NER sometimes gives a name the wrong label in one place (a surname tagged LOC next to the
person's full name, a town tagged PER once).  A mention changes label only when its name key
matches the other label strongly (a PER full name with that surname in this document, an exact
key shared with mentions of the other label, an exact alias of a known entity or of the
catalogue), nothing of its own label is known under that name, and the other label has at
least as much evidence (mentions in the document, the known entity's mentions; ties go to a
backing full name).  A single token becomes a person only on evidence from its own document
(``Jefferson`` the city and ``Tom Jefferson`` in other documents stay apart); a single-token
ORG needs more person mentions than its own (firms named after founders).

Its own module because it runs once per document before matching and only reads the index.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from transforms.entities.link_index import EntityIndex
from transforms.entities.link_keys import Prepared, name_keys, token_similarity
from transforms.entities.link_match import find

# (mention index, mention dict) -> the mention prepared under that dict's label
Prepare = Callable[[int, dict], Prepared]


def relabel(prepare: Prepare, p: Prepared, label: str) -> Prepared:
    """The mention prepared under another label (normalisation depends on it: Калуги -> Калуга)."""
    return prepare(p.index, {**p.mention, "label": label, "normalized": None})


def name_keys_any(prepare: Prepare, p: Prepared) -> set[str]:
    """Keys a mention may match under its own label or the other class's normalisation."""
    if p.keys.initials:
        return set()
    keys = set(p.lookup_keys)
    other = relabel(prepare, p, "LOC" if p.label == "PER" else "PER")
    if not other.keys.initials:
        keys.update(other.lookup_keys)
    # The surface form too: a lemmatiser may take a surname for a plural (Рябцев -> Рябец).
    surface = " ".join(str(p.mention.get("text") or "").split())
    if surface and surface != p.normalized:
        raw = name_keys(surface, "LOC")
        if len(raw.tokens) == len(p.keys.tokens):
            keys.update(raw.fulls())
    return {k for k in keys if k}


def reconcile_labels(ix: EntityIndex, prepared: list[Prepared],
                     prepare: Prepare) -> dict[int, tuple[Prepared, int | str | None]]:
    """Mentions whose NER label is likely wrong: index -> (mention under the winning label, target).

    The target is the index of an in-document mention of the winning label, an entity id
    known from earlier documents, or None (resolve normally under the new label); see the
    module doc for when a mention changes label.
    """
    entities = ix.entities
    catalogue = ix.catalogue
    keys = {p.index: name_keys_any(prepare, p) for p in prepared}
    strong: dict[int, set[str]] = {}  # PER full names and initial forms: surname keys
    for p in prepared:
        if p.label == "PER" and (p.kind == "full" or p.kind == "initial"):
            strong[p.index] = set(p.keys.surnames()) if p.kind == "full" else set(p.keys.tokens[-1:])
    by_key: dict[str, list[int]] = {}  # key -> mentions having it
    by_surname: dict[str, list[int]] = {}  # surname key -> PER full names / initial forms
    for i, ks in keys.items():
        for k in ks:
            by_key.setdefault(k, []).append(i)
    for i, ss in strong.items():
        for k in ss:
            by_surname.setdefault(k, []).append(i)
    out: dict[int, tuple[Prepared, int | str | None]] = {}
    for p in prepared:
        ks = keys[p.index]
        if not ks:
            continue
        single = len(p.keys.tokens) == 1
        is_per = p.label == "PER"
        near = [prepared[i] for i in sorted({i for k in ks for i in by_key[k]})]
        same = [q for q in near if (q.label == "PER") == is_per]
        other = [q for q in near if (q.label == "PER") != is_per]
        if not is_per:
            per_strong = [prepared[i] for i in sorted({i for k in ks for i in by_surname.get(k, ())})] if single else []
            per_strong += [q for q in other if len(q.keys.tokens) > 1 and q not in per_strong]
            evidence = list({q.index: q for q in other + per_strong}.values())
            known: str | None = None
            if not evidence and not single:
                known = ix.pick([e for k in ks for e in ix.exact_ids(k)
                                 if entities[e].label == "PER"
                                 and any(len(nk.tokens) > 1 and k in nk.fulls() for nk in entities[e].keys)], [])
            known_ev = max(1, entities[known].n_mentions) if known else 0
            n_per = len(evidence) + known_ev
            if not n_per or find(ix, p, [])[0] is not None:
                continue
            # A tie goes to the person when a full name backs it; not for a single-token
            # organisation, which is often named after its founder (Porsche, Siemens).
            tie_ok = bool(per_strong or known) and not (single and p.label == "ORG")
            if n_per > len(same) or (n_per == len(same) and tie_ok):
                pool = sorted(per_strong, key=lambda q: q.index) or sorted(evidence, key=lambda q: q.index)
                out[p.index] = (relabel(prepare, p, "PER"), pool[0].index if pool else known)
            continue
        # A person's name that is (also) a place / organisation seen with that label.
        if p.kind not in ("short", "full"):
            continue
        if single and any(
            token_similarity(k, s) >= ix.t.surname for q, ss in strong.items() if q != p.index for s in ss for k in ks
        ):
            continue  # a full name of this surname in the document: it is a person
        if not other and not any(
            any(entities[e].label != "PER" for e in ix.exact_ids(k))
            or (catalogue.label_of(k) not in (None, "PER"))
            for k in ks
        ):
            continue  # nothing of another label goes by this name
        if find(ix, p, [])[0] is not None:
            continue  # a known person of that name
        label = Counter(q.label for q in other).most_common(1)[0][0] if other else "LOC"
        q = relabel(prepare, p, label)
        known_id, group = (None, None)
        if not other:
            known_id, group = find(ix, q, [])
            if known_id is None and group is None:
                continue
            if known_id is not None and entities[known_id].label == "PER":
                continue
            if known_id is not None and not set(q.lookup_keys) & {
                k for nk in entities[known_id].keys for k in nk.fulls()
            }:
                continue  # only an exact alias of a known entity, not a fuzzy one
            label = entities[known_id].label if known_id else catalogue.groups[group].label  # type: ignore[index]
            if label != q.label:
                q = relabel(prepare, p, label)
        n_other = len(other) + (max(1, entities[known_id].n_mentions) if known_id else 1 if group is not None else 0)
        # A tie keeps a full name a person (the rule above moves the other side to it).
        if n_other > len(same) or (n_other == len(same) and single):
            target = min(other, key=lambda o: o.index).index if other else known_id
            out[p.index] = (q, target)
    return out


__all__ = ["name_keys_any", "reconcile_labels", "relabel"]
