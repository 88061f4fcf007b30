"""NER evaluation: precision/recall/F1 per label and overall, and tokens/s, per evaluation set.

Runs each model exactly as the contract says: ``transforms.entities.load_ner(lang)``, then
``Doc(nlp.vocab, words=gold_tokens)`` through the pipeline's components (batched via
``pipe``), and scores exact outer spans, labels PER/LOC/ORG only (other gold labels and
predicted MISC count as O).

    .venv/bin/python benchmarks/ner_eval.py                 # every evaluation set present
    .venv/bin/python benchmarks/ner_eval.py --limit 300     # quick: first 300 sentences a set
    .venv/bin/python benchmarks/ner_eval.py --sets germeval_test europarl
    .venv/bin/python benchmarks/ner_eval.py --sets factrueval_dev  # the Russian rules' dev set
    .venv/bin/python benchmarks/ner_eval.py --split dev --lang ru   # every dev set (FactRuEval dev)
    .venv/bin/python benchmarks/ner_eval.py --split both --lang ru  # dev and test, side by side

The sets (``training.corpora.EVAL_SETS``, read from the settings' ``shared_data``, by default
``../shared/data`` beside the repository; ``NEWSFLOW_SHARED_DATA`` overrides): German GermEval
2014 test, Europarl, WikiANN de test (silver), HIPE-2020 German test (non-commercial),
NewsEye test, SoNAR test; Russian FactRuEval-2016 test; English WikiANN en test (silver),
GUM news, CrossNER politics test, UNER EWT test, WNUT-17 test, re3d test (mixed licences).
None of them is trained on.  A set whose files are absent is skipped with a message.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training import ner_data as nd  # noqa: E402
from training.corpora import EVAL_SETS  # noqa: E402

DEFAULT_SETS = [name for name in EVAL_SETS if not name.endswith("_dev")]


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
    ap.add_argument("--sets", nargs="*", default=DEFAULT_SETS, choices=list(EVAL_SETS))
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0 = all)")
    ap.add_argument("--models-dir", type=Path, default=None)
    ap.add_argument("--data", type=Path, default=None, help="the shared data folder (default: the settings')")
    ap.add_argument("--split", choices=("test", "dev", "both"), default=None,
                    help="instead of --sets: the evaluation (test) sets, the dev sets rules are chosen on, or both")
    ap.add_argument("--lang", choices=("de", "en", "ru"), default=None, help="with --split: only this language's sets")
    args = ap.parse_args(argv)
    if args.split is not None:
        dev = [n for n in EVAL_SETS if n.endswith("_dev")]
        wanted = {"test": DEFAULT_SETS, "dev": dev, "both": [*dev, *DEFAULT_SETS]}[args.split]
        args.sets = [n for n in wanted if args.lang is None or EVAL_SETS[n][0] == args.lang]

    if args.data is None:
        from flows.settings import Settings

        args.data = Settings().shared_data
    data = args.data
    if not data.exists():
        print(f"skipped: {data} is absent (set NEWSFLOW_SHARED_DATA to the shared data folder)")
        return 0
    from transforms.entities.ner import predict_spans

    models: dict[str, object] = {}
    for name in args.sets:
        lang, marker, loader = EVAL_SETS[name]
        print(f"== {name} ({lang})")
        if not (data / marker).exists():
            print(f"  skipped: {data / marker} is absent")
            continue
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
