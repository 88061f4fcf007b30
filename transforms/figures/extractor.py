"""FigureExtractor: every numeric expression in de/ru/en text → normalised records.

Two passes over the raw text: calendar regexes (dates.py) claim dates and clock times
first; then a token scanner reads number cores (digits, number words, scale words,
ranges) and classifies each by what stands next to it (currency, %, time unit, `Uhr`,
`mal`, ordinal dot, counted noun). Offsets always index the given text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import dates as D
from . import units as U
from .lemmas import Lemmatizer
from .numbers import (
    DE_ARTICLE_ONE,
    EN_ORDINALS,
    EN_SPECIAL,
    EN_WORDS,
    VULGAR_FRACTIONS,
    RussianNumberWords,
    combine,
    de_ordinal_value,
    de_word_value,
    en_words_value,
    parse_digits,
    spoken_decimals,
)

EXTRACTOR = "figures-rules/0.1"
KINDS = ("money", "quantity", "percent", "duration", "date", "time", "ordinal", "ratio")

TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:,\d+)?(?![\d.,]?\d)|\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W\d_]+)|(?P<p>\S)"
)
MASK_RE = re.compile(
    r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|(?<!\w)[@#]\w+|pic\.twitter\.com/\S+"
    r"|\b[\w-]+\.(?:com|org|net|de|ru|cn|info|io)(?:/\S*)?"
    r"|(?<![\w+])\+\d{1,3}[\s\-/]?\(?\d{1,5}\)?(?:[\s\-/]?\d{2,}){2,}"  # phone numbers
    r"|\(0\d{2,5}\)\s?\d[\d\s\-/]{4,}\d"
    r"|\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+"  # footnote markers
    r"|^[ \t]*\(?\d{1,2}[.)](?=[ \t]+[^\W\d])(?![ \t]+(?:" + "|".join(
        sorted(set(U.MONTHS["de"]) | set(U.MONTHS["en"]), key=len, reverse=True)) + r")\b)",
    re.MULTILINE | re.IGNORECASE,
)
IDENT_BEFORE = re.compile(
    r"(?:\b(?:Nr|No|Art|Abs|Ziff|S|p|pp|Vol|Bd|Kap|ст|п|стр|гл|ч)\.|№|§|\b(?:Artikel|Seite|"
    r"Kapitel|Absatz|Paragraph|Paragraf|Nummer|Punkt|Article|Section|Page|Chapter|Number|"
    r"Resolution|статья|статьи|статье|пункт|пункта|номер|Resolution|Flug|Flight|рейс\w*|Linie|Route|Zug)\.?)\s*$",
    re.IGNORECASE,
)

DE_FUNCTION = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "er", "sie", "es", "ich", "wir", "ihr", "man", "in", "im", "am", "an", "auf", "aus", "bei",
    "mit", "nach", "seit", "von", "vom", "zu", "zum", "zur", "für", "um", "über", "unter", "und",
    "oder", "aber", "doch", "so", "dann", "auch", "als", "wie", "was", "wenn", "dies", "diese",
    "dieser", "dieses", "damit", "dabei", "daher", "deshalb", "jedoch", "nun", "noch", "nur",
    "schon", "hier", "dort", "heute", "gestern", "laut", "trotz", "wegen", "während", "bis",
    "gegen", "ohne", "durch", "sowie", "sein", "seine", "ihre", "unser", "unsere",
}
DE_DETERMINERS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "im", "am", "zum", "zur", "vom", "beim", "ins", "kein", "keine", "sein", "seine", "seinen",
    "seines", "ihr", "ihre", "ihren", "ihres", "unser", "unsere", "unseren", "unseres", "dieser",
    "diese", "dieses", "diesen", "jeder", "jede", "jedes",
}
EN_STOP = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "but", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will",
    "would", "could", "should", "can", "may", "might", "do", "did", "does", "that", "this",
    "these", "those", "it", "its", "they", "their", "he", "his", "she", "her", "we", "our",
    "you", "your", "which", "who", "whom", "than", "then", "per", "each", "every", "more",
    "less", "over", "under", "about", "into", "after", "before", "since", "until", "during",
    "while", "when", "where", "also", "only", "just", "not", "no", "so", "up", "down", "out",
    "there", "here", "said", "says", "say", "according", "between", "among", "all", "some",
    "other", "such", "own", "same", "last", "next", "first", "year", "years", "percent",
    "times", "what", "if", "because", "although", "via", "against", "across", "through",
}
EN_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these",
                  "those", "china's", "russia's", "whose"}
_EN_ADJ_END = ("ese", "ian", "an", "al", "ic", "ive", "ous", "ful", "ern", "ish", "ible", "able", "ary", "ent", "ant", "ed", "ing")
RANGE_OPEN = re.compile(r"(?:^|(?<=\s))(zwischen|von|between|from|от|между|с)\s+$", re.IGNORECASE)
RU_ORD_SUFFIX = {"й", "я", "е", "го", "му", "м", "х", "ю", "ой", "ый", "ий", "ая", "ое", "ые",
                 "ых", "ым", "ому", "ого", "ом", "ей", "ее", "ми"}
EN_ORD_SUFFIX = {"st", "nd", "rd", "th"}
UNIT_SUFFIX = {"km", "kg", "m", "t", "mm", "cm", "mw", "gw", "kw", "kwh", "ha", "l", "км", "кг",
               "т", "м", "га"}
SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
           "month": 2629800, "year": 31557600}
RANGE_RE = {
    "de": re.compile(r"\s*(?:–|—|-|bis)\s*"),
    "en": re.compile(r"\s*(?:–|—|-|to)\s*"),
    "ru": re.compile(r"\s*(?:–|—|-|до|по)\s*"),
}
RANGE_AND = {"de": ("zwischen", "und"), "en": ("between", "and"), "ru": ("между", "и")}


@dataclass(slots=True)
class Tok:
    kind: str
    start: int
    end: int
    text: str
    low: str


@dataclass
class Core:
    """A number core: the tokens that spell one number (and its scale word)."""

    start: int
    end: int
    i: int  # first token
    j: int  # token after the core
    value: float
    ordinal: bool = False
    article: bool = False  # 'ein', 'a', 'один': a number only before a unit
    digits: bool = False
    raw_digits: str = ""
    scale: float = 1.0
    forced: dict = field(default_factory=dict)  # kind/unit decided inside the core token


@lru_cache(maxsize=1)
def _resources() -> tuple[Lemmatizer, RussianNumberWords]:
    lem = Lemmatizer()
    return lem, RussianNumberWords(lem.morph)


def _qual_re(lang: str) -> re.Pattern:
    alt = "|".join(sorted((re.escape(q) for q in U.QUALIFIERS[lang]), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s(„\"«]))({alt})\s+$", re.IGNORECASE)


_QUAL = {lang: _qual_re(lang) for lang in U.QUALIFIERS}
_DE_DUR_ADJ = re.compile(r"^(.+?)[-]?(stündig|tägig|wöchig|monatig|jährig|minütig|sekündig)(e|en|er|es|em)?$", re.I)
_RU_PREFIX = {"одно": 1, "двух": 2, "трёх": 3, "трех": 3, "четырёх": 4, "четырех": 4, "пяти": 5,
              "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "двенадцати": 12,
              "пятнадцати": 15, "двадцати": 20, "тридцати": 30, "сорока": 40, "пятидесяти": 50,
              "ста": 100, "полу": 0.5}
_RU_DUR_ADJ = re.compile(r"^(" + "|".join(sorted(_RU_PREFIX, key=len, reverse=True)) +
                         r")(дневн|недельн|месячн|летн|часов|минутн)\w*$")
_RU_HALF = {"полгода": (0.5, "year"), "полчаса": (0.5, "hour"), "полвека": (50, "year"),
            "полугода": (0.5, "year"), "получаса": (0.5, "hour"), "полмесяца": (0.5, "month")}
_AGE_BEFORE = {
    "ru": re.compile(r"(?:возраст\w*|исполнил\w*|исполнит\w*|исполняется|старше|младше|моложе|"
                     r"прожил\w*|проживш\w*|дожил\w*(?:\s+до)?|(?:не\s+)?было(?:\s+и)?|будет|исполнилось|"
                     r"(?:ему|ей|им)\s+(?:было|будет|исполнилось)?)\s+"
                     r"(?:до\s+|около\s+|более\s+|почти\s+|всего\s+|уже\s+|лишь\s+|от\s+|свыше\s+|больше\s+)?$", re.I),
    "de": re.compile(r"(?:im\s+Alter\s+von|mit|Alter\s+von)\s+(?:rund|etwa|knapp|über|fast)?\s*$", re.I),
    "en": re.compile(r"(?:aged|age\s+of|at)\s+$", re.I),
}
# "в 27 лет окончил", "с 19 лет", "в свои 94 года": at/since an age (years only)
_AGE_AT_RU = re.compile(r"(?<!раз\s)(?<!срок\s)(?<!сроком\s)(?<!период\s)(?<!размере\s)(?:^|(?<=\s))(?:в|с|со)(?:\s+свои)?\s+$", re.I)
_AGE_AFTER = {
    "ru": re.compile(r"\s*(?:жизни|от\s+роду)\b", re.I),
    "de": re.compile(r"\s*alt\b", re.I),
    "en": re.compile(r"\s*old\b", re.I),
}
_DE_FRACTIONS = {"halbe": 0.5, "halben": 0.5, "drittel": 1 / 3, "viertel": 0.25, "fünftel": 0.2,
                 "zehntel": 0.1}
_CENTS = re.compile(r"\s*(?:und\s+|and\s+)?(\d{1,2}|[^\W\d_]+)(?:\s+(?:Cent|Cents|ct|Rappen|Kopeken|копеек|копейки|центов))?\b", re.I)
_DE_MAL = re.compile(r"^(.+?)(mal|fach)$", re.I)
_WHOLE = {"de": {"ganze", "ganzen", "ganzes"}, "en": {"whole", "entire"},
          "ru": {"весь", "всю", "целый", "целую", "целое", "целого", "целой", "всего"}}
_DECIMAL_WORD = {"de": "komma", "en": "point"}
_EN_VERBS = {"rose", "rise", "rises", "risen", "fell", "fall", "falls", "fallen", "grew", "grow", "grows",
             "reached", "reach", "reaches", "topped", "top", "tops", "hit", "hits", "totalled", "totaled",
             "totals", "total", "exceeded", "exceeds", "climbed", "climbs", "dropped", "drops", "jumped",
             "jumps", "surged", "surges", "increased", "increases", "decreased", "decreases", "amounted",
             "amounts", "stood", "stands", "cost", "costs", "earned", "spent", "lost", "gained", "gains",
             "doubled", "tripled", "declined", "declines", "slipped", "soared", "plunged", "came", "comes",
             "shrank", "shrinks", "expanded", "expands", "passed", "passes", "crossed", "surpassed"}
_RU_BARE_BEFORE = {"около", "почти", "менее", "более", "свыше", "меньше", "больше", "через", "на",
                   "за", "течение", "чем", "примерно", "порядка", "целых"}
_AGO = {"ru": re.compile(r"\s+назад\b"), "en": re.compile(r"\s+ago\b"), "de": None}
_DE_VOR = re.compile(r"(?:^|(?<=\s))vor\s+$", re.I)


class FigureExtractor:
    """Rule-based figure extraction for German, Russian and English news text."""

    def __init__(self) -> None:
        self.lem, self.ru_words = _resources()
        self.ru_scale = dict(self.ru_words.scale)
        for abbr, v in U.SCALES["ru"].items():
            self.ru_scale[abbr] = v

    # ------------------------------------------------------------------ public API
    def extract(self, text: str, language: str, published: dt.date | None) -> list[dict]:
        """All figures in `text` (one language section), sorted by offset."""
        lang = language if language in ("de", "en", "ru") else "en"
        if isinstance(published, dt.datetime):
            published = published.date()
        busy = bytearray(len(text) + 1)
        for m in MASK_RE.finditer(text):
            busy[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        out: list[dict] = []
        out += self._dates(text, lang, published, busy)
        out += self._times(text, lang, busy)
        out += self._numbers(text, lang, published, busy)
        out.sort(key=lambda r: (r["char_start"], -r["char_end"]))
        return out

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _free(busy: bytearray, s: int, e: int) -> bool:
        return not any(busy[s:e])

    @staticmethod
    def _claim(busy: bytearray, s: int, e: int) -> None:
        busy[s:e] = b"\x01" * (e - s)

    @staticmethod
    def _record(text, s, e, kind, value=None, unit=None, **kw) -> dict:
        rec = {"char_start": s, "char_end": e, "text": text[s:e], "kind": kind,
               "value": None if value is None else float(value), "value_max": None,
               "unit": unit, "date_value": None, "qualifier": "exact", "subject": None,
               "note": None, "extractor": EXTRACTOR}
        rec.update(kw)
        return rec

    def _ru_tags(self, w: str) -> str:
        return str(self.lem.ru_parse(w).tag)

    def _tense(self, text: str, s: int, e: int, lang: str) -> str | None:
        a, b = D.sentence_bounds(text, s, e)
        return D.tense(text[a:b], lang, self._ru_tags if lang == "ru" else None)

    # ------------------------------------------------------------------ dates
    def _month(self, raw: str, lang: str) -> int | None:
        if raw.isdigit():
            m = int(raw)
            return m if 1 <= m <= 12 else None
        low = raw.lower().rstrip(".")
        for table in (U.MONTHS[lang], U.MONTHS["en"], U.MONTHS["de"]):
            if low in table:
                return table[low]
        return None

    def _dates(self, text: str, lang: str, published: dt.date | None, busy: bytearray) -> list[dict]:
        cands = []
        for name, pat in D.DATE_PATTERNS[lang]:
            for m in pat.finditer(text):
                if m.end() > m.start():
                    cands.append((m.end() - m.start(), m.start(), name, m))
        cands.sort(key=lambda c: (-c[0], c[1]))
        out = []
        for _, s, name, m in cands:
            if not self._free(busy, m.start(), m.end()):
                continue
            rec = self._date_record(text, lang, published, name, m)
            if rec is None:
                continue
            self._claim(busy, m.start(), m.end())
            out.append(rec)
        return out

    def _date_record(self, text, lang, published, name, m) -> dict | None:
        g = m.groupdict()
        s, e = m.start(), m.end()
        rec = self._record(text, s, e, "date")
        if g.get("vague"):
            u = (g.get("vu") or g.get("vu2") or g.get("vu3") or "").lower()
            rec["unit"] = "year" if u.startswith(("л", "год", "y", "jahr")) else \
                "month" if u.startswith(("мес", "mon")) else "day"
            rec["note"] = "vague period relative to the publication date, not resolved"
            return rec
        if g.get("evt"):
            rec["unit"] = "day"
            rec["note"] = "day relative to an event in the text, not resolved"
            return rec
        if g.get("cent"):
            raw = g["cent"].rstrip("-мгой")
            c = int(raw) if raw.isdigit() else D.roman(raw)
            if c is None or not 1 <= c <= 22:
                return None
            rec["unit"] = "year"
            rec["date_value"] = dt.date((c - 1) * 100 + 1, 1, 1)
            rec["value_max"] = float(c * 100)
            rec["note"] = f"century {c}: {(c - 1) * 100 + 1}–{c * 100}"
            return rec
        if g.get("rp"):
            return self._relative_period(rec, g, lang, published, text)
        if g.get("rel"):
            word = g["rel"]
            table = U.RELATIVE_DAYS[lang]
            delta = 1 if word == "morgen" else table.get(word.lower())
            if delta is None:
                return None
            rec["unit"] = "day"
            if word.lower() == "накануне" and self._eve_of_event(text, e):
                rec["note"] = "eve of an event named in the text, not resolved"
                return rec
            if published:
                rec["date_value"] = published + dt.timedelta(days=delta)
            else:
                rec["note"] = "relative date and no publication date"
            return rec
        if g.get("ry"):
            off = D.REL_YEAR_WORDS[lang].get(g["ry"].lower())
            if off is None:
                return None
            rec["unit"] = "year"
            if published:
                rec["date_value"] = dt.date(published.year + off, 1, 1)
                rec["note"] = "year relative to the publication date"
            else:
                rec["note"] = "relative year and no publication date"
            return rec
        if g.get("wd"):
            wd = D.ru_weekday(g["wd"]) if lang == "ru" else U.WEEKDAYS[lang].get(g["wd"].lower())
            if wd is None:
                return None
            rec["unit"] = "day"
            if published:
                rec["date_value"] = D.weekday_date(wd, published, self._tense(text, s, e, lang))
                rec["note"] = "weekday resolved against the publication date"
            else:
                rec["note"] = "weekday and no publication date"
            return rec
        month = self._month(g["m"], lang) if g.get("m") else None
        if g.get("m") and month is None:
            return None
        day = None
        if g.get("d"):
            day = int(g["d"])
        elif g.get("dw"):
            v = de_ordinal_value(g["dw"])
            day = int(v) if v else None
        year = None
        if g.get("y"):
            year = int(g["y"])
            if year < 100:
                year += 2000 if year < 50 else 1900
        if name == "slash" and lang == "en" and month is not None and day is not None and int(g["d"]) <= 12:
            day, month = month, int(g["d"])  # US order m/d/y
        if day is not None and not 1 <= day <= 31:
            return None
        if year is not None and not 1000 <= year <= 2200:
            return None
        unit = "day" if day else "month" if month else "year"
        rec["unit"] = unit
        if g.get("y2"):
            y2 = int(g["y2"])
            if y2 < 100:
                y2 += (year // 100) * 100
            if y2 > year:
                rec["value_max"] = float(y2)
                rec["note"] = f"year range {year}–{y2}"
        if day is not None and month is None:  # "am 15.": a day of the publication's month
            if published is None:
                rec["note"] = "day without month and no publication date"
                return rec
            when = self._tense(text, s, e, lang)
            y, mo = published.year, published.month
            if when == "past" and day > published.day:
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            elif when == "future" and day < published.day:
                y, mo = (y, mo + 1) if mo < 12 else (y + 1, 1)
            try:
                rec["date_value"] = dt.date(y, mo, day)
            except ValueError:
                return None
            rec["note"] = "month and year taken from the publication date and tense"
            return rec
        if year is None:
            if published is None:
                rec["note"] = "no year in the text and no publication date"
                return rec
            year = D.resolve_year(month or 1, day or 1, published, self._tense(text, s, e, lang))
            rec["note"] = "year taken from the publication date and tense"
        try:
            rec["date_value"] = dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
        return rec

    def _eve_of_event(self, text: str, end: int) -> bool:
        """'накануне выборов': the eve of something named next (a genitive noun), not of publication."""
        m = re.match(r"\s+([а-яёА-ЯЁ]+)", text[end:end + 40])
        if not m:
            return False
        p = self.lem.ru_parse(m.group(1).lower())
        return p.tag.POS in ("NOUN", "ADJF") and "gent" in p.tag

    def _relative_period(self, rec: dict, g: dict, lang: str, published, text: str) -> dict | None:
        """'letzte Woche', 'на прошлой неделе', 'next month', 'übernächste Woche am Freitag'."""
        off = D.rel_offset(g["rp"], lang)
        per = D.period_of(g["per"], lang) if g.get("per") else "day"
        if off is None or per is None:
            return None
        wd = None
        if g.get("wd"):
            wd = D.ru_weekday(g["wd"]) if lang == "ru" else U.WEEKDAYS[lang].get(g["wd"].lower())
        rec["unit"] = "month" if per == "month" else "day"
        if published is None:
            rec["note"] = f"{per} relative to the publication date, which is unknown"
            return rec
        if per == "month":
            k = published.year * 12 + published.month - 1 + off
            rec["date_value"] = dt.date(k // 12, k % 12 + 1, 1)
            rec["note"] = "month relative to the publication date"
            return rec
        if per == "day":  # "в прошлую пятницу": a weekday before/after the publication
            if wd is None:
                return None
            when = "past" if off < 0 else "future" if off > 0 else None
            rec["date_value"] = D.weekday_date(wd, published, when)
            rec["note"] = "weekday resolved against the publication date"
            return rec
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=off)
        if wd is not None:
            rec["date_value"] = monday + dt.timedelta(days=wd)
            rec["note"] = "weekday of a week relative to the publication date"
        elif per == "weekend":
            rec["date_value"] = monday + dt.timedelta(days=5)
            rec["note"] = "weekend (Saturday) relative to the publication date"
        else:
            rec["date_value"] = monday
            rec["note"] = "week relative to the publication date: date_value is its Monday"
        return rec

    # ------------------------------------------------------------------ times
    def _times(self, text: str, lang: str, busy: bytearray) -> list[dict]:
        out = []
        if lang == "de":
            for m in D.DE_SPOKEN_TIME.finditer(text):
                s, e = m.start(), m.end()
                g = m.groupdict()
                # a bare "8 h" is a duration and "viertel 6" needs a clock reading: ask for more
                # than the hour alone, unless 'Uhr' or a day part was said
                said = text[s:e].lower()
                if g.get("h") and not g.get("mi") and not g.get("dp") and "uhr" not in said:
                    continue
                if g.get("mi") and not g.get("dp") and re.match(r"\s+[A-ZÄÖÜ]", text[e:e + 3]):
                    continue  # "um 8 Uhr 40 Demonstranten": the 40 counts people
                if not self._free(busy, s, e):
                    continue
                # "viertel 6 Personen": a fraction before a count, not a time
                if g.get("q") and re.match(r"\s+[A-ZÄÖÜ]", text[e:e + 3]) and not g.get("dp"):
                    continue
                value = D.de_spoken_time(m, de_word_value)
                if value is None:
                    continue
                out.append(self._record(text, s, e, "time", value, "minute",
                                        note="spoken clock time" if g.get("q") else None))
                self._claim(busy, s, e)
        for m in D.TIME_PATTERNS[lang].finditer(text):
            s, e = m.start(), m.end()
            if not self._free(busy, s, e):
                continue
            g = m.groupdict()
            h = int(g["h"])
            mi = g.get("mi") or g.get("mi2")
            ampm = (g.get("ampm") or "").lower().replace(".", "")
            if lang == "en" and not mi and not ampm:
                continue
            if ampm == "pm" and h < 12:
                h += 12
            elif ampm == "am" and h == 12:
                h = 0
            value = h * 60 + (int(mi) if mi else 0)
            out.append(self._record(text, s, e, "time", value, "minute"))
            self._claim(busy, s, e)
        return out

    # ------------------------------------------------------------------ numbers
    def _numbers(self, text: str, lang: str, published, busy: bytearray) -> list[dict]:
        toks = [Tok(m.lastgroup, m.start(), m.end(), m.group(), m.group().lower())
                for m in TOKEN_RE.finditer(text)]
        out = []
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            if t.kind == "p" or busy[t.start]:
                i += 1
                continue
            core = self._core(text, toks, i, lang)
            if core is None:
                i += 1
                continue
            rec = self._classify(text, toks, core, lang, published, busy)
            if rec is None:
                i = max(core.j, i + 1) if core.digits else i + 1
                continue
            self._claim(busy, rec["char_start"], rec["char_end"])
            out.append(rec)
            while i < n and toks[i].start < rec["char_end"]:
                i += 1
        return out

    # --- number cores ------------------------------------------------------------
    def _is_scale(self, tok: Tok, lang: str) -> float | None:
        if tok.kind != "word":
            return None
        if lang == "ru":
            return self.ru_scale.get(tok.low)
        return U.SCALES[lang].get(tok.low)

    def _word_value(self, tok: Tok, lang: str) -> float | None:
        if tok.kind != "word":
            return None
        if lang == "de":
            return de_word_value(tok.text)
        if lang == "en":
            return EN_WORDS.get(tok.low)
        return self.ru_words.cardinal.get(tok.low)

    def _core(self, text: str, toks: list[Tok], i: int, lang: str) -> Core | None:
        t = toks[i]
        n = len(toks)
        prev = toks[i - 1] if i else None
        if t.kind == "num":
            # digits glued to a name: G20, COVID-19, Су-57, F-35
            if prev and prev.end == t.start:
                if prev.kind == "word":
                    return None
                if prev.text in "-‑" and i >= 2 and toks[i - 2].end == prev.start and toks[i - 2].kind == "word":
                    return None
                if prev.text in "/.:":
                    return None
            if IDENT_BEFORE.search(text, max(0, t.start - 14), t.start):
                return None
            value = parse_digits(t.text, lang)
            if value is None:
                return None
            core = Core(t.start, t.end, i, i + 1, value, digits=True, raw_digits=t.text)
            nxt = toks[i + 1] if i + 1 < n else None
            # "2½": a digit with a vulgar fraction glued on
            if nxt and nxt.start == t.end and nxt.text in VULGAR_FRACTIONS and t.text.isdigit():
                core.value += VULGAR_FRACTIONS[nxt.text]
                core.end, core.j = nxt.end, i + 2
                return self._scale_and_range(text, toks, core, lang)
            # "1/2", "3/4": a proper fraction with a small denominator (not a date, not 24/7)
            if (nxt and nxt.text == "/" and nxt.start == t.end and i + 2 < n and t.text.isdigit()
                    and toks[i + 2].kind == "num" and toks[i + 2].start == nxt.end
                    and toks[i + 2].text.isdigit()
                    and text[toks[i + 2].end:toks[i + 2].end + 1] not in ("/", "-", ".")):
                num, den = int(t.text), int(toks[i + 2].text)
                if 2 <= den <= 16 and 0 < num < den:
                    core.value = num / den
                    core.end, core.j, core.raw_digits = toks[i + 2].end, i + 3, ""
                    return self._scale_and_range(text, toks, core, lang)
            if nxt and nxt.start == t.end and nxt.kind == "word":
                if nxt.low in EN_ORD_SUFFIX and lang == "en":
                    core.ordinal, core.end, core.j = True, nxt.end, i + 2
                elif lang == "en" and nxt.low in U.EN_TIGHT_SCALES:
                    pass  # handled by the scale step
                elif lang == "de" and nxt.low in ("er", "ern", "ers") and len(t.text) == 4:
                    core.forced = {"kind": "date", "decade": True}
                    core.end, core.j = nxt.end, i + 2
                elif nxt.low in UNIT_SUFFIX:
                    core.forced = {"kind": "quantity", "unit": nxt.text}
                    core.end, core.j = nxt.end, i + 2
                    return core
                elif lang == "de" and _DE_MAL.match("x" + nxt.low):
                    pass
                else:
                    return None  # 5G, 3D, 100x: a name or code
            # German ordinal dot: "25. Jahrestag", "15. Fünfjahresplan"
            if (lang == "de" and nxt and nxt.text == "." and nxt.start == t.end and value < 1000
                    and t.text.isdigit()):
                after = toks[i + 2] if i + 2 < n else None
                if after and after.kind == "word" and after.start - nxt.end <= 1 and not \
                        text[nxt.end:after.start].count("\n") and after.low not in DE_FUNCTION:
                    if after.text[:1].isupper() or (after.low.endswith(("e", "en", "er", "es", "em"))
                                                   and i + 3 < n and toks[i + 3].text[:1].isupper()):
                        core.ordinal, core.end, core.j = True, nxt.end, i + 2
                        return core
            # Russian "15-й", "25-летие", "40-летний"
            if lang == "ru" and nxt and nxt.text in "-‑" and nxt.start == t.end and i + 2 < n:
                suf = toks[i + 2]
                if suf.kind == "word" and suf.start == nxt.end:
                    if suf.low in ("м", "х") and len(t.text) == 4:  # в 2008-м, 1990-х
                        core.end, core.j = suf.end, i + 3
                        core.forced = {"kind": "date", "decade": suf.low == "х"}
                        if core.j < n and toks[core.j].low.startswith("год"):
                            core.end, core.j = toks[core.j].end, core.j + 1
                        return core
                    if suf.low in RU_ORD_SUFFIX:
                        core.ordinal, core.end, core.j = True, suf.end, i + 3
                        return core
                    if suf.low.startswith("лети"):
                        core.ordinal, core.end, core.j = True, suf.end, i + 3
                        core.forced = {"kind": "ordinal", "unit": "годовщина"}
                        return core
                    for stem, unit in U.DURATION_ADJ["ru"].items():
                        if suf.low.startswith(stem):
                            core.end, core.j = suf.end, i + 3
                            core.forced = {"kind": "duration", "unit": unit}
                            if stem == "летн":
                                core.forced["adj"] = True
                            return core
            # German "6-stündigen", "10-mal", "10-fach", "5-prozentig"
            if lang == "de" and nxt and nxt.text in "-‑" and nxt.start == t.end and i + 2 < n:
                suf = toks[i + 2]
                if suf.kind == "word" and suf.start == nxt.end:
                    m = _DE_DUR_ADJ.match("x" + suf.low)
                    if m:
                        core.end, core.j = suf.end, i + 3
                        core.forced = {"kind": "duration", "unit": U.DURATION_ADJ["de"][m.group(2).lower()]}
                        if suf.text.startswith("Jährig"):
                            core.forced["note"] = "age"
                        return core
                    if suf.low.startswith(("mal", "fach")):
                        core.end, core.j = suf.end, i + 3
                        core.forced = {"kind": "ratio"}
                        return core
                    if suf.low.startswith("prozentig"):
                        core.end, core.j = suf.end, i + 3
                        core.forced = {"kind": "percent"}
                        return core
            if lang == "en" and nxt and nxt.text in "-‑" and nxt.start == t.end and i + 4 < n \
                    and toks[i + 2].low in ("year", "month") and toks[i + 4].low == "old":
                core.end, core.j = toks[i + 4].end, i + 5
                core.forced = {"kind": "duration", "unit": toks[i + 2].low, "note": "age"}
                return core
            if lang == "en" and nxt and nxt.text in "-‑" and nxt.start == t.end and i + 2 < n:
                suf = toks[i + 2]
                if suf.low == "fold" and suf.start == nxt.end:
                    core.end, core.j = suf.end, i + 3
                    core.forced = {"kind": "ratio"}
                    return core
            return self._scale_and_range(text, toks, core, lang)
        if t.kind != "word":
            return None
        if t.text in VULGAR_FRACTIONS:
            return self._scale_and_range(text, toks, Core(t.start, t.end, i, i + 1, VULGAR_FRACTIONS[t.text]), lang)
        # "около недели", "через год", "меньше чем через сутки"; "a year ago", "more than a year"
        one = self._bare_unit(text, toks, i, lang)
        if one is not None:
            return one
        # "den ganzen Tag", "целый год", "the whole week": one unit of time
        if t.low in _WHOLE[lang] and i + 1 < n:
            unit = self._duration_unit(toks[i + 1], lang)
            if unit and unit != "decade" and self._singular_unit(toks[i + 1], lang):
                return Core(t.start, toks[i + 1].end, i, i + 2, 1.0,
                            forced={"kind": "duration", "unit": unit})
        # single-token German specials: sechsstündigen, zehnmal, zehnfach
        if lang == "de":
            # "zu dritt", "zu zweit": a group of that many people
            if prev is not None and prev.low == "zu" and not t.low.endswith("e") and t.text.islower():
                v = de_ordinal_value(t.low + "e")
                if v is not None and v < 100 and (i + 1 >= n or toks[i + 1].kind != "word"
                                                   or not toks[i + 1].text[:1].isupper()):
                    return Core(prev.start, t.end, i, i + 1, v,
                                forced={"kind": "quantity", "unit": "Person", "note": "group size ('zu dritt')"})
            m = _DE_DUR_ADJ.match(t.low)
            if m and de_word_value(m.group(1)) is not None:
                return Core(t.start, t.end, i, i + 1, de_word_value(m.group(1)),
                            forced={"kind": "duration", "unit": U.DURATION_ADJ["de"][m.group(2).lower()]})
            m = _DE_MAL.match(t.low)
            if m and de_word_value(m.group(1)) is not None and m.group(1) not in DE_ARTICLE_ONE - {"ein"}:
                return Core(t.start, t.end, i, i + 1, de_word_value(m.group(1)), forced={"kind": "ratio"})
        if lang == "ru":
            m = _RU_DUR_ADJ.match(t.low)
            if m:
                return Core(t.start, t.end, i, i + 1, _RU_PREFIX[m.group(1)],
                            forced={"kind": "duration", "unit": U.DURATION_ADJ["ru"][m.group(2)],
                                    "adj": m.group(2) == "летн"})
            if t.low in _RU_HALF:
                v, u = _RU_HALF[t.low]
                return Core(t.start, t.end, i, i + 1, v, forced={"kind": "duration", "unit": u})
        ratio = U.RATIO_WORDS[lang].get(t.low)
        if ratio is not None:
            return Core(t.start, t.end, i, i + 1, ratio, forced={"kind": "ratio"})
        # ordinal words
        ordv = None
        if lang == "de" and not t.text.isupper():
            ordv = de_ordinal_value(t.text)
        elif lang == "en":
            ordv = EN_ORDINALS.get(t.low)
            if ordv == 2 and (prev and prev.low in ("a", "per", "one", "every") or
                              (i + 1 < n and toks[i + 1].low in ("of", "time"))):
                ordv = None
        elif lang == "ru":
            ordv = self.ru_words.ordinal.get(t.low)
        if ordv is not None:
            return Core(t.start, t.end, i, i + 1, ordv, ordinal=True)
        # word numbers
        return self._word_core(text, toks, i, lang)

    def _word_core(self, text: str, toks: list[Tok], i: int, lang: str) -> Core | None:
        n = len(toks)
        t = toks[i]
        vals: list[float] = []
        j = i
        article = False
        if lang == "de" and t.low in DE_ARTICLE_ONE and t.low != "eins":
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt and nxt.low in ("halbe", "halben", "halbes", "halber", "halb"):
                return self._scale_and_range(text, toks, Core(t.start, nxt.end, i, i + 2, 0.5), lang)
            article = True
        if lang == "en" and t.low in ("a", "an"):
            nxt = toks[i + 1] if i + 1 < n else None
            if not nxt or nxt.low not in ("hundred", "thousand", "million", "billion", "dozen",
                                         "half", "trillion", "couple"):
                return None
            article = True
            if nxt.low == "half":
                return self._scale_and_range(text, toks, Core(t.start, nxt.end, i, i + 2, 0.5), lang)
            vals.append(1.0)
            j = i + 1
        while j < n:
            tok = toks[j]
            if lang == "de" and vals and tok.low in _DE_FRACTIONS:
                break
            v = self._word_value(tok, lang)
            if v is None and lang == "en" and tok.low in EN_SPECIAL and not vals:
                v = EN_SPECIAL[tok.low]
            if v is None and vals:
                sc = self._is_scale(tok, lang)
                if sc and sc < 100:
                    break  # 'fünf Dutzend' = 5 × 12: the scale step multiplies
                if sc and lang != "en" or (sc and tok.low in ("hundred", "thousand", "million", "billion", "trillion")):
                    v = sc
            if v is None:
                # joiners inside a number: twenty-five, two hundred and five
                if vals and lang == "en" and tok.text in "-" and j + 1 < n and tok.start == toks[j - 1].end \
                        and EN_WORDS.get(toks[j + 1].low) is not None:
                    j += 1
                    continue
                if vals and lang == "en" and tok.low == "and" and j + 1 < n and EN_WORDS.get(toks[j + 1].low) \
                        and toks[j - 1].low in ("hundred", "thousand"):
                    j += 1
                    continue
                break
            if vals and v >= 1000 and v in (1e3, 1e6, 1e9, 1e12) and lang != "ru":
                break  # leave the scale to the scale step (keeps 'zwei Millionen' = 2e6)
            vals.append(v)
            j += 1
            if lang == "de" and t.low in DE_ARTICLE_ONE:
                break
        if not vals:
            return None
        if lang == "en":
            value = en_words_value([toks[k].text for k in range(i, j) if toks[k].text != "-"]) \
                if not article else combine(vals)
        else:
            value = combine(vals)
        if value is None:
            return None
        if lang == "ru" and vals[0] == 1 and len(vals) == 1:
            article = True
        if lang == "en" and t.low == "one" and len(vals) == 1:
            article = True
        core = Core(toks[i].start, toks[j - 1].end, i, j, value, article=article)
        # spoken decimals: "zwei Komma drei" = 2.3, "two point five" = 2.5
        dec = _DECIMAL_WORD.get(lang)
        if dec and j + 1 < n and toks[j].low == dec and toks[j].start - toks[j - 1].end == 1:
            k, parts = j + 1, []
            while k < n and toks[k].kind == "word" and toks[k].start - toks[k - 1].end == 1:
                v = self._word_value(toks[k], lang)
                if v is None or v >= 1000 or (parts and v > 9):
                    break
                parts.append(v)
                k += 1
            frac = spoken_decimals(parts)
            if frac is not None:
                core.value += frac
                core.end, core.j, core.article = toks[k - 1].end, k, False
                return self._scale_and_range(text, toks, core, lang)
        # "fünf und drei Viertel Milliarden" = 5.75e9
        if (lang == "de" and not article and j + 2 < n and toks[j].low == "und"
                and toks[j + 2].low in _DE_FRACTIONS):
            v = self._word_value(toks[j + 1], lang)
            if v is not None and v < 10:
                core.value += v * _DE_FRACTIONS[toks[j + 2].low]
                core.end, core.j = toks[j + 2].end, j + 3
                return self._scale_and_range(text, toks, core, lang)
        if lang == "de" and j < n and not article:
            frac = _DE_FRACTIONS.get(toks[j].low)
            ordv = de_ordinal_value(toks[j].text) if frac is None else None
            if frac is not None:  # "drei halbe" = 1.5, "zwei Drittel" = 2/3
                core.value *= frac
                core.end, core.j = toks[j].end, j + 1
            elif ordv is not None and ordv >= 1000:  # "einhundert Milliardste"
                core.value *= ordv
                core.ordinal = True
                core.end, core.j = toks[j].end, j + 1
                return core
        # "one and a half", "zwei Komma fünf"
        if lang == "en" and j + 2 < n and toks[j].low == "and" and toks[j + 1].low == "a" and toks[j + 2].low == "half":
            core.value += 0.5
            core.end, core.j, core.article = toks[j + 2].end, j + 3, False
        # Russian compound ordinals: "двадцать пятый"
        if lang == "ru" and core.j < n and core.value >= 20 and core.value % 10 == 0:
            o = self.ru_words.ordinal.get(toks[core.j].low)
            if o is not None and o < 10:
                core.value += o
                core.ordinal = True
                core.end, core.j = toks[core.j].end, core.j + 1
                return core
        return self._scale_and_range(text, toks, core, lang)

    def _scale_and_range(self, text: str, toks: list[Tok], core: Core, lang: str) -> Core:
        n = len(toks)
        j = core.j
        # German compounds: 200-Milliarden-Dollar-Marke
        hy = lang == "de" and j + 1 < n and toks[j].text == "-" and toks[j].start == toks[j - 1].end
        k = j + 1 if hy else j
        if k < n:
            tok = toks[k]
            sc = self._is_scale(tok, lang)
            if sc and lang == "en" and tok.low in U.EN_TIGHT_SCALES:
                tight = tok.start == toks[k - 1].end
                prefix = core.i > 0 and toks[core.i - 1].text in U.CURRENCY_SYMBOLS
                if not ((tight and prefix) or tok.low in ("bn", "mn", "tn")):
                    sc = None
            if sc and lang == "ru" and tok.low.startswith(("тысяч", "миллион", "миллиард")) and core.ordinal:
                sc = None
            if sc:
                core.value *= sc
                core.scale = sc
                core.end, core.j = tok.end, k + 1
                core.article = False
                if tok.low in U.SCALE_ABBR_DOT and k + 1 < n and toks[k + 1].text == "." and toks[k + 1].start == tok.end:
                    core.end, core.j = toks[k + 1].end, k + 2
                # "zwei Millionen eintausendeinhundertfünfzig"
                if core.j < n and lang == "de" and not core.digits:
                    v = de_word_value(toks[core.j].text)
                    if v is not None and toks[core.j].low not in DE_ARTICLE_ONE and v < sc:
                        core.value += v
                        core.end, core.j = toks[core.j].end, core.j + 1
        # ranges: 10–20, 10 bis 20, zwischen 10 und 20, от 30 до 50, 2026–27
        if core.ordinal:
            return core
        tail = text[core.end:core.end + 12]
        m = RANGE_RE[lang].match(tail)
        word_and = RANGE_AND[lang]
        before = text[max(0, core.start - 12):core.start].lower()
        if not m or (m.group().strip() in ("-", "–", "—") and core.scale == 1 and not core.digits):
            if tail.lower().startswith(f" {word_and[1]} ") and before.rstrip().endswith(word_and[0]):
                m = re.match(rf"\s*{word_and[1]}\s*", tail, re.I)
            else:
                return core
        if lang == "en" and m.group().strip() == "to" and before.rstrip().endswith("from"):
            return core
        if lang == "ru" and m.group().strip() == "до" and not re.search(r"(?:^|\s)от\s*$", before):
            return core
        k = core.j
        while k < n and toks[k].start < core.end + m.end():
            k += 1
        if k >= n or toks[k].start != core.end + m.end():
            return core
        second = self._core(text, toks, k, lang)
        if second is None or second.ordinal or second.forced:
            return core
        lo, hi = core.value, second.value
        if core.digits and second.digits and len(core.raw_digits) == 4 and len(second.raw_digits) == 2:
            hi = (core.value // 100) * 100 + second.value
        if second.scale > 1 and core.scale == 1 and core.value * second.scale <= hi:
            lo = core.value * second.scale
        if hi <= lo:
            return core
        core.value, core.end, core.j = lo, second.end, second.j
        core.scale = second.scale
        core.forced = {"value_max": hi}
        return core

    # --- classification ---------------------------------------------------------
    def _classify(self, text, toks, core: Core, lang, published, busy) -> dict | None:
        n = len(toks)
        start, end = core.start, core.end
        if not self._free(busy, start, end):
            return None
        forced = dict(core.forced)
        value_max = forced.pop("value_max", None)
        kind = forced.get("kind")
        unit = forced.get("unit")
        note = None
        subject = None
        date_value = None
        j = core.j
        ago_date = False
        # currency prefix: $200, US$ 5, € 12, USD 3
        if core.i > 0 and not core.ordinal:
            p = toks[core.i - 1]
            gap = text[p.end:core.start]
            if gap in ("", " ", "\u00a0"):
                code = None
                if p.text in U.CURRENCY_SYMBOLS and p.kind == "p":
                    code = U.CURRENCY_SYMBOLS[p.text]
                    if core.i >= 2 and toks[core.i - 2].end == p.start and toks[core.i - 2].text.upper() in U.ISO_CODES | {"US"}:
                        up = toks[core.i - 2].text.upper()
                        code = "USD" if up == "US" else up
                        p = toks[core.i - 2]
                elif p.text in U.ISO_CODES:
                    code = "CNY" if p.text == "RMB" else p.text
                if code:
                    kind, unit, start = "money", code, p.start
        nxt, k = self._next_word(toks, j, lang)
        if kind is None and not core.ordinal:
            kind, unit, end, k2 = self._unit_after(text, toks, core, lang)
            if kind:
                j = k2
        elif kind == "money" and not core.ordinal:
            # "$5 billion dollars" rarely; still absorb a trailing currency word
            pass
        if kind == "money" and lang in ("de", "en") and end == text.find(" ", end) and not core.ordinal:
            m = _CENTS.match(text, end)
            if m:
                word = m.group(1)
                c = int(word) if word.isdigit() else (de_word_value(word) if lang == "de" else EN_WORDS.get(word.lower()))
                has_cent = m.group(0).rstrip().lower().endswith(("cent", "cents", "ct", "rappen"))
                glued = "und" in m.group(0).lower() or "and" in m.group(0).lower()
                if c is not None and 1 <= c <= 99 and c == int(c) and (has_cent or not glued or word.isdigit()) \
                        and (has_cent or text[m.end():m.end() + 1] in ("", ".", ",", ";", " ") and (has_cent or lang == "de")):
                    nxt_char = text[m.end():m.end() + 2]
                    if has_cent or nxt_char[:1] in ("", ".", ",", ";"):
                        core.value += c / 100
                        end = m.end()
        if core.ordinal and kind is None:
            kind = "ordinal"
        if kind == "ordinal" and unit is None:
            noun = self._noun_after(text, toks, core.j, lang)
            if noun:
                unit, end = noun[0], noun[2]
        if kind == "duration" and "decade" == unit:
            core.value *= 10
            value_max = value_max * 10 if value_max else None
            unit = "year"
        if kind == "duration" and not forced:
            end, j, core.value, unit = self._chain_duration(text, toks, j, lang, core.value, unit, end)
        if kind == "duration" and unit in ("day", "week", "month", "year") and note is None:
            ago = _AGO[lang].match(text, end) if _AGO[lang] else None
            vor = lang == "de" and _DE_VOR.search(text, max(0, core.start - 6), core.start)
            if ago or vor:  # "drei Jahre назад", "vor zwei Wochen", "a year ago": a date
                if ago:
                    end = ago.end()
                else:
                    start = vor.start()
                    core.start = start
                kind, ago_date = "date", True
                date_value, note = self._ago(core.value, unit, published)
                unit = "day" if unit == "week" else unit
        if kind == "date" and "decade" in forced:
            date_value = dt.date(int(core.value), 1, 1)
            unit = "year"
            if forced["decade"]:
                value_max, note = core.value + 9, "decade"
            core.value = None
        if forced.get("note"):
            note = forced["note"]
        if forced.get("adj") and self._ru_person_follows(toks, core.j):
            note = "age"  # "двухлетний мальчик", "42-летний Иванов"; "12-летний срок" stays a duration
        if kind == "duration" and unit in ("year", "month", "week", "day") and note is None \
                and self._is_age(text, core.start, end, lang, unit):
            note = "age"
        if kind is None:
            # bare year: 2025, 1990 (no separators, no scale, plausible range)
            if (core.digits and core.raw_digits.isdigit() and len(core.raw_digits) == 4
                    and 1800 <= core.value <= 2100 and core.scale == 1):
                q = self._qualifier(text, start, lang)
                if q in (None,) or lang == "ru":
                    kind, unit = "date", "year"
                    date_value = dt.date(int(core.value), 1, 1)
                    if value_max:
                        note = f"year range {int(core.value)}–{int(value_max)}"
                    core.value = None
        if kind is None:
            if core.article:
                return None
            kind = "quantity"
            noun = self._noun_after(text, toks, core.j, lang)
            if noun:
                unit, subject, end = noun
            elif unit is None and lang == "de" and core.digits is False and core.value in (1,) \
                    and text[core.start:core.end].lower() != "eins":
                return None
        if kind == "ratio" and core.i > 0 and lang == "ru" and toks[core.i - 1].low == "в":
            start = toks[core.i - 1].start
        if value_max is not None and kind != "date":
            m = RANGE_OPEN.search(text, max(0, start - 12), start)
            if m:
                start = m.start(1)
        # qualifier in front
        q = self._qualifier(text, start, lang, with_span=True)
        qualifier = "exact"
        if q and (kind not in ("date", "time", "ordinal") or ago_date):
            qualifier, start = q
        if kind in ("money", "percent", "duration", "ratio") and subject is None:
            subject = self._subject_before(text, toks, core.i, lang)
        if kind == "percent":
            unit = "%"
        if kind == "ratio":
            unit = "times"
        if kind == "ordinal" and unit is None:
            note = "ordered thing not found"
        # German hyphen compound tail: 200-Milliarden-Dollar-Marke
        if lang == "de":
            while end < len(text) - 1 and text[end] == "-" and (text[end + 1].isalpha()):
                m = re.match(r"-[^\W\d_]+", text[end:])
                end += m.end()
        rec = self._record(text, start, end, kind, core.value if kind != "date" else None, unit,
                           qualifier=qualifier, subject=subject, note=note, value_max=value_max,
                           date_value=date_value)
        return rec

    def _next_word(self, toks, j, lang):
        n = len(toks)
        if j < n and lang == "de" and toks[j].text == "-" and j + 1 < n and toks[j].start == toks[j - 1].end:
            return toks[j + 1], j + 1
        return (toks[j], j) if j < n else (None, j)

    def _unit_after(self, text, toks, core: Core, lang):
        """Kind and unit named right after a number core: %, currency, time unit, Uhr, mal."""
        n = len(toks)
        j = core.j
        tok, k = self._next_word(toks, j, lang)
        if tok is None:
            return None, None, core.end, j
        gap = text[toks[k - 1].end if k > 0 else 0:tok.start]
        if len(gap) > 2 or "\n" in gap:
            return None, None, core.end, j
        low = tok.low
        # percent
        if tok.text in ("%", "％"):
            return "percent", "%", tok.end, k + 1
        if lang == "de" and low.startswith("prozent"):
            return "percent", "%", tok.end, k + 1
        if lang == "en":
            if low in ("percent", "pct"):
                return "percent", "%", tok.end, k + 1
            if low == "per" and k + 1 < n and toks[k + 1].low == "cent":
                return "percent", "%", toks[k + 1].end, k + 2
            if low == "percentage" and k + 1 < n and toks[k + 1].low.startswith("point"):
                return "percent", "%", toks[k + 1].end, k + 2
        if lang == "ru":
            if tok.kind == "word" and self.lem.ru_lemma(low) in ("процент", "процентный"):
                e, kk = tok.end, k + 1
                if kk < n and toks[kk].low.startswith("пункт"):
                    e, kk = toks[kk].end, kk + 1
                return "percent", "%", e, kk
            if low == "п" and k + 3 < n and toks[k + 1].text == "." and toks[k + 2].low == "п":
                e = toks[k + 3].end if toks[k + 3].text == "." else toks[k + 2].end
                return "percent", "%", e, k + 4
        # currency: symbol, ISO code, word (with adjectives in front)
        if tok.text in U.CURRENCY_SYMBOLS and tok.kind == "p":
            return "money", U.CURRENCY_SYMBOLS[tok.text], tok.end, k + 1
        if tok.text.upper() in U.ISO_CODES and tok.kind == "word" and (tok.text.isupper()):
            code = "CNY" if tok.text.upper() == "RMB" else tok.text.upper()
            return "money", code, tok.end, k + 1
        res = self._currency_word(toks, k, lang)
        if res:
            code, e, kk = res
            return "money", code, e, kk
        # duration
        dur = self._duration_unit(tok, lang)
        if dur:
            if lang == "ru" and dur == "year" and core.digits and 1000 <= core.value <= 2100 and \
                    core.raw_digits.isdigit() and not low.startswith("лет"):
                return "date", "year", tok.end, k + 1
            if lang == "de" and dur == "year" and core.ordinal:
                return None, None, core.end, j
            if not core.ordinal:
                return "duration", dur, tok.end, k + 1
        # clock time
        if lang == "de" and low == "uhr" and core.value < 24 and not core.ordinal:
            core.value *= 60
            return "time", "minute", tok.end, k + 1
        if lang == "en" and low == "o" and k + 2 < n and toks[k + 2].low == "clock":
            core.value *= 60
            return "time", "minute", toks[k + 2].end, k + 3
        # ratio
        if lang == "de" and low in ("mal", "fach") and not core.ordinal and tok.text != "Mal":
            return "ratio", "times", tok.end, k + 1
        if lang == "en" and low == "times" and not core.ordinal:
            return "ratio", "times", tok.end, k + 1
        if lang == "ru" and low in ("раз", "раза") and not core.ordinal:
            return "ratio", "times", tok.end, k + 1
        return None, None, core.end, j

    def _currency_word(self, toks, k, lang):
        """(code, end, next index) for a currency word at k, allowing adjectives before it."""
        n = len(toks)
        code_override = None
        kk = k
        for _ in range(2):
            if kk >= n or toks[kk].kind != "word":
                return None
            low = toks[kk].low
            # US-Dollar
            if low == "us" and kk + 2 < n and toks[kk + 1].text == "-" and toks[kk + 2].low == "dollar":
                return "USD", toks[kk + 2].end, kk + 3
            code = self._currency_code(toks[kk], lang)
            if code:
                e, nxt = toks[kk].end, kk + 1
                if code == "USD" and code_override:
                    code = code_override
                if toks[kk].low in ("долл", "руб") and nxt < n and toks[nxt].text == ".":
                    e, nxt = toks[nxt].end, nxt + 1
                if nxt < n and toks[nxt].low in U.CURRENCY_COUNTRY_SUFFIX and (toks[nxt].text.isupper()):
                    e, nxt = toks[nxt].end, nxt + 1
                return code, e, nxt
            adj = next((v for s, v in U.CURRENCY_ADJ.items() if low.startswith(s)), None)
            if adj is None:
                return None
            code_override = adj[1]
            kk += 1
        return None

    def _currency_code(self, tok: Tok, lang: str) -> str | None:
        if lang == "ru":
            if tok.low in ("долл", "руб", "евро"):
                return U.CURRENCY_WORDS["ru"][tok.low]
            return U.CURRENCY_WORDS["ru"].get(self.lem.ru_lemma(tok.low))
        return U.CURRENCY_WORDS[lang].get(tok.low)

    def _duration_unit(self, tok: Tok, lang: str) -> str | None:
        if tok.kind != "word":
            return None
        if lang == "ru":
            if tok.low in ("лет", "года", "год", "году", "годы"):
                return "year"
            if tok.low in U.DURATION_UNITS["ru"]:
                return U.DURATION_UNITS["ru"][tok.low]
            lem = self.lem.ru_lemma(tok.low)
            return U.DURATION_UNITS["ru"].get(lem)
        if lang == "de" and tok.low in ("s", "h", "min") and not tok.text.islower():
            return None
        return U.DURATION_UNITS[lang].get(tok.low)

    def _bare_unit(self, text: str, toks: list[Tok], i: int, lang: str) -> Core | None:
        """A time-unit noun without a number after a qualifier or time preposition = one unit."""
        t = toks[i]
        prev = toks[i - 1].low if i else ""
        if i == 0 and lang == "ru":
            return None
        if lang == "ru":
            if prev not in _RU_BARE_BEFORE:
                return None
            unit = self._duration_unit(t, lang)
            if not unit or unit == "decade" or t.low in ("ч", "мин", "сек", "лет"):
                return None
            if not (self._singular_unit(t, lang) or t.low.startswith("сут")):
                return None
            if prev not in _RU_BARE_BEFORE:
                return None
            if i + 1 < len(toks) and toks[i + 1].kind == "word":  # "день рождения", "год Тигра"
                p = self.lem.ru_parse(toks[i + 1].low)
                if p.tag.POS == "NOUN" and "gent" in p.tag:
                    return None
            return Core(t.start, t.end, i, i + 1, 1.0, forced={"kind": "duration", "unit": unit})
        if lang == "en" and t.low in ("a", "an") and i + 1 < len(toks):
            unit = self._duration_unit(toks[i + 1], lang)
            if not unit or unit == "decade" or toks[i + 1].low.endswith("s"):
                return None
            after = text[toks[i + 1].end:toks[i + 1].end + 5].lower()
            if prev in ("than", "over", "about", "nearly", "almost", "within", "for", "under") or after.startswith(" ago"):
                return Core(t.start, toks[i + 1].end, i, i + 2, 1.0, forced={"kind": "duration", "unit": unit})
        return None

    def _singular_unit(self, tok: Tok, lang: str) -> bool:
        """A time-unit noun in the singular ('Tag', 'неделю', 'year'): one unit when no number is named."""
        if lang == "ru":
            return "sing" in self.lem.ru_parse(tok.low).tag
        if lang == "de":
            return tok.low in ("sekunde", "minute", "stunde", "tag", "woche", "monat", "jahr", "nacht")
        return not tok.low.endswith("s")

    def _chain_duration(self, text, toks, j, lang, value, unit, end):
        """`eine Stunde und 25 Minuten` → 85 minute; `1 час 25 минут` likewise."""
        n = len(toks)
        k = j
        if k < n and toks[k].low in ("und", "and", "и", ",") and toks[k].start - end <= 1:
            k += 1
        if k >= n or toks[k].start - (toks[k - 1].end if k > j else end) > 1:
            return end, j, value, unit
        nxt = self._core(text, toks, k, lang)
        if nxt is None or nxt.ordinal or nxt.forced:
            return end, j, value, unit
        if nxt.j >= n:
            return end, j, value, unit
        u2 = self._duration_unit(toks[nxt.j], lang)
        if not u2 or u2 == "decade" or SECONDS.get(u2, 0) >= SECONDS.get(unit, 0):
            return end, j, value, unit
        total = value * SECONDS[unit] / SECONDS[u2] + nxt.value
        return toks[nxt.j].end, nxt.j + 1, total, u2

    # --- context -----------------------------------------------------------------
    @staticmethod
    def _ago(value: float, unit: str, published) -> tuple[dt.date | None, str]:
        """The date `value` units before publication ('vor drei Jahren' in 2026 → 2023)."""
        if published is None:
            return None, f"{value:g} {unit}(s) before the publication date, which is unknown"
        try:
            if unit in ("month", "year"):
                months = round(value * (12 if unit == "year" else 1))
                k = published.year * 12 + published.month - 1 - months
                d = dt.date(k // 12, k % 12 + 1, 1) if unit == "month" else dt.date(k // 12, 1, 1)
            else:
                d = published - dt.timedelta(days=round(value * (7 if unit == "week" else 1)))
        except (ValueError, OverflowError):  # 'vor 5000 Jahren': before year 1, no calendar date
            return None, f"{value:g} {unit}(s) before the publication date, outside the calendar"
        return d, f"{value:g} {unit}(s) before the publication date"

    def _ru_person_follows(self, toks, j) -> bool:
        """The noun after a Russian '-летний' adjective names a living being (pymorphy3 'anim')."""
        for k in range(j, min(len(toks), j + 3)):
            if toks[k].text in "-‑" or toks[k].low == "экс":
                continue
            if toks[k].kind != "word":
                return False
            if toks[k].text[:1].isupper():
                return True
            p = self.lem.ru_parse(toks[k].low)
            if p.tag.POS == "NOUN":
                return "anim" in p.tag or p.normal_form == "юбилей"
            if p.tag.POS not in ("ADJF", "PRTF"):
                return False
        return False

    def _is_age(self, text: str, start: int, end: int, lang: str, unit: str = "year") -> bool:
        """A number of years that is somebody's age (kept as duration, note 'age')."""
        before = text[max(0, start - 30):start]
        if lang == "ru" and unit == "year" and _AGE_AT_RU.search(before) and \
                re.match(r"\s*(?:лет|года?)\b", text[start:end].split(" ", 1)[-1] if " " in text[start:end] else ""):
            return True
        after = text[end:end + 12]
        return bool(_AGE_BEFORE[lang].search(before) or _AGE_AFTER[lang].match(after))

    def _qualifier(self, text: str, start: int, lang: str, with_span: bool = False):
        m = _QUAL[lang].search(text, max(0, start - 30), start)
        if not m:
            return None
        q = U.QUALIFIERS[lang][m.group(1).lower()]
        return (q, m.start(1)) if with_span else q

    def _noun_after(self, text, toks, j, lang) -> tuple[str, str, int] | None:
        """(base form, as written) of the counted/ordered noun after a number."""
        n = len(toks)
        first = None
        for k in range(j, min(n, j + 4)):
            tok = toks[k]
            if k == j and tok.text == "-" and lang == "de":
                continue
            if tok.kind != "word":
                return None
            if k > j and text[toks[k - 1].end:tok.start].strip() not in ("", "-"):
                return None
            if first is None:
                first = tok.start
            if lang == "de":
                if tok.text[:1].isupper() and tok.low not in DE_FUNCTION:
                    if self._month(tok.text, "de"):
                        return None
                    return self.lem.de_noun(tok.text), text[first:tok.end], tok.end
                if tok.low in DE_FUNCTION or not tok.low.endswith(("e", "en", "er", "es", "em", "n")):
                    return None
            elif lang == "ru":
                p = self.lem.ru_parse(tok.low)
                pos = p.tag.POS
                if pos == "NOUN" and tok.low not in self.ru_scale:
                    return p.normal_form, text[first:tok.end], tok.end
                if pos not in ("ADJF", "PRTF", "NUMR") or k - j >= 3:
                    return None
            else:
                if tok.low in EN_STOP or not tok.text.isalpha() or tok.low in EN_WORDS:
                    return None
                more = k + 1 < n and toks[k + 1].kind == "word" and toks[k + 1].low not in EN_STOP \
                    and toks[k + 1].start - tok.end == 1
                if more and k - j < 2 and (tok.text[:1].isupper() or tok.low.endswith(_EN_ADJ_END)):
                    continue
                return self.lem.en_noun(tok.text), text[first:tok.end], tok.end
        return None

    def _en_clause_subject(self, toks, i) -> str | None:
        """Head of the noun phrase that opens the figure's clause: 'The company's revenue rose 12%'
        → revenue, 'Trade between the two countries topped $200 billion' → trade."""
        k0 = i
        while k0 > 0 and not (toks[k0 - 1].kind == "p" and toks[k0 - 1].text in ".!?;:\n(\"“”"):
            k0 -= 1
            if i - k0 > 25:
                return None
        k, head = k0, None
        while k < i:
            tok = toks[k]
            if tok.kind == "word" and tok.low in EN_DETERMINERS:
                k += 1
                continue
            # possessor: "the company's revenue" → skip "company ' s"
            if tok.kind == "word" and k + 2 < i and toks[k + 1].text in "'’" and toks[k + 2].low == "s":
                k += 3
                continue
            if tok.low in ("said", "says", "say", "reported", "announced", "that") and head is not None:
                k0, head = k + 1, None  # "Gazprom said gas sales rose 5%": the reported clause
                k += 1
                continue
            if tok.kind != "word" or tok.low in EN_STOP or tok.low in _EN_VERBS or \
                    (head is not None and tok.low.endswith("ed")):
                break
            if tok.text.isupper() or (tok.text[:1].isupper() and k != k0):
                return None  # a name opens the clause: leave it to the nearest-noun rule
            head = tok
            k += 1
        if head is None or k >= i:
            return None
        lemma = self.lem.en_noun(head.text.lower())
        return None if lemma in U.GENERIC_SUBJECT_NOUNS["en"] else lemma

    def _subject_before(self, text, toks, i, lang) -> str | None:
        """Nearest noun before the figure in its clause that names what is measured."""
        generic = U.GENERIC_SUBJECT_NOUNS[lang]
        if lang == "en":
            subj = self._en_clause_subject(toks, i)
            if subj:
                return subj
        best = None
        for k in range(i - 1, max(-1, i - 16), -1):
            tok = toks[k]
            if tok.kind == "p" and tok.text in ".!?;:,\n()«»„“\"":
                break
            if tok.kind == "num" or tok.low in ("und", "and", "и", "oder", "or", "или", "а", "but", "aber"):
                break
            if tok.kind != "word":
                continue
            if lang == "de":
                if not tok.text[:1].isupper() or tok.text.isupper() or tok.low in DE_FUNCTION:
                    continue
                det = toks[k - 1].low if k else ""
                if det in DE_DETERMINERS or (k >= 2 and toks[k - 2].low in DE_DETERMINERS
                                             and toks[k - 1].text[:1].islower()):
                    lemma = self.lem.de_noun(tok.text)
                    if lemma.lower() not in generic and tok.low not in generic and not self._month(tok.text, "de"):
                        # genitive attribute: "der Umsatz der Werft" → the head, Umsatz
                        if det in ("der", "des") and k >= 3 and toks[k - 2].text[:1].isupper() \
                                and toks[k - 3].low in DE_DETERMINERS and toks[k - 2].low not in generic:
                            return self.lem.de_noun(toks[k - 2].text)
                        return lemma
            elif lang == "ru":
                p = self.lem.ru_parse(tok.low)
                if p.tag.POS != "NOUN" or {"Name", "Surn", "Patr", "Geox", "Orgn"} & set(p.tag.grammemes):
                    continue
                if p.normal_form in generic or tok.low in self.ru_scale:
                    continue
                if "nomn" in p.tag:
                    return p.normal_form
                best = best or p.normal_form
            else:
                if tok.low in EN_STOP or not tok.text.islower():
                    continue
                det = toks[k - 1].low if k else ""
                if det in EN_DETERMINERS:
                    # noun compounds: "the trade volume topped" → volume
                    h = k
                    while h + 1 < i and toks[h + 1].kind == "word" and toks[h + 1].text.islower() \
                            and toks[h + 1].low not in EN_STOP and not toks[h + 1].low.endswith("ed"):
                        h += 1
                    tok = toks[h]
                    lemma = self.lem.en_noun(tok.text)
                    if lemma not in generic:
                        return lemma
        return best
