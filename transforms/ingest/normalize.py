"""Text normalisation: every offset in the warehouse points into the string this returns."""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and the soft hyphen carry no words; they break tokenisation and matching.
# Other C0/C1 controls (not \t, \n; \x85 is a line break) are noise from broken exports.
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Exotic spaces become plain spaces so number/date patterns downstream see '200 Milliarden'.
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_LINEBREAKS = re.compile("\r\n?|[\u2028\u2029\u0085\x0b\x0c]")
_BLANK_RUNS = re.compile(r"\n{4,}")  # more than 2 blank lines (after trailing spaces are gone)
# Lone UTF-16 surrogates (JSON's "\ud800") are no characters: UTF-8, Arrow and DuckDB refuse them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """Lone surrogates replaced by U+FFFD: any string bound for a table must encode as UTF-8."""
    return _SURROGATES.sub("\ufffd", text) if not text.isascii() else text


def normalize_text(text: str) -> str:
    """NFC, unified newlines, no trailing spaces, at most 2 blank lines in a row, no zero-width
    characters, soft hyphens or control characters, no-break/thin spaces as plain spaces,
    lone surrogates as U+FFFD, stripped; words and paragraph breaks are kept. (Regexes, not str.translate: ~20x faster on
    non-ASCII text.)"""
    text = _LINEBREAKS.sub("\n", text)
    text = _DROP.sub("", scrub_surrogates(text))
    text = _SPACES.sub(" ", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text:
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    if "\n\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n\n", text)
    return text.strip()
