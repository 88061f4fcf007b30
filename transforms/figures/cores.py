"""Number cores: the tokens that spell one number, with its scale word and range.

`read_core` reads digits (`56.000`, `3,5`, `2½`, `3/4`), number words (`fünfundzwanzig`,
`двадцать пять`, `two hundred and five`), ordinals (`25.`, `15-й`, `22nd`), scale words
(`Milliarden`, `млрд`, `bn`) and ranges (`10–20`, `от 30 до 50`). Words that settle the kind
inside the token itself (`sechsstündigen`, `40-летний`, `zehnmal`) are recorded in
`Core.forced`. What stands after the core (currency, unit, noun) is kinds.py's business.

Why one module of ~410 lines: one concern (where a number starts and ends, and its value); the words are
in the language modules.
"""

from __future__ import annotations

import re

from . import de, en, ru
from . import units as U
from .base import Core, Tok
from .context import bare_unit, in_name
from .lexicon import (
    DECIMAL_WORD,
    DURATION_ADJ,
    IDENT_BEFORE,
    RANGE_AND,
    RANGE_RE,
    RATIO_WORDS,
    SCALE_ABBR_DOT,
    UNIT_SUFFIX,
    WHOLE,
    Lexicon,
)
from .numbers import (
    VULGAR_FRACTIONS,
    combine,
    de_ordinal_value,
    de_word_value,
    en_words_value,
    frac_end,
    fraction_after,
    parse_digits,
    spoken_decimals,
)


def read_core(lex: Lexicon, text: str, toks: list[Tok], i: int, lang: str) -> Core | None:
    t = toks[i]
    n = len(toks)
    prev = toks[i - 1] if i else None
    if t.kind == "num":
        # digits glued to a name: G20, COVID-19, Су-57, F-35
        if prev and prev.end == t.start:
            if prev.kind == "word":
                return None
            if prev.text in "-‑" and i >= 2 and toks[i - 2].end == prev.start and toks[i - 2].kind == "word" \
                    and not (lang == "en" and toks[i - 2].low in en.GLUED_BEFORE_YEAR and len(t.text) == 4):
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
            return _scale_and_range(lex, text, toks, core, lang)
        # "1/2", "3/4": a proper fraction with a small denominator (not a date, not 24/7)
        if (nxt and nxt.text == "/" and nxt.start == t.end and i + 2 < n and t.text.isdigit()
                and toks[i + 2].kind == "num" and toks[i + 2].start == nxt.end
                and toks[i + 2].text.isdigit()
                and text[toks[i + 2].end:toks[i + 2].end + 1] not in ("/", "-", ".")):
            num, den = int(t.text), int(toks[i + 2].text)
            if 2 <= den <= 16 and 0 < num < den:
                core.value = num / den
                core.end, core.j, core.raw_digits = toks[i + 2].end, i + 3, ""
                return _scale_and_range(lex, text, toks, core, lang)
        if nxt and nxt.start == t.end and nxt.kind == "word":
            if nxt.low in en.ORD_SUFFIX and lang == "en":
                core.ordinal, core.end, core.j = True, nxt.end, i + 2
            elif lang == "en" and nxt.low in en.TIGHT_SCALES:
                pass  # handled by the scale step
            elif lang == "de" and nxt.low in de.DECADE_SUFFIX and len(t.text) == 4:
                core.forced = {"kind": "date", "decade": True}
                core.end, core.j = nxt.end, i + 2
            elif nxt.low in UNIT_SUFFIX:
                core.forced = {"kind": "quantity", "unit": nxt.text}
                core.end, core.j = nxt.end, i + 2
                return core
            elif lang == "de" and de.MAL_RE.match("x" + nxt.low):
                pass
            else:
                return None  # 5G, 3D, 100x: a name or code
        # German ordinal dot: "25. Jahrestag", "15. Fünfjahresplan"
        if (lang == "de" and nxt and nxt.text == "." and nxt.start == t.end and value < 1000
                and t.text.isdigit()):
            after = toks[i + 2] if i + 2 < n else None
            if after and after.kind == "word" and after.start - nxt.end <= 1 and not \
                    text[nxt.end:after.start].count("\n") and after.low not in de.FUNCTION_WORDS:
                if after.text[:1].isupper() or (after.low.endswith(("e", "en", "er", "es", "em"))
                                               and i + 3 < n and toks[i + 3].text[:1].isupper()):
                    core.ordinal, core.end, core.j = True, nxt.end, i + 2
                    return core
        # Russian "15-й", "25-летие", "40-летний"
        if lang == "ru" and nxt and nxt.text in "-‑" and nxt.start == t.end and i + 2 < n:
            suf = toks[i + 2]
            if suf.kind == "word" and suf.start == nxt.end:
                if suf.low in ru.CODE_SUFFIX or (suf.text.isupper() and len(suf.text) >= 2):
                    return None  # "N 359-рп", "44-ФЗ": a document code
                if suf.low in ru.DECADE_SUFFIX and len(t.text) == 4:  # в 2008-м, 1990-х
                    core.end, core.j = suf.end, i + 3
                    core.forced = {"kind": "date", "decade": suf.low == "х"}
                    if core.j < n and toks[core.j].low.startswith("год"):
                        core.end, core.j = toks[core.j].end, core.j + 1
                    return core
                if suf.low in ru.ORD_SUFFIX:
                    core.ordinal, core.end, core.j = True, suf.end, i + 3
                    return core
                if suf.low.startswith(ru.ANNIVERSARY_STEM):
                    core.ordinal, core.end, core.j = True, suf.end, i + 3
                    core.forced = {"kind": "ordinal", "unit": "годовщина"}
                    return core
                for stem, unit in DURATION_ADJ["ru"].items():
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
                m = de.DUR_ADJ_RE.match("x" + suf.low)
                if m:
                    core.end, core.j = suf.end, i + 3
                    core.forced = {"kind": "duration", "unit": DURATION_ADJ["de"][m.group(2).lower()]}
                    if suf.text.startswith("Jährig"):
                        core.forced["note"] = "age"
                    return core
                if suf.low.startswith(de.RATIO_SUFFIX):
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
        return _scale_and_range(lex, text, toks, core, lang)
    if t.kind != "word":
        return None
    if t.text in VULGAR_FRACTIONS:
        return _scale_and_range(lex, text, toks, Core(t.start, t.end, i, i + 1, VULGAR_FRACTIONS[t.text]), lang)
    # "около недели", "через год", "меньше чем через сутки"; "a year ago", "more than a year"
    one = bare_unit(lex, text, toks, i, lang)
    if one is not None:
        return one
    # "den ganzen Tag", "целый год", "the whole week": one unit of time
    if t.low in WHOLE[lang] and i + 1 < n:
        unit = lex.duration_unit(toks[i + 1], lang)
        if unit and unit != "decade" and lex.singular_unit(toks[i + 1], lang):
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
        m = de.DUR_ADJ_RE.match(t.low)
        if m and de_word_value(m.group(1)) is not None:
            return Core(t.start, t.end, i, i + 1, de_word_value(m.group(1)),
                        forced={"kind": "duration", "unit": DURATION_ADJ["de"][m.group(2).lower()]})
        m = de.MAL_RE.match(t.low)
        if m and de_word_value(m.group(1)) is not None and m.group(1) not in de.ARTICLE_ONE - {"ein"}:
            return Core(t.start, t.end, i, i + 1, de_word_value(m.group(1)), forced={"kind": "ratio"})
    if lang == "ru":
        m = ru.DUR_ADJ_RE.match(t.low)
        if m:
            return Core(t.start, t.end, i, i + 1, ru.DUR_PREFIX[m.group(1)],
                        forced={"kind": "duration", "unit": DURATION_ADJ["ru"][m.group(2)],
                                "adj": m.group(2) == "летн"})
        if t.low in ru.HALF_UNITS:
            v, u = ru.HALF_UNITS[t.low]
            return Core(t.start, t.end, i, i + 1, v, forced={"kind": "duration", "unit": u})
    ratio = RATIO_WORDS[lang].get(t.low)
    if ratio is not None:
        return Core(t.start, t.end, i, i + 1, ratio, forced={"kind": "ratio"})
    if in_name(text, toks, i, lang) and not (lang == "de" and de_ordinal_value(t.text) is not None):
        return None  # "Gruppe der Acht", "Group of Seven", «Второе приближение» (German ordinals: "den Dritten" counts)
    # ordinal words
    ordv = None
    if lang == "de" and not t.text.isupper():
        ordv = de_ordinal_value(t.text)
    elif lang == "en":
        ordv = en.ORDINALS.get(t.low)
        if ordv == 2 and (prev and prev.low in ("a", "per", "one", "every") or
                          (i + 1 < n and toks[i + 1].low in ("of", "time"))):
            ordv = None
    elif lang == "ru":
        ordv = lex.ru_words.ordinal.get(t.low)
    if ordv is not None:
        return Core(t.start, t.end, i, i + 1, ordv, ordinal=True)
    # word numbers
    return _word_core(lex, text, toks, i, lang)


def _word_core(lex: Lexicon, text: str, toks: list[Tok], i: int, lang: str) -> Core | None:
    n = len(toks)
    t = toks[i]
    vals: list[float] = []
    j = i
    article = False
    if lang == "de" and t.low in de.ARTICLE_ONE and t.low != "eins":
        nxt = toks[i + 1] if i + 1 < n else None
        if nxt and nxt.low in de.HALF:
            return _scale_and_range(lex, text, toks, Core(t.start, nxt.end, i, i + 2, 0.5), lang)
        article = True
    if lang == "en" and t.low in ("a", "an"):
        nxt = toks[i + 1] if i + 1 < n else None
        if not nxt or nxt.low not in en.ARTICLE_SCALES:
            return None
        article = True
        if nxt.low == "half":
            return _scale_and_range(lex, text, toks, Core(t.start, nxt.end, i, i + 2, 0.5), lang)
        vals.append(1.0)
        j = i + 1
    while j < n:
        tok = toks[j]
        if lang == "de" and vals and tok.low in de.FRACTIONS:
            break
        v = lex.word_value(tok, lang)
        if v is None and lang == "en" and tok.low in en.SPECIAL and not vals:
            v = en.SPECIAL[tok.low]
        if v is None and vals:
            sc = lex.is_scale(tok, lang)
            if sc and sc < 100:
                break  # 'fünf Dutzend' = 5 × 12: the scale step multiplies
            if sc and lang != "en" or (sc and tok.low in en.WORD_SCALES):
                v = sc
        if v is None:
            # joiners inside a number: twenty-five, two hundred and five
            if vals and lang == "en" and tok.text in "-" and j + 1 < n and tok.start == toks[j - 1].end \
                    and en.WORDS.get(toks[j + 1].low) is not None:
                j += 1
                continue
            if vals and lang == "en" and tok.low == "and" and j + 1 < n and en.WORDS.get(toks[j + 1].low) \
                    and toks[j - 1].low in ("hundred", "thousand"):
                j += 1
                continue
            break
        if vals and v >= 1000 and v in (1e3, 1e6, 1e9, 1e12) and lang != "ru":
            break  # leave the scale to the scale step (keeps 'zwei Millionen' = 2e6)
        vals.append(v)
        j += 1
        if lang == "de" and t.low in de.ARTICLE_ONE:
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
    frac = fraction_after(lex, toks, j, lang, value)
    if frac is not None:  # "nine tenths" = 0.9, "две трети", "two-thirds"
        core.value, core.end, core.j, core.article = frac, toks[frac_end(toks, j)].end, frac_end(toks, j) + 1, False
        return _scale_and_range(lex, text, toks, core, lang)
    # "three-day visit": a duration; "nine-dash line", "Zwei-plus-Vier-Runde": a compound, no figure
    if lang in ("de", "en") and j + 1 < n and toks[j].text in "-‑" and toks[j].start == toks[j - 1].end \
            and toks[j + 1].kind == "word" and toks[j + 1].start == toks[j].end:
        after = toks[j + 1]
        unit = lex.duration_unit(after, lang) if lang == "en" else None
        if unit is not None and unit != "decade":
            return Core(core.start, after.end, i, j + 2, value, forced={"kind": "duration", "unit": unit})
        if lex.currency_code(after, lang) is None and lex.is_scale(after, lang) is None \
                and not after.low.startswith(("prozent", "percent")) and lex.duration_unit(after, lang) is None:
            return None
    # spoken decimals: "zwei Komma drei" = 2.3, "two point five" = 2.5
    dec = DECIMAL_WORD.get(lang)
    if dec and j + 1 < n and toks[j].low == dec and toks[j].start - toks[j - 1].end == 1:
        k, parts = j + 1, []
        while k < n and toks[k].kind == "word" and toks[k].start - toks[k - 1].end == 1:
            v = lex.word_value(toks[k], lang)
            if v is None or v >= 1000 or (parts and v > 9):
                break
            parts.append(v)
            k += 1
        frac = spoken_decimals(parts)
        if frac is not None:
            core.value += frac
            core.end, core.j, core.article = toks[k - 1].end, k, False
            return _scale_and_range(lex, text, toks, core, lang)
    # "fünf und drei Viertel Milliarden" = 5.75e9
    if (lang == "de" and not article and j + 2 < n and toks[j].low == "und"
            and toks[j + 2].low in de.FRACTIONS):
        v = lex.word_value(toks[j + 1], lang)
        if v is not None and v < 10:
            core.value += v * de.FRACTIONS[toks[j + 2].low]
            core.end, core.j = toks[j + 2].end, j + 3
            return _scale_and_range(lex, text, toks, core, lang)
    if lang == "de" and j < n and not article:
        frac = de.FRACTIONS.get(toks[j].low)
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
        o = lex.ru_words.ordinal.get(toks[core.j].low)
        if o is not None and o < 10:
            core.value += o
            core.ordinal = True
            core.end, core.j = toks[core.j].end, core.j + 1
            return core
    return _scale_and_range(lex, text, toks, core, lang)


def _scale_and_range(lex: Lexicon, text: str, toks: list[Tok], core: Core, lang: str) -> Core:
    n = len(toks)
    j = core.j
    # German compounds: 200-Milliarden-Dollar-Marke
    hy = lang == "de" and j + 1 < n and toks[j].text == "-" and toks[j].start == toks[j - 1].end
    k = j + 1 if hy else j
    if k < n:
        tok = toks[k]
        sc = lex.is_scale(tok, lang)
        if sc and lang == "en" and tok.low in en.TIGHT_SCALES:
            tight = tok.start == toks[k - 1].end
            prefix = core.i > 0 and toks[core.i - 1].text in U.CURRENCY_SYMBOLS
            if not ((tight and prefix) or tok.low in ("bn", "mn", "tn")):
                sc = None
        if sc and lang == "ru" and tok.low.startswith(ru.SCALE_STEMS) and core.ordinal:
            sc = None
        if sc:
            core.value *= sc
            core.scale = sc
            core.end, core.j = tok.end, k + 1
            core.article = False
            if tok.low in SCALE_ABBR_DOT[lang] and k + 1 < n and toks[k + 1].text == "." and toks[k + 1].start == tok.end:
                core.end, core.j = toks[k + 1].end, k + 2
            # "zwei Millionen eintausendeinhundertfünfzig"
            if core.j < n and lang == "de" and not core.digits:
                v = de_word_value(toks[core.j].text)
                if v is not None and toks[core.j].low not in de.ARTICLE_ONE and v < sc:
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
    second = read_core(lex, text, toks, k, lang)
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
