"""Word tables for figures: currencies, scales, time units, months, qualifiers.

Kept as plain Python dicts (lower-cased keys) so the extractor can look tokens up
without any model; one table per concern, each keyed by language where it differs.
"""

from __future__ import annotations

# --- scale words: multiply the number before them -------------------------------------
SCALES: dict[str, dict[str, float]] = {
    "de": {
        "tausend": 1e3, "tsd": 1e3,
        "million": 1e6, "millionen": 1e6, "mio": 1e6, "mill": 1e6,
        "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "mia": 1e9,
        "billion": 1e12, "billionen": 1e12, "bio": 1e12,
        "dutzend": 12,
    },
    "en": {
        "thousand": 1e3, "k": 1e3,
        "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
        "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
        "trillion": 1e12, "tn": 1e12, "trn": 1e12,
        "dozen": 12,
    },
    "ru": {
        "тыс": 1e3, "млн": 1e6, "млрд": 1e9, "трлн": 1e12,
        # inflected forms of тысяча/миллион/миллиард/триллион are added from pymorphy3
    },
}
# abbreviations that may carry a trailing dot which belongs to the figure
SCALE_ABBR_DOT = {"tsd", "mio", "mrd", "mill", "bio", "тыс", "млн", "млрд", "трлн"}
# scale abbreviations that only count right after a currency sign or digits (never alone)
EN_TIGHT_SCALES = {"k", "m", "b", "bn", "mn", "tn"}

# --- currencies ------------------------------------------------------------------------
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "¥": "CNY", "₹": "INR",
    "₴": "UAH", "₺": "TRY", "₩": "KRW", "元": "CNY", "руб": "RUB", "р": "RUB",
}
ISO_CODES = {
    "USD", "EUR", "RUB", "CNY", "GBP", "JPY", "CHF", "INR", "UAH", "TRY", "KRW", "CAD",
    "AUD", "NZD", "HKD", "MXN", "BRL", "SEK", "NOK", "DKK", "PLN", "CZK", "KZT", "BYN",
    "RMB", "SGD", "ZAR", "SAR", "AED", "IRR", "ILS", "HUF",
}
CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "dollar": "USD", "us-dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
        "cent": "EUR", "rubel": "RUB", "rubeln": "RUB", "yuan": "CNY", "renminbi": "CNY",
        "pfund": "GBP", "yen": "JPY", "franken": "CHF", "rupien": "INR", "rupie": "INR",
        "hrywnja": "UAH", "hrywnja": "UAH", "lira": "TRY", "won": "KRW",
    },
    "en": {
        "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "rouble": "RUB",
        "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yuan": "CNY", "renminbi": "CNY",
        "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "franc": "CHF",
        "francs": "CHF", "rupee": "INR", "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH",
        "won": "KRW", "lira": "TRY",
    },
    "ru": {
        # lemmas (pymorphy3 normal forms) → code; the abbreviations are matched as written
        "доллар": "USD", "долл": "USD", "евро": "EUR", "рубль": "RUB", "руб": "RUB",
        "юань": "CNY", "фунт": "GBP", "иена": "JPY", "йена": "JPY", "франк": "CHF",
        "рупия": "INR", "гривна": "UAH", "лира": "TRY", "вона": "KRW", "тенге": "KZT",
    },
}
# adjectives in front of a currency word that change the code ("kanadische Dollar")
CURRENCY_ADJ: dict[str, tuple[str, str]] = {
    # stem: (base currency, resulting code)
    "kanadisch": ("USD", "CAD"), "canadian": ("USD", "CAD"), "канадск": ("USD", "CAD"),
    "australisch": ("USD", "AUD"), "australian": ("USD", "AUD"), "австралийск": ("USD", "AUD"),
    "hongkong": ("USD", "HKD"), "hong": ("USD", "HKD"), "гонконгск": ("USD", "HKD"),
    "neuseeländisch": ("USD", "NZD"), "singapur": ("USD", "SGD"), "singapore": ("USD", "SGD"),
    "amerikanisch": ("USD", "USD"), "us": ("USD", "USD"), "american": ("USD", "USD"),
    "американск": ("USD", "USD"), "britisch": ("GBP", "GBP"), "british": ("GBP", "GBP"),
    "британск": ("GBP", "GBP"), "indisch": ("INR", "INR"), "indian": ("INR", "INR"),
    "japanisch": ("JPY", "JPY"), "japanese": ("JPY", "JPY"), "японск": ("JPY", "JPY"),
    "chinesisch": ("CNY", "CNY"), "chinese": ("CNY", "CNY"), "китайск": ("CNY", "CNY"),
    "russisch": ("RUB", "RUB"), "russian": ("RUB", "RUB"), "российск": ("RUB", "RUB"),
    "schweizer": ("CHF", "CHF"), "swiss": ("CHF", "CHF"), "швейцарск": ("CHF", "CHF"),
}
# "долларов США", "dollars US"
CURRENCY_COUNTRY_SUFFIX = {"сша": "USD", "us": "USD", "usa": "USD"}

# --- percent ---------------------------------------------------------------------------
PERCENT_WORDS: dict[str, set[str]] = {
    "de": {"prozent", "%", "prozentpunkte", "prozentpunkten", "prozentpunkt", "vh"},
    "en": {"percent", "per cent", "%", "percentage points", "percentage point", "pct", "pp"},
    "ru": {"%", "процент", "процентный пункт", "п.п", "пп"},
}

# --- durations: word → unit ---------------------------------------------------------
DURATION_UNITS: dict[str, dict[str, str]] = {
    "de": {
        "sekunde": "second", "sekunden": "second", "sek": "second", "s": "second",
        "minute": "minute", "minuten": "minute", "min": "minute",
        "stunde": "hour", "stunden": "hour", "std": "hour", "h": "hour",
        "tag": "day", "tage": "day", "tagen": "day", "tages": "day",
        "woche": "week", "wochen": "week",
        "monat": "month", "monate": "month", "monaten": "month", "monats": "month",
        "jahr": "year", "jahre": "year", "jahren": "year", "jahres": "year",
        "jahrzehnt": "decade", "jahrzehnte": "decade", "jahrzehnten": "decade",
    },
    "en": {
        "second": "second", "seconds": "second", "sec": "second", "secs": "second",
        "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
        "hour": "hour", "hours": "hour", "hrs": "hour", "hr": "hour",
        "day": "day", "days": "day", "week": "week", "weeks": "week",
        "month": "month", "months": "month", "year": "year", "years": "year",
        "decade": "decade", "decades": "decade",
    },
    "ru": {  # lemmas
        "секунда": "second", "сек": "second", "минута": "minute", "мин": "minute",
        "час": "hour", "ч": "hour", "день": "day", "сутки": "day", "неделя": "week",
        "месяц": "month", "год": "year", "лет": "year", "десятилетие": "decade",
    },
}
DURATION_ORDER = ["second", "minute", "hour", "day", "week", "month", "year"]
DURATION_IN_MINUTES = {"second": 1 / 60, "minute": 1, "hour": 60, "day": 1440, "week": 10080}
# adjective suffixes for "sechsstündigen", "fünfjährigen", "40-летний"
DURATION_ADJ = {
    "de": {"stündig": "hour", "tägig": "day", "wöchig": "week", "monatig": "month",
           "jährig": "year", "minütig": "minute", "sekündig": "second"},
    "ru": {"летн": "year", "часов": "hour", "дневн": "day", "минутн": "minute",
           "месячн": "month", "недельн": "week"},
    "en": {},
}

# --- calendar --------------------------------------------------------------------------
MONTHS: dict[str, dict[str, int]] = {
    "de": {"januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3,
           "maerz": 3, "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6,
           "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
           "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12},
    "en": {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
           "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8,
           "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
           "november": 11, "nov": 11, "december": 12, "dec": 12},
    "ru": {},  # filled from stems below
}
RU_MONTH_STEMS = [("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма", 5),
                  ("июн", 6), ("июл", 7), ("август", 8), ("сентябр", 9), ("октябр", 10),
                  ("ноябр", 11), ("декабр", 12)]
RU_MONTH_FORMS: dict[str, int] = {}
for _stem, _m in RU_MONTH_STEMS:
    if _m == 5:
        for _f in ("май", "мая", "мае", "маю", "маем"):
            RU_MONTH_FORMS[_f] = 5
        continue
    _base = _stem if _m in (3, 8) else _stem
    for _suf in (("", "а", "е", "у", "ом") if _m in (3, 8) else ("ь", "я", "е", "ю", "ем")):
        RU_MONTH_FORMS[_base + _suf] = _m
for _abbr, _m in (("янв", 1), ("фев", 2), ("мар", 3), ("апр", 4), ("июн", 6), ("июл", 7),
                  ("авг", 8), ("сен", 9), ("сент", 9), ("окт", 10), ("ноя", 11), ("дек", 12)):
    RU_MONTH_FORMS[_abbr] = _m
MONTHS["ru"] = RU_MONTH_FORMS

WEEKDAYS: dict[str, dict[str, int]] = {
    "de": {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
           "samstag": 5, "sonnabend": 5, "sonntag": 6},
    "en": {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
           "saturday": 5, "sunday": 6},
    "ru": {"понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3,
           "пятницу": 4, "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6},
}
RELATIVE_DAYS: dict[str, dict[str, int]] = {
    "de": {"heute": 0, "gestern": -1, "vorgestern": -2, "übermorgen": 2},  # "morgen": lower-case only
    "en": {"today": 0, "yesterday": -1, "tomorrow": 1},
    "ru": {"сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1, "послезавтра": 2, "накануне": -1},
}
YEAR_WORDS = {
    "de": {"jahr", "jahres", "jahre"},
    "en": {"year"},
    "ru": {"год", "года", "году", "годом", "годы", "годов", "годах", "г"},
}

# --- qualifiers: phrase (lower-case, space separated) → qualifier ------------------------
QUALIFIERS: dict[str, dict[str, str]] = {
    "de": {
        "über": "over", "mehr als": "over", "mehr denn": "over", "oberhalb von": "over",
        "unter": "under", "weniger als": "under", "knapp unter": "under",
        "rund": "about", "etwa": "about", "ca.": "about", "ca": "about", "circa": "about",
        "zirka": "about", "fast": "about", "knapp": "about", "nahezu": "about",
        "beinahe": "about", "annähernd": "about", "ungefähr": "about", "gut": "about",
        "um die": "about", "schätzungsweise": "about",
        "mindestens": "at_least", "wenigstens": "at_least", "nicht weniger als": "at_least",
        "bis zu": "at_most", "höchstens": "at_most", "maximal": "at_most",
        "nicht mehr als": "at_most",
    },
    "en": {
        "over": "over", "more than": "over", "above": "over", "in excess of": "over",
        "upwards of": "over", "under": "under", "less than": "under", "fewer than": "under",
        "below": "under", "about": "about", "around": "about", "approximately": "about",
        "roughly": "about", "nearly": "about", "almost": "about", "some": "about",
        "close to": "about", "an estimated": "about", "approx.": "about", "circa": "about",
        "at least": "at_least", "no less than": "at_least", "no fewer than": "at_least",
        "up to": "at_most", "at most": "at_most", "no more than": "at_most",
        "a maximum of": "at_most",
    },
    "ru": {
        "свыше": "over", "более": "over", "более чем": "over", "больше": "over",
        "больше чем": "over", "сверх": "over", "менее": "under", "меньше": "under",
        "менее чем": "under", "меньше чем": "under", "около": "about", "почти": "about",
        "порядка": "about", "примерно": "about", "приблизительно": "about",
        "практически": "about", "чуть менее": "about", "чуть более": "about",
        "более чем на": "over", "более чем в": "over", "свыше чем на": "over",
        "менее чем на": "under", "почти на": "about", "примерно на": "about", "около чем": "about",
        "не менее": "at_least", "не менее чем": "at_least", "не меньше": "at_least",
        "минимум": "at_least", "как минимум": "at_least", "по меньшей мере": "at_least",
        "не более": "at_most", "не более чем": "at_most", "не больше": "at_most",
        "до": "at_most", "максимум": "at_most", "вплоть до": "at_most",
    },
}
QUALIFIER_MAX_WORDS = 3

# --- ratio words -------------------------------------------------------------------
RATIO_WORDS = {
    "de": {"doppelt": 2, "dreifach": 3, "vierfach": 4, "fünffach": 5, "zehnfach": 10,
           "hundertfach": 100, "tausendfach": 1000},
    "en": {"twice": 2, "thrice": 3, "double": 2, "triple": 3, "tenfold": 10, "twofold": 2,
           "threefold": 3, "fourfold": 4, "fivefold": 5, "hundredfold": 100},
    "ru": {"дважды": 2, "трижды": 3, "четырежды": 4, "вдвое": 2, "втрое": 3, "вчетверо": 4,
           "впятеро": 5, "вдесятеро": 10},
}

# nouns that name the measuring stick rather than the thing measured ("die Marke von ...")
GENERIC_SUBJECT_NOUNS = {
    "de": {"marke", "wert", "höhe", "summe", "betrag", "niveau", "schwelle", "grenze",
           "rekord", "umfang", "zahl", "anzahl", "rund", "jahr", "monat", "woche", "tag",
           "prozent", "ende", "anfang", "mitte", "daten", "angaben", "vergleich", "vorjahr",
           "zeitraum", "folge", "stunde", "minute", "mal"},
    "ru": {"отметка", "планка", "уровень", "сумма", "размер", "порог", "рубеж", "рекорд",
           "число", "количество", "год", "месяц", "неделя", "день", "данные", "раз",
           "процент", "итог", "сравнение", "запас", "время", "период", "час", "минута"},
    "en": {"mark", "level", "value", "sum", "amount", "threshold", "record", "number",
           "total", "year", "month", "week", "day", "figure", "percent", "data", "time"},
}
