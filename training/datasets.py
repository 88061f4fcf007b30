"""The named training sets per language, their licences and the mix a model is trained on.

Only sets a shipped model may use (CC BY, CC BY-SA, CC0, MIT; WikiANN as before: no
licence stated, Wikipedia text) appear here; evaluation sets are in
:data:`training.corpora.EVAL_SETS`.  Each language has one dev slice that chooses
checkpoints, fine-tunes and rule components; it is never trained on (except by the German
refit, which the card says).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from training import bio
from training import corpora as co
from training import formats as fm
from training.bio import Example

# Licence of every set a model may train on (PROVENANCE.md); the card names them.
LICENCES: dict[str, str] = {
    "wikiann_clean": "none stated (Wikipedia text, CC BY-SA; silver)",
    "wnut17": "CC BY 4.0",
    "btc": "CC BY 4.0",
    "wikigold": "CC BY 4.0",
    "crossner_train": "MIT",
    "crossner_dev_train": "MIT",
    "crossner_dev_keep": "MIT",
    "uner_dev_train": "CC BY-SA 4.0",
    "uner_dev_keep": "CC BY-SA 4.0",
    "germeval_dev_train": "CC BY 4.0",
    "germeval_dev_keep": "CC BY 4.0",
    "mobie": "CC BY 4.0",
    "smartdata_v1": "CC BY 4.0",
    "europeana": "CC0 1.0",
    "europeana_sbb": "CC0 1.0",
    "ler": "CC BY 4.0 (README dataset sentence; its footer names CC BY-NC-SA 4.0 for the work)",
    "newseye_dev": "CC BY 4.0",
    "sonar_dev": "CC BY 4.0",
}

# What the card says each set is used for (the copies are the plan's).
USES: dict[str, str] = {
    "wikiann_clean": "train (silver; WikiANN train(+dev for de), cleaned)",
    "germeval_dev_train": "train (gold), then alone in the fine-tune stage",
    "mobie": "train (gold; train+dev, types mapped)",
    "smartdata_v1": "train (gold; v1 train+test deduplicated, types mapped)",
    "europeana": "train (gold, OCR-noisy historical news, cut at sentence ends)",
    "europeana_sbb": "train (gold, raw-OCR Berlin newspapers, tag typos normalised)",
    "ler": "train (gold court decisions, dev+test; LER's coarse PER/LOC/ORG classes, legal classes O)",
    "newseye_dev": "train (gold historical newspapers, NewsEye dev + dev2; test kept for evaluation)",
    "sonar_dev": "train (gold historical newspapers, SoNAR dev; test kept for evaluation)",
    "germeval_dev_keep": "dev: early stopping and choice of fine-tune and rule components",
    "wnut17": "train (gold tweets; train+dev; person/location/corporation/group)",
    "btc": "train (gold tweets, Broad Twitter Corpus sections A B E F G H; G is mainstream news)",
    "wikigold": "train (gold Wikipedia; MISC → O)",
    "crossner_train": "train (gold politics; politician/person → PER, country/location → LOC, "
    "politicalparty/organisation → ORG, rest O)",
    "crossner_dev_train": "train (CrossNER politics dev minus the dev slice)",
    "uner_dev_train": "train (gold web text, UNER EWT dev minus the dev slice)",
    "crossner_dev_keep": "dev slice (150 CrossNER politics dev sentences)",
    "uner_dev_keep": "dev slice (600 UNER EWT dev sentences)",
}

# set -> copies in the mixed first-stage data.  German "v1" is the shipped model's mix;
# "v2" adds the 2026-12-03 gold.  The small news/politics gold is upsampled.
PLANS: dict[str, dict[str, dict[str, int]]] = {
    "de": {
        "v1": {"wikiann_clean": 1, "germeval_dev_train": 6, "mobie": 1, "smartdata_v1": 1, "europeana": 1},
        "v2": {"wikiann_clean": 1, "germeval_dev_train": 6, "mobie": 1, "smartdata_v1": 1, "europeana": 1,
               "europeana_sbb": 1, "ler": 1, "newseye_dev": 2, "sonar_dev": 2},
    },
    "en": {
        "v2": {"wikiann_clean": 1, "wnut17": 1, "btc": 1, "wikigold": 2,
               "crossner_train": 3, "crossner_dev_train": 3, "uner_dev_train": 2},
    },
}
DEFAULT_PLAN = {"de": "v1", "en": "v2"}
DEV_NAME = {"de": "germeval_dev_keep", "en": "en_dev_keep"}


def spacy_tokenizer(lang: str) -> Callable[[str], list[tuple[str, int]]]:
    """``text -> [(token, char offset)]`` with spaCy's blank tokenizer (SmartData has no tokens)."""
    import spacy

    nlp = spacy.blank(lang)
    return lambda text: [(t.text, t.idx) for t in nlp.make_doc(text)]


def _short(examples: list[Example], max_len: int = 80) -> list[Example]:
    """Very long 'sentences' (tables, automatic splits) cut into pieces at sentence ends."""
    return [p for e in examples for p in (fm.chunk_stream(e) if len(e[0]) > max_len else [e])]


def german_training_sets(data: Path, seed: int, plan: str = "v1") -> dict[str, list[Example]]:
    """Named German sets, mapped to PER/ORG/LOC and filtered; ``germeval_dev_keep`` is the dev slice."""
    from wordfreq import zipf_frequency

    rng = random.Random(seed)
    ge_dev = co.germeval(data, "dev")
    idx = list(range(len(ge_dev)))
    rng.shuffle(idx)
    dev_idx = set(idx[:500])
    sets: dict[str, list[Example]] = {
        "germeval_dev_keep": [e for i, e in enumerate(ge_dev) if i in dev_idx],
        "germeval_dev_train": [e for i, e in enumerate(ge_dev) if i not in dev_idx],
    }

    def common(word: str) -> bool:
        # A frequent German word that is not itself a likely name: WikiANN mislinks on these.
        return zipf_frequency(word.lower(), "de") >= 4.0 and not word.isupper()

    wiki_raw = co.wikiann(data, "de", "train") + co.wikiann(data, "de", "dev")
    cleaned = [bio.clean_silver(e, common) for e in wiki_raw if bio.is_sentence_like(*e)]
    sets["wikiann_clean"] = [e for e in cleaned if e is not None]
    sets["mobie"] = co.mobie(data, "train") + co.mobie(data, "dev")
    sets["smartdata_v1"] = co.smartdata_v1(data, spacy_tokenizer("de"))
    sets["europeana"] = co.europeana(data)
    if plan != "v1":
        sets["europeana_sbb"] = co.europeana_sbb(data)
        sets["ler"] = co.ler(data, "dev") + co.ler(data, "test")
        sets["newseye_dev"] = _short(co.newseye(data, "dev") + co.newseye(data, "dev2"))
        sets["sonar_dev"] = _short(co.sonar(data, "dev"))
    return sets


def english_training_sets(data: Path, seed: int, plan: str = "v2") -> dict[str, list[Example]]:
    """English sets a shipped model may train on, and the dev slice ``en_dev_keep``.

    WikiANN (filtered silver), WNUT-17 train+dev, the Broad Twitter Corpus (all six sections),
    WikiGold, CrossNER politics train + most of dev, UNER EWT dev (most of it).  The dev slice
    (a fixed random 150 CrossNER dev + 600 UNER dev sentences) is never trained on.
    """
    rng = random.Random(seed)
    wiki = co.wikiann(data, "en", "train")
    # all lines, not only sentence-like ones: English WikiANN is mostly title fragments and
    # the sentence filter would leave too little English data
    wiki = [bio.clean_silver(e) for e in wiki if len(e[0]) >= 3 and e[0][0].upper() not in {"REDIRECT"}]
    crossner_dev = co.crossner_politics(data, "dev")
    uner_dev = co.uner_ewt(data, "dev")
    rng.shuffle(crossner_dev)
    rng.shuffle(uner_dev)
    return {
        "wikiann_clean": [e for e in wiki if e is not None],
        "wnut17": co.wnut17(data, "train") + co.wnut17(data, "dev"),
        "btc": co.btc(data),
        "wikigold": co.wikigold(data),
        "crossner_train": co.crossner_politics(data, "train"),
        "crossner_dev_train": crossner_dev[150:],
        "uner_dev_train": uner_dev[600:],
        "crossner_dev_keep": crossner_dev[:150],
        "uner_dev_keep": uner_dev[:600],
        "en_dev_keep": crossner_dev[:150] + uner_dev[:600],
    }


def training_sets(lang: str, data: Path, seed: int, plan: str) -> dict[str, list[Example]]:
    """:func:`german_training_sets` or :func:`english_training_sets`."""
    return (german_training_sets if lang == "de" else english_training_sets)(data, seed, plan)


def finetune_sets(lang: str, sets: dict[str, list[Example]]) -> dict[str, list[Example]]:
    """Gold per second-stage variant (its name -> sentences); English adds one corpus per variant."""
    if lang == "de":
        return {name: sets["germeval_dev_train"] for name in ("ft_gold", "ft_replay", "ft_replay25", "ft_gold_lr1")}
    politics_web = sets["crossner_train"] + sets["crossner_dev_train"] + sets["uner_dev_train"]
    all_gold = politics_web + sets["btc"] + sets["wikigold"] + sets["wnut17"]
    return {"ft_politics_web": politics_web, "ft_plus_btc": politics_web + sets["btc"],
            "ft_all_gold": all_gold, "ft_all_gold_replay25": all_gold}


def set_stats(examples: list[Example], use: str, licence: str = "") -> dict[str, object]:
    """Sentences, tokens and entities of a set, with its use and licence (a card row)."""
    return {
        "sentences": len(examples),
        "tokens": sum(len(w) for w, _ in examples),
        "entities": sum(len(bio.spans_from_bio(t)) for _, t in examples),
        "use": use,
        "licence": licence,
    }
