"""Clean mention spans: models sometimes take a bracket, quote mark or comma into an entity."""

from __future__ import annotations

EDGE_PUNCT = "([{)]}\"'„“”«»‚‘’‹›,;:–—-/*"


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``text[start:end]`` past surrounding punctuation and space; keep an abbreviation's final dot.

    An empty result returns ``(start, start)``.  Brackets that close inside the span stay
    (``Partei (SPD)``).
    """
    while start < end and (text[start].isspace() or text[start] in EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in EDGE_PUNCT or text[end - 1] == "."):
        if text[end - 1] == ")" and "(" in text[start:end - 1]:
            break
        if text[end - 1] == "." and _is_abbreviation(text[start:end]):
            break
        end -= 1
    return start, end


def _is_abbreviation(span: str) -> bool:
    """``D.C.``, ``U.S.``, ``В.`` (an initial) keep their dot; ``Moskau.`` does not."""
    last = span.rstrip(".").split()[-1] if span.rstrip(".").split() else ""
    return "." in last or len(last) == 1
