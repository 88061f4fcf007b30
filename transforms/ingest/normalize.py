"""Text normalisation: every offset in the warehouse points into the string this returns."""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and the soft hyphen carry no words; they break tokenisation and matching.
_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
# Exotic spaces become plain spaces so number/date patterns downstream see '200 Milliarden'.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
_LINEBREAKS = dict.fromkeys(map(ord, "\u2028\u2029\u0085\x0b\x0c"), "\n")
_TABLE = {**_DROP, **_SPACES, **_LINEBREAKS}
# Other C0/C1 controls (not \t, \n) are noise from broken exports.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{4,}")  # more than 2 blank lines (after trailing spaces are gone)


def normalize_text(text: str) -> str:
    """NFC, unified newlines, no trailing spaces, at most 2 blank lines in a row, no zero-width
    characters or soft hyphens, no-break/thin spaces as plain spaces, stripped; words and paragraph
    breaks are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TABLE)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING.sub("", text)
    text = _BLANK_RUNS.sub("\n\n\n", text)
    return text.strip()
