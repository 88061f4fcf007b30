"""NER evaluation: precision/recall/F1 per label and overall, and tokens/s, per data set.

Runs each model exactly as the contract says: ``Doc(nlp.vocab, words=gold_tokens)`` through
the pipeline's components (batched via ``pipe``), then scores exact outer spans, labels
PER/LOC/ORG only (other gold labels and predicted MISC count as O).

    .venv/bin/python benchmarks/ner_eval.py                 # all sets
    .venv/bin/python benchmarks/ner_eval.py --limit 300     # quick: first 300 sentences a set
    .venv/bin/python benchmarks/ner_eval.py --sets germeval_test europarl
    .venv/bin/python benchmarks/ner_eval.py --sets factrueval_dev  # the Russian rules' dev set

Data sets (read from ``$NEWSFLOW_SHARED/data``, default /work/shared/data): GermEval 2014
test and Europarl (German), FactRuEval-2016 test (Russian, via ``load_ner("ru")``),
WikiANN test (German, English; silver).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.entities import ner_data as nd  # noqa: E402


def shared_data() -> Path:
    """``shared/data`` (env NEWSFLOW_SHARED, default /work/shared)."""
    return Path(os.environ.get("NEWSFLOW_SHARED", "/work/shared")) / "data"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def factrueval(data: Path, split: str) -> list[nd.Example]:
    """A FactRuEval-2016 split (``testset`` or ``devset``), objects Person/Org/Location/LocOrg as PER/ORG/LOC."""
    base = data / "ner" / "ru" / "factrueval2016" / split
    out: list[nd.Example] = []
    for tok in sorted(base.glob("*.tokens")):
        stem = tok.with_suffix("")
        out += nd.read_factrueval(
            tok.read_text(encoding="utf-8"),
            stem.with_suffix(".spans").read_text(encoding="utf-8"),
            stem.with_suffix(".objects").read_text(encoding="utf-8"),
        )
    return out


# name -> (language, loader)
SETS: dict[str, tuple[str, Callable[[Path], list[nd.Example]]]] = {
    "germeval_test": ("de", lambda d: nd.read_germeval(_lines(d / "ner/de/germeval2014/NER-de-test.tsv"))),
    "europarl": ("de", lambda d: nd.read_europarl(_lines(d / "ner/de/europarl/ep-96-04-15_pado_annotated.tsv"))),
    "factrueval_test": ("ru", lambda d: factrueval(d, "testset")),
    "wikiann_de_test": ("de", lambda d: nd.read_wikiann(_lines(d / "ner/de/wikiann/wikiann-de-test.txt"))),
    "wikiann_en_test": ("en", lambda d: nd.read_wikiann(_lines(d / "ner/en/wikiann/wikiann-en-test.txt"))),
    # dev sets: where the rules were chosen; not part of the default run
    "factrueval_dev": ("ru", lambda d: factrueval(d, "devset")),
}
DEFAULT_SETS = [name for name in SETS if not name.endswith("_dev")]


def load_model(lang: str, models_dir: Path | None):
    """``load_ner(lang)``; None with a message when the model (or russian.py) is missing."""
    from transforms.entities.ner import load_ner

    try:
        return load_ner(lang, models_dir)
    except (ImportError, FileNotFoundError) as exc:
        print(f"  skipped: no {lang} NER model ({exc})")
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=DEFAULT_SETS, choices=list(SETS))
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0 = all)")
    ap.add_argument("--models-dir", type=Path, default=None)
    args = ap.parse_args(argv)

    data = shared_data()
    if not data.exists():
        print(f"skipped: {data} is absent (set NEWSFLOW_SHARED to the folder holding data/)")
        return 0
    from transforms.entities.ner import predict_spans

    models: dict[str, object] = {}
    for name in args.sets:
        lang, loader = SETS[name]
        print(f"== {name} ({lang})")
        if lang not in models:
            t0 = time.perf_counter()
            models[lang] = load_model(lang, args.models_dir)
            if models[lang] is not None:
                print(f"  model loaded in {time.perf_counter() - t0:.1f}s")
        nlp = models[lang]
        if nlp is None:
            continue
        examples = loader(data)
        if args.limit:
            examples = examples[: args.limit]
        n_tokens = sum(len(w) for w, _ in examples)
        t0 = time.perf_counter()
        pred = predict_spans(nlp, [w for w, _ in examples])
        dt = time.perf_counter() - t0
        scores = nd.prf(nd.exact_span_counts([nd.spans_from_bio(t) for _, t in examples], pred))
        print(f"  {len(examples)} sentences, {n_tokens} tokens, {n_tokens / dt:,.0f} tokens/s")
        print(f"  {'label':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
        for lab in (*nd.LABELS, "overall"):
            s = scores[lab]
            print(f"  {lab:<8} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f} {s['n']:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
