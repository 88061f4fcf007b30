"""Which rows do the quality gates quarantine on real news, and which do they only flag?

    .venv/bin/python benchmarks/gates_eval.py                      # 10kGNAD test + the Russian jsonl
    .venv/bin/python benchmarks/gates_eval.py --corpus de --limit 300
    .venv/bin/python benchmarks/gates_eval.py --no-ner             # figures and quotes only, faster

Runs the pipeline's own stages (parse, sections, sentences, NER, figures, quotes, linking,
``chunk_tables``) and the GX suites (``expectations.Validator``) over ``../shared/data/news``,
without Prefect or a warehouse, and prints every quarantined row with its reason and the text
around it, so a person can confirm that each one is really broken.  Rows that are only unusual
(historic dates, far-future years, huge durations) are kept: their ``flags`` are counted and a
sample is printed.  A corpus that is absent is skipped with a message.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import os
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
warnings.filterwarnings("ignore", category=DeprecationWarning)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSFLOW_SHARED", REPO.parent / "shared"))
CORPORA = {
    "de": SHARED / "data/news/de/10kgnad/10kgnad-test.csv",
    "ru": SHARED / "data/news/ru/ru_news_articles.jsonl.gz",
}


def load_corpus(name: str, limit: int | None) -> list[tuple[str, str, str]] | None:
    """(uri, text, format) per record; None when the file is absent."""
    path = CORPORA[name]
    if not path.exists():
        print(f"skip {name}: {path} is absent")
        return None
    if name == "de":
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [r[1] for r in csv.reader(fh, delimiter=";", quotechar="'") if len(r) >= 2]
        out = [(f"10kgnad-test.csv#{i}", text, "txt") for i, text in enumerate(rows)]
    else:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            lines = [line for line in fh if line.strip()]
        out = [(f"ru_news_articles.jsonl#{i}", line, "jsonl") for i, line in enumerate(lines)]
    return out[:limit] if limit else out


def _context(text: str | None, start: int | None, end: int | None, width: int = 60) -> str:
    if not text or start is None or end is None:
        return ""
    a, b = max(0, start - width), min(len(text), end + width)
    return (text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]).replace("\n", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["de", "ru", "all"], default="all")
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles per corpus")
    parser.add_argument("--no-ner", action="store_true", help="skip NER (mentions, entities, speakers)")
    parser.add_argument("--flag-samples", type=int, default=3, help="flagged rows printed per flag")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    from expectations import Validator
    from flows import stages
    from flows.models import load_models
    from flows.settings import Settings
    from transforms.entities.linking import EntityResolver
    from transforms.extract import Extracted, ParsedDocument, figures_of, quotes_of
    from transforms.ingest import parse_records

    settings = Settings()
    models = load_models(tuple(settings.languages), Path(settings.models_dir))
    validator = Validator()
    names = ["de", "ru"] if args.corpus == "all" else [args.corpus]
    total_q = 0
    for name in names:
        records = load_corpus(name, args.limit)
        if records is None:
            continue
        t0 = time.perf_counter()
        resolver = None if args.no_ner else EntityResolver([], main_language=settings.main_language)
        seen: set[str] = set()
        articles: list[stages.Article] = []
        for uri, raw, fmt in records:
            parsed = parse_records(raw, fmt)
            for art in parsed.articles:
                meta = {"title": art.title, "title_source": art.title_source, "published_at": art.published_at,
                        "published_source": art.published_source, "published_reason": art.published_reason,
                        "url": art.url, "source": art.source, "format": fmt, "encoding": "utf-8"}
                articles.append(stages.Article(stages.doc_id_for(art.text), uri, uri, "", 0, 0, art.text, meta))
        texts = {a.doc_id: a.text for a in articles}
        quarantined: list[dict] = []
        flagged: collections.Counter[str] = collections.Counter()
        samples: dict[str, list[str]] = collections.defaultdict(list)
        counts: collections.Counter[str] = collections.Counter()
        for i in range(0, len(articles), settings.batch_size):
            chunk = stages.Chunk(i, [])
            chunk.articles = articles[i:i + settings.batch_size]
            chunk = stages.sentences_chunk(stages.sections_chunk(chunk, models), models)
            if args.no_ner:
                for art in chunk.articles:
                    doc = ParsedDocument(art.text, art.sections, stages.published_date(art))
                    result = Extracted(mentions=art.mentions)
                    figures_of(doc, result, models)
                    quotes_of(doc, result, models)
                    art.figures, art.quotes = result.figures, result.quotes
            else:
                chunk = stages.extract_chunk(chunk, models, settings.ner_batch_chars)
            chunk = stages.link_chunk(chunk, resolver, seen)
            for rej in chunk.rejected:
                print(f"  transform quarantined {rej.source_uri}: {rej.stage} {rej.reason} {rej.detail[:200]}")
            tables = stages.chunk_tables(chunk, "gates-eval", datetime.now())
            known = resolver.entity_ids() if resolver is not None else set()
            outcome = validator.validate(tables, run_id="gates-eval", known_entity_ids=known)
            for table, arrow in tables.items():
                counts[table] += arrow.num_rows
            figs = outcome.tables.get("figures")
            if figs is not None and "flags" in figs.schema.names:
                for row in figs.select(["doc_id", "text", "char_start", "char_end", "kind", "value", "unit",
                                        "date_value", "flags"]).to_pylist():
                    for flag in row["flags"] or []:
                        flagged[flag] += 1
                        if len(samples[flag]) < args.flag_samples:
                            samples[flag].append(
                                f"{row['kind']} value={row['value']} unit={row['unit']} date={row['date_value']}: "
                                f"{_context(texts.get(row['doc_id']), row['char_start'], row['char_end'], 40)}")
            quarantined += outcome.quarantine.to_pylist()
        if resolver is not None:
            for part, rows in enumerate(resolver.changed_entity_batches(10_000)):
                from warehouse.schema import to_table

                rows = [dict(e, first_run_id="gates-eval", run_id="gates-eval") for e in rows]
                counts["entities"] += len(rows)
                outcome = validator.validate({"entities": to_table("entities", rows)}, run_id="gates-eval",
                                             known_entity_ids=resolver.entity_ids())
                quarantined += outcome.quarantine.to_pylist()
        secs = time.perf_counter() - t0
        print(f"\n== {name}: {len(articles)} documents in {secs:.0f} s; rows: "
              + ", ".join(f"{t} {n}" for t, n in counts.items() if t not in ("files",)))
        print(f"quarantined rows: {len(quarantined)}")
        for q in quarantined:
            row = json.loads(q["row"] or "{}")
            ctx = _context(texts.get(row.get("doc_id")), row.get("char_start"), row.get("char_end"))
            keys = ("kind", "value", "unit", "date_value", "label", "speaker_text", "canonical_name")
            fields = " ".join(f"{k}={row[k]}" for k in keys if row.get(k) is not None)
            print(f"- {q['source_uri']} {q['table_name']} [{q['expectation']}] {q['reason']}\n"
                  f"    {fields} text={row.get('text')!r}\n    …{ctx}…")
        print("flagged (kept) figures: " + (", ".join(f"{k} {n}" for k, n in flagged.most_common()) or "none"))
        for flag, lines in samples.items():
            for line in lines:
                print(f"  {flag}: {line}")
        total_q += len(quarantined)
    print(f"\ntotal quarantined rows: {total_q}")


if __name__ == "__main__":
    main()
