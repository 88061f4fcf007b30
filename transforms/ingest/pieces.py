"""Long texts in pieces a spaCy pipeline accepts (its ``max_length``, 1,000,000 characters by
default, error E088), cut where a cut loses least: at a paragraph break, else a line break,
else a space, else anywhere.  Pure offsets into the original text, so nothing is altered."""

from __future__ import annotations

import re
from typing import Iterator

# Pieces for NER: long enough that almost no document is cut at all, short enough that one
# piece's working memory stays small (NER batches are bounded by characters anyway).
MAX_PIECE_CHARS = 100_000
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[ \t]"))


def text_pieces(text: str, start: int = 0, end: int | None = None,
                max_chars: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) spans covering ``text[start:end]`` in order, each at most ``max_chars`` long.

    A span that fits is returned whole; otherwise each piece ends at the last paragraph break
    inside the budget (the break itself goes with the piece before it), else the last line
    break, else the last space, else at the budget."""
    end = len(text) if end is None else end
    pos = start
    while end - pos > max_chars:
        limit = pos + max_chars
        cut = -1
        for pattern in _BREAKS:
            last = None
            for last in pattern.finditer(text, pos + max_chars // 2, limit):
                pass
            if last is not None:
                cut = last.end()
                break
        if cut <= pos or cut > limit:
            cut = limit
        yield pos, cut
        pos = cut
    if end > pos:
        yield pos, end
