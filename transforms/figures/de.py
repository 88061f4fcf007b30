"""German words and patterns for figures: one table per concern, lower-case keys.

Adding a currency word (`"franken": "CHF"`), a month form or a qualifier is one line here.
"""

from __future__ import annotations

import re

from . import en
from .patterns import B, DOTTED_DM, DOTTED_DMY, E, NUMERIC_DATES, QUARTER_CODES, alt, c

# --- number words (values: numbers.de_word_value / de_ordinal_value) --------------------
ATOMS = (
    "null|eins|ein|zwei|zwo|drei|vier|fünf|fuenf|sechs|sech|sieben|sieb|acht|neun|zehn|elf|"
    "zwölf|zwoelf|zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|"
    "neunzig|hundert|tausend|und"
)
ARTICLE_ONE = {"ein", "eine", "einen", "einem", "einer", "eines", "eins"}
SPECIAL = {
    "anderthalb": 1.5, "eineinhalb": 1.5, "einundhalb": 1.5, "einhalb": 0.5,
    "halb": 0.5, "halbe": 0.5, "halben": 0.5, "halbes": 0.5, "halber": 0.5,
    "dreiviertel": 0.75, "viertel": 0.25, "drittel": 1 / 3,
}
HALF = ("halbe", "halben", "halbes", "halber", "halb")  # "ein halbes Jahr" = 0.5
# ordinal words: stem + te/ste + inflection
ORD_IRREG = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6,
             "siebt": 7, "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11,
             "zwölft": 12, "hundertst": 100, "tausendst": 1000, "millionst": 1e6,
             "milliardst": 1e9, "billionst": 1e12}
FRACTIONS = {"halbe": 0.5, "halben": 0.5, "drittel": 1 / 3, "viertel": 0.25, "fünftel": 0.2,
             "zehntel": 0.1}
DECIMAL_WORD = "komma"  # "zwei Komma fünf"
DECADE_SUFFIX = ("er", "ern", "ers")  # "die 1990er"

# --- scale words: multiply the number before them -------------------------------------
SCALES = {
    "tausend": 1e3, "tsd": 1e3,
    "million": 1e6, "millionen": 1e6, "mio": 1e6, "mill": 1e6,
    "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "mia": 1e9,
    "millarde": 1e9, "millarden": 1e9, "miliarde": 1e9, "miliarden": 1e9,  # frequent typos
    "billion": 1e12, "billionen": 1e12, "bio": 1e12,
    "dutzend": 12,
}
SCALE_ABBR_DOT = {"tsd", "mio", "mrd", "mill", "bio"}  # "5 Mrd." keeps its dot

# --- currencies ------------------------------------------------------------------------
CURRENCY_WORDS = {
    "dollar": "USD", "us-dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
    "cent": "EUR", "rubel": "RUB", "rubeln": "RUB", "yuan": "CNY", "renminbi": "CNY",
    "pfund": "GBP", "yen": "JPY", "franken": "CHF", "rupien": "INR", "rupie": "INR",
    "hrywnja": "UAH", "lira": "TRY", "won": "KRW", "krone": "SEK", "kronen": "SEK",
}
# adjective stem in front of a currency word: (base currency, resulting code)
CURRENCY_ADJ = {
    "kanadisch": ("USD", "CAD"), "australisch": ("USD", "AUD"), "hongkong": ("USD", "HKD"),
    "neuseeländisch": ("USD", "NZD"), "singapur": ("USD", "SGD"), "amerikanisch": ("USD", "USD"),
    "britisch": ("GBP", "GBP"), "indisch": ("INR", "INR"), "japanisch": ("JPY", "JPY"),
    "chinesisch": ("CNY", "CNY"), "russisch": ("RUB", "RUB"), "schweizer": ("CHF", "CHF"),
    "schwedisch": ("SEK", "SEK"), "norwegisch": ("SEK", "NOK"), "dänisch": ("SEK", "DKK"), "tschechisch": ("SEK", "CZK"),
}
CENT_WORDS = ["Cent", "ct", "Rappen", "Kopeken"]
# a table heading that gives its cells scale and currency: "in Mio. Euro", "Tsd. €"
TABLE_UNIT = re.compile(r"(?<![\w.])(?P<scale>Tsd\.?|Mio\.?|Mrd\.?|Tausend|Millionen|Milliarden)\s*(?P<cur>Euro|EUR|€|US-Dollar|Dollar|USD|Rubel)(?![\w])", re.I)
TABLE_CURRENCY = {"eur": "EUR", "€": "EUR", "usd": "USD", "us-dollar": "USD"}

# --- percent ---------------------------------------------------------------------------
PERCENT_PREFIX = ("prozent",)  # Prozent, Prozentpunkte, prozentig

# --- durations -------------------------------------------------------------------------
DURATION_UNITS = {
    "sekunde": "second", "sekunden": "second", "sek": "second", "s": "second",
    "minute": "minute", "minuten": "minute", "min": "minute",
    "stunde": "hour", "stunden": "hour", "std": "hour", "h": "hour",
    "tag": "day", "tage": "day", "tagen": "day", "tages": "day",
    "woche": "week", "wochen": "week",
    "monat": "month", "monate": "month", "monaten": "month", "monats": "month",
    "jahr": "year", "jahre": "year", "jahren": "year", "jahres": "year",
    "jahrzehnt": "decade", "jahrzehnte": "decade", "jahrzehnten": "decade",
}
SINGULAR_UNITS = ("sekunde", "minute", "stunde", "tag", "woche", "monat", "jahr", "nacht")
# adjective suffixes: "sechsstündigen", "5-tägige"
DURATION_ADJ = {"stündig": "hour", "tägig": "day", "wöchig": "week", "monatig": "month",
                "jährig": "year", "minütig": "minute", "sekündig": "second"}
DUR_ADJ_RE = re.compile(r"^(.+?)[-]?(stündig|tägig|wöchig|monatig|jährig|minütig|sekündig)(e|en|er|es|em)?$", re.I)
MAL_RE = re.compile(r"^(.+?)(mal|fach)$", re.I)  # "zehnmal", "dreifach"
WHOLE = {"ganze", "ganzen", "ganzes"}  # "den ganzen Tag" = one day
AGO = None  # German says "vor drei Jahren": VOR_RE in front
VOR_RE = re.compile(r"(?:^|(?<=\s))vor\s+$", re.I)
RATIO_WORDS = {"doppelt": 2, "dreifach": 3, "vierfach": 4, "fünffach": 5, "zehnfach": 10,
               "hundertfach": 100, "tausendfach": 1000}
RATIO_SUFFIX = ("mal", "fach")

# --- qualifiers: phrase (lower-case, space separated) → qualifier ------------------------
QUALIFIERS = {
    "über": "over", "mehr als": "over", "mehr denn": "over", "oberhalb von": "over",
    "unter": "under", "weniger als": "under", "knapp unter": "under",
    "rund": "about", "etwa": "about", "ca.": "about", "ca": "about", "circa": "about",
    "zirka": "about", "fast": "about", "knapp": "about", "nahezu": "about",
    "beinahe": "about", "annähernd": "about", "ungefähr": "about", "gut": "about",
    "um die": "about", "schätzungsweise": "about",
    "mindestens": "at_least", "wenigstens": "at_least", "nicht weniger als": "at_least",
    "bis zu": "at_most", "höchstens": "at_most", "maximal": "at_most",
    "nicht mehr als": "at_most",
}

# --- ranges and ages ---------------------------------------------------------------------
RANGE_RE = re.compile(r"\s*(?:–|—|-|bis)\s*")
RANGE_AND = ("zwischen", "und")
RANGE_OPEN = ("zwischen", "von")
AGE_BEFORE = re.compile(r"(?:im\s+Alter\s+von|mit|Alter\s+von)\s+(?:rund|etwa|knapp|über|fast)?\s*$", re.I)
AGE_AFTER = re.compile(r"\s*alt\b", re.I)

# --- references that are no figures: "Nr. 5", "Artikel 3", "Seite 12" ---------------------
IDENT_ABBR = ["Nr", "Art", "Abs", "Ziff", "S", "Bd", "Kap"]  # need their dot
IDENT_WORDS = ["Artikel", "Seite", "Kapitel", "Absatz", "Paragraph", "Paragraf", "Nummer", "Punkt",
               "Flug", "Linie", "Route", "Zug", "Hausnummer", "Zimmer", "Raum", "Gleis",
               r"\w+(?:straße|strasse|str\.|gasse|allee|platz|damm|ufer)"]  # "Hauptstraße 12": an address
CODE_SUFFIX: set[str] = set()
IDIOMS = re.compile(r"(?<![\w-])(?:in\s+erster\s+Linie|aus\s+erster\s+Hand|auf\s+den\s+ersten\s+Blick|"
                    r"dritte[nr]?\s+(?:Länder|Staaten|Parteien)|zum\s+einen|ein\s+für\s+alle\s+Mal)(?![\w-])", re.I)
NAME_BEFORE = re.compile(r"(?:^|(?<=\s))Gruppe\s+der\s+$")  # "Gruppe der Acht"

# --- words around subjects and nouns ------------------------------------------------------
FUNCTION_WORDS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "er", "sie", "es", "ich", "wir", "ihr", "man", "in", "im", "am", "an", "auf", "aus", "bei",
    "mit", "nach", "seit", "von", "vom", "zu", "zum", "zur", "für", "um", "über", "unter", "und",
    "oder", "aber", "doch", "so", "dann", "auch", "als", "wie", "was", "wenn", "dies", "diese",
    "dieser", "dieses", "damit", "dabei", "daher", "deshalb", "jedoch", "nun", "noch", "nur",
    "schon", "hier", "dort", "heute", "gestern", "laut", "trotz", "wegen", "während", "bis",
    "gegen", "ohne", "durch", "sowie", "sein", "seine", "ihre", "unser", "unsere",
}
DETERMINERS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "im", "am", "zum", "zur", "vom", "beim", "ins", "kein", "keine", "sein", "seine", "seinen",
    "seines", "ihr", "ihre", "ihren", "ihres", "unser", "unsere", "unseren", "unseres", "dieser",
    "diese", "dieses", "diesen", "jeder", "jede", "jedes",
}
ADJ_END = ("e", "en", "er", "es", "em")  # inflected adjective before a noun
GENERIC_SUBJECT_NOUNS = {"marke", "wert", "höhe", "summe", "betrag", "niveau", "schwelle", "grenze",
                         "rekord", "umfang", "zahl", "anzahl", "rund", "jahr", "monat", "woche", "tag",
                         "prozent", "ende", "anfang", "mitte", "daten", "angaben", "vergleich", "vorjahr",
                         "zeitraum", "folge", "stunde", "minute", "mal"}

# --- calendar ------------------------------------------------------------------------------
MONTHS = {"januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3,
          "maerz": 3, "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6,
          "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
          "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12}
WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
            "samstag": 5, "sonnabend": 5, "sonntag": 6}
RELATIVE_DAYS = {"heute": 0, "gestern": -1, "vorgestern": -2, "übermorgen": 2}  # "morgen": lower-case only
REL_YEAR_WORDS = {"diesem": 0, "diesen": 0, "dieses": 0, "laufenden": 0, "vergangenen": -1,
                  "letzten": -1, "vorigen": -1, "kommenden": 1, "nächsten": 1, "folgenden": 1}
REL_PERIOD_STEMS = [("übernächst", 2), ("vorvergangen", -2), ("vorletzt", -2), ("nächst", 1), ("kommend", 1),
                    ("folgend", 1), ("vergangen", -1), ("letzt", -1), ("vorig", -1), ("dies", 0), ("laufend", 0)]
PERIOD_WORDS = [("wochenend", "weekend"), ("woche", "week"), ("monat", "month")]

# a part of a period: "Anfang März", "Mitte 2025", "Ende des Monats" → qualifier
PERIOD_PARTS = {"anfang": "early", "mitte": "mid", "ende": "late"}
PERIOD_PART_AT = re.compile(r"(Anfang|Mitte|Ende)\s")
PERIOD_PART_BEFORE = re.compile(r"(?:^|(?<=[\s(]))(Anfang|Mitte|Ende)\s+$")
SEASONS = {"frühjahr": 3, "frühling": 3, "sommer": 6, "herbst": 9, "winter": 1}
PERIOD_ORDINALS = {"erst": 1, "zwei": 2, "drit": 3, "vier": 4}  # first letters of "ersten Quartal"
HALF_YEAR = re.compile(r"halbjahr", re.I)

_MONTH = alt(MONTHS)
_WD = "|".join(w.capitalize() for w in WEEKDAYS)
_REL = r"(?:[Üü]bernächst|[Vv]orvergangen|[Vv]orletzt|[Nn]ächst|[Kk]ommend|[Ff]olgend|[Vv]ergangen|[Ll]etzt|[Vv]orig|[Dd]ies|[Ll]aufend)e[nrs]?"
DATE_PATTERNS = NUMERIC_DATES + QUARTER_CODES + [DOTTED_DMY, DOTTED_DM] + [
    ("de_dmy", c(rf"{B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem|den)\s+)?(?P<d>\d{{1,2}})\.\s*(?P<m>{_MONTH})(?:\.(?=\s*\d))?(?:\s+(?P<y>\d{{4}}))?{E}")),
    ("de_dmy_word", c(rf"{B}(?P<pre>(?:am|vom|bis zum|ab dem|seit dem|den)\s+)?(?P<dw>ersten|zweiten|dritten|vierten|fünften|sechsten|siebten|achten|neunten|zehnten|erste|zweite|dritte)\s+(?P<m>{_MONTH})(?:\s+(?P<y>\d{{4}}))?{E}")),
    ("de_my", c(rf"{B}(?P<pre>(?:im|seit|ab|bis|Anfang|Mitte|Ende)\s+)?(?P<m>{_MONTH})\.?\s+(?P<y>\d{{4}}){E}")),
    ("de_m", re.compile(rf"{B}(?P<pre>(?:[Ii]m|[Ss]eit|[Aa]b|[Bb]is|Anfang|Mitte|Ende)\s+)(?P<m>Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember){E}")),
    ("de_y", re.compile(rf"{B}(?P<pre>(?:[Ii]m\s+Jahre?|[Dd]es\s+Jahres|[Ss]eit\s+dem\s+Jahr|[Jj]ahr)\s+)(?P<y>\d{{4}}){E}")),
    ("de_wd", re.compile(rf"{B}(?P<pre>(?:[Aa]m|[Ss]eit|[Bb]is|[Vv]om)\s+)?(?P<wd>{_WD}){E}")),
    ("de_rel", re.compile(rf"{B}(?P<rel>[Hh]eute|[Gg]estern|[Vv]orgestern|[Üü]bermorgen|morgen)(?![\w\-]|s\b)")),
    en.MONTH_DAY_YEAR,  # "February 5, 2026" in German copy
    ("de_ry", c(rf"{B}(?P<pre>(?:im|in|des)\s+)?(?P<ry>{alt(REL_YEAR_WORDS)})\s+Jahr(?:es|e)?{E}")),
    ("de_rp", re.compile(rf"{B}(?P<pre>(?:in\s+der|im|am|zum|seit\s+der|seit\s+dem|Anfang\s+der|Ende\s+der|Mitte\s+der|[Ii]n\s+der|[Aa]m|[Ii]m)\s+)?(?P<rp>{_REL})\s+(?P<per>Woche|Monats?|Wochenendes?)(?:,?\s+(?:[Aa]m\s+)?(?P<wd>{_WD}))?{E}")),
    ("de_wd_rp", re.compile(rf"{B}(?P<pre>(?:[Aa]m|[Ss]eit|[Bb]is|[Vv]om)\s+)?(?P<wd>{_WD})\s+(?P<rp>{_REL})\s+(?P<per>Woche){E}")),
    ("de_d", re.compile(rf"{B}(?P<pre>(?:[Aa]m|[Vv]om|[Bb]is\s+zum|[Aa]b\s+dem|[Ss]eit\s+dem|[Zz]um)\s+)(?P<d>\d{{1,2}})\.(?!\s*\d)(?!\s+(?:und|bis|oder|u\.)\s+\d)(?=\s+[a-zäöüß]|\s*[,;)!?]|\s*$)")),
    ("de_cent", re.compile(rf"{B}(?P<pre>(?:[Ii]m|[Ii]n\s+den|[Ss]eit\s+dem|[Dd]es)\s+)?(?P<cent>\d{{1,2}})\.\s+(?:Jahrhunderts?|Jh\.)")),
    ("de_evt", re.compile(rf"{B}(?P<evt>(?:[Aa]m|[Ii]m)\s+(?:selben|gleichen|nächsten|folgenden|darauffolgenden)\s+(?:Tag|Morgen|Abend)|[Aa]m\s+Tag\s+(?:darauf|zuvor)|[Aa]m\s+Vortag|[Tt]ags\s+(?:darauf|zuvor)){E}")),
    ("de_quarter", c(rf"{B}(?P<pre>(?:im|seit\s+dem|ab\s+dem|bis\s+zum|zum)\s+)?(?P<qn>erste[nm]?|zweite[nm]?|dritte[nm]?|vierte[nm]?|[1-4]\.)\s*(?P<qu>Quartal|Halbjahr)(?:es|s)?(?:\s+(?P<y>\d{{4}}))?{E}")),
    # "16. und 17. Dezember", "vom 3. bis 5. März 2026": two dates, month and year shared
    ("de_dlist", c(rf"{B}(?P<first>(?P<pre>(?:am|vom|den)\s+)?(?P<d>\d{{1,2}})\.)\s*(?:und|bis|oder|–|—|-|/|,)\s*(?:zum\s+)?(?P<second>(?P<d2>\d{{1,2}})\.\s*(?P<m>{_MONTH})(?:\.(?=\s*\d))?(?:\s+(?P<y>\d{{4}}))?){E}")),
    ("de_season", c(rf"{B}(?P<pre>(?:im|seit\s+dem|bis\s+zum|vom)\s+)?(?P<season>Frühjahr|Frühling|Sommer|Herbst|Winter)\s+(?P<y>\d{{4}}){E}")),
    ("de_vague", c(rf"{B}(?P<vague>vor\s+(?:einigen|wenigen|mehreren|ein\s+paar)\s+(?P<vu>Tagen|Wochen|Monaten|Jahren)|in\s+den\s+(?:letzten|vergangenen)\s+(?P<vu2>Tagen|Wochen|Monaten|Jahren)|in\s+jüngster\s+Zeit){E}")),
]
TIME_PATTERN = re.compile(r"(?<![\w.:,])(?P<pre>(?:um|ab|bis|gegen)\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\s*Uhr)?|\.(?P<mi2>[0-5]\d)\s*Uhr|\s*Uhr)(?![\w:]|\.\d)")

# spoken clock times: "halb acht", "viertel nach 7", "dreiviertel 6", "acht Uhr vierzig",
# "8 Uhr abends", "7h01". Hours as digits or words; the day part moves afternoon hours.
_HOUR = r"(?:\d{1,2}|eins|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)"
_DAYPART = r"(?:morgens|früh|vormittags|mittags|nachmittags|abends|nachts)"
SPOKEN_TIME = re.compile(
    rf"(?<![\w.:,])(?P<pre>(?:um|ab|bis|gegen)\s+)?(?:(?P<q>halb|viertel\s+nach|viertel\s+vor|dreiviertel|drei\s+viertel|viertel)\s+(?P<qh>{_HOUR})(?:\s+Uhr)?"
    rf"|(?P<h>{_HOUR})\s*(?:Uhr|h)\s*(?P<mi>[0-5]?\d(?![\d,:]|\.\d)|[a-zäöüß]+zig|[a-zäöüß]+zehn|zehn|elf|zwölf|fünf|eins|zwei|drei|vier|sechs|sieben|acht|neun)?(?(mi)(?:\s*Uhr)?))"
    rf"(?:\s+(?P<dp>{_DAYPART}))?(?![\w])",
    re.IGNORECASE,
)
QUARTER_MINUTES = {"halb": -30, "viertel nach": 15, "viertel vor": -15, "dreiviertel": -15,
                   "drei viertel": -15, "viertel": -45}  # minutes from the named hour
DAYPART_PM = {"nachmittags", "abends"}
CLOCK_WORD = "uhr"

# --- tense of the sentence around a date without a year -----------------------------------
PAST_CONTEXT = re.compile(r"\b(vergangenen|letzten|vorigen)\s+Jahr(es)?\b|\bVorjahr", re.I)
PAST_VERB = re.compile(r"\b(war|waren|wurde|wurden|hatte|hatten|fand|fanden|stattfand|stattfanden|"
                       r"gab|kam|kamen|sagte|sagten|erklärte|ging|gingen|nahm|nahmen|traf|trafen|"
                       r"besuchte|begann|endete|dauerte|teilnahm|unterzeichnete|unterzeichneten|"
                       r"feierte|feierten|gewesen|geworden)\b|\b(hat|haben|hatte|ist|sind)\b[^.!?]*\b(ge\w+(t|en)|\w+iert)\b", re.I)
# scheduled events in the present ("findet … statt", "beginnt") and invitations point ahead too
FUTURE_VERB = re.compile(r"\b(wird|werden|werde|wirst|soll|sollen|plant|planen|will|wollen|"
                         r"bevorstehend\w*|kommend\w*|nächst\w*|anstehend\w*|geplant\w*|"
                         r"findet|finden|stattfinden|beginnt|beginnen|startet|starten|tagt|tagen|"
                         r"eingeladen|Einladung\w*|lädt|lud|einladen)\b", re.I)
