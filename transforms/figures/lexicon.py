"""The word tables of de.py, ru.py and en.py joined per language, and the look-ups on them.

`Lexicon` holds what needs a model (pymorphy3 for Russian, lemma tables for German and
English) and is built once per process; the plain tables are module constants keyed by
language, so `SCALES["de"]` is `de.SCALES`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import de, en, ru
from . import units as U
from .lemmas import Lemmatizer
from .numbers import RussianNumberWords, de_word_value

LANGUAGES = {"de": de, "en": en, "ru": ru}


def by_language(name: str) -> dict:
    """{language: that language module's table `name`}."""
    return {lang: getattr(mod, name) for lang, mod in LANGUAGES.items()}


SCALES = by_language("SCALES")
SCALE_ABBR_DOT = by_language("SCALE_ABBR_DOT")
CURRENCY_WORDS = by_language("CURRENCY_WORDS")
DURATION_UNITS = by_language("DURATION_UNITS")
DURATION_ADJ = by_language("DURATION_ADJ")
MONTHS = by_language("MONTHS")
WEEKDAYS = by_language("WEEKDAYS")
RELATIVE_DAYS = by_language("RELATIVE_DAYS")
REL_YEAR_WORDS = by_language("REL_YEAR_WORDS")
REL_PERIOD_STEMS = by_language("REL_PERIOD_STEMS")
PERIOD_WORDS = by_language("PERIOD_WORDS")
QUALIFIERS = by_language("QUALIFIERS")
RATIO_WORDS = by_language("RATIO_WORDS")
GENERIC_SUBJECT_NOUNS = by_language("GENERIC_SUBJECT_NOUNS")
WHOLE = by_language("WHOLE")
DECIMAL_WORD = by_language("DECIMAL_WORD")
AGO = by_language("AGO")
AGE_BEFORE = by_language("AGE_BEFORE")
AGE_AFTER = by_language("AGE_AFTER")
RANGE_RE = by_language("RANGE_RE")
RANGE_AND = by_language("RANGE_AND")
DATE_PATTERNS = by_language("DATE_PATTERNS")
TIME_PATTERNS = by_language("TIME_PATTERN")
# adjectives before a currency word change its code in any language ("kanadische Dollar")
CURRENCY_ADJ = {**de.CURRENCY_ADJ, **en.CURRENCY_ADJ, **ru.CURRENCY_ADJ}
# unit symbols glued to digits, Latin and Cyrillic, in any language
UNIT_SUFFIX = U.UNIT_SYMBOLS | ru.UNIT_SUFFIX
RANGE_OPEN = re.compile(r"(?:^|(?<=\s))(" + "|".join(de.RANGE_OPEN + en.RANGE_OPEN + ru.RANGE_OPEN)
                        + r")\s+$", re.IGNORECASE)
# "Nr. 5", "Artikel 3", "ст. 12", "№ 4", "§ 2": a reference, not a figure
_ABBR = "|".join(de.IDENT_ABBR + en.IDENT_ABBR + ru.IDENT_ABBR)
_WORDS = "|".join(de.IDENT_WORDS + en.IDENT_WORDS + ru.IDENT_WORDS)
IDENT_BEFORE = re.compile(rf"(?:\b(?:{_ABBR})\.|№|§|\b(?:{_WORDS})\.?)\s*$", re.IGNORECASE)
CENTS = re.compile(r"\s*(?:und\s+|and\s+)?(\d{1,2}|[^\W\d_]+)(?:\s+(?:"
                   + "|".join(de.CENT_WORDS + en.CENT_WORDS + ru.CENT_WORDS) + r"))?\b", re.I)
CENT_ENDINGS = ("cent", "cents", "ct", "rappen")  # a cent amount said outright


def _qual_re(qualifiers: dict[str, str]) -> re.Pattern:
    words = "|".join(sorted((re.escape(q) for q in qualifiers), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s(„\"«]))({words})\s+$", re.IGNORECASE)


QUALIFIER_BEFORE = {lang: _qual_re(q) for lang, q in QUALIFIERS.items()}


class Lexicon:
    """Look-ups that need a model: Russian lemmas and number forms, German/English lemmas."""

    def __init__(self) -> None:
        self.lem = Lemmatizer()
        self.ru_words = RussianNumberWords(self.lem.morph)
        self.ru_scale = dict(self.ru_words.scale)
        for abbr, v in ru.SCALES.items():
            self.ru_scale[abbr] = v

    def ru_tags(self, w: str) -> str:
        return str(self.lem.ru_parse(w).tag)

    def is_scale(self, tok, lang: str) -> float | None:
        if tok.kind != "word":
            return None
        if lang == "ru":
            return self.ru_scale.get(tok.low)
        return SCALES[lang].get(tok.low)

    def word_value(self, tok, lang: str) -> float | None:
        if tok.kind != "word":
            return None
        if lang == "de":
            return de_word_value(tok.text)
        if lang == "en":
            return en.WORDS.get(tok.low)
        return self.ru_words.cardinal.get(tok.low)

    @staticmethod
    def month(raw: str, lang: str) -> int | None:
        if raw.isdigit():
            m = int(raw)
            return m if 1 <= m <= 12 else None
        low = raw.lower().rstrip(".")
        for table in (MONTHS[lang], MONTHS["en"], MONTHS["de"]):
            if low in table:
                return table[low]
        return None

    def weekday(self, word: str, lang: str) -> int | None:
        if lang == "ru":
            low = word.lower()
            return next((d for stem, d in ru.WEEKDAY_STEMS if low.startswith(stem)), None)
        return WEEKDAYS[lang].get(word.lower())

    def duration_unit(self, tok, lang: str) -> str | None:
        if tok.kind != "word":
            return None
        if lang == "ru":
            if tok.low in ru.YEAR_FORMS:
                return "year"
            if tok.low in ru.DURATION_UNITS:
                return ru.DURATION_UNITS[tok.low]
            return ru.DURATION_UNITS.get(self.lem.ru_lemma(tok.low))
        if lang == "de" and tok.low in ("s", "h", "min") and not tok.text.islower():
            return None
        return DURATION_UNITS[lang].get(tok.low)

    def singular_unit(self, tok, lang: str) -> bool:
        """A time-unit noun in the singular ('Tag', 'неделю', 'year'): one unit when no number is named."""
        if lang == "ru":
            return "sing" in self.lem.ru_parse(tok.low).tag
        if lang == "de":
            return tok.low in de.SINGULAR_UNITS
        return not tok.low.endswith("s")

    def currency_code(self, tok, lang: str) -> str | None:
        if lang == "ru":
            if tok.low in ru.CURRENCY_ABBR:
                return ru.CURRENCY_WORDS[tok.low]
            return ru.CURRENCY_WORDS.get(self.lem.ru_lemma(tok.low))
        return CURRENCY_WORDS[lang].get(tok.low)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The process-wide Lexicon (pymorphy3 and the lemma tables load once)."""
    return Lexicon()
