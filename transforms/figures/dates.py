"""Calendar arithmetic: the tense of a sentence, and the year, week or day it points to.

A date without a year takes the publication year; when the sentence is in the past tense
(or says "last year") and that lands after publication, the most recent past occurrence
is used instead; in a future sentence a date already past moves to the next year.
The patterns that find dates are in de.py, ru.py and en.py.
"""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import LANGUAGES, PERIOD_WORDS, REL_PERIOD_STEMS

# a dot after digits ("am 16. und 17. Dezember") ends a sentence only before a line break
_SENTENCE_END = re.compile(r"(?<!\d)\.(\s|$)|\.(\n|$)")


def rel_offset(word: str, lang: str) -> int | None:
    """Offset in periods for a relative word: 'vergangenen' → -1, 'следующей' → 1."""
    low = word.lower()
    for stem, off in REL_PERIOD_STEMS[lang]:
        if low.startswith(stem):
            return off
    return None


def period_of(word: str, lang: str) -> str | None:
    low = word.lower()
    return next((p for stem, p in PERIOD_WORDS[lang] if low.startswith(stem)), None)


def roman(s: str) -> int | None:
    """Value of an upper-case Roman numeral (century numbers: XIX → 19)."""
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not s or any(c not in vals for c in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = vals[a]
        total += -v if b in vals and vals[b] > v else v
    return total


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Cheap sentence window around [start, end): up to . ! ? or a line break."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    while left > 0 and text[left] == "." and left + 1 < len(text) and (
            not text[left + 1].isspace() or (text[left - 1].isdigit() and text[left + 1] != "\n")):
        left = max(text.rfind(c, 0, left) for c in ".!?\n")
    rights = [i for i in (text.find(c, end) for c in "!?\n") if i != -1]
    m = _SENTENCE_END.search(text, end)
    if m:
        rights.append(m.start())
    return left + 1, min(rights) if rights else len(text)


def tense(sentence: str, language: str, ru_tags=None) -> str | None:
    """'past', 'future', 'last_year' or None for the sentence holding a date."""
    words = LANGUAGES[language]
    if words.PAST_CONTEXT.search(sentence):
        return "last_year"
    if language == "ru" and ru_tags is not None:
        fut = bool(words.FUTURE_VERB.search(sentence))
        past = False
        for w in re.findall(r"[а-яё]+", sentence.lower()):
            if len(w) < 3:
                continue
            t = ru_tags(w)
            if "VERB" in t and "past" in t:
                past = True
            elif "VERB" in t and "futr" in t:
                fut = True
        if past and not fut:
            return "past"
        return "future" if fut and not past else None
    fut = words.FUTURE_VERB.search(sentence)
    past = words.PAST_VERB.search(sentence) if words.PAST_VERB is not None else None
    if past and not fut:
        return "past"
    if fut and not past:
        return "future"
    return None


PAST_SLACK_DAYS = 7  # a "past" date a few days after publication: the document date lags
FUTURE_SLACK_DAYS = 3  # a "future" date just before it: the same


def resolve_year(month: int, day: int | None, published: dt.date, when: str | None) -> int:
    """Year for a date given without one: the occurrence the sentence's tense points to.

    Future ('wird', 'nächste Woche', 'предстоящий', 'will'): the next occurrence on or after
    publication; past: the last one on or before it (both with a week's slack, since the
    document date may lag); no tense: the nearest occurrence. `day` None = the whole month.
    """
    year = published.year
    if when == "last_year":
        return year - 1
    spans = []
    for y in (year - 1, year, year + 1):
        try:
            first = dt.date(y, month, day or 1)
        except ValueError:  # 29 February
            continue
        last = first if day else (dt.date(y + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        spans.append((y, first, last))
    if not spans:
        return year
    if when == "future":
        since = published - dt.timedelta(days=FUTURE_SLACK_DAYS)
        return next((y for y, first, last in spans if last >= since), year)
    if when == "past":
        until = published + dt.timedelta(days=PAST_SLACK_DAYS)
        return next((y for y, first, last in reversed(spans) if first <= until), year)

    def distance(span: tuple) -> int:
        _, first, last = span
        return 0 if first <= published <= last else min(abs((first - published).days), abs((last - published).days))

    return min(spans, key=distance)[0]


def weekday_date(weekday: int, published: dt.date, when: str | None) -> dt.date:
    """Nearest such weekday: the last one (past / unknown) or the next one (future)."""
    delta = (published.weekday() - weekday) % 7
    if when == "future" and delta:
        return published + dt.timedelta(days=7 - delta)
    return published - dt.timedelta(days=delta)

