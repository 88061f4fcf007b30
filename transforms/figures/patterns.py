"""Regex building blocks shared by the language modules, and the language-neutral date forms.

The language modules (de.py, ru.py, en.py) build their date and time patterns from these
pieces, so a pattern's boundaries mean the same thing in every language.
"""

from __future__ import annotations

import re

B = r"(?<![\w.,\-])"  # left boundary: not inside a word or a number
E = r"(?![\w\-])"  # right boundary


def alt(words) -> str:
    """Regex alternation of `words`, longest first (so `März` wins over `Mär`)."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def c(p: str) -> re.Pattern:
    return re.compile(p, re.IGNORECASE)


# Each date pattern: (name, regex). Named groups: pre, d, m (name or number), y, y2, wd, rel,
# rp/per (relative period), ry (relative year), cent (century), evt (event day), vague.
NUMERIC_DATES = [
    ("iso", c(rf"{B}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){E}")),
    ("slash", c(rf"{B}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}}){E}")),
    ("ymd", c(rf"{B}(?P<y>\d{{4}})([/.])(?P<m>\d{{1,2}})\2(?P<d>\d{{1,2}})(?![\w\-]|\.\d)")),
    ("dmy_dash", c(rf"{B}(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-(?P<y>\d{{4}}|\d{{2}}){E}")),
]
# "Q3 2025", "Q1/26", "3Q 2025": quarters in business copy, any language (the year is required)
QUARTER_CODES = [
    ("q_code", c(rf"{B}Q(?P<qn>[1-4])\s*[/-]?\s*(?P<y>\d{{4}}|\d{{2}}){E}")),
    ("q_code2", c(rf"{B}(?P<qn>[1-4])Q\s*(?P<y>\d{{4}}){E}")),
]
DOTTED_DMY = ("dmy", c(rf"{B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem)\s+)?(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<y>\d{{4}}|\d{{2}})(?![\d.,]\d)"))
DOTTED_DM = ("dm", c(rf"{B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem|den)\s+)?(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?!\d)"))
