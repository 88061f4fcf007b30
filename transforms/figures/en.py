"""English words and patterns for figures: one table per concern, lower-case keys.

Adding a currency word, a month abbreviation or a qualifier is one line here.
"""

from __future__ import annotations

import re

from .patterns import B, E, NUMERIC_DATES, QUARTER_CODES, alt, c

# --- number words --------------------------------------------------------------------
WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}
SPECIAL = {"half": 0.5}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000, "millionth": 1e6,
}
ORD_SUFFIX = {"st", "nd", "rd", "th"}  # 1st, 22nd
ARTICLE_SCALES = ("hundred", "thousand", "million", "billion", "dozen", "half", "trillion", "couple")  # "a hundred"
WORD_SCALES = ("hundred", "thousand", "million", "billion", "trillion")  # inside a number-word run
DECIMAL_WORD = "point"  # "two point five"
FRACTIONS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4, "third": 3, "thirds": 3}  # "three quarters"

# --- scale words: multiply the number before them -------------------------------------
SCALES = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "dozen": 12,
}
# scale abbreviations that only count right after a currency sign or digits (never alone)
TIGHT_SCALES = {"k", "m", "b", "bn", "mn", "tn"}
SCALE_ABBR_DOT: set[str] = set()

# --- currencies ------------------------------------------------------------------------
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yuan": "CNY", "renminbi": "CNY",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "franc": "CHF",
    "francs": "CHF", "rupee": "INR", "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH",
    "won": "KRW", "lira": "TRY", "krona": "SEK", "kronor": "SEK", "krone": "NOK", "kroner": "NOK",
}
# adjective stem in front of a currency word: (base currency, resulting code)
CURRENCY_ADJ = {
    "canadian": ("USD", "CAD"), "australian": ("USD", "AUD"), "hong": ("USD", "HKD"),
    "singapore": ("USD", "SGD"), "us": ("USD", "USD"), "american": ("USD", "USD"),
    "british": ("GBP", "GBP"), "indian": ("INR", "INR"), "japanese": ("JPY", "JPY"),
    "chinese": ("CNY", "CNY"), "russian": ("RUB", "RUB"), "swiss": ("CHF", "CHF"),
    "swedish": ("SEK", "SEK"), "norwegian": ("NOK", "NOK"), "danish": ("NOK", "DKK"), "czech": ("SEK", "CZK"),
}
CENT_WORDS = ["Cents"]
# a table heading that gives its cells scale and currency: "$ million", "(EUR m)", "in thousands of dollars"
TABLE_UNIT = re.compile(r"(?<![\w.])(?P<cur>\$|USD|EUR|€|£|GBP)\s*(?P<scale>thousand|million|billion|mn|bn|m|k)\b", re.I)
TABLE_CURRENCY = {"$": "USD", "usd": "USD", "eur": "EUR", "€": "EUR", "£": "GBP", "gbp": "GBP"}

# --- percent ---------------------------------------------------------------------------
PERCENT_WORDS = {"percent", "pct"}  # "per cent" and "percentage point(s)" are two tokens

# --- durations -------------------------------------------------------------------------
DURATION_UNITS = {
    "second": "second", "seconds": "second", "sec": "second", "secs": "second",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hrs": "hour", "hr": "hour",
    "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade",
}
DURATION_ADJ: dict[str, str] = {}
WHOLE = {"whole", "entire"}  # "the whole week" = one week
AGO = re.compile(r"\s+ago\b")
RATIO_WORDS = {"twice": 2, "thrice": 3, "double": 2, "triple": 3, "tenfold": 10, "twofold": 2,
               "threefold": 3, "fourfold": 4, "fivefold": 5, "hundredfold": 100}

# --- qualifiers: phrase (lower-case, space separated) → qualifier ------------------------
QUALIFIERS = {
    "over": "over", "more than": "over", "above": "over", "in excess of": "over",
    "upwards of": "over", "under": "under", "less than": "under", "fewer than": "under",
    "below": "under", "about": "about", "around": "about", "approximately": "about",
    "roughly": "about", "nearly": "about", "almost": "about", "some": "about",
    "close to": "about", "an estimated": "about", "approx.": "about", "circa": "about",
    "at least": "at_least", "no less than": "at_least", "no fewer than": "at_least",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most",
    "a maximum of": "at_most",
}

# --- ranges and ages ---------------------------------------------------------------------
RANGE_RE = re.compile(r"\s*(?:–|—|-|to)\s*")
RANGE_AND = ("between", "and")
RANGE_OPEN = ("between", "from")
AGE_BEFORE = re.compile(r"(?:aged|age\s+of|at)\s+$", re.I)
AGE_AFTER = re.compile(r"\s*old\b", re.I)

# --- references that are no figures: "No. 5", "Article 3" -----------------------------
IDENT_ABBR = ["No", "p", "pp", "Vol"]  # need their dot
IDENT_WORDS = ["Article", "Section", "Page", "Chapter", "Number", "Resolution", "Flight", "Room", "Platform"]
CODE_SUFFIX: set[str] = set()
ADDRESS_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,2}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Square)\b")
IDIOMS = re.compile(r"(?<![\w-])(?:first\s+of\s+all|at\s+first|in\s+the\s+first\s+place|first[\s-]hand|"
                    r"first\s+and\s+foremost|third\s+(?:countries|parties|party|world)|first\s+aid|first\s+lady|"
                    r"one\s+another|one\s+by\s+one)(?![\w-])", re.I)
NAME_BEFORE = re.compile(r"(?:^|(?<=\s))Group\s+of\s+$")  # "Group of Seven"

# --- words around subjects and nouns ------------------------------------------------------
STOP = {
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
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these",
               "those", "china's", "russia's", "whose"}
ADJ_END = ("ese", "ian", "an", "al", "ic", "ive", "ous", "ful", "ern", "ish", "ible", "able", "ary", "ent", "ant", "ed", "ing")
VERBS = {"rose", "rise", "rises", "risen", "fell", "fall", "falls", "fallen", "grew", "grow", "grows",
         "reached", "reach", "reaches", "topped", "top", "tops", "hit", "hits", "totalled", "totaled",
         "totals", "total", "exceeded", "exceeds", "climbed", "climbs", "dropped", "drops", "jumped",
         "jumps", "surged", "surges", "increased", "increases", "decreased", "decreases", "amounted",
         "amounts", "stood", "stands", "cost", "costs", "earned", "spent", "lost", "gained", "gains",
         "doubled", "tripled", "declined", "declines", "slipped", "soared", "plunged", "came", "comes",
         "shrank", "shrinks", "expanded", "expands", "passed", "passes", "crossed", "surpassed"}
MEASURE_ADJ = {"cubic": "cubic", "square": "square"}  # "cubic metres" is a volume, not a length
IRREGULAR_PLURALS = {"people", "children", "men", "women", "police", "staff", "personnel", "troops", "cattle"}
SPEECH_VERBS = ("said", "says", "say", "reported", "announced", "that")  # open a reported clause
# nouns that name the measuring stick rather than the thing measured
GENERIC_SUBJECT_NOUNS = {"mark", "level", "value", "sum", "amount", "threshold", "record", "number",
                         "total", "year", "month", "week", "day", "figure", "percent", "data", "time"}

# --- calendar ------------------------------------------------------------------------------
MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
          "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8,
          "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
          "november": 11, "nov": 11, "december": 12, "dec": 12}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
REL_YEAR_WORDS = {"this": 0, "last": -1, "next": 1, "previous": -1, "coming": 1}
REL_PERIOD_STEMS = [("last", -1), ("past", -1), ("previous", -1), ("this", 0), ("next", 1), ("coming", 1)]
PERIOD_WORDS = [("weekend", "weekend"), ("week", "week"), ("month", "month")]

# a part of a period: "early March", "mid-2025", "late 2019", "the end of May" → qualifier
PERIOD_PARTS = {"early": "early", "mid": "mid", "late": "late", "the end of": "late", "end of": "late",
                "the beginning of": "early", "beginning of": "early", "the start of": "early",
                "start of": "early", "the middle of": "mid"}
PERIOD_PART_AT = re.compile(r"(early|mid|late)[\s-]", re.I)
PERIOD_PART_BEFORE = re.compile(r"(?:^|(?<=[\s(]))(early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of)[\s-]*$", re.I)
GLUED_BEFORE_YEAR = {"mid"}  # "mid-2025" is a date, unlike "COVID-19"
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 1}
PERIOD_ORDINALS = {"firs": 1, "seco": 2, "thir": 3, "four": 4}  # first letters of "first quarter"
HALF_YEAR = re.compile(r"half", re.I)

_MONTH = alt(MONTHS)
_WD = "|".join(w.capitalize() for w in WEEKDAYS)
MONTH_DAY_YEAR = ("en_mdy", c(rf"{B}(?P<pre>on\s+)?(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?{E}"))
DATE_PATTERNS = NUMERIC_DATES + QUARTER_CODES + [
    MONTH_DAY_YEAR,
    ("en_dmy", c(rf"{B}(?P<pre>on\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?:\.(?=\s*\d))?(?:,?\s+(?P<y>\d{{4}}))?{E}")),
    ("en_my", c(rf"{B}(?P<pre>in\s+)?(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}}){E}")),
    ("en_m", re.compile(rf"{B}(?P<pre>(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s*)(?P<m>January|February|March|April|May|June|July|August|September|October|November|December){E}")),
    ("en_y", re.compile(rf"{B}(?P<pre>(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Tt]he\s+year)\s+)(?P<y>\d{{4}})(?P<yr>\s*[–\-]\s*(?P<y2>\d{{2,4}}))?{E}")),
    ("en_wd", re.compile(rf"{B}(?P<pre>(?:[Oo]n|[Ss]ince|[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>{_WD}){E}")),
    ("en_rel", c(rf"{B}(?P<rel>today|yesterday|tomorrow){E}")),
    ("en_ry", c(rf"{B}(?P<ry>{alt(REL_YEAR_WORDS)})\s+year(?:'s)?{E}")),
    ("en_rp", c(rf"{B}(?P<pre>(?:earlier|later|in|during|over)\s+)?(?P<rp>last|past|previous|this|next|coming)\s+(?P<per>week|month|weekend){E}")),
    ("en_cent", c(rf"{B}(?P<pre>(?:in|during|since|by)\s+)?(?:the\s+)?(?P<cent>\d{{1,2}})(?:st|nd|rd|th)\s+century{E}")),
    ("en_evt", c(rf"{B}(?P<evt>the\s+(?:same|next|following|previous)\s+day|the\s+day\s+before){E}")),
    ("en_quarter", c(rf"{B}(?P<pre>(?:in|during|since|by|for)\s+)?(?:the\s+)?(?P<qn>first|second|third|fourth|[1-4](?=st|nd|rd|th))(?:st|nd|rd|th)?\s+(?P<qu>quarter|half)(?:\s+of)?(?:\s+(?P<y>\d{{4}}))?{E}")),
    # "December 16 and 17", "16 and 17 December 2025": two dates, month and year shared
    ("en_dlist", c(rf"{B}(?P<first>(?P<pre>on\s+)?(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)\s*(?:and|or|to|through|–|—|-|,)\s*(?P<second>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?){E}")),
    ("en_dlist2", c(rf"{B}(?P<first>(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)\s*(?:and|or|to|–|—|-)\s*(?P<second>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?){E}")),
    ("en_season", c(rf"{B}(?P<pre>(?:in|during|since|by)\s+)?(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>\d{{4}}){E}")),
    ("en_vague", c(rf"{B}(?P<vague>(?:a\s+few|several|some)\s+(?P<vu>days|weeks|months|years)\s+ago|in\s+recent\s+(?P<vu2>days|weeks|months|years)|in\s+the\s+(?:past|last)\s+(?:few\s+)?(?P<vu3>days|weeks|months|years)){E}")),
]
TIME_PATTERN = re.compile(r"(?<![\w.:,])(?P<pre>(?:at|from|until|by)\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?)?(?:\s*(?P<ampm>[ap]\.m\.|[ap]m(?![\w])))?(?![\w:]|\.\d)", re.IGNORECASE)

# --- tense of the sentence around a date without a year -----------------------------------
PAST_CONTEXT = re.compile(r"\blast\s+year\b|\bprevious\s+year\b", re.I)
PAST_VERB = re.compile(r"\b(was|were|had|did|took|held|met|said|came|went|began|ended|attended|\w{3,}ed)\b", re.I)
FUTURE_VERB = re.compile(r"\b(will|shall|upcoming|next|plans?|planned|going\s+to|scheduled|set\s+(?:for|to)|"
                         r"due\s+(?:on|to|in)|invit\w*|expects?|expected\s+(?:on|to|in))\b|'ll\b", re.I)
