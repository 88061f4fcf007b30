"""Clean NER mentions before they become entities: junk dropped, joined names split, titles cut.

The models tag role nouns (``Staatschefs``, ``Председатель``, ``Mr President``), adjectives
(``US-amerikanischen``, ``Chinese``), phrases around a pronoun (``в Вашем лице``), truncated
spans (``President of``), two names in one span (``Xi Jinping Wladimir Putin``) and an
organisation with a person inside (``Indian Security Council Secretary Ravi Kumar``).  Each
rule works from word lists kept as data (``lexicon/<lang>.json``), wordfreq, spaCy's German
lemma table and pymorphy3, never from particular names:

1. title words are cut from either end of a person's span; a span left with no name word goes;
2. a span that ends in a function word (``of``, ``der``) is truncated and goes;
3. a span made only of adjectives / demonyms (``US-amerikanischen``, ``Chinese side``) goes;
4. German single words that are a compound of two common nouns (``Pipelinegas``) are no person
   or place, nor with articles and adjectives around them (``Roten Feuerpferdes``, ``DEM
   Militärkanal``) an organisation unless the head names an institution; known country and
   catalogue names are never touched;
5. Russian: a span starting with a pronoun goes (``Вашем лице``); a lone title lemma goes; a
   noun phrase of common words headed by no organisation or place word goes (``Годы культуры``);
   a lone multi-syllable Chinese word tagged as a person (a solar term) is no person;
6. a span with a title word followed by a two-word name keeps the name as a person and the
   part before the title as its own label (organisation / place), the title dropped;
7. a person span that is two names of the document joined (its end is a name tagged on its own
   elsewhere) is split in two;
8. a one-word mention that is the surname of a person named in full in the same document takes
   the person's label.

Why one module of ~410 lines: one concern (which NER spans may become mentions), eight small rules that
share the per-language lexicons of ``lexicon/*.json`` and run in this order.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from transforms.entities.translit import has_cyrillic, latin_to_cyrillic, palladius_split

LEXICON_DIR = Path(__file__).with_name("lexicon")
_WORD = re.compile(r"\S+")
_EDGE = "\"'„“”«»‚‘’()[]{},;:"


@lru_cache(maxsize=8)
def lexicon(lang: str) -> dict[str, Any]:
    """The word lists of one language (``lexicon/<lang>.json``); empty for other languages."""
    path = LEXICON_DIR / f"{lang}.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: (set(v) if isinstance(v, list) and all(isinstance(x, str) for x in v) else v) for k, v in data.items()}


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


@lru_cache(maxsize=1)
def de_lemmas() -> dict[str, str]:
    from transforms.entities.normalize import de_lemmas as lemmas

    return lemmas()


@lru_cache(maxsize=1)
def protected_names() -> frozenset[str]:
    """Names never dropped as junk: the alias catalogue and pycountry's country names."""
    from transforms.entities.linking import load_catalogue

    return frozenset(n for g in load_catalogue() for n in g.names)


# --------------------------------------------------------------------------- word tests


def _ru_lemmas(word: str) -> set[str]:
    return {p.normal_form for p in _morph().parse(word.lower())[:3]}


def is_title(word: str, lang: str) -> bool:
    """A role word or form of address (``Präsident``, ``Secretary``, ``Председателем``), any language."""
    w = word.strip(_EDGE)
    low = w.lower()
    if not low:
        return False
    if has_cyrillic(w):
        return bool(_ru_lemmas(low) & lexicon("ru").get("titles", set()))
    de, en = lexicon("de"), lexicon("en")
    if low in de.get("titles", set()) or low in en.get("titles", set()):
        return True
    if low.split("-")[-1] in de.get("titles", set()):  # Kreml-Sprecher, US-Präsident
        return True
    return lang == "de" and len(low) > 6 and any(low.endswith(s) for s in de.get("title_suffixes", ()))


def is_function_word(word: str, lang: str) -> bool:
    low = word.lower().strip(_EDGE)
    langs = ("ru",) if has_cyrillic(word) else (lang, "en", "de")
    return any(low in lexicon(lg).get("function_words", set()) for lg in langs)


def is_adjective(word: str, lang: str) -> bool:
    """A nationality adjective or inflected adjective: ``Chinese``, ``US-amerikanischen``, ``russischen``."""
    w = word.strip(_EDGE)
    if not w or has_cyrillic(w):
        return False
    low = w.lower()
    last = low.split("-")[-1]
    if last in lexicon("en").get("demonyms", set()):
        return True
    if "-" in w and w.split("-")[-1][:1].islower():  # US-amerikanischen, russisch-chinesischen
        return True
    if lang == "de" or not lang:
        if any(last.endswith(s) for s in lexicon("de").get("demonym_suffixes", ())) and len(last) > 6:
            lemma = de_lemmas().get(last) or de_lemmas().get(w)
            return lemma is None or lemma[:1].islower()
    return False


def _de_noun(word: str, min_zipf: float) -> bool:
    """A frequent German word that spaCy's lemma table does not read as an adjective or verb form."""
    low = word.lower()
    lemma = de_lemmas().get(word[:1].upper() + low[1:]) or de_lemmas().get(low)
    if lemma and lemma[:1].islower():
        return False
    if any(de_lemmas().get(low + end) == low for end in ("e", "en", "er")):
        return False  # the base form of an adjective (klein: kleine, kleinen -> klein)
    return _zipf(low, "de") >= min_zipf


def compound_parts(word: str) -> tuple[str, str] | None:
    """(left, head) of a German word made of two common nouns (``Pipelinegas``: pipeline + gas), or None.

    A frequent word is no compound here (the model's own common-noun filter judges it), nor a word
    ending in a place-name part (``Mannheim``, ``Darmstadt``: place names are made of common nouns too).
    """
    if not word[:1].isupper() or word.isupper() or "-" in word or len(word) < 8:
        return None
    if _zipf(word.lower(), "de") >= 3.5:
        return None
    low = word.lower()
    if any(low.endswith(h) for h in lexicon("de").get("place_heads", ())):
        return None
    for i in range(3, len(low) - 2):
        left, right = low[:i], low[i:]
        lefts = {left, left[:-1]} if left.endswith("s") else {left}
        head = de_lemmas().get(right[:1].upper() + right[1:]) or right  # Exporte -> Export
        if (_de_noun(right, 4.0) or (head != right and _de_noun(head, 3.5))) and any(
                len(x) >= 3 and _de_noun(x, 3.0) for x in lefts):
            return left, head.lower()
    return None


def is_common_compound(word: str) -> bool:
    """A German word made of two common nouns (``Pipelinegas``, ``Staatsbesuch``): no name."""
    return compound_parts(word) is not None


def _common_compound_phrase(words: list[str], lang: str) -> bool:
    """``Roten Feuerpferdes``, ``DEM Militärkanal``: articles and adjectives around one compound of common nouns.

    No place or organisation: its head is a frequent German common noun (``Pferd``, ``Kanal``).  A
    head that names an institution (``org_heads``: ``Menschenrechtsrat``, ``Verteidigungsausschuss``)
    keeps the span, and so does a head English uses more than German (``Nordstream``: a brand).
    """
    from transforms.entities.normalize import de_is_adjective

    content = [w.strip(_EDGE) for w in words
               if not (is_function_word(w, lang) or de_is_adjective(w.strip(_EDGE)) or is_adjective(w, lang))]
    if len(content) != 1:
        return False
    parts = compound_parts(content[0])
    if parts is None:
        return False
    head = parts[1]
    if any(head.endswith(h) for h in lexicon("de").get("org_heads", ())):
        return False
    return _zipf(head, "de") > _zipf(head, "en")


def _ru_common_phrase(text: str, start: int, end: int, label: str) -> bool:
    """A Russian noun phrase of common words only, headed by no organisation or place word (``Годы культуры``).

    The test of ``russian_org.drop_common_phrases`` (on FactRuEval dev it removed one false place and
    no gold name): names made of common words open with an adjective (``Белый дом``) or are quoted.
    """
    from transforms.entities.russian_org import drop_common_phrases

    return not drop_common_phrases(text, [(start, end, label)], lambda w: _morph().parse(w.lower()))


def _chinese_term(word: str) -> bool:
    """One Cyrillic word of two or more Palladius syllables that no Russian dictionary knows (``Личунь``).

    Chinese people are named surname first in two words (``Си Цзиньпин``), and a lone surname is
    one syllable; a lone longer Chinese word is a term, a festival or a place.
    """
    w = word.strip(_EDGE).replace("\u0301", "")
    split = palladius_split(w)
    return bool(split) and len(split) >= 2 and not any(p.is_known for p in _morph().parse(w.lower()))


def is_russian_surname(word: str) -> bool:
    """A Latin word that spells a Russian surname the dictionary knows, and no place (``Lawrow``, not ``Rostow``)."""
    w = word.strip(_EDGE)
    if not w[:1].isupper() or not any(w.lower().endswith(e) for e in lexicon("ru").get("surname_endings_latin", ())):
        return False
    for cyr in latin_to_cyrillic(w):
        parses = [p for p in _morph().parse(cyr) if p.is_known]
        if any("Surn" in p.tag for p in parses) and not any("Geox" in p.tag or "Orgn" in p.tag for p in parses):
            return True
    return False


def is_russian_place(word: str) -> bool:
    """A Latin word that spells a place the Russian dictionary knows and no person (``Nowosibirsk``)."""
    w = word.strip(_EDGE)
    if not w[:1].isupper() or len(w) < 4:
        return False
    for cyr in latin_to_cyrillic(w):
        parses = [p for p in _morph().parse(cyr) if p.is_known]
        if any("Geox" in p.tag for p in parses) and not any({"Surn", "Name", "Patr"} & p.tag.grammemes for p in parses):
            return True
    return False


def _ru_adjective_only(words: list[str]) -> bool:
    """One Russian word that is an adjective in every reading (``Азиатско-тихоокеанского``)."""
    if len(words) != 1:
        return False
    parses = _morph().parse(words[0].strip(_EDGE).lower())
    return bool(parses) and all(p.tag.POS in ("ADJF", "ADJS", "PRTF") and not ({"Geox", "Orgn", "Surn", "Name"}
                                                                                 & p.tag.grammemes) for p in parses)


def _acronym_thing(word: str) -> bool:
    """``RUS-Original``: an acronym glued to a frequent common noun that is no institution word."""
    parts = word.split("-")
    if len(parts) != 2 or not parts[0].isupper() or len(parts[0]) < 2 or not parts[1][:1].isupper():
        return False
    head = parts[1].lower()
    if any(head.endswith(h) for h in lexicon("de").get("org_heads", ())):
        return False
    return _zipf(head, "de") >= 4.0  # capitalised after the hyphen: a noun, and a frequent one


def _plural_of_genitive(words: list[str]) -> bool:
    """``Völker Russlands``: a plural common noun and a name in the genitive, no name of its own."""
    from transforms.entities.normalize import strip_german_genitive

    first, last = words[0].strip(_EDGE), words[1].strip(_EDGE)
    lemma = de_lemmas().get(first)
    plural = bool(lemma) and lemma[:1].isupper() and lemma != first and not first.endswith("s")
    return plural and strip_german_genitive(last) != last


def _ru_pronoun_start(words: list[str]) -> bool:
    pos = lexicon("ru").get("pronoun_pos", set())
    first = words[0].strip(_EDGE).lower()
    parses = _morph().parse(first)
    if any({"Name", "Surn", "Geox", "Orgn"} & p.tag.grammemes for p in parses):
        return False
    return parses[0].tag.POS in pos or "Apro" in parses[0].tag


def _name_word(word: str, lang: str) -> bool:
    """A word that can be part of a name: capitalised, no title, no adjective, no function word."""
    w = word.strip(_EDGE)
    return bool(w) and (w[:1].isupper() or w[:1].isdigit()) and not is_title(w, lang) and not is_adjective(w, lang) \
        and not is_function_word(w, lang)


# --------------------------------------------------------------------------- spans


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _mention(src: dict, text: str, start: int, end: int, label: str | None = None) -> dict:
    out = dict(src, char_start=start, char_end=end, text=text[start:end])
    out.pop("normalized", None)
    if label is not None:
        out["label"] = label
    return out


def _split_title_person(m: dict, text: str, toks: list[tuple[int, int]], lang: str) -> list[dict] | None:
    """``Indian Security Council Secretary Ravi Kumar`` → ORG before the title, PER after it."""
    words = [text[s:e] for s, e in toks]
    for i in range(len(words) - 2, 0, -1):
        if not is_title(words[i], lang):
            continue
        rest = toks[i + 1:]
        if len(rest) < 2 or not all(_name_word(text[s:e], lang) for s, e in rest):
            return None
        out = [_mention(m, text, rest[0][0], rest[-1][1], "PER")]
        j = i
        while j > 0 and (is_title(words[j - 1], lang) or is_adjective(words[j - 1], lang) and j - 1 > 0
                         and is_title(words[j - 2], lang)):
            j -= 1
        head = toks[:j]
        if head and any(_name_word(text[s:e], lang) for s, e in head):
            label = m["label"] if m["label"] != "PER" else "ORG"
            out.insert(0, _mention(m, text, head[0][0], head[-1][1], label))
        return out
    return None


def clean_span(m: dict, text: str) -> list[dict]:
    """One mention cleaned: [] for junk, the mention trimmed, or its parts (see module doc)."""
    lang = str(m.get("language") or "")
    label = str(m.get("label") or "")
    start, end = int(m["char_start"]), int(m["char_end"])
    surface = text[start:end]
    if surface in protected_names() or surface.rstrip("s") in protected_names():
        return [m]
    toks = _tokens(text, start, end)
    if not toks:
        return []
    words = [text[s:e] for s, e in toks]
    cyr = has_cyrillic(surface)
    if cyr:
        if _ru_pronoun_start(words) and not any(w[:1].isupper() for w in words[1:]):
            return []
        if len(words) == 1 and is_title(words[0], "ru"):
            return []
        if label == "PER" and len(words) == 1 and _chinese_term(words[0]):
            return []
        if label != "PER" and _ru_adjective_only(words):
            return []
        if label in ("ORG", "LOC") and _ru_common_phrase(text, start, end, label):
            return []
    if len(toks) >= 4 and label != "PER" or label == "PER" and len(toks) >= 3:
        parts = _split_title_person(m, text, toks, lang)
        if parts is not None:
            return [p for part in parts for p in clean_span(part, text)] if len(parts) > 1 or parts[0] != m else parts
    # a person loses titles on both sides ("Präsident Xi", "Putin, President"); an organisation or
    # place keeps its words ("General Motors", "State Duma") and goes only if nothing but titles is left
    i, j = 0, len(toks)
    if label == "PER":
        while i < j and (is_title(words[i], lang) or is_adjective(words[i], lang)):
            i += 1
        while j > i and is_title(words[j - 1], lang):
            j -= 1
    elif all(is_title(w, lang) or is_adjective(w, lang) for w in words):
        return []
    if i == j:
        return []
    if is_function_word(words[j - 1], lang):
        return []
    kept = words[i:j]
    if not any(_name_word(w, lang) for w in kept):
        return []
    if lang == "en" and label != "PER" and len(kept) > 1 and kept[-1][:1].islower():
        return []  # "the Chinese side", "Nordland side": a common noun after a name
    if len(kept) == 1 and label == "LOC" and not cyr and lang == "de" and is_common_compound(kept[0]):
        return []
    if label in ("LOC", "ORG") and not cyr and lang == "de" and _common_compound_phrase(kept, lang):
        return []
    if len(kept) == 2 and label != "PER" and not cyr and lang == "de" and _plural_of_genitive(kept):
        return []
    if len(kept) == 1 and label == "ORG" and not cyr and _acronym_thing(kept[0]):
        return []
    if len(kept) == 1 and label in ("LOC", "ORG") and not cyr and is_russian_surname(kept[0]):
        return [_mention(m, text, toks[i][0], toks[j - 1][1], "PER")]
    if len(kept) == 1 and label == "PER" and not cyr and is_russian_place(kept[0]):
        return [_mention(m, text, toks[i][0], toks[j - 1][1], "LOC")]
    if (i, j) != (0, len(toks)):
        return [_mention(m, text, toks[i][0], toks[j - 1][1])]
    return [m]


def _split_joined(ms: list[dict], text: str) -> list[dict]:
    """A person span whose last words are a person tagged on its own elsewhere is two people."""
    names = {" ".join(str(m["text"]).split()) for m in ms if m.get("label") == "PER"}
    out: list[dict] = []
    for m in ms:
        toks = _tokens(text, m["char_start"], m["char_end"])
        done = False
        if m.get("label") == "PER" and len(toks) >= 3:
            for k in range(1, len(toks) - 1):
                right = text[toks[k][0]:toks[-1][1]]
                left = text[toks[0][0]:toks[k - 1][1]]
                if right in names and right != m["text"]:
                    out.append(_mention(m, text, toks[0][0], toks[k - 1][1]))
                    out.append(_mention(m, text, toks[k][0], toks[-1][1]))
                    done = True
                    break
                if left in names and left != m["text"] and len(toks) - k >= 2:
                    out.append(_mention(m, text, toks[0][0], toks[k - 1][1]))
                    out.append(_mention(m, text, toks[k][0], toks[-1][1]))
                    done = True
                    break
        if not done:
            out.append(m)
    # A split-off single word that ends a two-word name of the document takes that name's start
    # when the text has it just before (``Xi`` + ``Jinping`` → ``Xi Jinping``).
    full = {n.split()[-1]: n for n in names if len(n.split()) == 2}
    absorbed: set[int] = set()
    for k, m in enumerate(out):
        t = " ".join(str(m["text"]).split())
        if m.get("label") == "PER" and " " not in t and t in full:
            first = full[t].split()[0]
            s = m["char_start"] - len(first) - 1
            if s < 0 or text[s:m["char_start"]] != first + " ":
                continue
            over = [i for i, o in enumerate(out) if i != k and o["char_start"] < m["char_start"] and o["char_end"] > s]
            if all(out[i]["char_start"] >= s and out[i].get("label") == "PER" for i in over):
                absorbed.update(over)  # the first name tagged on its own (``Xi``) joins the name
                out[k] = _mention(m, text, s, m["char_end"])
    return [m for i, m in enumerate(out) if i not in absorbed]


def _harmonise_surnames(ms: list[dict]) -> list[dict]:
    """A one-word mention that is the surname of a person named in full here takes the PER label."""
    surnames: set[str] = set()
    for m in ms:
        toks = str(m["text"]).split()
        if m.get("label") == "PER" and len(toks) >= 2:
            surnames.add(toks[-1])
    out = []
    for m in ms:
        t = str(m["text"]).strip()
        bare = t[:-1] if t.endswith("s") and t[:-1] in surnames else t
        if m.get("label") != "PER" and " " not in t and bare in surnames and t not in protected_names():
            m = dict(m, label="PER")
            m.pop("normalized", None)
        out.append(m)
    return out


def clean_mentions(text: str, mentions: list[dict]) -> list[dict]:
    """The document's mentions cleaned (module doc), sorted by position; overlaps removed."""
    out: list[dict] = []
    for m in mentions:
        out.extend(clean_span(m, text))
    out = _split_joined(out, text)
    out = _harmonise_surnames(out)
    out = [m for m in out if m["char_end"] - m["char_start"] >= 2]
    out.sort(key=lambda m: (m["char_start"], -m["char_end"]))
    kept: list[dict] = []
    for m in out:
        if kept and m["char_start"] < kept[-1]["char_end"]:
            continue
        kept.append(m)
    return kept


__all__ = ["clean_mentions", "clean_span", "is_title", "is_adjective", "is_common_compound", "compound_parts", "lexicon"]
