"""What every pass shares: tokens, number cores, the record shape, and the busy mask.

A pass claims the characters of each figure it emits in `busy`, so a later pass never
reads a number that is already part of a date or a clock time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms.vocabulary import FIGURE_KINDS

from .lexicon import LANGUAGES, MONTHS

EXTRACTOR = "figures-rules/0.1"
KINDS = FIGURE_KINDS

TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:,\d+)?(?![\d.,]?\d)|\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W\d_]+)|(?P<p>\S)"
)
# never figures: URLs, e-mail addresses, handles, phone numbers, footnote markers, list numbers
MASK_RE = re.compile(
    r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|(?<!\w)[@#]\w+|pic\.twitter\.com/\S+"
    r"|\b[\w-]+\.(?:com|org|net|de|ru|cn|info|io)(?:/\S*)?"
    r"|(?<![\w+])\+\d{1,3}[\s\-/]?\(?\d{1,5}\)?(?:[\s\-/]?\d{2,}){2,}"  # phone numbers
    r"|\(0\d{2,5}\)\s?\d[\d\s\-/]{4,}\d"
    r"|\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+"  # footnote markers
    r"|^[ \t]*\(?\d{1,2}[.)](?=[ \t]+[^\W\d])(?![ \t]+(?:" + "|".join(
        sorted(set(MONTHS["de"]) | set(MONTHS["en"]), key=len, reverse=True)) + r")\b)",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(slots=True)
class Tok:
    kind: str  # num, word or p (punctuation)
    start: int
    end: int
    text: str
    low: str


@dataclass
class Core:
    """A number core: the tokens that spell one number (and its scale word)."""

    start: int
    end: int
    i: int  # first token
    j: int  # token after the core
    value: float
    ordinal: bool = False
    article: bool = False  # 'ein', 'a', 'один': a number only before a unit
    digits: bool = False
    raw_digits: str = ""
    scale: float = 1.0
    forced: dict = field(default_factory=dict)  # kind/unit decided inside the core token


def tokens(text: str) -> list[Tok]:
    return [Tok(m.lastgroup, m.start(), m.end(), m.group(), m.group().lower()) for m in TOKEN_RE.finditer(text)]


def mask(text: str, lang: str) -> bytearray:
    """One byte per character, set where no figure may start (URLs, phones, footnotes, idioms)."""
    busy = bytearray(len(text) + 1)
    for pattern in (MASK_RE, LANGUAGES[lang].IDIOMS):
        for m in pattern.finditer(text):
            busy[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return busy


def free(busy: bytearray, s: int, e: int) -> bool:
    return not any(busy[s:e])


def claim(busy: bytearray, s: int, e: int) -> None:
    busy[s:e] = b"\x01" * (e - s)


def record(text: str, s: int, e: int, kind: str, value=None, unit=None, **kw) -> dict:
    """One figure row; offsets index `text`."""
    rec = {"char_start": s, "char_end": e, "text": text[s:e], "kind": kind,
           "value": None if value is None else float(value), "value_max": None,
           "unit": unit, "date_value": None, "qualifier": "exact", "subject": None,
           "note": None, "extractor": EXTRACTOR}
    rec.update(kw)
    return rec
