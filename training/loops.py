"""The two training loops: spaCy's own (first stage, under a wall-clock budget) and a
fine-tune loop that continues a checkpoint on gold only, early-stopped on the dev slice.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable
from pathlib import Path

from training.bio import Example
from training.scoring import evaluate


def _log(msg: str) -> None:
    """Prefect's run logger inside a flow run, else stdout."""
    try:
        from prefect import get_run_logger

        get_run_logger().info(msg)
    except Exception:  # outside a flow run
        print(msg, flush=True)


def write_docbin(examples: Iterable[Example], lang: str, path: Path) -> int:
    """Serialise examples as a spaCy DocBin; returns the number of words."""
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank(lang).vocab
    db = DocBin(store_user_data=False)
    n = 0
    for words, tags in examples:
        db.add(Doc(vocab, words=words, ents=list(tags)))
        n += len(words)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n




class TimeBudgetExceeded(RuntimeError):
    """Raised inside spaCy's loop when the wall-clock budget is spent (model-best is kept)."""


def _register_callbacks() -> None:
    import spacy

    if "newsflow.time_budget.v1" in spacy.registry.callbacks:
        return

    @spacy.registry.callbacks("newsflow.time_budget.v1")
    def time_budget(max_seconds: float, snapshot_seconds: float = 0.0, snapshot_path: str = ""):
        """before_update callback: stop after ``max_seconds``; save one snapshot at ``snapshot_seconds``."""
        state = {"t0": None, "snap": False}

        def before_update(nlp, info):
            now = time.monotonic()
            if state["t0"] is None:
                state["t0"] = now
            elapsed = now - state["t0"]
            if snapshot_seconds and snapshot_path and not state["snap"] and elapsed >= snapshot_seconds:
                nlp.to_disk(snapshot_path)
                state["snap"] = True
            if elapsed >= max_seconds:
                raise TimeBudgetExceeded(f"time budget {max_seconds:.0f}s spent at step {info['step']}")

        return before_update


def train_spacy(
    config: Path, out: Path, train: Path, dev: Path, vectors: Path | None, seed: int,
    max_seconds: float, snapshot_seconds: float = 0.0,
) -> Path:
    """Train with spaCy's loop under a wall-clock budget; returns the model-best path."""
    from spacy.cli.train import train as spacy_train

    _register_callbacks()
    overrides = {
        "paths.train": str(train), "paths.dev": str(dev), "system.seed": seed,
        "paths.vectors": str(vectors) if vectors else None,
        "training.before_update.max_seconds": max_seconds,
        "training.before_update.snapshot_seconds": snapshot_seconds,
        "training.before_update.snapshot_path": str(out / "snapshot") if snapshot_seconds else "",
        "training.logger.output_file": str(out / "train_log.jsonl"),
    }
    if vectors is None:
        overrides["components.tok2vec.model.embed.include_static_vectors"] = False
    try:
        spacy_train(config, out, overrides=overrides)
    except TimeBudgetExceeded as exc:
        _log(str(exc))
    return out / "model-best"


def finetune_spacy(
    base: Path, out: Path, gold: list[Example], replay_pool: list[Example], dev: list[Example],
    seed: int, max_seconds: float, replay_ratio: float = 0.0, learn_rate: float = 2e-4,
    batch_size: int = 32, dropout: float = 0.15, eval_every: int = 50, patience: int = 500,
    fixed_steps: int = 0,
) -> Path:
    """Second training stage: continue ``base`` on in-domain gold only, early-stopped on ``dev``.

    Why: the mixed run's dev F1 peaks and then falls as the silver/other-guideline data
    (WikiANN, MobIE, SmartData, Europeana) outweighs the 1,700 GermEval sentences.  Each
    epoch is the gold set plus a fresh random ``replay_ratio`` × |gold| sample of the mix,
    so the model does not forget what only the mix taught.  A lower learning rate and
    Adam parameter averaging as in the first stage; ``model-best`` is the averaged
    weights at the best dev score (the base model itself if nothing beats it).  Writes
    ``train_log.jsonl`` (step, dev F1) like spaCy's logger.

    ``fixed_steps`` > 0 is the refit mode: exactly that many updates, no dev evaluation
    (``dev`` is then part of ``gold``), and ``model-best`` is the averaged weights at the end.
    """
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example as SpacyExample
    from spacy.util import minibatch
    from thinc.api import Adam, fix_random_seed

    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = spacy.load(base)
    opt = Adam(learn_rate=learn_rate, L2=0.01, L2_is_weight_decay=True, grad_clip=1.0, use_averages=True)

    def to_example(e: Example) -> SpacyExample:
        words, tags = e
        return SpacyExample(Doc(nlp.vocab, words=words), Doc(nlp.vocab, words=words, ents=list(tags)))

    gold_ex = [to_example(e) for e in gold]
    n_replay = int(round(replay_ratio * len(gold)))
    out.mkdir(parents=True, exist_ok=True)
    best_dir = out / "model-best"
    dev_score = lambda: evaluate(nlp, {"dev": dev})["dev"]["overall"]["f"]  # noqa: E731
    best, best_step, step = (0.0 if fixed_steps else dev_score()), 0, 0
    if not fixed_steps:
        nlp.to_disk(best_dir)
    log = [] if fixed_steps else [{"step": 0, "score": best}]
    t0 = time.monotonic()
    done = False
    while not done:
        epoch = gold_ex + [to_example(e) for e in rng.sample(replay_pool, min(n_replay, len(replay_pool)))]
        rng.shuffle(epoch)
        for batch in minibatch(epoch, size=batch_size):
            nlp.update(batch, sgd=opt, drop=dropout, losses={})
            step += 1
            if fixed_steps:
                if step >= fixed_steps:
                    with nlp.use_params(opt.averages):
                        nlp.to_disk(best_dir)
                    done = True
                    break
                continue
            if step % eval_every == 0:
                with nlp.use_params(opt.averages):
                    score = dev_score()
                    if score > best:
                        best, best_step = score, step
                        nlp.to_disk(best_dir)
                log.append({"step": step, "score": score})
                _log(f"{out.name}: step {step} dev F1 {score:.4f} (best {best:.4f} at {best_step})")
            if step - best_step >= patience or time.monotonic() - t0 >= max_seconds:
                done = True
                break
    (out / "train_log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in log), encoding="utf-8")
    return best_dir
