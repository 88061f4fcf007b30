"""Names of the shipped alias catalogue that the NER model left untagged.

The German model learns GermEval's guidelines, under which an entity inside a compound
(`BRICS-Staaten`, `UN-Sicherheitsrat`, `NATO-Gipfel`) is not an entity of its own; Russian and
English acronyms are missed now and then too.  Analysts count those mentions, so after NER the
catalogue's names (``aliases.tsv``: exonyms, acronyms and translated names of well-known places
and organisations, never people) are looked up in the text, case-sensitively and on word
boundaries, and added where no mention covers them yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from transforms.entities.linking import ALIASES_PATH, load_catalogue

EXTRACTOR = "newsflow_catalogue"
_COMPOUND_HEAD = re.compile(r"-(\w+)")


def _names_a_thing(text: str, end: int) -> bool:
    """The name is the first part of a compound that names a thing of its own (``US-Dollar``):
    the head is in a language's ``no_prefix_heads`` list (``lexicon/<lang>.json``)."""
    m = _COMPOUND_HEAD.match(text, end)
    if m is None:
        return False
    from transforms.entities.clean import lexicon

    head = m.group(1).lower()
    return any(head in lexicon(lang).get("no_prefix_heads", set()) for lang in ("de", "en", "ru"))


@dataclass(frozen=True)
class CatalogueMatcher:
    """One regular expression per label over every catalogue name (longest first)."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def from_catalogue(cls, path: Path = ALIASES_PATH, min_chars: int = 2) -> "CatalogueMatcher":
        by_label: dict[str, set[str]] = {}
        for group in load_catalogue(path, countries=False):
            for name in group.names:
                if len(name) >= min_chars:
                    by_label.setdefault(group.label, set()).add(name)
        patterns = []
        for label, names in sorted(by_label.items()):
            alternation = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
            patterns.append((label, re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")))
        return cls(tuple(patterns))

    def find(self, text: str, taken: list[tuple[int, int]]) -> list[dict]:
        """Catalogue names in ``text`` that overlap none of the ``taken`` spans (nor each other)."""
        spans = sorted(taken)
        found: list[dict] = []
        for label, pattern in self.patterns:
            for m in pattern.finditer(text):
                start, end = m.span()
                if any(s < end and start < e for s, e in spans) or _names_a_thing(text, end):
                    continue
                spans.append((start, end))
                found.append({"char_start": start, "char_end": end, "text": m.group(), "label": label})
        return sorted(found, key=lambda f: f["char_start"])


__all__ = ["CatalogueMatcher", "EXTRACTOR"]
