"""Prefect flow ``train-ner``: the declared steps that train, choose and ship ``models/ner-<lang>``.

Each step names its inputs (data folders, earlier outputs, the code it runs), parameters
and outputs (:class:`training.steps.Step`); a step whose inputs and parameters are
unchanged since its last run in the work folder is skipped and returns what it recorded,
as a spaCy ``project.yml`` does.  What the steps do is in ``training/``
(:mod:`training.pipeline`); the data comes from ``Settings.shared_data``.

    newsflow train ner --lang en          # = python -m flows.train_ner --lang en
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.settings import Settings
from training import card as cards
from training import pipeline as pl
from training.corpora import EVAL_SETS, eval_sets
from training.steps import Step, run_step

TRAINING = Path(pl.__file__).resolve().parent


def _log(msg: str) -> None:
    try:
        get_run_logger().info(msg)
    except Exception:  # outside a flow run
        print(msg, flush=True)


def code(*modules: str) -> tuple[Path, ...]:
    """The ``training/`` modules a step runs (changing one reruns the step)."""
    return tuple(TRAINING / f"{m}.py" for m in modules)


@task(name="ner-step", task_run_name="{name}", cache_policy=NO_CACHE)
def step_task(name: str, step: Step, work: Path, fn: Callable[[], dict[str, Any]], force: bool = False) -> dict[str, Any]:
    """Run one declared step unless it is unchanged (:func:`training.steps.run_step`)."""
    return run_step(step, work, fn, force=force, log=_log)


def scores_step(name: str, model: Path, variant: dict[str, Any], cfg: pl.TrainConfig, work: Path, data: Path,
                word: pl.Rules, sets: dict[str, Any], force: bool) -> dict[str, Any]:
    """Scores of ``model`` (+ ``variant``'s rule components) on the dev slice and every evaluation set, cached."""
    markers = [data / m for lang, m, _ in EVAL_SETS.values() if lang == cfg.lang]
    words = hashlib.sha256(json.dumps([word.gazetteer, sorted(word.common)]).encode()).hexdigest()[:16]
    step = Step(f"score-{name}", inputs=(model, work / "data/sets.json.gz", *markers,
                                        *code("scoring", "rules", "bio", "formats", "corpora")),
                outputs=(), params={"variant": variant, "words": words, "sets": sorted(sets)})
    return step_task(step.name, step, work, lambda: pl.score(model, variant, cfg.lang, word, sets), force)


@flow(name="train-ner")
def train_ner(
    lang: str = "de",
    out_dir: Path | None = None,
    seed: int = 0,
    max_minutes: float = 0.0,
    finetune_minutes: float = -1.0,
    ablation_minutes: float = 0.0,
    gold_copies: int = 6,
    refit: bool = True,
    plan: str = "",
    work_dir: Path | None = None,
    force: bool = False,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Train, choose on the dev slice, evaluate and ship ``models/ner-<lang>`` with its MODEL_CARD.md.

    Budgets and defaults: :class:`training.pipeline.TrainConfig`.  ``force`` reruns every
    step even when unchanged.
    """
    if lang not in ("de", "en"):
        raise ValueError("train_ner trains de or en (ru uses natasha)")
    data = (settings or Settings()).shared_data
    if not data.exists():
        raise FileNotFoundError(f"{data} is absent: no training data (set NEWSFLOW_SHARED_DATA)")
    cfg = pl.TrainConfig(lang, seed, plan, max_minutes, finetune_minutes, ablation_minutes, gold_copies, refit).resolved()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out = Path(out_dir or pl.MODELS_DIR / f"ner-{lang}")
    work = Path(work_dir or Path(tempfile.gettempdir()) / f"newsflow-train-ner-{lang}")
    work.mkdir(parents=True, exist_ok=True)

    def run(step: Step, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        return step_task(step.name, step, work, fn, force)

    # 1. data: the named sets, the mixed training file and the dev slice
    d = work / "data"
    info = run(Step("data", inputs=(*pl.corpus_inputs(lang, data), *code("bio", "formats", "corpora", "datasets", "pipeline")),
                    outputs=(d / "train.spacy", d / "dev.spacy", d / "sets.json.gz"),
                    params={"lang": lang, "seed": seed, "plan": cfg.plan, "gold_copies": gold_copies}),
               lambda: pl.build_data(cfg, data, work))
    sets = pl.load_sets(work)
    dev_name = info["dev_name"]
    all_sets = {dev_name: sets[dev_name], **eval_sets(data, lang)}

    # 2. vectors (German): floret on unlabelled text
    vec = None
    if lang == "de":
        vec = run(Step("vectors", inputs=(*pl.vectors.unlabelled_inputs(data), *code("vectors")),
                       outputs=(work / "vectors/nlp", work / "vectors/det_stats.json"), params={"dims": pl.vectors.SHAPE}),
                  lambda: pl.build_vectors(data, work))
    word = pl.word_lists(lang, work, set(info["entity_words"]))
    curve: list[dict[str, Any]] = []
    shipped = pl.MODELS_DIR / f"ner-{lang}"
    if (shipped / "config.cfg").exists():  # the baseline every new step is read against
        import transforms.entities.ner  # noqa: F401 - registers the newsflow factories

        s = scores_step("shipped", shipped, {}, cfg, work, data, word, all_sets, force)
        curve.append({"step": f"model shipped before this run ({cards.model_label(shipped)})", "scores": s, "kept": "-"})

    # 3. stage one: the mixed data under the budget (and the German no-vectors ablation)
    main_inputs = (d / "train.spacy", d / "dev.spacy", pl.CONFIG_DIR / f"ner_{lang}.cfg", *code("loops"))
    snapshot = cfg.ablation_minutes * 60
    train_seconds = 0.0
    train_seconds += run(Step("main", inputs=main_inputs + ((work / "vectors/nlp",) if vec else ()), outputs=(work / "main/model-best",),
             params={"seed": seed, "seconds": cfg.main_minutes * 60, "snapshot": snapshot}),
        lambda: pl.train_main(cfg, work, "main", vec is not None, cfg.main_minutes * 60, snapshot))["seconds"]
    best = work / "main/model-best"
    if snapshot:
        run(Step("novec", inputs=main_inputs, outputs=(work / "novec/snapshot",), params={"seed": seed, "seconds": snapshot}),
            lambda: pl.train_main(cfg, work, "novec", False, snapshot + 20, snapshot))
        for step, path in ((f"CNN, cleaned data mix, no vectors (snapshot after {cfg.ablation_minutes:.0f} min)", "novec"),
                           (f"+ floret vectors (snapshot after {cfg.ablation_minutes:.0f} min)", "main")):
            s = scores_step(f"{path}-snapshot", work / path / "snapshot", {}, cfg, work, data, word, all_sets, force)
            curve.append({"step": step, "scores": s, "kept": "-"})
    scores = scores_step("main", best, {}, cfg, work, data, word, all_sets, force)
    curve.append({"step": pl.main_label(cfg), "scores": scores, "kept": "yes"})

    # 4. stage two: each fine-tune variant from the mixed checkpoint; the best on dev is kept
    gold_by_variant = pl.ds.finetune_sets(lang, sets)
    pool = pl.replay_pool(lang, sets, info["plan"])
    trials = []
    for name, ratio, lr, label in cfg.variants:
        train_seconds += run(Step(name, inputs=(best, d / "sets.json.gz", *code("loops")), outputs=(work / name / "model-best",),
                 params={"seed": seed, "ratio": ratio, "lr": lr, "seconds": cfg.finetune_minutes * 60}),
            lambda name=name, ratio=ratio, lr=lr: pl.finetune(cfg, work, name, gold_by_variant[name], pool,
                                                             sets[dev_name], ratio, lr, cfg.finetune_minutes * 60))["seconds"]
        trials.append((name, ratio, lr, label, scores_step(name, work / name / "model-best", {}, cfg, work, data, word,
                                                           all_sets, force)))
    chosen, scores, refit_plan = pl.choose_finetune(cfg, work, trials, scores, dev_name, curve, gold_by_variant, sets)
    if chosen:
        best = work / chosen / "model-best"

    # 5. rule components, one at a time, kept when the dev slice does not fall
    variant: dict[str, Any] = {}
    for key, value, label in pl.RULE_STEPS[lang]:
        trial = {**variant, key: value}
        s = scores_step(f"{best.parent.name}+{pl.variant_name(trial)}", best, trial, cfg, work, data, word,
                        all_sets, force)
        keep = s[dev_name]["overall"]["f"] >= scores[dev_name]["overall"]["f"]
        curve.append({"step": label, "scores": s, "kept": "yes" if keep else "no (dev F1 fell)"})
        if keep:
            variant, scores = trial, s

    # 6. German refit of the chosen fine-tune on all GermEval dev (decided in advance)
    if refit_plan is not None:
        gold = sets["germeval_dev_train"] + sets[dev_name]
        train_seconds += run(Step("refit", inputs=(refit_plan.base, d / "sets.json.gz", *code("loops")), outputs=(work / "refit/model-best",),
                 params={"plan": [str(x) for x in refit_plan], "seed": seed}),
            lambda: pl.refit(cfg, work, refit_plan, gold, pool))["seconds"]
        best = work / "refit/model-best"
        scores = scores_step(f"refit+{pl.variant_name(variant)}", best, variant, cfg, work, data, word, all_sets, force)
        curve.append({"step": pl.refit_label(refit_plan, dev_name), "scores": scores,
                      "kept": "yes (decided in advance, not chosen on any score)"})

    # 7. ship and write the card (always: cheap, and the card must match the files)
    final_nlp = pl.load_with(best, variant, lang, word)
    prev_rows, prev_curves = cards.previous_history(out / "scores.json", pl.method(cfg, vec))
    final = pl.ship(final_nlp, out, all_sets, scores)
    card = cards.card_info(cfg, started, work, info, vec, curve, final, final_nlp, out, all_sets, prev_rows, prev_curves,
                        refit_plan, train_seconds)
    cards.write_model_card(out, card)
    (out / "scores.json").write_text(json.dumps({
        "method": pl.method(cfg, vec), "model_label": card["model_label"], "curve": prev_rows + curve, "final": final,
        "dev_curves": card["own_dev_curves"], "finetune_curves": card["ft_curves"],
    }, indent=1), encoding="utf-8")
    _log(f"saved {out} ({card['size_mb']:.1f} MB)")
    return {"path": str(out), "final": final}


def train_ner_flow(lang: str = "de", out_dir: Path | None = None, seed: int = 0, max_minutes: float = 0.0,
                   **options: Any) -> dict[str, Any]:
    """Plain entry point for the CLI (``newsflow train ner --lang de``): ``max_minutes`` is the whole budget."""
    return train_ner(lang=lang, out_dir=out_dir, seed=seed, max_minutes=max_minutes, **options)


if __name__ == "__main__":
    import argparse

    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    ap = argparse.ArgumentParser(description="train newsflow's NER model")
    ap.add_argument("--lang", default="de")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float, default=0.0, help="whole training budget (default 32 de, 55 en)")
    ap.add_argument("--ablation-minutes", type=float, default=0.0, help="also train a no-vectors run this long (de)")
    ap.add_argument("--finetune-minutes", type=float, default=-1.0, help="budget of each fine-tune variant (4 de, 3 en)")
    ap.add_argument("--gold-copies", type=int, default=6, help="copies of the German gold (GermEval) in the mixed data")
    ap.add_argument("--plan", default="", help="data mix (training/datasets.py PLANS; default v1 de, v2 en)")
    ap.add_argument("--out-dir", type=Path, default=None)
    ap.add_argument("--work-dir", type=Path, default=None)
    ap.add_argument("--force", action="store_true", help="rerun every step even when its inputs are unchanged")
    ap.add_argument("--no-refit", action="store_true", help="ship the fine-tune chosen on the dev slice, not its refit on all dev")
    a = ap.parse_args()
    train_ner(lang=a.lang, out_dir=a.out_dir, seed=a.seed, max_minutes=a.max_minutes, ablation_minutes=a.ablation_minutes,
              finetune_minutes=a.finetune_minutes, work_dir=a.work_dir, gold_copies=a.gold_copies, plan=a.plan,
              force=a.force, refit=not a.no_refit)
