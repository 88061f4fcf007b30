"""Match keys and similarity of names: what two spellings of one name have in common.

Linking never compares surface strings.  A normalised mention becomes its *match key* per token
(``translit.match_key``: one Latin spelling for Cyrillic and every German/English
transliteration), with a person's initials and Russian patronymics set aside, and a Pinyin
name also gets the key of its Palladius Cyrillic form (``Xi Jinping`` meets ``Си Цзиньпин``).
Keys are compared with rapidfuzz's ``ratio`` (0–100), plus the one rule transliteration needs
(``a``/``u`` and ``e``/``o`` vary between spellings).  The thresholds live here, in one
``Thresholds`` record, so an evaluation can try others without touching module globals.

Kept apart from the resolver because these are pure functions of one or two names: the tables
of ``tests/test_linking_keys.py`` pin them down without building an index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Mapping

from rapidfuzz import fuzz

from transforms.entities.normalize import is_initial, normalize_mention
from transforms.entities.translit import has_cyrillic, looks_chinese, match_key, pinyin_key


@dataclass(frozen=True)
class Thresholds:
    """rapidfuzz ratios (0–100) measured with ``benchmarks/linking_eval.py`` (see its output for the trade-off)."""

    person_token: float = 80  # every token of two full names must be at least this similar
    surname: float = 88  # a surname (short form, or last token of two full names); 86 merged Barinow/Baranow
    phrase: float = 90  # whole-key match for places / organisations
    min_phrase_key: int = 6  # shorter keys (acronyms, short names) only match exactly


SHIPPED = Thresholds()
LABELS = ("PER", "ORG", "LOC", "MISC")
_PATRONYMIC = re.compile(r"(?:ovi|evi|ili)C$|(?:ovn|evn|iCn)a$")  # in match keys (Петрович -> petroviC)
_VOWEL_CLASS = str.maketrans({"u": "a", "o": "e"})


@dataclass(frozen=True)
class NameKeys:
    """Match keys of one normalised name."""

    tokens: tuple[str, ...]  # primary key per name token (initials and patronymics removed)
    alt: tuple[str, ...] | None  # Palladius key per token when the name is Pinyin
    initials: tuple[str, ...]  # key letter per initial (В. -> v)
    chinese: bool  # surname first (Pinyin, or Cyrillic made of Palladius syllables)

    @property
    def full(self) -> str:
        return "".join(self.tokens)

    def fulls(self) -> list[str]:
        out = [self.full]
        if self.alt and "".join(self.alt) != self.full:
            out.append("".join(self.alt))
        return [k for k in out if k]

    def variants(self) -> list[tuple[str, ...]]:
        out = [self.tokens]
        if self.alt and self.alt != self.tokens:
            out.append(self.alt)
        return out

    def surnames(self) -> set[str]:
        """Keys a short form of this name may take: the last token, the first for Chinese names."""
        out: set[str] = set()
        for var in self.variants():
            if var:
                out.add(var[-1])
                if self.chinese and len(var) > 1:
                    out.add(var[0])
        return out

    def given_initials(self) -> set[str]:
        """First letters of the given name(s), to check ``В. Путин`` against ``Wladimir Putin``."""
        return {var[0][:1] for var in self.variants() if len(var) > 1 and var[0]}


def _initial_key(token: str) -> str:
    letter = token.rstrip(".")[:1]
    return match_key(letter.lower() + "a")[:1] if letter else ""


def name_keys(normalized: str, label: str) -> NameKeys:
    """Keys for a normalised mention; for people, initials and patronymics are set aside."""
    raw = normalized.split()
    initials = tuple(_initial_key(t) for t in raw if label == "PER" and is_initial(t))
    names = [t for t in raw if not (label == "PER" and is_initial(t))]
    keys = [match_key(t) for t in names]
    if label == "PER" and len(keys) >= 3:
        kept = [k for i, k in enumerate(keys) if not (0 < i < len(keys) - 1 and _PATRONYMIC.search(k))]
        names = [t for i, t in enumerate(names) if not (0 < i < len(keys) - 1 and _PATRONYMIC.search(keys[i]))]
        keys = kept
    alt: tuple[str, ...] | None = None
    chinese = False
    if names and all(not has_cyrillic(t) for t in names):
        pk = [pinyin_key(t) for t in names]
        if all(pk):
            alt = tuple(pk)  # type: ignore[arg-type]
            chinese = len(names) > 1
    elif names and all(has_cyrillic(t) for t in names):
        chinese = looks_chinese(names)
    keys_t = tuple(k for k in keys if k)
    if alt is not None:
        alt = tuple(k for k in alt if k)
    return NameKeys(keys_t, alt, initials, chinese)


@lru_cache(maxsize=200_000)
def normalize_cached(text: str, label: str, language: str) -> str:
    """normalize_mention, memoised: a document repeats its names, and label reconciliation
    normalises each mention under a second label too."""
    return normalize_mention(text, label, language)


def token_similarity(a: str, b: str, surname: bool = True) -> float:
    """rapidfuzz ratio of two token keys; 90 when they differ only in a/u or e/o.

    Transliteration varies exactly those vowels (Trump/Трамп, Gorbatschow/Gorbachev),
    while other vowel changes make a different name (Barinow/Baranow).  A gendered
    surname pair (Petrow/Petrowa) is never similar: they are different people.
    """
    if a == b:
        return 100.0
    if surname and (a + "a" == b or b + "a" == a):
        return 0.0
    score = fuzz.ratio(a, b)
    if len(a) >= 4 and a.translate(_VOWEL_CLASS) == b.translate(_VOWEL_CLASS):
        score = max(score, 90.0)
    return score


def tokenwise(a: tuple[str, ...], b: tuple[str, ...], cutoff: float) -> bool:
    """Two names of as many words, each word at least ``cutoff`` like its counterpart: a fuzzy match
    of whole names may not join names that differ in a word (``Foreign Ministry of Russia`` /
    ``of Armenia``) or a name and its truncation (``Republic of`` / ``Republic of Fiji``)."""
    return len(a) == len(b) and all(token_similarity(x, y, False) >= cutoff for x, y in zip(a, b))


def labels_compatible(a: str, b: str) -> bool:
    """People only match people; places, organisations and MISC are often confused by NER."""
    return (a == "PER") == (b == "PER")


@dataclass
class Prepared:
    """One mention as it is matched: its normalised form, label, language and keys."""

    index: int  # position in its document's mention list
    mention: dict[str, Any]
    normalized: str
    label: str
    language: str
    keys: NameKeys

    @property
    def kind(self) -> str:
        """``phrase`` (not a person), ``full`` (two name tokens or more), ``initial`` or ``short``."""
        if self.label != "PER":
            return "phrase"
        if len(self.keys.tokens) >= 2:
            return "full"
        return "initial" if self.keys.initials else "short"

    @cached_property
    def lookup_keys(self) -> tuple[str, ...]:
        """Full keys an exact lookup tries; a German ``-s`` genitive also without it (``Barinows``)."""
        keys = self.keys.fulls() if not self.keys.initials else []
        if self.language == "de" and self.normalized.endswith("s") and not has_cyrillic(self.normalized):
            toks = self.normalized.split()
            stripped = toks[-1][:-1] if len(toks[-1]) > 3 else toks[-1]
            if stripped != toks[-1]:
                keys += name_keys(" ".join(toks[:-1] + [stripped]), self.label).fulls()
        return tuple(keys)


def prepare(index: int, mention: Mapping[str, Any], default_language: str) -> Prepared:
    """A mention dict made ready for matching (``normalized`` is computed unless given)."""
    label = str(mention.get("label") or "MISC")
    language = str(mention.get("language") or default_language)
    text = str(mention.get("text") or "")
    norm = mention.get("normalized") or normalize_cached(text, label, language)
    return Prepared(index, dict(mention), str(norm), label, language, name_keys(str(norm), label))


__all__ = [
    "LABELS", "NameKeys", "Prepared", "SHIPPED", "Thresholds", "labels_compatible", "name_keys",
    "normalize_cached", "prepare", "token_similarity", "tokenwise",
]
