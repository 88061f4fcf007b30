"""Calendar expressions: regexes for dates and clock times, and year resolution by tense.

A date without a year takes the publication year; when the sentence is in the past tense
(or says "last year") and that lands after publication, the most recent past occurrence
is used instead; in a future sentence a date already past moves to the next year.
"""

from __future__ import annotations

import datetime as dt
import re

from .units import MONTHS, RELATIVE_DAYS, WEEKDAYS


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_DE_MONTH = _alt(MONTHS["de"])
_EN_MONTH = _alt(MONTHS["en"])
_RU_MONTH = _alt(MONTHS["ru"])
_B = r"(?<![\w.,\-])"  # left boundary: not inside a word or a number
_E = r"(?![\w\-])"

# Each pattern: (name, regex). Named groups: pre, d, m (name or number), y, y2, wd, rel
DATE_PATTERNS: dict[str, list[tuple[str, re.Pattern]]] = {}


def _c(p: str) -> re.Pattern:
    return re.compile(p, re.IGNORECASE)


_COMMON = [
    ("iso", _c(rf"{_B}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_E}")),
    ("slash", _c(rf"{_B}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}}){_E}")),
    ("ymd", _c(rf"{_B}(?P<y>\d{{4}})([/.])(?P<m>\d{{1,2}})\2(?P<d>\d{{1,2}})(?![\w\-]|\.\d)")),
    ("dmy_dash", _c(rf"{_B}(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-(?P<y>\d{{4}}|\d{{2}}){_E}")),
]
_DOTTED = [
    ("dmy", _c(rf"{_B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem)\s+)?(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<y>\d{{4}}|\d{{2}})(?![\d.,]\d)")),
    ("dm", _c(rf"{_B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem|den)\s+)?(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?!\d)")),
]
_EN_TEXT = [
    ("en_mdy", _c(rf"{_B}(?P<pre>on\s+)?(?P<m>{_EN_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?{_E}")),
    ("en_dmy", _c(rf"{_B}(?P<pre>on\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_EN_MONTH})(?:\.(?=\s*\d))?(?:,?\s+(?P<y>\d{{4}}))?{_E}")),
]
DATE_PATTERNS["de"] = _COMMON + _DOTTED + [
    ("de_dmy", _c(rf"{_B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem|den)\s+)?(?P<d>\d{{1,2}})\.\s*(?P<m>{_DE_MONTH})(?:\.(?=\s*\d))?(?:\s+(?P<y>\d{{4}}))?{_E}")),
    ("de_dmy_word", _c(rf"{_B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem|den)\s+)?(?P<dw>ersten|zweiten|dritten|vierten|fünften|sechsten|siebten|achten|neunten|zehnten|erste|zweite|dritte)\s+(?P<m>{_DE_MONTH})(?:\s+(?P<y>\d{{4}}))?{_E}")),
    ("de_my", _c(rf"{_B}(?P<pre>(?:im|seit|ab|bis|Anfang|Mitte|Ende)\s+)?(?P<m>{_DE_MONTH})\.?\s+(?P<y>\d{{4}}){_E}")),
    ("de_m", re.compile(rf"{_B}(?P<pre>(?:[Ii]m|[Ss]eit|[Aa]b|[Bb]is|Anfang|Mitte|Ende)\s+)(?P<m>Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember){_E}")),
    ("de_y", re.compile(rf"{_B}(?P<pre>(?:[Ii]m\s+Jahre?|[Dd]es\s+Jahres|[Ss]eit\s+dem\s+Jahr|[Jj]ahr)\s+)(?P<y>\d{{4}}){_E}")),
    ("de_wd", re.compile(rf"{_B}(?P<pre>(?:[Aa]m|[Ss]eit|[Bb]is|[Vv]om)\s+)?(?P<wd>{'|'.join(w.capitalize() for w in WEEKDAYS['de'])}){_E}")),
    ("de_rel", re.compile(rf"{_B}(?P<rel>[Hh]eute|[Gg]estern|[Vv]orgestern|[Üü]bermorgen|morgen)(?![\w\-]|s\b)")),
] + _EN_TEXT[:1]
DATE_PATTERNS["en"] = _COMMON + _EN_TEXT + [
    ("en_my", _c(rf"{_B}(?P<pre>in\s+)?(?P<m>{_EN_MONTH})\.?,?\s+(?P<y>\d{{4}}){_E}")),
    ("en_m", re.compile(rf"{_B}(?P<pre>(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s*)(?P<m>January|February|March|April|May|June|July|August|September|October|November|December){_E}")),
    ("en_y", re.compile(rf"{_B}(?P<pre>(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Tt]he\s+year)\s+)(?P<y>\d{{4}})(?P<yr>\s*[–\-]\s*(?P<y2>\d{{2,4}}))?{_E}")),
    ("en_wd", re.compile(rf"{_B}(?P<pre>(?:[Oo]n|[Ss]ince|[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>{'|'.join(w.capitalize() for w in WEEKDAYS['en'])}){_E}")),
    ("en_rel", _c(rf"{_B}(?P<rel>today|yesterday|tomorrow){_E}")),
]
DATE_PATTERNS["ru"] = _COMMON + _DOTTED[:1] + [
    ("ru_dmy", _c(rf"{_B}(?P<pre>(?:с|до|к|на|по)\s+)?(?P<d>\d{{1,2}})(?:-?го)?\s+(?P<m>{_RU_MONTH})(?:\.(?=\s*\d))?(?:\s+(?P<y>\d{{4}})(?:\s*(?:года|году|год|г\.|г(?![\w])))?)?{_E}")),
    ("ru_my", _c(rf"{_B}(?P<pre>(?:в|во|с|до|к|на|по)\s+)?(?P<m>{_RU_MONTH})\s+(?P<y>\d{{4}})(?:\s*(?:года|году|год|г\.|г(?![\w])))?{_E}")),
    ("ru_m", _c(rf"{_B}(?P<pre>(?:в|во|с|до|к|на|по|в\s+начале|в\s+конце|в\s+середине)\s+)(?P<m>{_RU_MONTH}){_E}")),
    ("ru_y", _c(rf"{_B}(?P<pre>(?:в|во|с|до|к|на|по|за)\s+)?(?P<y>\d{{4}})(?P<yr>\s*[–\-—]\s*(?P<y2>\d{{2,4}}))?\s*(?:-?м\s+)?(?:года|году|год|годы|годов|годах|годом|гг?\.|г(?![\w])){_E}")),
    ("ru_wd", _c(rf"{_B}(?P<pre>(?:в|во|с|до|к|на|по)\s+)?(?P<wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье){_E}")),
    ("ru_rel", _c(rf"{_B}(?P<rel>сегодня|вчера|позавчера|завтра|послезавтра){_E}")),
]
# relative years: "im vergangenen Jahr", "в этом году", "last year" → offset from publication
REL_YEAR_WORDS = {
    "de": {"diesem": 0, "diesen": 0, "dieses": 0, "laufenden": 0, "vergangenen": -1,
           "letzten": -1, "vorigen": -1, "kommenden": 1, "nächsten": 1, "folgenden": 1},
    "ru": {"этом": 0, "этого": 0, "текущем": 0, "текущего": 0, "нынешнем": 0, "прошлом": -1,
           "прошлого": -1, "минувшем": -1, "минувшего": -1, "следующем": 1, "следующего": 1,
           "будущем": 1, "будущего": 1},
    "en": {"this": 0, "last": -1, "next": 1, "previous": -1, "coming": 1},
}
DATE_PATTERNS["de"].append(("de_ry", _c(rf"{_B}(?P<pre>(?:im|in|des)\s+)?(?P<ry>{_alt(REL_YEAR_WORDS['de'])})\s+Jahr(?:es|e)?{_E}")))
DATE_PATTERNS["ru"].append(("ru_ry", _c(rf"{_B}(?P<pre>(?:в|во|с|до)\s+)?(?P<ry>{_alt(REL_YEAR_WORDS['ru'])})\s+(?:году|года|год){_E}")))
DATE_PATTERNS["en"].append(("en_ry", _c(rf"{_B}(?P<ry>{_alt(REL_YEAR_WORDS['en'])})\s+year(?:'s)?{_E}")))

TIME_PATTERNS: dict[str, re.Pattern] = {
    "de": re.compile(r"(?<![\w.:,])(?P<pre>(?:um|ab|bis|gegen)\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\s*Uhr)?|\.(?P<mi2>[0-5]\d)\s*Uhr|\s*Uhr)(?![\w:]|\.\d)"),
    "en": re.compile(r"(?<![\w.:,])(?P<pre>(?:at|from|until|by)\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?)?(?:\s*(?P<ampm>[ap]\.m\.|[ap]m(?![\w])))?(?![\w:]|\.\d)", re.IGNORECASE),
    "ru": re.compile(r"(?<![\w.:,])(?P<pre>(?:в|с|до|около)\s+)?(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\w:]|\.\d)"),
}

# --- tense ------------------------------------------------------------------------------
_PAST_CTX = {
    "de": re.compile(r"\b(vergangenen|letzten|vorigen)\s+Jahr(es)?\b|\bVorjahr", re.I),
    "en": re.compile(r"\blast\s+year\b|\bprevious\s+year\b", re.I),
    "ru": re.compile(r"\bв\s+прошлом\s+году\b|\bпрошлого\s+года\b", re.I),
}
_PAST_VERB = {
    "de": re.compile(r"\b(war|waren|wurde|wurden|hatte|hatten|fand|fanden|stattfand|stattfanden|"
                     r"gab|kam|kamen|sagte|sagten|erklärte|ging|gingen|nahm|nahmen|traf|trafen|"
                     r"besuchte|begann|endete|dauerte|teilnahm|unterzeichnete|unterzeichneten|"
                     r"feierte|feierten|gewesen|geworden)\b|\b(hat|haben|hatte|ist|sind)\b[^.!?]*\b(ge\w+(t|en)|\w+iert)\b", re.I),
    "en": re.compile(r"\b(was|were|had|did|took|held|met|said|came|went|began|ended|attended|\w{3,}ed)\b", re.I),
    "ru": None,  # pymorphy3 tags are used instead
}
_FUTURE_VERB = {
    "de": re.compile(r"\b(wird|werden|werde|wirst|soll|sollen|plant|planen|will|wollen|"
                     r"bevorstehend\w*|kommend\w*|nächst\w*)\b", re.I),
    "en": re.compile(r"\b(will|shall|upcoming|next|plans?|planned|going\s+to|scheduled)\b|'ll\b", re.I),
    "ru": re.compile(r"\b(будет|будут|буду|будем|планиру\w+|предстоящ\w+|следующ\w+)\b", re.I),
}


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Cheap sentence window around [start, end): up to . ! ? or a line break."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    while left > 0 and text[left] == "." and left + 1 < len(text) and not text[left + 1].isspace():
        left = max(text.rfind(c, 0, left) for c in ".!?\n")
    rights = [i for i in (text.find(c, end) for c in "!?\n") if i != -1]
    m = re.compile(r"\.(\s|$)").search(text, end)
    if m:
        rights.append(m.start())
    return left + 1, min(rights) if rights else len(text)


def tense(sentence: str, language: str, ru_tags=None) -> str | None:
    """'past', 'future' or None for the sentence holding a date."""
    if _PAST_CTX[language].search(sentence):
        return "last_year"
    if language == "ru" and ru_tags is not None:
        fut = bool(_FUTURE_VERB["ru"].search(sentence))
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
    fut = _FUTURE_VERB[language].search(sentence)
    past = _PAST_VERB[language].search(sentence)
    if past and not fut:
        return "past"
    if fut and not past:
        return "future"
    return None


def resolve_year(month: int, day: int, published: dt.date, when: str | None) -> int:
    """Year for a date given without one, relative to publication date and tense."""
    year = published.year
    if when == "last_year":
        return year - 1
    try:
        cand = dt.date(year, month, day)
    except ValueError:
        return year
    if when == "past" and cand > published:
        return year - 1
    if when == "future" and (published - cand).days > 31:
        return year + 1
    return year


def weekday_date(weekday: int, published: dt.date, when: str | None) -> dt.date:
    """Nearest such weekday: the last one (past / unknown) or the next one (future)."""
    delta = (published.weekday() - weekday) % 7
    if when == "future" and delta:
        return published + dt.timedelta(days=7 - delta)
    return published - dt.timedelta(days=delta)


RELATIVE = RELATIVE_DAYS
