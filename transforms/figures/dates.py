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
    ("ru_rel", _c(rf"{_B}(?P<rel>сегодня|вчера|позавчера|завтра|послезавтра|накануне){_E}")),
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

# --- periods relative to the publication date: "letzte Woche", "на прошлой неделе", "next month"
REL_PERIOD_STEMS: dict[str, list[tuple[str, int]]] = {
    "de": [("übernächst", 2), ("vorvergangen", -2), ("vorletzt", -2), ("nächst", 1), ("kommend", 1),
           ("folgend", 1), ("vergangen", -1), ("letzt", -1), ("vorig", -1), ("dies", 0), ("laufend", 0)],
    "ru": [("позапрошл", -2), ("прошл", -1), ("минувш", -1), ("предыдущ", -1), ("текущ", 0),
           ("нынешн", 0), ("эт", 0), ("следующ", 1), ("будущ", 1), ("наступающ", 1)],
    "en": [("last", -1), ("past", -1), ("previous", -1), ("this", 0), ("next", 1), ("coming", 1)],
}
PERIOD_WORDS = {  # prefix of the period noun → period
    "de": [("wochenend", "weekend"), ("woche", "week"), ("monat", "month")],
    "ru": [("выходн", "weekend"), ("недел", "week"), ("месяц", "month")],
    "en": [("weekend", "weekend"), ("week", "week"), ("month", "month")],
}
RU_WEEKDAY_STEMS = [("понедельник", 0), ("вторник", 1), ("сред", 2), ("четверг", 3), ("пятниц", 4),
                    ("суббот", 5), ("воскресень", 6)]


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


def ru_weekday(word: str) -> int | None:
    low = word.lower()
    return next((d for stem, d in RU_WEEKDAY_STEMS if low.startswith(stem)), None)


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


_DE_REL = r"(?:[Üü]bernächst|[Vv]orvergangen|[Vv]orletzt|[Nn]ächst|[Kk]ommend|[Ff]olgend|[Vv]ergangen|[Ll]etzt|[Vv]orig|[Dd]ies|[Ll]aufend)e[nrs]?"
_DE_WD = "|".join(w.capitalize() for w in WEEKDAYS["de"])
_RU_REL = r"(?:позапрошл|прошл|минувш|предыдущ|текущ|нынешн|эт|следующ|будущ|наступающ)(?:ой|ую|ем|ом|ий|ая|ее|ие|их|ым|его|ее|ей|от|у|а|и|ого|ый)"
_RU_WD = r"(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)[а-яё]*"
_EN_WD = "|".join(w.capitalize() for w in WEEKDAYS["en"])
DATE_PATTERNS["de"] += [
    ("de_rp", re.compile(rf"{_B}(?P<pre>(?:in\s+der|im|am|zum|seit\s+der|seit\s+dem|Anfang\s+der|Ende\s+der|Mitte\s+der|[Ii]n\s+der|[Aa]m|[Ii]m)\s+)?(?P<rp>{_DE_REL})\s+(?P<per>Woche|Monats?|Wochenendes?)(?:,?\s+(?:[Aa]m\s+)?(?P<wd>{_DE_WD}))?{_E}")),
    ("de_wd_rp", re.compile(rf"{_B}(?P<pre>(?:[Aa]m|[Ss]eit|[Bb]is|[Vv]om)\s+)?(?P<wd>{_DE_WD})\s+(?P<rp>{_DE_REL})\s+(?P<per>Woche){_E}")),
    ("de_d", re.compile(rf"{_B}(?P<pre>(?:[Aa]m|[Vv]om|[Bb]is\s+zum|[Aa]b\s+dem|[Ss]eit\s+dem|[Zz]um)\s+)(?P<d>\d{{1,2}})\.(?!\s*\d)(?!\s+(?:und|bis|oder|u\.)\s+\d)(?=\s+[a-zäöüß]|\s*[,;)!?]|\s*$)")),
    ("de_cent", re.compile(rf"{_B}(?P<pre>(?:[Ii]m|[Ii]n\s+den|[Ss]eit\s+dem|[Dd]es)\s+)?(?P<cent>\d{{1,2}})\.\s+(?:Jahrhunderts?|Jh\.)")),
    ("de_evt", re.compile(rf"{_B}(?P<evt>(?:[Aa]m|[Ii]m)\s+(?:selben|gleichen|nächsten|folgenden|darauffolgenden)\s+(?:Tag|Morgen|Abend)|[Aa]m\s+Tag\s+(?:darauf|zuvor)|[Aa]m\s+Vortag|[Tt]ags\s+(?:darauf|zuvor)){_E}")),
]
DATE_PATTERNS["ru"] += [
    ("ru_rp", _c(rf"{_B}(?P<pre>(?:на|в|во|с|со|до|к|по|за)\s+)?(?P<rp>{_RU_REL})\s+(?P<per>недел[а-яё]*|месяц[а-яё]*|выходн[а-яё]*)(?![\w\-])")),
    ("ru_wd_rp", _c(rf"{_B}(?P<pre>(?:в|во|с|со|до|к|по)\s+)?(?P<rp>{_RU_REL})\s+(?P<wd>{_RU_WD})(?![\w\-])")),
    ("ru_wd2", _c(rf"{_B}(?P<pre>(?:с|со|до|к|по)\s+)(?P<wd>{_RU_WD})(?![\w\-])")),
    ("ru_cent", re.compile(rf"{_B}(?P<pre>(?:[Вв]о?|[Сс]|[Дд]о|[Кк]|[Нн]а|[Кк]онц[еау]|[Нн]ачал[еоа]|[Сс]ередин[еыу])\s+)?(?P<cent>[IVXLC]{{1,6}}|\d{{1,2}}(?:-?(?:м|го|й))?)\s+(?:век[аеу]?|веков|столети[еяюи])(?![\w\-])")),
    ("ru_evt", _c(rf"{_B}(?P<evt>(?:в|на)\s+(?:тот\s+же|этот|тот|следующий|другой|этот\s+же)\s+день|на\s+следующее\s+утро|в\s+тот\s+же\s+вечер)(?![\w\-])")),
]
DATE_PATTERNS["en"] += [
    ("en_rp", _c(rf"{_B}(?P<pre>(?:earlier|later|in|during|over)\s+)?(?P<rp>last|past|previous|this|next|coming)\s+(?P<per>week|month|weekend){_E}")),
    ("en_cent", _c(rf"{_B}(?P<pre>(?:in|during|since|by)\s+)?(?:the\s+)?(?P<cent>\d{{1,2}})(?:st|nd|rd|th)\s+century{_E}")),
    ("en_evt", _c(rf"{_B}(?P<evt>the\s+(?:same|next|following|previous)\s+day|the\s+day\s+before){_E}")),
]
# vague spans of time relative to publication: "несколько лет назад", "a few days ago",
# "vor einigen Jahren", "in recent years", "в последние годы": dates without a resolved day
DATE_PATTERNS["ru"].append(("ru_vague", _c(rf"{_B}(?P<vague>(?:(?:через|спустя)\s+)?несколько\s+(?P<vu>дней|недель|месяцев|лет)(?:\s+назад|\s+спустя)?|(?:за|в)\s+последн(?:ие|ий|юю|ее)\s+(?:несколько\s+)?(?P<vu2>дни|дней|недели|недель|месяцы|месяцев|годы|лет|год|месяц|неделю))(?![\w\-])")))
DATE_PATTERNS["en"].append(("en_vague", _c(rf"{_B}(?P<vague>(?:a\s+few|several|some)\s+(?P<vu>days|weeks|months|years)\s+ago|in\s+recent\s+(?P<vu2>days|weeks|months|years)|in\s+the\s+(?:past|last)\s+(?:few\s+)?(?P<vu3>days|weeks|months|years)){_E}")))
DATE_PATTERNS["de"].append(("de_vague", _c(rf"{_B}(?P<vague>vor\s+(?:einigen|wenigen|mehreren|ein\s+paar)\s+(?P<vu>Tagen|Wochen|Monaten|Jahren)|in\s+den\s+(?:letzten|vergangenen)\s+(?P<vu2>Tagen|Wochen|Monaten|Jahren)|in\s+jüngster\s+Zeit){_E}")))

TIME_PATTERNS: dict[str, re.Pattern] = {
    "de": re.compile(r"(?<![\w.:,])(?P<pre>(?:um|ab|bis|gegen)\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\s*Uhr)?|\.(?P<mi2>[0-5]\d)\s*Uhr|\s*Uhr)(?![\w:]|\.\d)"),
    "en": re.compile(r"(?<![\w.:,])(?P<pre>(?:at|from|until|by)\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?)?(?:\s*(?P<ampm>[ap]\.m\.|[ap]m(?![\w])))?(?![\w:]|\.\d)", re.IGNORECASE),
    "ru": re.compile(r"(?<![\w.:,])(?P<pre>(?:в|с|до|около)\s+)?(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\w:]|\.\d)"),
}

# German spoken clock times: "halb acht", "viertel nach 7", "dreiviertel 6", "acht Uhr vierzig",
# "8 Uhr abends", "7h01". Hours as digits or words; the day part moves afternoon hours.
_DE_HOUR = r"(?:\d{1,2}|eins|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)"
_DE_DAYPART = r"(?:morgens|früh|vormittags|mittags|nachmittags|abends|nachts)"
DE_SPOKEN_TIME = re.compile(
    rf"(?<![\w.:,])(?P<pre>(?:um|ab|bis|gegen)\s+)?(?:(?P<q>halb|viertel\s+nach|viertel\s+vor|dreiviertel|drei\s+viertel|viertel)\s+(?P<qh>{_DE_HOUR})(?:\s+Uhr)?"
    rf"|(?P<h>{_DE_HOUR})\s*(?:Uhr|h)\s*(?P<mi>[0-5]?\d(?![\d,:]|\.\d)|[a-zäöüß]+zig|[a-zäöüß]+zehn|zehn|elf|zwölf|fünf|eins|zwei|drei|vier|sechs|sieben|acht|neun)?(?(mi)(?:\s*Uhr)?))"
    rf"(?:\s+(?P<dp>{_DE_DAYPART}))?(?![\w])",
    re.IGNORECASE,
)
DAYPART_PM = {"nachmittags", "abends"}


def de_spoken_time(m: re.Match, word_value) -> int | None:
    """Minutes after midnight for a DE_SPOKEN_TIME match (None when it is not a clock time)."""
    g = m.groupdict()
    raw = (g.get("qh") or g.get("h") or "").lower()
    h = int(raw) if raw.isdigit() else word_value(raw)
    if h is None or not 0 <= h <= 24:
        return None
    h = int(h)
    mi = 0
    q = " ".join((g.get("q") or "").lower().split())
    if q:
        if not 1 <= h <= 12:
            return None
        mi = {"halb": -30, "viertel nach": 15, "viertel vor": -15, "dreiviertel": -15,
              "drei viertel": -15, "viertel": -45}[q]
    elif g.get("mi"):
        raw_mi = g["mi"].lower()
        v = int(raw_mi) if raw_mi.isdigit() else word_value(raw_mi)
        if v is None or not 0 <= v <= 59:
            return None
        mi = int(v)
    dp = (g.get("dp") or "").lower()
    if (dp in DAYPART_PM and h < 12) or (dp == "nachts" and 7 <= h <= 11):
        h += 12
    elif dp == "nachts" and h == 12:
        h = 0
    total = (h * 60 + mi) % 1440
    return total


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
