"""Base forms of the nouns figures are about (units of quantities and ordinals, subjects).

German and English use spacy-lookups-data lookup tables (offline, loaded once); German
compounds missing from the table are lemmatised by their longest known tail
(`Sonnenjahreszeiten` → `Sonnenjahreszeit`). Russian uses pymorphy3.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

import pymorphy3


def _load_lookup(lang: str) -> dict[str, str]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


class Lemmatizer:
    """Noun lemmas and part-of-speech hints for de, en, ru (built once per process)."""

    def __init__(self) -> None:
        self.morph = pymorphy3.MorphAnalyzer()
        self._de = _load_lookup("de")
        self._en = _load_lookup("en")
        self._de_lemmas: set[str] | None = None
        self.de_noun = lru_cache(maxsize=50000)(self._de_noun)
        self.ru_parse = lru_cache(maxsize=100000)(self._ru_parse)

    # --- German -----------------------------------------------------------------------
    def _de_noun(self, word: str) -> str:
        lemma = self._de.get(word)
        if lemma and lemma[:1].isupper():
            return lemma
        # compound: find the longest tail the table knows, keep the head as written
        for i in range(1, len(word) - 3):
            tail = word[i:].capitalize()
            lem = self._de.get(tail)
            if lem and lem[:1].isupper() and len(tail) >= 4:
                return word[:i] + lem.lower()
        return word

    def de_known_noun(self, word: str) -> bool:
        """A common German noun of the lemma table (names like 'Windows', 'Porsche' are not)."""
        if self._de_lemmas is None:
            self._de_lemmas = {v for v in self._de.values() if v[:1].isupper()}
        lemma = self._de.get(word)
        return (bool(lemma) and lemma[:1].isupper()) or word in self._de_lemmas

    # --- English ----------------------------------------------------------------------
    def en_noun(self, word: str) -> str:
        low = word.lower()
        if word[:1].isupper() and not word.isupper() and low not in self._en:
            return word
        # only plurals are reduced: the table also maps gerund nouns to verbs (meeting → meet)
        return self._en.get(low, low) if low.endswith("s") and not low.endswith("ss") else low

    # --- Russian ----------------------------------------------------------------------
    def _ru_parse(self, word: str):
        return self.morph.parse(word)[0]

    def ru_lemma(self, word: str) -> str:
        return self.ru_parse(word.lower()).normal_form
