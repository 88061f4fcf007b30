"""Events, claims and stories scored on our own annotated examples, and their cost next to NER.

    .venv/bin/python benchmarks/events_eval.py            # examples + cost on the seeds (if ../shared is there)
    .venv/bin/python benchmarks/events_eval.py --repeat 20

The examples (benchmarks/data/events_examples.jsonl, annotation in events_gold.json) are short
articles written for this benchmark in German, Russian and English; they go through the real
stages (language sections, sentences, NER, figures, quotes, entity linking), then the events
stage, so NER misses count against the scores.  A predicted event matches a gold event when the
kind family agrees and every gold participant is one of its participants (by the entity's
aliases); a gold event reported by several documents is *merged* when one predicted event
holds all its documents.  Claims match by document and figure text; correct when speaker and
``how`` agree.  Stories are scored on document pairs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO / "benchmarks" / "data"
SHARED = Path(os.environ.get("NEWSFLOW_SHARED", REPO.parent / "shared"))

from flows import stages  # noqa: E402
from flows.models import load_models  # noqa: E402
from flows.settings import Settings  # noqa: E402
from transforms.entities.linking import EntityResolver  # noqa: E402
from transforms.events import FAMILY, EventIndex, StoryIndex, analyse_document  # noqa: E402


def _article(doc_id: str, text: str, published: dt.datetime | None) -> stages.Article:
    meta = {"title": None, "title_source": None, "published_at": published, "published_source": "field",
            "published_reason": None, "url": None, "source": None, "format": "txt", "encoding": "utf-8"}
    return stages.Article(doc_id, doc_id, doc_id, "", len(text), 0, text, meta)


def run_stages(articles: list[stages.Article], settings: Settings) -> tuple[stages.Chunk, EntityResolver, dict]:
    """The chunk through the real stages; returns it linked, the resolver, and seconds per stage."""
    models = load_models(tuple(settings.languages), Path(settings.models_dir))
    for lang in settings.languages:
        models.ner(lang)  # loading is not NER's per-document cost
    chunk = stages.Chunk(0, [], articles=articles)
    cost: dict[str, float] = {}
    t = time.perf_counter()
    chunk = stages.sentences_chunk(stages.sections_chunk(chunk, models), models)
    cost["sections+sentences"] = time.perf_counter() - t
    t = time.perf_counter()
    chunk = stages.extract_chunk(chunk, models, settings.ner_batch_chars)
    cost["extract (NER, figures, quotes)"] = time.perf_counter() - t
    resolver = EntityResolver([], main_language=settings.main_language)
    t = time.perf_counter()
    chunk = stages.link_chunk(chunk, resolver, set())
    cost["link"] = time.perf_counter() - t
    return chunk, resolver, cost


def events_stage(chunk: stages.Chunk, repeat: int = 1) -> tuple[EventIndex, dict[str, str], float]:
    """The events stage as the flow runs it; seconds per pass (best of ``repeat``)."""
    best = float("inf")
    for _ in range(repeat):
        index, stories, story_of = EventIndex(), StoryIndex(), {}
        t = time.perf_counter()
        results = [(art.doc_id, analyse_document(stages._doc_input(art), index, stories)) for art in chunk.articles]
        best = min(best, time.perf_counter() - t)
        story_of = {d: r.story_id for d, r in results}
        claims = [c for _d, r in results for c in r.claims]
    return index, story_of, best, claims


def _aliases(resolver: EntityResolver) -> dict[str, list[str]]:
    return {e["entity_id"]: [a.casefold() for a in (e.get("aliases") or [])] + [e["canonical_name"].casefold()]
            for e in resolver.entities()}


def _is(entity_id: str | None, spellings: list[str], aliases: dict[str, list[str]]) -> bool:
    names = aliases.get(entity_id or "", [])
    return any(s.casefold() in a for s in spellings for a in names)


def score(index: EventIndex, story_of: dict[str, str], claims: list, gold: dict, aliases: dict) -> dict:
    events = list(index.events.values())
    matched_pred: set[str] = set()
    found = merged = duplicates = dates = durations = places = tenses = 0
    for g in gold["events"]:
        hits = [e for e in events if FAMILY[e.kind] == FAMILY[g["kind"]]
                and all(any(_is(p, spellings, aliases) for p in e.participants) for spellings in g["participants"])
                and set(e.doc_ids) & set(g["docs"])
                and (g["date"] is None or e.date_value is None or e.date_value.isoformat()[:7] == g["date"][:7])]
        if not hits:
            print(f"  missed  {g['kind']:9} {[s[0] for s in g['participants']]} {g['docs']}")
            continue
        found += 1
        matched_pred |= {e.event_id for e in hits}
        best = max(hits, key=lambda e: len(set(e.doc_ids) & set(g["docs"])))
        merged += set(g["docs"]) <= set(best.doc_ids)
        duplicates += len(hits) > 1
        dates += (best.date_value.isoformat() if best.date_value else None) == g["date"]
        durations += best.duration_minutes == g["duration"]
        places += (g["place"] is None and best.place_entity_id is None) or (
            g["place"] is not None and _is(best.place_entity_id, g["place"], aliases))
        tenses += best.tense == g["tense"]
    for e in events:
        if e.event_id not in matched_pred:
            print(f"  extra   {e.kind:9} {IndexTitle(e)} {sorted(e.doc_ids)}")
    n_gold, n_pred = len(gold["events"]), len(events)
    multi = [g for g in gold["events"] if len(g["docs"]) > 1]
    out = {
        "events gold / predicted": f"{n_gold} / {n_pred}",
        "events recall": found / n_gold, "events precision": len(matched_pred) / max(1, n_pred),
        "merged (multi-document gold events in one event)": f"{sum(1 for g in multi if _merged(g, events, aliases))} / {len(multi)}",
        "duplicates (gold events split)": duplicates,
        "date right (of found)": f"{dates} / {found}", "duration right": f"{durations} / {found}",
        "place right": f"{places} / {found}", "tense right": f"{tenses} / {found}",
    }
    # claims
    by_key = {(c.doc_id, c.figure_text): c for c in claims}
    right = 0
    for g in gold["claims"]:
        c = by_key.get((g["doc"], g["figure"]))
        ok = c is not None and _is(c.speaker_entity_id, g["speaker"], aliases) and c.how == g["how"]
        right += ok
        if not ok:
            print(f"  claim   {g['doc']} {g['figure']!r}: want {g['speaker'][0]}/{g['how']}, got "
                  f"{(c.speaker_text, c.how) if c else None}")
    gold_keys = {(g["doc"], g["figure"]) for g in gold["claims"]}
    for c in claims:
        if (c.doc_id, c.figure_text) not in gold_keys:
            print(f"  claim+  {c.doc_id} {c.figure_text!r} -> {c.speaker_text}/{c.how}")
    out["claims precision"] = right / max(1, len(claims))
    out["claims recall"] = right / max(1, len(gold["claims"]))
    # stories, on document pairs
    docs = sorted(gold["stories"])
    same_gold = {(a, b) for a, b in combinations(docs, 2) if gold["stories"][a] == gold["stories"][b]}
    same_pred = {(a, b) for a, b in combinations(docs, 2) if story_of.get(a) == story_of.get(b)}
    tp = len(same_gold & same_pred)
    out["story pairs precision"] = tp / max(1, len(same_pred))
    out["story pairs recall"] = tp / max(1, len(same_gold))
    return out


def IndexTitle(e) -> str:  # noqa: N802 - a short label for the listing
    return EventIndex.title(e)


def _merged(g: dict, events: list, aliases: dict) -> bool:
    return any(set(g["docs"]) <= set(e.doc_ids) and FAMILY[e.kind] == FAMILY[g["kind"]]
               and all(any(_is(p, s, aliases) for p in e.participants) for s in g["participants"]) for e in events)


def cost_on(articles: list[stages.Article], settings: Settings, repeat: int, label: str) -> None:
    chunk, _resolver, cost = run_stages(articles, settings)
    _index, _stories, seconds, _claims = events_stage(chunk, repeat)
    ner = cost["extract (NER, figures, quotes)"]
    chars = sum(len(a.text) for a in chunk.articles)
    print(f"\ncost on {label} ({len(chunk.articles)} documents, {chars:,} characters):")
    for stage, s in cost.items():
        print(f"  {stage:34} {s * 1000:8.1f} ms")
    print(f"  {'events (reports, merge, claims, stories)':34} {seconds * 1000:8.1f} ms"
          f"  = {100 * seconds / max(ner, 1e-9):.1f}% of extract")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="passes of the events stage for its timing (best is shown)")
    args = ap.parse_args()
    settings = Settings()
    rows = [json.loads(line) for line in (DATA / "events_examples.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    gold = json.loads((DATA / "events_gold.json").read_text(encoding="utf-8"))
    gold["stories"] = {r["doc_id"]: r["story"] for r in rows}
    articles = [_article(r["doc_id"], r["text"], dt.datetime.fromisoformat(r["published"])) for r in rows]
    chunk, resolver, _cost = run_stages(articles, settings)
    index, story_of, _s, claims = events_stage(chunk)
    print(f"annotated examples: {len(rows)} documents (de/ru/en), {len(gold['events'])} events, "
          f"{len(gold['claims'])} claims")
    for key, value in score(index, story_of, claims, gold, _aliases(resolver)).items():
        print(f"  {key:50} {value if isinstance(value, str) else round(value, 3)}")
    cost_on([_article(r["doc_id"], r["text"], dt.datetime.fromisoformat(r["published"])) for r in rows],
            settings, args.repeat, "the examples")
    seeds = SHARED / "corpus" / "seeds"
    if seeds.is_dir():
        arts = [_article(p.stem, p.read_text(encoding="utf-8"), None) for p in sorted(seeds.glob("*.txt"))]
        cost_on(arts, settings, args.repeat, "the seeds")
    else:
        print(f"\n(seeds absent at {seeds}: no cost on them)")


if __name__ == "__main__":
    main()
