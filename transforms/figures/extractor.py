"""FigureExtractor: every numeric expression in de/ru/en text → normalised records.

Three passes over the raw text, each claiming the characters it uses (base.mask):
1. calendar.find_dates — the language's date patterns (de.py, ru.py, en.py), longest first;
2. calendar.find_times — clock times;
3. kinds.find_numbers — number cores (cores.py) classified by what stands next to them
   (kinds.py), with qualifier, subject, age and names from context.py; money.py gives bare
   amounts the currency of the amount before them or of a table heading.
Offsets always index the given text.

Where to look: a German money amount is read in cores.read_core (the number and its
`Milliarden`) and kinds.classify/_unit_after (the currency); its words are in de.py.
"""

from __future__ import annotations

import datetime as dt

from .base import EXTRACTOR, KINDS, mask
from .calendar import find_dates, find_times
from .kinds import find_numbers
from .lexicon import lexicon

__all__ = ["EXTRACTOR", "KINDS", "FigureExtractor"]


class FigureExtractor:
    """Rule-based figure extraction for German, Russian and English news text."""

    def __init__(self) -> None:
        self.lex = lexicon()

    def extract(self, text: str, language: str, published: dt.date | None) -> list[dict]:
        """All figures in `text` (one language section), sorted by offset."""
        lang = language if language in ("de", "en", "ru") else "en"
        if isinstance(published, dt.datetime):
            published = published.date()
        busy = mask(text, lang)
        out: list[dict] = []
        out += find_dates(self.lex, text, lang, published, busy)
        out += find_times(text, lang, busy)
        out += find_numbers(self.lex, text, lang, published, busy)
        out.sort(key=lambda r: (r["char_start"], -r["char_end"]))
        return out
