"""Transliteration between the scripts and conventions a name turns up in.

Three jobs, all pure functions:

* ``to_german`` / ``to_english``: Cyrillic → Latin as German and English newspapers
  write Russian names (``Шойгу`` → ``Schoigu`` / ``Shoygu``, ``Ушаков`` → ``Uschakow`` /
  ``Ushakov``).  English uses iuliia's Wikipedia schema (a maintained library that does
  exactly this); iuliia has no German schema, so German is a small Duden-style table.
* ``pinyin_to_cyrillic``: Chinese names reach Russian through the Palladius system
  (``Xi Jinping`` → ``Си Цзиньпин``, ``Wang Yi`` → ``Ван И``), which no transliteration of the
  Cyrillic can undo; converting Pinyin syllables forward is a fixed, small table.
* ``palladius_to_pinyin``: the way back (``Си Цзиньпин`` → ``Xi Jinping``), so a Chinese
  name seen only in Russian gets the Pinyin name German and English papers print.
* ``match_key``: a lossy, script-neutral skeleton of one name token.  German, English and
  Cyrillic spellings of the same name collapse to the same (or a near) key, so the
  resolver compares keys with exact lookups and rapidfuzz instead of comparing spellings.

Why one module of ~400 lines: one concern (script-independent name keys); most of its length is the
transliteration tables themselves.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import iuliia

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_VOWELS_CYR = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")


def has_cyrillic(text: str) -> bool:
    """True when ``text`` contains any Cyrillic letter."""
    return bool(CYRILLIC.search(text))


# --------------------------------------------------------------------------- German

_DE = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z",
    "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja",
}


def _german_word(word: str) -> str:
    """One Cyrillic word in German (Duden) transliteration, case kept."""
    low = word.lower()
    out: list[str] = []
    n = len(low)
    i = 0
    while i < n:
        ch = low[i]
        prev = low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < n else ""
        if ch not in _DE:
            out.append(ch)
        elif ch == "к" and nxt == "с":  # Александр -> Alexander
            out.append("x")
            i += 1
        elif ch in "ий" and nxt == "й" and i + 2 == n:  # -ий/-ый endings: Juri, Dmitri
            out.append("i" if ch == "и" else "y")
            i += 1
        elif ch == "е" and (i == 0 or prev in _VOWELS_CYR or prev in "ьъ"):
            out.append("je")
        elif ch == "ё" and prev and prev in "жчшщ":
            out.append("o")
        elif ch == "й" and nxt and nxt in "яюеё":  # Майя -> Maja
            out.append("")
        elif ch == "й" and (i == 0 or nxt in _VOWELS_CYR):
            out.append("j")
        elif ch == "с" and prev in _VOWELS_CYR and nxt in _VOWELS_CYR:
            out.append("ss")
        elif ch == "ь" and nxt == "о":  # бульон -> Buljon
            out.append("j")
        else:
            out.append(_DE[ch])
        i += 1
    latin = "".join(out)
    if word.isupper() and len(word) > 1:
        return latin.upper()
    if word[:1].isupper():
        return latin[:1].upper() + latin[1:]
    return latin


def to_german(text: str) -> str:
    """Cyrillic → Latin, German newspaper convention (``Ушаков`` → ``Uschakow``)."""
    return re.sub(r"[\u0400-\u04FF]+", lambda m: _german_word(m.group(0)), text)


def to_english(text: str) -> str:
    """Cyrillic → Latin, English newspaper convention (Wikipedia schema of iuliia)."""
    return iuliia.WIKIPEDIA.translate(text) if has_cyrillic(text) else text


# --------------------------------------------------------------------------- Pinyin → Palladius

_INITIALS = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч",
    "sh": "ш", "r": "ж", "z": "цз", "c": "ц", "s": "с", "": "",
}
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
    "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр",
    "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь",
    "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о",
    "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан",
    "ü": "юй", "üe": "юэ", "üan": "юань", "ün": "юнь",
}
_G = "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang"
_J = "i ia ie iao iu ian in iang ing iong u ue uan un"
_Z = "a e i ai ei ao ou an en ang eng ong u uo ui uan un"
# Which finals each initial takes (standard Pinyin syllable inventory).
_ALLOWED = {
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan ü üe",
    "l": "a o e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un ü üe",
    "g": _G, "k": _G, "h": _G, "j": _J, "q": _J, "x": _J,
    "zh": _G + " i", "ch": _G + " i", "sh": _G + " i", "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": _Z, "c": _Z, "s": _Z,
}
_ZERO = {  # syllables without an initial, spelled with y-/w- or a bare vowel
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
    "en": "энь", "ang": "ан", "eng": "эн", "er": "эр", "yi": "и", "ya": "я", "ye": "е",
    "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян", "ying": "ин",
    "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь", "wu": "у", "wa": "ва",
    "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван",
    "weng": "вэн",
}


def _syllable_table() -> dict[str, str]:
    """Every Pinyin syllable (ASCII spelling, ü written v) → its Palladius Cyrillic."""
    table = dict(_ZERO)
    for ini, finals in _ALLOWED.items():
        for fin in finals.split():
            umlaut = fin.startswith("ü") or (ini in ("j", "q", "x") and fin.startswith("u"))
            cyr_fin = "ü" + fin[1:] if umlaut else fin
            if fin == "i" and ini in ("zh", "ch", "sh", "r"):
                cyr = _INITIALS[ini] + "и"
            elif fin == "i" and ini in ("z", "c", "s"):
                cyr = _INITIALS[ini] + "ы"
            else:
                cyr = _INITIALS[ini] + _FINALS[cyr_fin]
            table[ini + fin.replace("ü", "v")] = cyr
    table["hui"] = "хуэй"  # Palladius' one irregular syllable
    return table


_PINYIN = _syllable_table()
_MAX_SYL = max(map(len, _PINYIN))
_PALLADIUS = frozenset(_PINYIN.values())


@lru_cache(maxsize=50_000)
def pinyin_syllables(token: str) -> tuple[str, ...] | None:
    """Split one Latin token into Pinyin syllables (fewest syllables), or None if it is not Pinyin."""
    word = unicodedata.normalize("NFKD", token.lower())
    word = "".join(c for c in word if not unicodedata.combining(c)).replace("'", "").replace("’", "")
    word = word.replace("-", "")
    if not word or not word.isascii() or not word.isalpha():
        return None
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(min(n, i + _MAX_SYL), i, -1):
            syl = word[i:j]
            if syl in _PINYIN:
                cand = best[i] + (syl,)  # type: ignore[operator]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    return best[n]


@lru_cache(maxsize=50_000)
def palladius_syllables(token: str) -> int | None:
    """Fewest Palladius syllables that spell a Cyrillic token (``Цзиньпин`` → 2), None if none do."""
    word = token.lower().replace("-", "")
    n = len(word)
    best: list[int | None] = [None] * (n + 1)
    best[0] = 0
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if word[i:j] in _PALLADIUS and (best[j] is None or best[i] + 1 < best[j]):  # type: ignore[operator]
                best[j] = best[i] + 1  # type: ignore[operator]
    return best[n] if n else None


def is_palladius(token: str) -> bool:
    """A Cyrillic token made only of Palladius syllables (``Цзиньпин``, ``Ван``)."""
    return palladius_syllables(token) is not None


def looks_chinese(tokens: list[str]) -> bool:
    """Surname + given name in Palladius: one-syllable surname, given name of one or two syllables.

    Many Russian words also split into Palladius syllables (``Анна`` = ан+на), so the
    shape of a Chinese name is required, not just the syllables.
    """
    if len(tokens) != 2:
        return False
    first, second = (palladius_syllables(t) for t in tokens)
    return first == 1 and second is not None and second <= 2


def pinyin_to_cyrillic(name: str) -> str | None:
    """Palladius Cyrillic for a Pinyin name (``Xi Jinping`` → ``Си Цзиньпин``), None if not Pinyin."""
    out: list[str] = []
    for token in name.split():
        syls = pinyin_syllables(token)
        if not syls:
            return None
        cyr = "".join(_PINYIN[s] for s in syls)
        out.append(cyr[:1].upper() + cyr[1:] if token[:1].isupper() else cyr)
    return " ".join(out) if out else None


# --------------------------------------------------------------------------- Palladius → Pinyin


def _reverse_table() -> dict[str, str]:
    """Palladius syllable → Pinyin.  The forward table is one-to-one except ``ло`` (lo/luo): luo."""
    rev: dict[str, str] = {}
    for pin, cyr in sorted(_PINYIN.items()):
        if cyr not in rev or len(pin) > len(rev[cyr]):
            rev[cyr] = pin
    rev.setdefault("хуй", "hui")  # the regular spelling, should a paper use it
    return rev


_REVERSE = _reverse_table()
_MAX_CYR_SYL = max(map(len, _REVERSE))
# Spellings Palladius produces and Russian words hardly ever contain: цз/чж, a consonant
# before э, a soft sign inside the word, ао/оу/яо, юй/юэ.  Used to tell a Chinese place
# (Тяньцзинь, Шэньчжэнь) from Russian words that also happen to split into syllables (Тула, Анна).
_PALLADIUS_MARK = re.compile(r"цз|чж|[бпмфвдтнлгкхцчшжс]э|ь(?=[^аеёиоуыэюя])|ао|оу|яо|юй|юэ", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def palladius_split(token: str) -> tuple[str, ...] | None:
    """Split a Cyrillic token into Palladius syllables, or None.

    Fewest syllables win; among equal splits, the one with fewer vowel-initial syllables
    inside the word (``Хуанань`` = хуа+нань, not хуан+ань), as Pinyin spelling would have it.
    """
    word = token.lower().replace("-", "")
    n = len(word)
    if not n:
        return None
    best: list[tuple[tuple[int, int], tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = ((0, 0), ())
    for i in range(n):
        if best[i] is None:
            continue
        (count, vowels), syls = best[i]  # type: ignore[misc]
        for j in range(i + 1, min(n, i + _MAX_CYR_SYL) + 1):
            syl = word[i:j]
            if syl not in _REVERSE:
                continue
            cost = (count + 1, vowels + (i > 0 and _REVERSE[syl][0] in "aoe"))
            if best[j] is None or cost < best[j][0]:  # type: ignore[index]
                best[j] = (cost, syls + (syl,))
    return best[n][1] if best[n] else None  # type: ignore[index]


def looks_palladius_word(token: str) -> bool:
    """A single Cyrillic word that is a Chinese name in Palladius (``Тяньцзинь``), not Russian (``Тула``)."""
    return palladius_split(token) is not None and bool(_PALLADIUS_MARK.search(token))


def palladius_to_pinyin(text: str) -> str | None:
    """Pinyin for Palladius Cyrillic (``Си Цзиньпин`` → ``Xi Jinping``, ``Шэньчжэнь`` → ``Shenzhen``).

    Each Cyrillic word becomes one Pinyin word (its syllables joined, an apostrophe before
    a vowel-initial syllable as in ``Xi'an``), capitalised like the original.  None when a
    word is not made of Palladius syllables.
    """
    out: list[str] = []
    for token in text.split():
        syls = palladius_split(token)
        if not syls:
            return None
        pin = ""
        for k, syl in enumerate(syls):
            p = _REVERSE[syl]
            pin += ("'" if k and p[0] in "aoe" else "") + p
        pin = pin.replace("v", "ü")
        out.append(pin[:1].upper() + pin[1:] if token[:1].isupper() else pin)
    return " ".join(out) if out else None


# --------------------------------------------------------------------------- matching keys

_KEY_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "і": "i", "ї": "i", "є": "e", "ґ": "g",
}
# Ordered rewrites on lower-case Latin; upper-case letters are internal symbols:
# S = the hushing sibilants (ш ж щ / sch sh zh), C = ч х (tsch ch kh).
_KEY_RULES: list[tuple[str, str]] = [
    ("schtsch", "S"), ("shch", "S"), ("tsch", "C"), ("dsch", "S"), ("dzh", "S"), ("sch", "S"),
    ("sh", "S"), ("zh", "S"), ("ch", "C"), ("kh", "C"), ("ck", "k"), ("ph", "f"),
    ("tz", "s"), ("ts", "s"), ("z", "s"), ("w", "v"), ("j", "i"), ("y", "i"),
    ("x", "ks"), ("q", "k"), ("c", "k"), ("ß", "s"), ("th", "t"), ("ei", "ai"),
]
_H_INITIAL = re.compile(r"^h")  # Heinrich ~ Хайнрих (h = х), but Mahler ~ Малер (h silent)
_NON_ALNUM = re.compile(r"[^0-9a-zA-Z]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def match_key(token: str) -> str:
    """Script-neutral skeleton of one name token; equal for Шойгу/Schoigu/Shoygu/Shoigu."""
    low = token.lower()
    if has_cyrillic(low):
        low = "".join(_KEY_CYR.get(c, c) for c in low)
    low = unicodedata.normalize("NFKD", low)
    low = "".join(c for c in low if not unicodedata.combining(c))
    for old, new in _KEY_RULES:
        low = low.replace(old, new)
    low = _H_INITIAL.sub("C", low).replace("h", "")
    low = _NON_ALNUM.sub("", low)
    low = _DOUBLE.sub(r"\1", low)
    if len(low) > 2 and low[0] == "i" and low[1] in "aeou":  # Je-/Ju-/Ja- vs E-/Yu-/Ya-
        low = low[1:]
    return low


def pinyin_key(token: str) -> str | None:
    """The match key of a Pinyin token's Palladius Cyrillic form, or None if not Pinyin."""
    syls = pinyin_syllables(token)
    if not syls:
        return None
    return match_key("".join(_PINYIN[s] for s in syls))


__all__ = [
    "has_cyrillic",
    "to_german",
    "to_english",
    "pinyin_syllables",
    "pinyin_to_cyrillic",
    "palladius_split",
    "palladius_to_pinyin",
    "looks_palladius_word",
    "is_palladius",
    "looks_chinese",
    "match_key",
    "pinyin_key",
]


# --------------------------------------------------------------------------- Latin → Cyrillic (guesses)

# How German and English papers spell Russian sounds, longest spelling first.  Used only to ask
# a Russian dictionary about a Latin name (is ``Lawrow`` a surname?), never to write a name.
_LATIN_CYR = [
    ("schtsch", "щ"), ("shch", "щ"), ("tsch", "ч"), ("sch", "ш"), ("dsch", "дж"), ("zh", "ж"), ("sh", "ш"),
    ("ch", "х"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"), ("ja", "я"), ("ya", "я"), ("ju", "ю"), ("yu", "ю"),
    ("jo", "ё"), ("yo", "ё"), ("je", "е"), ("ye", "е"), ("ij", "ий"), ("iy", "ий"), ("ei", "ей"), ("ey", "ей"),
    ("oi", "ой"), ("oy", "ой"), ("ai", "ай"), ("ay", "ай"), ("ui", "уй"), ("ss", "с"), ("x", "кс"),
    ("a", "а"), ("b", "б"), ("c", "ц"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"),
    ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
    ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("y", "ы"), ("z", "з"),
]
_LATIN_ALT = {"z": "ц", "s": "з"}  # German z = ц, German s between vowels = з


@lru_cache(maxsize=20_000)
def latin_to_cyrillic(word: str) -> tuple[str, ...]:
    """Cyrillic spellings a German or English transliteration may come from (``Lawrow`` → ``лавров``).

    At most a few guesses (``z``/``s`` read both ways); empty for non-Latin words.
    """
    low = word.lower()
    if not low.isascii() or not low.isalpha():
        return ()
    outs = [""]
    i = 0
    while i < len(low):
        for lat, cyr in _LATIN_CYR:
            if low.startswith(lat, i):
                alts = [cyr] + ([_LATIN_ALT[lat]] if lat in _LATIN_ALT and len(outs) < 4 else [])
                outs = [o + a for o in outs for a in alts]
                i += len(lat)
                break
        else:
            return ()
    return tuple(dict.fromkeys(outs))
