"""Every occurrence of a name a document already has as an entity becomes a mention.

NER tags a name in some sentences and misses it in others (``Putin`` 12 times, 4 tagged), so
counts, co-occurrence and timelines undercount.  Once a document has a mention, its other
occurrences in that document are mentions too, with the same label (the resolver then links
them to the same entity, short forms to the full name of the same document):

- the mention's text itself, with a German genitive ``-s`` or an English ``'s``;
- for a person named with two or more words: the surname alone (``Putin``, ``Putins``), and
  for a Chinese name (surname first: ``Xi Jinping``, ``Си Цзиньпин``) the first word (``Xi``);
- for Cyrillic names: the other case forms of each word (pymorphy3's paradigm of the word's
  nominative, ``Путин`` → ``Путина``, ``Путину``; Chinese names take the noun endings).

A short form is left alone when two people of the document share it, when the document tags
that text with another label (``Washington`` the city and a ``George Washington``), and when it
is a frequent common word of the section's language (``May`` in English) or follows an article
(``der Koch`` next to ``Andrea Koch``).  Occurrences inside a
hyphenated compound (``Putin-Xi-Gipfel``) or overlapping any mention are skipped.  Pure function:
text and mentions in, new mention dicts out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from transforms.entities.normalize import is_initial, normalize_mention
from transforms.entities.translit import has_cyrillic, is_palladius, looks_chinese, pinyin_syllables

EXTRACTOR = "newsflow_propagate"
COMMON_WORD_ZIPF = 5.0  # a short form this frequent in its language is a word first (May, Bill)
_RU_NOUN_ENDINGS = ("а", "у", "ом", "е", "ем", "я", "ю")  # Chinese names decline like hard/soft nouns
_PERSON_LABEL = "PER"


@lru_cache(maxsize=1)
def _morph():  # pragma: no cover - trivial
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang) if lang in ("de", "en", "ru") else 0.0


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


@lru_cache(maxsize=50_000)
def russian_forms(word: str) -> tuple[str, ...]:
    """Case forms of one Cyrillic name word, the word first (``Путин`` → ``Путина``, ``Путину`` ...)."""
    out = [word]
    if is_palladius(word):
        out += [word + e for e in _RU_NOUN_ENDINGS]
        return tuple(dict.fromkeys(out))
    low = word.lower()
    parses = [p for p in _morph().parse(low) if p.tag.POS == "NOUN" and p.normal_form == low and "Fixd" not in p.tag]
    name_parses = [p for p in parses if {"Surn", "Name", "Geox", "Orgn"} & p.tag.grammemes] or parses[:1]
    for p in name_parses[:1]:
        gender = p.tag.gender
        for form in p.lexeme:
            if form.tag.number == "sing" and (gender is None or form.tag.gender in (gender, None)):
                out.append(_match_case(form.word, word))
    return tuple(dict.fromkeys(out))


def _chinese(tokens: list[str]) -> bool:
    if len(tokens) != 2:
        return False
    if all(has_cyrillic(t) for t in tokens):
        return looks_chinese(tokens)
    syl = [pinyin_syllables(t) for t in tokens]
    return bool(syl[0]) and bool(syl[1]) and len(syl[0]) == 1 and len(syl[1]) <= 2  # type: ignore[arg-type]


def _short_forms(normalized: str) -> list[str]:
    """A person's surname alone (the first word of a Chinese name), from the normalised name."""
    toks = [t for t in normalized.split() if not is_initial(t)]
    if len(toks) < 2:
        return []
    short = toks[0] if _chinese(toks) else toks[-1]
    return [short] if len(short) >= 2 and short[:1].isupper() else []


def _variants(form: str, cyrillic: bool) -> list[str]:
    """Spellings of a form to look for: every combination of each word's case forms for Cyrillic."""
    if not cyrillic:
        return [form]
    toks = form.split()
    if len(toks) == 1:
        return list(russian_forms(toks[0]))
    # Multi-word Cyrillic names: the words decline together; pair the i-th form of each word.
    per = [russian_forms(t) for t in toks]
    n = max(len(p) for p in per)
    return list(dict.fromkeys(" ".join(p[min(i, len(p) - 1)] for p in per) for i in range(n)))


def _section_language(sections: Sequence[tuple[int, int, str]], pos: int) -> str | None:
    for start, end, lang in sections:
        if start <= pos < end:
            return lang
    return None


def propagate_mentions(text: str, mentions: Iterable[dict], sections: Sequence[tuple[int, int, str]]) -> list[dict]:
    """New mentions (``char_start``, ``char_end``, ``text``, ``label``, ``language``) for the untagged
    occurrences in ``text`` of the names ``mentions`` already has; ``sections`` are
    ``(char_start, char_end, language)`` of the document's language runs."""
    mentions = list(mentions)
    if not mentions:
        return []
    taken = sorted((m["char_start"], m["char_end"]) for m in mentions)
    label_of: dict[str, set[str]] = {}  # surface text -> labels the document gives it
    full: dict[str, str] = {}  # form -> label, full forms
    short_owner: dict[str, set[str]] = {}  # short form -> people (normalised full names) having it
    for m in mentions:
        surface = " ".join(str(m.get("text") or "").split())
        label = str(m.get("label") or "")
        if len(surface) < 2 or label not in ("PER", "ORG", "LOC", "MISC"):
            continue
        label_of.setdefault(surface, set()).add(label)
        lang = str(m.get("language") or "")
        normalized = str(m.get("normalized") or normalize_mention(surface, label, lang))
        for form in {surface, normalized}:
            if len(form) >= 2:
                full.setdefault(form, label)
        if label == _PERSON_LABEL:
            for short in _short_forms(normalized):
                short_owner.setdefault(short, set()).add(normalized)
    # A person's full name also answers to its surname (one owner only).
    short: dict[str, str] = {}
    for form, owners in short_owner.items():
        if not _same_person(form, owners):
            continue
        if label_of.get(form, {_PERSON_LABEL}) - {_PERSON_LABEL}:
            continue
        short[form] = _PERSON_LABEL
    forms: dict[str, tuple[str, bool]] = {}  # spelling -> (label, is_short)
    for group, is_short in ((full, False), (short, True)):
        for form, label in group.items():
            if len(label_of.get(form, {label})) > 1 or (not is_short and label != _PERSON_LABEL and form in short_owner):
                continue  # the document itself is undecided about this text (a place and a surname)
            for v in _variants(form, has_cyrillic(form)):
                forms.setdefault(v, (label, is_short))
    if not forms:
        return []
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    pattern = re.compile(rf"(?<![\w\-‐.])(?P<name>{alternation})(?P<gen>s|['’]s)?(?![\w\-‐])")
    found: list[dict] = []
    for m in pattern.finditer(text):
        start, end = m.start("name"), m.end("name")
        form = m.group("name")
        label, is_short = forms[form]
        if m.group("gen"):
            if has_cyrillic(form):
                continue
            end = m.end("gen")
        if any(s < end and start < e for s, e in taken):
            continue
        lang = _section_language(sections, start)
        if lang is None:
            continue
        if m.group("gen") == "s" and lang != "de":
            continue
        if is_short and (_zipf(form.lower(), lang) >= COMMON_WORD_ZIPF or _after_determiner(text, start, lang)):
            continue
        taken.append((start, end))
        found.append({"char_start": start, "char_end": end, "text": text[start:end], "label": label,
                      "language": lang})
    return found


_DETERMINERS = {"de": frozenset("der die das den dem des ein eine einen einem einer eines".split()),
                "en": frozenset("the a an".split())}
_PREV_WORD = re.compile(r"(,\s*)?(\w+) $")


def _after_determiner(text: str, start: int, lang: str) -> bool:
    """``der Koch``, ``a Baker``: a surname right after an article is the common noun."""
    m = _PREV_WORD.search(text[max(0, start - 14):start])
    # after a comma "der" is a relative pronoun ("Putin, der Xi als Freund bezeichnete")
    return bool(m) and not m.group(1) and m.group(2).lower() in _DETERMINERS.get(lang, frozenset())


def _same_person(short: str, owners: set[str]) -> bool:
    """The full names owning a short form are one person: their other words start alike
    (``Wladimir Putin`` / ``W. Putin``), unlike ``Sergei Lawrow`` and ``Anna Lawrow``."""
    starts = {next((t[:1].lower() for t in o.split() if t != short), "") for o in owners}
    return len(starts) == 1


__all__ = ["propagate_mentions", "russian_forms", "EXTRACTOR"]
