"""Figures: every number in German, Russian and English news, normalised to value and unit.

`FigureExtractor().extract(text, language, published)` returns one dict per numeric
expression (money, quantity, percent, duration, date, time, ordinal, ratio); see
extractor.py for the record fields.
"""

from .extractor import EXTRACTOR, KINDS, FigureExtractor

__all__ = ["FigureExtractor", "KINDS", "EXTRACTOR"]
