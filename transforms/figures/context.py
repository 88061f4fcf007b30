"""Context of a figure: its qualifier, its subject, the noun it counts, and whether it is an age.

Qualifiers are the phrases in front (`über`, `около`, `more than`); the subject is the
noun the sentence measures (`Umsatz`, `товарооборот`, `revenue`); an age is a number of
years said of somebody (`im Alter von 94 Jahren`, `42-летний`, `aged 70`). A number that
is part of a name or an address (`Nord Stream 2`, `«Терминал 21»`, `Gruppe der Acht`,
`д. 244`) is no figure; a bare time unit after `около`, `a`, `den ganzen` is one unit.
"""

from __future__ import annotations

import datetime as dt
import re

from . import de, en, ru
from .base import Core
from .lexicon import AGE_AFTER, AGE_BEFORE, GENERIC_SUBJECT_NOUNS, LANGUAGES, QUALIFIER_BEFORE, QUALIFIERS, Lexicon


def date_before(value: float, unit: str, published) -> tuple[dt.date | None, str]:
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


def ru_person_follows(lex: Lexicon, toks, j) -> bool:
    """The noun after a Russian '-летний' adjective names a living being (pymorphy3 'anim')."""
    for k in range(j, min(len(toks), j + 3)):
        if toks[k].text in "-‑" or toks[k].low == "экс":
            continue
        if toks[k].kind != "word":
            return False
        if toks[k].text[:1].isupper():
            return True
        p = lex.lem.ru_parse(toks[k].low)
        if p.tag.POS == "NOUN":
            return "anim" in p.tag or p.normal_form == "юбилей"
        if p.tag.POS not in ("ADJF", "PRTF"):
            return False
    return False


def is_age(text: str, start: int, end: int, lang: str, unit: str = "year") -> bool:
    """A number of years that is somebody's age (kept as duration, note 'age')."""
    before = text[max(0, start - 30):start]
    if lang == "ru" and unit == "year" and ru.AGE_AT_RE.search(before) and \
            re.match(r"\s*(?:лет|года?)\b", text[start:end].split(" ", 1)[-1] if " " in text[start:end] else ""):
        return True
    after = text[end:end + 12]
    return bool(AGE_BEFORE[lang].search(before) or AGE_AFTER[lang].match(after))


def qualifier_before(text: str, start: int, lang: str, with_span: bool = False):
    m = QUALIFIER_BEFORE[lang].search(text, max(0, start - 30), start)
    if not m:
        return None
    q = QUALIFIERS[lang][m.group(1).lower()]
    return (q, m.start(1)) if with_span else q


def noun_after(lex: Lexicon, text, toks, j, lang) -> tuple[str, str, int] | None:
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
        if k > 0 and "\n" in text[toks[k - 1].end:tok.start]:
            return None  # the next line's first word ("1 480\nПрибыль") is counted by nothing
        if first is None:
            first = tok.start
        if lang == "de":
            if tok.text[:1].isupper() and tok.low not in de.FUNCTION_WORDS:
                if lex.month(tok.text, "de"):
                    return None
                return lex.lem.de_noun(tok.text), text[first:tok.end], tok.end
            if tok.low in de.FUNCTION_WORDS or not tok.low.endswith(("e", "en", "er", "es", "em", "n")):
                return None
        elif lang == "ru":
            p = lex.lem.ru_parse(tok.low)
            pos = p.tag.POS
            if pos == "NOUN" and tok.low not in lex.ru_scale:
                adj = _measure_adj(toks, j, k, ru.MEASURE_ADJ)  # "кубических метров" → кубический метр
                return (f"{adj} {p.normal_form}" if adj else p.normal_form), text[first:tok.end], tok.end
            if pos not in ("ADJF", "PRTF", "NUMR") or k - j >= 3:
                return None
        else:
            if tok.low in en.STOP or not tok.text.isalpha() or tok.low in en.WORDS:
                return None
            more = k + 1 < n and toks[k + 1].kind == "word" and toks[k + 1].low not in en.STOP \
                and toks[k + 1].start - tok.end == 1
            if more and k - j < 2 and (tok.text[:1].isupper() or tok.low.endswith(en.ADJ_END) or tok.low in en.MEASURE_ADJ):
                continue
            lemma = lex.lem.en_noun(tok.text)
            adj = _measure_adj(toks, j, k, en.MEASURE_ADJ)  # "cubic metres" → cubic_metre
            if adj:
                lemma = f"{adj}_{re.sub(r'meter$', 'metre', lemma.lower())}"
            return lemma, text[first:tok.end], tok.end
    return None


def _measure_adj(toks, j: int, k: int, table: dict[str, str]) -> str | None:
    """The measure adjective (cubic, square, кубический) among the words before the noun at k."""
    for m in range(j, k):
        hit = next((v for stem, v in table.items() if toks[m].low.startswith(stem)), None)
        if hit:
            return hit
    return None


def _en_clause_subject(lex: Lexicon, toks, i) -> str | None:
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
        if tok.kind == "word" and tok.low in en.DETERMINERS:
            k += 1
            continue
        # possessor: "the company's revenue" → skip "company ' s"
        if tok.kind == "word" and k + 2 < i and toks[k + 1].text in "'’" and toks[k + 2].low == "s":
            k += 3
            continue
        if tok.low in en.SPEECH_VERBS and head is not None:
            k0, head = k + 1, None  # "Gazprom said gas sales rose 5%": the reported clause
            k += 1
            continue
        if tok.kind != "word" or tok.low in en.STOP or tok.low in en.VERBS or \
                (head is not None and tok.low.endswith("ed")):
            break
        if tok.text.isupper() or (tok.text[:1].isupper() and k != k0):
            return None  # a name opens the clause: leave it to the nearest-noun rule
        head = tok
        k += 1
    if head is None or k >= i:
        return None
    lemma = lex.lem.en_noun(head.text.lower())
    return None if lemma in GENERIC_SUBJECT_NOUNS["en"] else lemma


def subject_before(lex: Lexicon, text, toks, i, lang) -> str | None:
    """Nearest noun before the figure in its clause that names what is measured."""
    generic = GENERIC_SUBJECT_NOUNS[lang]
    if lang == "en":
        subj = _en_clause_subject(lex, toks, i)
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
            if not tok.text[:1].isupper() or tok.text.isupper() or tok.low in de.FUNCTION_WORDS:
                continue
            det = toks[k - 1].low if k else ""
            if det in de.DETERMINERS or (k >= 2 and toks[k - 2].low in de.DETERMINERS
                                         and toks[k - 1].text[:1].islower()):
                lemma = lex.lem.de_noun(tok.text)
                if lemma.lower() not in generic and tok.low not in generic and not lex.month(tok.text, "de"):
                    # genitive attribute: "der Umsatz der Werft" → the head, Umsatz
                    if det in ("der", "des") and k >= 3 and toks[k - 2].text[:1].isupper() \
                            and toks[k - 3].low in de.DETERMINERS and toks[k - 2].low not in generic:
                        return lex.lem.de_noun(toks[k - 2].text)
                    return lemma
        elif lang == "ru":
            p = lex.lem.ru_parse(tok.low)
            if p.tag.POS != "NOUN" or ru.NAME_GRAMMEMES & set(p.tag.grammemes):
                continue
            if p.normal_form in generic or tok.low in lex.ru_scale:
                continue
            if "nomn" in p.tag:
                return p.normal_form
            best = best or p.normal_form
        else:
            if tok.low in en.STOP or not tok.text.islower():
                continue
            det = toks[k - 1].low if k else ""
            if det in en.DETERMINERS:
                # noun compounds: "the trade volume topped" → volume
                h = k
                while h + 1 < i and toks[h + 1].kind == "word" and toks[h + 1].text.islower() \
                        and toks[h + 1].low not in en.STOP and not toks[h + 1].low.endswith("ed"):
                    h += 1
                tok = toks[h]
                lemma = lex.lem.en_noun(tok.text)
                if lemma not in generic:
                    return lemma
    return best


def _initial(text: str, toks, k: int) -> bool:
    """Token k opens a sentence or a line (so its capital letter says nothing)."""
    if k == 0 or "\n" in text[toks[k - 1].end:toks[k].start]:
        return True
    return toks[k - 1].kind == "p" and toks[k - 1].text in ".!?:;…•*-–—("


def name_or_reference(lex: Lexicon, text: str, toks, core, lang: str, noun) -> bool:
    """Digits that belong to a name or an address, not a count: «Терминал 21», Nord Stream 2,
    Северный поток — 2, 10 Downing Street. Only small whole numbers with nothing counted after."""
    if core.scale != 1 or core.value != int(core.value) or core.value >= 1000 or core.forced or core.ordinal:
        return False
    after = text[core.end:core.end + 60]
    if lang == "en" and en.ADDRESS_AFTER.match(after):
        return True
    if noun is not None:
        written = noun[1].split()[-1].lower()
        if lang != "en" or written.endswith("s") or written in en.IRREGULAR_PLURALS or core.value == 1:
            return False  # a counted noun: "5 Menschen", "21 депутат", "3 people"
    i = core.i
    # (1) the end of a short quoted name: «Терминал 21», „Nord Stream 2“
    if re.match(r"\s?[»“”\"]", after):
        line = text.rfind("\n", 0, core.start) + 1
        before = text[max(line, core.start - 40):core.start]
        o = max(before.rfind(q) for q in "«„“\"")
        seg = before[o + 1:] if o != -1 else ""
        words = re.findall(r"[^\W\d_]+", seg)
        if o != -1 and words and 0 < len(words) <= 4 and words[0][:1].isupper() and not re.search(r"[»”.!?]", seg):
            if lang == "ru":
                return not any(lex.lem.ru_parse(w.lower()).tag.POS == "VERB" for w in words)
            return all(w[:1].isupper() or w.lower() in _NAME_LINKS for w in words)
    if i == 0:
        return False
    prev = toks[i - 1]
    # (2) after a dash that follows a name: "Северный поток — 2"
    if prev.kind == "p" and prev.text in "—–-" and text[prev.end:core.start] == " " and i >= 2:
        k = i - 2
        while k >= 0 and toks[k].kind == "word" and i - 2 - k < 3:
            if toks[k].text[:1].isupper() and not _initial(text, toks, k):
                return True
            k -= 1
        return False
    # (3) right after a capitalised word inside a sentence: "Nord Stream 2", "Type 11"
    if prev.kind == "word" and text[prev.end:core.start] == " " and prev.text[:1].isupper() \
            and not _initial(text, toks, i - 1) and lex.month(prev.text, lang) is None and lex.weekday(prev.text, lang) is None \
            and not (lang == "de" and lex.lem.de_known_noun(prev.text)):  # "für ihr Vorhaben 60 der 100 Stimmen"
        return True
    return False


_NAME_LINKS = {"of", "the", "and", "der", "die", "das", "und", "von", "de", "la"}


def ru_ordinal_by_agreement(lex: Lexicon, value: float, noun_written: str) -> bool:
    """'на 4 этаже', '12 калибра': a singular noun no cardinal 4 or 12 would govern marks an ordinal."""
    v = int(value)
    if v != value or not 0 < v < 10000 or (v % 10 == 1 and v % 100 != 11):
        return False
    parses = [p for p in lex.lem.morph.parse(noun_written.split()[-1].lower()) if p.tag.POS == "NOUN"]
    if not parses:
        return False
    for p in parses:
        t = p.tag
        if "plur" in t or "Fixd" in t or "Pltm" in t or "Sgtm" in t:
            return False
        if "gent" in t and v % 10 in (2, 3, 4) and v % 100 not in (12, 13, 14):
            return False
    return True


def in_name(text: str, toks, i: int, lang: str) -> bool:
    """A number word that is part of a name: after 'Gruppe der', 'Group of', 'Группа', or
    capitalised inside a sentence ('die Acht', 'the Big Three', «Второе приближение»)."""
    t = toks[i]
    if LANGUAGES[lang].NAME_BEFORE.search(text, max(0, t.start - 20), t.start):
        return True
    if lang == "de":  # German capitalises number nouns ("ein Viertel", "ein paar Hundert"): only NAME_BEFORE
        return False
    if not t.text[:1].isupper() or t.text.isupper() or i == 0 or "\n" in text[toks[i - 1].end:t.start]:
        return False
    prev = toks[i - 1]
    if prev.kind != "p":
        return True
    if prev.text in "«„“\"‚":  # the first word of a short quoted name, not of a quoted sentence
        close = re.search(r"[»“”\"\n]", text[t.end:t.end + 50])
        return bool(close) and close.group() != "\n"
    return prev.text not in ".!?:;…•*-–—()[]"


def bare_unit(lex: Lexicon, text: str, toks, i: int, lang: str) -> Core | None:
    """A time-unit noun without a number after a qualifier or time preposition = one unit."""
    t = toks[i]
    prev = toks[i - 1].low if i else ""
    if i == 0 and lang == "ru":
        return None
    if lang == "ru":
        if prev not in ru.BARE_BEFORE:
            return None
        unit = lex.duration_unit(t, lang)
        if not unit or unit == "decade" or t.low in ("ч", "мин", "сек", "лет"):
            return None
        if not (lex.singular_unit(t, lang) or t.low.startswith("сут")):
            return None
        if i + 1 < len(toks) and toks[i + 1].kind == "word":  # "день рождения", "год Тигра"
            p = lex.lem.ru_parse(toks[i + 1].low)
            if p.tag.POS == "NOUN" and "gent" in p.tag:
                return None
        return Core(t.start, t.end, i, i + 1, 1.0, forced={"kind": "duration", "unit": unit})
    if lang == "en" and t.low in ("a", "an") and i + 1 < len(toks):
        unit = lex.duration_unit(toks[i + 1], lang)
        if not unit or unit == "decade" or toks[i + 1].low.endswith("s"):
            return None
        after = text[toks[i + 1].end:toks[i + 1].end + 5].lower()
        if prev in ("than", "over", "about", "nearly", "almost", "within", "for", "under") or after.startswith(" ago"):
            return Core(t.start, toks[i + 1].end, i, i + 2, 1.0, forced={"kind": "duration", "unit": unit})
    return None
