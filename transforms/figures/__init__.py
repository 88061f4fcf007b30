"""Figures: every number in German, Russian and English news, normalised to value and unit.

`FigureExtractor().extract(text, language, published)` returns one dict per numeric
expression (money, quantity, percent, duration, date, time, ordinal, ratio).

Layout: extractor.py wires the passes; calendar.py (dates, times) with dates.py (tense,
year resolution); cores.py (number cores), kinds.py (kind and unit), context.py (qualifier,
subject, age, names), money.py (currency from context and table headings); numbers.py (number values), lexicon.py (tables joined per language);
each language's words and patterns in de.py, ru.py, en.py; units.py the language-neutral ones.
"""

from .extractor import EXTRACTOR, KINDS, FigureExtractor

__all__ = ["FigureExtractor", "KINDS", "EXTRACTOR"]
