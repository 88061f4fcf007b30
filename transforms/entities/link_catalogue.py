"""The alias catalogue: names no spelling rule can link, and words that name no one organisation.

``aliases.tsv`` (``label<TAB>name|name|...``, German name first) holds exonyms and acronyms of
well-known places and organisations (``Peking``/``Пекин``/``Beijing``, ``UNO``/``ООН``/``UN``);
pycountry adds every country's names in German, English and Russian.  A mention whose key is a
catalogue name joins that group's entity, and the group's main-language name is the entity's
canonical name when the text only gave other languages' forms.  Generic organisation words
(``МИД``, ``Ministry``) come from the lexicon and only ever link within their own document.

Its own module because it is read-only reference data, built once per process and shared by
every resolver (and by ``clean``, ``naming`` and ``catalogue`` through ``load_catalogue``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from transforms.entities.link_keys import LABELS, Thresholds, labels_compatible, name_keys, tokenwise
from transforms.entities.normalize import normalize_mention
from transforms.entities.translit import has_cyrillic

ALIASES_PATH = Path(__file__).with_name("aliases.tsv")


@dataclass
class CatalogueGroup:
    """One catalogue entry: a label and the names of one place or organisation (German first)."""

    label: str
    names: list[str]

    def name_in(self, language: str) -> str | None:
        """The group's name in ``language``: the first (German) one, the first Cyrillic one for
        Russian, for English the Latin name English text uses most relative to German (wordfreq)."""
        names = self.names
        if language == "de":
            return names[0]
        if language == "ru":
            return next((n for n in names if has_cyrillic(n)), None)
        if language == "en":
            from wordfreq import zipf_frequency

            latin = [n for n in names if not has_cyrillic(n)]

            def englishness(n: str) -> float:
                words = [w for w in re.findall(r"[^\W\d_]+", n.lower())] or [n.lower()]
                return sum(zipf_frequency(w, "en") - zipf_frequency(w, "de") for w in words) / len(words)

            return max(latin, key=lambda n: (englishness(n), -latin.index(n))) if latin else None
        return None


def _country_groups() -> list[CatalogueGroup]:
    """Country names in English, German and Russian from pycountry's ISO 3166 translations."""
    try:
        import gettext

        import pycountry

        tr = {
            lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            for lang in ("de", "ru")
        }
    except Exception:  # pragma: no cover - pycountry is a declared dependency
        return []
    groups: list[CatalogueGroup] = []
    for c in pycountry.countries:
        names_en = [n for n in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)) if n]
        names: list[str] = []
        for lang in ("de", "en", "ru"):
            for n in names_en:
                local = n if lang == "en" else tr[lang].gettext(n)
                local = "".join(ch for ch in unicodedata.normalize("NFD", local) if ch != "\u0301")
                local = unicodedata.normalize("NFC", local)
                if "," not in local and local not in names:
                    names.append(local)
        groups.append(CatalogueGroup("LOC", names))
    return groups


def load_catalogue(path: Path = ALIASES_PATH, countries: bool = True) -> list[CatalogueGroup]:
    """The shipped alias catalogue: ``label<TAB>name|name|...`` per line, German name first
    (plus pycountry's country names unless ``countries`` is false)."""
    groups: list[CatalogueGroup] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            label, _, names = line.partition("\t")
            parts = [n.strip() for n in names.split("|") if n.strip()]
            if label.strip() in LABELS and parts:
                groups.append(CatalogueGroup(label.strip(), parts))
    return groups + (_country_groups() if countries else [])


class Catalogue:
    """The catalogue's groups indexed by match key (read-only; see ``catalogue_index``)."""

    def __init__(self, groups: list[CatalogueGroup]) -> None:
        self.groups: tuple[CatalogueGroup, ...] = tuple(groups)
        self.index: dict[str, int] = {}  # full key -> group index (the first group that has it)
        self.tokens: dict[str, tuple[str, ...]] = {}  # full key -> its token keys
        for gi, group in enumerate(self.groups):
            for name in group.names:
                for norm in {name, normalize_mention(name, group.label, "ru" if has_cyrillic(name) else "de")}:
                    nk = name_keys(norm, group.label)
                    for key, toks in zip(nk.fulls(), nk.variants()):
                        self.index.setdefault(key, gi)
                        self.tokens.setdefault(key, toks)
        self._long_keys: dict[int, list[str]] = {}  # min_phrase_key -> keys at least that long

    def group_of(self, key: str) -> int | None:
        return self.index.get(key)

    def label_of(self, key: str) -> str | None:
        """The label of the group a key names, if any."""
        gi = self.index.get(key)
        return self.groups[gi].label if gi is not None else None

    def hit(self, lookup_keys: tuple[str, ...], tokens: tuple[str, ...], label: str, t: Thresholds) -> int | None:
        """The group a mention names: an exact key, else (not for people, long keys only) the
        best whole-key fuzzy match whose words all match too."""
        for key in lookup_keys:
            group = self.index.get(key)
            if group is not None and labels_compatible(self.groups[group].label, label):
                return group
        if label == "PER" or not lookup_keys or len(lookup_keys[0]) < t.min_phrase_key:
            return None
        choices = self._long_keys.get(t.min_phrase_key)
        if choices is None:
            choices = self._long_keys[t.min_phrase_key] = [k for k in self.index if len(k) >= t.min_phrase_key]
        found = process.extractOne(lookup_keys[0], choices, scorer=fuzz.ratio, score_cutoff=t.phrase)
        if found is not None and tokenwise(tokens, self.tokens.get(found[0], ()), t.person_token):
            group = self.index[found[0]]
            if labels_compatible(self.groups[group].label, label):
                return group
        return None


@lru_cache(maxsize=4)
def catalogue_index(path: Path = ALIASES_PATH) -> Catalogue:
    """The catalogue indexed once per process (normalising ~1k names takes ~1 s)."""
    return Catalogue(load_catalogue(path))


@lru_cache(maxsize=1)
def _generic_org_names() -> frozenset[str]:
    """Organisation words that name no one organisation without a country or qualifier (``МИД``,
    ``Ministry``, ``Sicherheitsrat``): the bilingual list of ``lexicon/de.json`` and English's list."""
    from transforms.entities.clean import lexicon

    names = {n.lower() for entry in lexicon("de").get("org_words", []) for n in entry}
    names |= {n.lower() for n in lexicon("en").get("generic_org_words", set())}
    return frozenset(names)


def is_generic_org(normalized: str) -> bool:
    """A bare generic organisation word, maybe with lower-case words after it (``МИД страны``)."""
    toks = normalized.split()
    while len(toks) > 1 and toks[-1][:1].islower():
        toks = toks[:-1]
    return " ".join(toks).lower() in _generic_org_names()


__all__ = ["ALIASES_PATH", "Catalogue", "CatalogueGroup", "catalogue_index", "is_generic_org", "load_catalogue"]
