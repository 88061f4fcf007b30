"""Loads the per-language trigger tables (triggers_<lang>.tsv) and grammar words (<lang>.py) once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from transforms.vocabulary import EVENT_KINDS

from . import de, en, ru

HERE = Path(__file__).resolve().parent
LANGUAGES: dict[str, ModuleType] = {"de": de, "ru": ru, "en": en}
# kinds that may describe the same encounter (a video conference reported as "talks")
FAMILY = {"meeting": "encounter", "call": "encounter", "talks": "encounter", "summit": "summit",
          "visit": "visit", "statement": "statement"}
KINDS = EVENT_KINDS
assert set(FAMILY) == set(KINDS), "every event kind has a family"
# when reports of one event name different kinds, the most specific wins
KIND_PRIORITY = {"call": 5, "meeting": 4, "summit": 3, "visit": 3, "statement": 2, "talks": 1}


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern
    kind: str
    pos: str  # verb | noun
    takes_object: bool
    source: str  # the table line, for the event_mentions.trigger column


@dataclass(frozen=True)
class Grammar:
    """One language's compiled word lists (see de.py, ru.py, en.py)."""

    lang: str
    triggers: tuple[Trigger, ...]
    with_: re.Pattern
    between: re.Pattern | None
    by: re.Pattern | None
    place: re.Pattern
    frame: re.Pattern
    possessive: re.Pattern
    connect: re.Pattern
    pronouns: frozenset[str]
    planned: re.Pattern
    ago_before: re.Pattern | None
    ago_after: re.Pattern | None
    since: re.Pattern
    speech: re.Pattern
    complement: re.Pattern
    sources: tuple[tuple[re.Pattern, str], ...]
    weekdays: dict[str, int]
    anaphor: re.Pattern


def _read_triggers(lang: str) -> tuple[Trigger, ...]:
    out = []
    for line in (HERE / f"triggers_{lang}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pat, kind, pos, obj = line.split("\t")
        if kind not in FAMILY:
            raise ValueError(f"triggers_{lang}.tsv: unknown kind {kind!r}")
        body = pat.replace("~", r"\w*")
        out.append(Trigger(re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE), kind, pos, obj == "obj", pat))
    return tuple(out)


def _c(p: str, flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile(p, flags)


@lru_cache(maxsize=None)
def grammar(lang: str) -> Grammar | None:
    """The grammar of a section language; None for languages without event rules."""
    mod = LANGUAGES.get(lang)
    if mod is None:
        return None
    ago = mod.AGO
    return Grammar(
        lang=lang,
        triggers=_read_triggers(lang),
        with_=_c(rf"(?<!\w)(?:{mod.WITH})\s+$"),
        between=_c(rf"(?<!\w)(?:{mod.BETWEEN})\s+") if mod.BETWEEN else None,
        by=_c(rf"\s*(?:{mod.BY})\s+") if mod.BY else None,
        place=_c(rf"(?<!\w)(?:{mod.PLACE})\s+(?:(?:der|dem|den|the)\s+)?$"),
        frame=_c(rf"(?<!\w)(?:{mod.FRAME})\s+(?:\w+\s+){{0,3}}$"),
        possessive=_c(rf"(?<!\w)(?:{mod.POSSESSIVE})\s+(?:\w+\s+){{0,2}}$"),
        connect=_c(rf"^\s*(?:,\s*)?(?:{mod.CONNECT})\s"),
        pronouns=frozenset(mod.PRONOUNS),
        planned=_c(mod.PLANNED),
        ago_before=_c(ago) if ago.endswith("$") else None,
        ago_after=_c(ago) if ago.startswith("^") else None,
        since=_c(mod.SINCE),
        speech=_c(rf"(?<!\w)(?:{mod.SPEECH_VERBS})(?!\w)"),
        complement=_c(rf"(?:\s+\w+)?{mod.COMPLEMENT}"),
        sources=tuple((_c(rf"(?<!\w){p}(?!\w)"), side) for p, side in mod.SOURCES),
        weekdays=dict(mod.WEEKDAYS),
        anaphor=_c(mod.ANAPHOR),
    )
