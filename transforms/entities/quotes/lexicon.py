"""The per-language quote words (``de.py``, ``ru.py``, ``en.py``) combined the way the rules read them.

The rules look some words up for the quote's language only (cues, prepositions, prepositional
attributions) and others in every language at once (pronouns, determiners, stop words: a
German article is no speaker in a mixed-language post either).  A new language is one module
here and one entry in ``LANGUAGES``.
"""

from __future__ import annotations

import re
from types import ModuleType

from . import de, en, ru

LANGUAGES: dict[str, ModuleType] = {"de": de, "ru": ru, "en": en}


def _union(attr: str) -> set[str]:
    return set().union(*(getattr(m, attr) for m in LANGUAGES.values()))


CUES: dict[str, list[str]] = {lang: m.CUES for lang, m in LANGUAGES.items()}
PREPOSITIONS: dict[str, set[str]] = {lang: m.PREPOSITIONS for lang, m in LANGUAGES.items()}
SOURCE_CUES: dict[str, list[tuple[str, str]]] = {lang: m.SOURCE_CUES for lang, m in LANGUAGES.items()}
PRONOUNS = _union("PRONOUNS")
PARTICIPLES = _union("PARTICIPLES")
AS_WORDS = _union("AS_WORDS")
CONJUNCTIONS = _union("CONJUNCTIONS")
NOT_SPEAKERS = _union("NOT_SPEAKERS")
STOP_WORDS = _union("STOP_WORDS")
DETERMINERS = _union("DETERMINERS")
INTERJECTED_CUE = de.INTERJECTED_CUE
# Words an organisation may stand among inside a title ("the Kremlin spokesman", "пресс-секретарь в Кремле").
TITLE_FILLERS = DETERMINERS | ru.TITLE_PREPOSITIONS
RELATIVE = "|".join(de.RELATIVE_PRONOUNS + en.RELATIVE_PRONOUNS + ru.RELATIVE_PRONOUNS)
CUES_AFTER_SPEAKER = "|".join(en.CUES_AFTER_SPEAKER + de.CUES_AFTER_SPEAKER + ru.CUES_AFTER_SPEAKER)
ARTICLES_EN = en.ARTICLES
ADJECTIVE_END = re.compile(rf"(?:{'|'.join(de.ADJECTIVE_ENDINGS + en.ADJECTIVE_ENDINGS)})$")
WORD = r"[\w\-\.’']+"


def cue_regex(words: list[str]) -> str:
    """One alternation of the cue words, longest first ("according to" before "according")."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def cues(language: str) -> list[str]:
    """The cues of ``language``, or of every language when it has none."""
    return CUES.get(language) or [c for v in CUES.values() for c in v]
