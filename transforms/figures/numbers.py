"""Number values: digits with language-specific separators and number words.

The words themselves are in de.py, en.py and ru.py.

German and English number words go through text2num (fast, handles compounds like
`fünfundzwanzig`); Russian number words are looked up in a table of every inflected form,
generated once from pymorphy3 lexemes, so `пятидесяти шести` needs no per-call model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num

from . import de, en, ru

# --- digits ---------------------------------------------------------------------------
_GROUP_SPACES = " \u00a0\u202f\u2009"


def parse_digits(s: str, language: str) -> float | None:
    """Parse `56.000`, `3,5`, `56,000`, `1.5`, `10 000`, `2.000,352` by the language's rules."""
    s = s.strip()
    for ch in _GROUP_SPACES + "'’":
        s = s.replace(ch, "")
    if not s or not s[0].isdigit():
        return None
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        s = s.replace(grp, "").replace(dec, ".")
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = s.split(sep)
        grouped = len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
        if len(parts) > 2:
            if not grouped:
                return None
            s = s.replace(sep, "")
        else:
            thousands_sep = "." if language in ("de", "ru") else ","
            if grouped and sep == thousands_sep:
                s = s.replace(sep, "")
            else:
                s = s.replace(sep, ".")
    try:
        return float(s)
    except ValueError:
        return None


# --- German -----------------------------------------------------------------------------
DE_WORD_RE = re.compile(rf"^(?:{de.ATOMS})+$", re.IGNORECASE)
_DE_EINHALB_RE = re.compile(rf"^((?:{de.ATOMS})+)einhalb$", re.IGNORECASE)
_DE_ORD_END_RE = re.compile(r"^(.+?)(e|er|en|es|em)$", re.IGNORECASE)
_DE_ORD_STEMS = sorted(de.ORD_IRREG, key=len, reverse=True)


def _de_norm(w: str) -> str:
    return w.replace("fuenf", "fünf").replace("zwoelf", "zwölf").replace("dreissig", "dreißig")


@lru_cache(maxsize=20000)
def de_word_value(word: str) -> float | None:
    """Value of one German number word (`fünfundzwanzig`, `anderthalb`, `zweieinhalb`)."""
    w = word.lower()
    if w in de.SPECIAL:
        return de.SPECIAL[w]
    if w in de.ARTICLE_ONE:
        return 1.0
    m = _DE_EINHALB_RE.match(w)
    if m:
        base = de_word_value(m.group(1))
        return None if base is None else base + 0.5
    if not DE_WORD_RE.match(w) or w == "und":
        return None
    try:
        return float(text2num(_de_norm(w), "de"))
    except ValueError:
        return None


@lru_cache(maxsize=20000)
def de_ordinal_value(word: str) -> float | None:
    """Value of a German ordinal word (`sechste`, `fünfundzwanzigsten`, `erster`)."""
    m = _DE_ORD_END_RE.match(_de_norm(word.lower()))
    if not m:
        return None
    stem = m.group(1)
    if stem.endswith(("zigst", "ßigst", "hundertst", "tausendst")):
        return de_word_value(stem[:-2])
    for irr in _DE_ORD_STEMS:
        if stem.endswith(irr):
            prefix = stem[: -len(irr)]
            base = de.ORD_IRREG[irr]
            if not prefix:
                return float(base)
            if base >= 100:
                pv = de_word_value(prefix)
                return None if pv is None else pv * base
            if not prefix.endswith("und") and not prefix.endswith(("hundert", "tausend")):
                return None
            pv = de_word_value(prefix.removesuffix("und"))
            return None if pv is None else pv + base
    return None


# Unicode vulgar fractions: "½", "2¾"
VULGAR_FRACTIONS = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5,
                    "⅖": 2 / 5, "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8,
                    "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8}


def spoken_decimals(values: list[float]) -> float | None:
    """Fraction part of a spoken decimal: 'Komma fünf drei' → 0.53, 'point two five' → 0.25.

    Single digits are read one by one; a single larger number ('Komma fünfundzwanzig') is
    read as written digits.
    """
    if not values or any(v is None or v != int(v) or v < 0 for v in values):
        return None
    if len(values) > 1 and any(v > 9 for v in values):
        return None
    digits = "".join(str(int(v)) for v in values)
    return float("0." + digits)


# --- English ----------------------------------------------------------------------------
def en_words_value(words: list[str]) -> float | None:
    """Value of an English number-word sequence (`twenty-five`, `two hundred and five`)."""
    text = " ".join(w.lower() for w in words)
    try:
        return float(text2num(text, "en"))
    except ValueError:
        return combine([en.WORDS.get(w.lower()) for w in words if w.lower() != "and"])


# --- Russian -----------------------------------------------------------------------------
class RussianNumberWords:
    """Every inflected form of Russian cardinal and ordinal numerals → value (built once)."""

    def __init__(self, morph) -> None:  # morph: pymorphy3.MorphAnalyzer
        self.cardinal: dict[str, float] = {}
        self.ordinal: dict[str, float] = {}
        self.scale: dict[str, float] = {}
        for table, target in ((ru.CARDINALS, self.cardinal), (ru.ORDINALS, self.ordinal)):
            for lemma, value in table.items():
                forms = {lemma}
                for p in morph.parse(lemma):
                    if p.normal_form in (lemma, lemma.replace("ё", "е")):
                        forms.update(x.word for x in p.lexeme)
                for f in forms:
                    target.setdefault(f, value)
                    target.setdefault(f.replace("ё", "е"), value)
        for f, v in list(self.cardinal.items()):
            if v in (1e3, 1e6, 1e9, 1e12):
                self.scale[f] = v
        # superlatives sneak in from the ADJF lexeme of первый ("первейший"): drop them
        self.ordinal = {k: v for k, v in self.ordinal.items() if "ейш" not in k}


def combine(values: list[float | None]) -> float | None:
    """Combine a sequence of number-word values: [2, 100, 50, 6, 1000] → 256000."""
    if not values or any(v is None for v in values):
        return None
    total, current = 0.0, 0.0
    for v in values:
        if v >= 1000:
            total += (current or 1) * v
            current = 0.0
        elif v == 100 and current and current < 10:
            current *= 100
        else:
            current += v
    return total + current


def frac_end(toks, j: int) -> int:
    """Index of the fraction word after a number ('-' of 'two-thirds' skipped)."""
    return j + 1 if toks[j].text in "-‑" else j


def fraction_after(lex, toks, j: int, lang: str, value: float) -> float | None:
    """value × 1/denominator for 'nine tenths', 'two-thirds', 'три четверти', 'девять десятых'."""
    if j >= len(toks) or lang == "de":
        return None
    k = frac_end(toks, j)
    if k >= len(toks) or toks[k].kind != "word" or (k > j and toks[k].start != toks[j].end):
        return None
    low = toks[k].low
    if lang == "en":
        den = en.FRACTIONS.get(low) or (en.ORDINALS.get(low[:-1]) if low.endswith("s") else None)
        if den is None and value == 1:
            den = en.ORDINALS.get(low)
        if low.startswith("second") or not den or den < 3 and low not in en.FRACTIONS:
            return None
    else:
        den = ru.FRACTIONS.get(low)
        if den is None and low.endswith(("ых", "их")) and value > 1:
            den = lex.ru_words.ordinal.get(low)
        if den is None and low.endswith(("ая", "ую")) and value == 1:  # "одна пятая"
            den = lex.ru_words.ordinal.get(low)
        if not den or den < 2:
            return None
    if value >= den:
        return None
    return value / den
