"""Base form of an entity mention, so that inflected and titled surface forms link.

``Putins`` → ``Putin``, ``Präsident Xi Jinping`` → ``Xi Jinping``, ``Юрия Ушакова`` →
``Юрий Ушаков``, ``Шанхайской организации сотрудничества`` → ``Шанхайская организация
сотрудничества``, ``В.Путин`` → ``В. Путин``.  Only the mention text is seen (no sentence
context), so every rule is a conservative heuristic: when unsure, keep the word.

German genitive -s is decided with word frequencies (wordfreq): the -s is dropped when
the word without it is the more frequent one (``Chinas`` → ``China`` but ``Markus`` stays);
for names wordfreq has never seen, only after a consonant (``Smirnows`` → ``Smirnow``).
Russian case endings are undone with pymorphy3, choosing one gender and case for all
tokens of a person's name so that ``Юрия Ушакова`` becomes ``Юрий Ушаков``, not ``Ушакова``.

Why one module of ~470 lines: one concern (a mention's base form), one section per language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from transforms.entities.translit import has_cyrillic, is_palladius, looks_chinese, looks_palladius_word

# Leading words that are not part of a person's name (lower-case; compared per token).
_TITLES_DE = {
    "herr", "herrn", "frau", "dr", "dr.", "prof", "prof.", "präsident", "präsidentin",
    "präsidenten", "staatspräsident", "vizepräsident", "ministerpräsident", "kanzler",
    "kanzlerin", "bundeskanzler", "bundeskanzlerin", "minister", "ministerin", "genosse",
    "genossen", "genossin", "general", "generals", "sekretär", "sekretärs", "generalsekretär",
    "berater", "beraterin", "botschafter", "botschafterin", "vorsitzende", "vorsitzender",
    "vorsitzenden", "könig", "königin", "prinz", "prinzessin", "papst", "scheich", "senator",
    "senatorin", "gouverneur", "bürgermeister", "bürgermeisterin", "premier", "premierminister",
    "regierungschef", "regierungschefin", "staatschef", "staatschefin", "kremlchef", "sprecher",
    "sprecherin", "chef", "chefin", "abgeordnete", "abgeordneter", "oberst", "marschall",
    "patriarch", "ayatollah", "ajatollah", "sankt", "st.",
}
# Compound titles: US-Präsident, Außenminister, Kreml-Sprecher, Parteichef ...
_TITLE_SUFFIXES_DE = (
    "präsident", "präsidentin", "präsidenten", "minister", "ministerin", "ministers",
    "kanzler", "kanzlerin", "sprecher", "sprecherin", "sprechers", "chef", "chefin", "chefs",
    "sekretär", "sekretärin", "berater", "beraterin", "botschafter", "vorsitzende", "vorsitzender",
)
_TITLES_EN = {
    "president", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir",
    "madam", "minister", "prime", "foreign", "defence", "defense", "secretary", "chairman",
    "chairwoman", "premier", "comrade", "general", "gen.", "chancellor", "spokesman",
    "spokeswoman", "spokesperson", "senator", "sen.", "governor", "gov.", "mayor", "king",
    "queen", "prince", "princess", "pope", "vice", "deputy", "ambassador", "envoy", "aide",
    "adviser", "advisor", "leader", "chief", "state", "security", "council", "fm", "us", "u.s.",
    "former", "late", "saint", "st.",
}
_TITLES_RU = {  # pymorphy3 lemmas
    "президент", "председатель", "господин", "госпожа", "товарищ", "министр", "глава",
    "помощник", "пресс-секретарь", "секретарь", "советник", "генсек", "премьер",
    "премьер-министр", "канцлер", "лидер", "г-н", "г-жа", "генерал", "посол", "спикер", "мэр",
    "губернатор", "король", "королева", "принц", "патриарх", "вице-президент", "сенатор",
    "депутат", "маршал", "полковник", "святой",
}
_ARTICLES = {"der", "die", "das", "dem", "den", "des", "the", "a", "an"}
_PUNCT_EDGES = " \t\r\n\"'„“”«»‚‘’()[]{}<>:;,.!?*–—-•·/\\|"
_INITIAL_GLUE = re.compile(r"\b([A-ZА-ЯЁ][a-zа-яё]?\.)(?=[A-Za-zА-Яа-яЁё])")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_INITIAL = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё]?\.$")


def is_initial(token: str) -> bool:
    """``В.``, ``W.``, ``Ju.``: an abbreviated first name."""
    return bool(_INITIAL.match(token))


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def _match_case(word: str, like: str) -> str:
    """``word`` in the letter case pattern of ``like`` (Title, UPPER, lower, or Hyphen-Title)."""
    if len(like) > 1 and like[:2].isupper():  # ООН, МИДа -> МИД
        return word.upper()
    if like[:1].isupper():
        parts = word.split("-")
        like_parts = like.split("-")
        if len(parts) == len(like_parts):
            return "-".join(
                p[:1].upper() + p[1:] if lp[:1].isupper() else p for p, lp in zip(parts, like_parts)
            )
        return word[:1].upper() + word[1:]
    return word


# --------------------------------------------------------------------------- German / English


def strip_german_genitive(token: str) -> str:
    """``Putins`` → ``Putin``, ``Chinas`` → ``China``; ``Markus``, ``BRICS`` stay."""
    if len(token) < 4 or not token.endswith("s") or token.isupper() or not token[:1].isupper():
        return token
    stem = token[:-1]
    if stem[-1:] in ("s", "x", "z", "ß"):
        return token
    if _zipf(token.lower(), "en") >= 4.5 and _zipf(token.lower(), "de") >= 3.0:
        return token  # an English word German uses as it is (News, Times, Williams): no genitive
    f_word, f_stem = _zipf(token.lower(), "de"), _zipf(stem.lower(), "de")
    if f_word or f_stem:
        return stem if f_stem > f_word else token
    return stem if stem[-1].lower() not in "aeiouyäöü" else token


@lru_cache(maxsize=1)
def de_lemmas() -> dict[str, str]:
    """spaCy's German lemma lookup table (spacy-lookups-data): ``europäischen`` → ``europäisch``, ``Kreuzes`` → ``Kreuz``."""
    import gzip
    import json
    from pathlib import Path

    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


# Gender of a German noun by its last part, for the strong nominative ending of the adjective
# before it (Internationaler Währungsfonds, Europäische Union, Rotes Kreuz).  Longest match wins;
# nouns matching none keep the adjective as written.
_DE_GENDER_SUFFIXES: dict[str, str] = {
    **dict.fromkeys(
        "ung heit keit schaft ion tät ei ie ik ur enz anz bank union liga front armee agentur behörde "
        "kammer allianz bahn post marine polizei börse gruppe zeitung kirche hochschule republik "
        "regierung wehr flotte brigade zone region insel stadt küste straße welt kommission".split(), "f"),
    **dict.fromkeys(
        "fonds rat bund verband dienst hof konzern ausschuss senat kongress gipfel staat kreis bezirk "
        "kanal fluss berg platz markt verein klub club orden sender rundfunk tag ismus block pakt "
        "vertrag hafen osten westen norden süden gerichtshof".split(), "m"),
    **dict.fromkeys(
        "amt ministerium institut komitee parlament kreuz haus gericht büro zentrum kommando forum "
        "programm unternehmen werk kabinett sekretariat bündnis reich land gebiet emirat netzwerk team "
        "museum theater orchester präsidium gremium konsortium regime meer".split(), "n"),
}
_DE_STRONG = {"f": "e", "m": "er", "n": "es", "pl": "e"}
_DE_ADJ_ENDINGS = ("en", "em", "er", "es", "e")


def de_gender(noun: str) -> str | None:
    low = noun.lower()
    for n in range(len(low), 1, -1):
        gender = _DE_GENDER_SUFFIXES.get(low[-n:])
        if gender is not None:
            return gender
    return None


def de_is_adjective(token: str) -> bool:
    """A capitalised inflected adjective or participle (``Vereinten``, ``Europäischen``), not a noun."""
    if not token[:1].isupper() or token.isupper() or not token.endswith(_DE_ADJ_ENDINGS):
        return False
    lemma = de_lemmas().get(token.lower())
    return lemma is not None and lemma[:1].islower() and lemma != token.lower()


def german_nominative(tokens: list[str]) -> list[str]:
    """Leading adjectives and head noun of a German name in the strong nominative.

    ``Vereinten Nationen`` → ``Vereinte Nationen``, ``Internationalen Währungsfonds`` →
    ``Internationaler Währungsfonds``, ``Deutschen Roten Kreuzes`` → ``Deutsches Rotes Kreuz``;
    ``Shanghaier Organisation`` stays (``Shanghaier`` does not inflect).  When the head's
    number and gender cannot be told, the tokens are returned unchanged.
    """
    n_adj = 0
    while n_adj < len(tokens) - 1 and de_is_adjective(tokens[n_adj]):
        n_adj += 1
    if not n_adj:
        return tokens
    head = tokens[n_adj]
    if not head[:1].isupper() or de_is_adjective(head):
        return tokens
    lemma = de_lemmas().get(head)
    noun, gender = head, None
    if lemma and lemma != head and lemma[:1].isupper():
        if head.endswith("s") and len(lemma) < len(head):  # genitive singular: Kreuzes -> Kreuz
            noun = lemma
        else:  # plural; dative plural -n back to the nominative (Emiraten -> Emirate)
            # The nominative plural is also the accusative and genitive, so it is the more
            # frequent spelling (Emirate > Emiraten, but Staaten > Staate).
            gender = "pl"
            if head.endswith("n") and de_lemmas().get(head[:-1]) == lemma and (
                _zipf(head[:-1].lower(), "de") > _zipf(head.lower(), "de")
            ):
                noun = head[:-1]
    gender = gender or de_gender(noun)
    if gender is None and lemma is None and head.endswith("s"):
        # A compound the table lacks, in the genitive of a masculine/neuter noun (Heimatkreuzes).
        for stem in (head[:-2], head[:-1]) if head.endswith("es") else (head[:-1],):
            if de_gender(stem) in ("m", "n"):
                noun, gender = stem, de_gender(stem)
                break
    if gender is None:
        return tokens
    out = list(tokens)
    for i in range(n_adj):
        tok = tokens[i]
        stem = next(tok[: -len(e)] for e in _DE_ADJ_ENDINGS if tok.endswith(e))
        out[i] = stem + _DE_STRONG[gender]
    out[n_adj] = noun
    return out


def _genitive_attribute(tokens: list[str]) -> bool:
    """``… Partei Chinas``: the last word ends in -s and follows a capitalised noun (no adjective)."""
    if len(tokens) < 2 or not tokens[-1].endswith("s") or strip_german_genitive(tokens[-1]) == tokens[-1]:
        return False
    prev = tokens[-2]
    return prev[:1].isupper() and not de_is_adjective(prev) and not prev.endswith(("en", "em", "er", "es")) or (
        prev[:1].isupper() and de_lemmas().get(prev) is not None and de_lemmas()[prev][:1].isupper())


def _is_title(token: str, language: str) -> bool:
    low = token.lower().rstrip(",")
    if language == "de" or not has_cyrillic(token):
        if low in _TITLES_DE or low in _TITLES_EN:
            return True
        return any(low.endswith(s) and len(low) > len(s) for s in _TITLE_SUFFIXES_DE)
    return False


# --------------------------------------------------------------------------- Russian


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


_CASE_ENDINGS = ("ом", "ем", "ым", "ым", "а", "я", "у", "ю", "е")


def _ru_chinese(tokens: list[str]) -> list[str] | None:
    """Chinese names decline like nouns (``Чжана Вэйцяна``): drop the ending that leaves Palladius syllables."""
    if len(tokens) < 2 or not all(has_cyrillic(t) for t in tokens):
        return None
    out: list[str] = []
    changed = False
    for tok in tokens:
        low = tok.lower()
        for end in _CASE_ENDINGS:
            stem = tok[: -len(end)]
            # -ом/-ем/-ым are always endings; a bare vowel only after -н (Чжана, Вэйцяна, Вана):
            # Pinyin -ng syllables end in н and decline, while -на/-ну would be rare syllables.
            if low.endswith(end) and is_palladius(stem) and (len(end) == 2 or stem.lower().endswith("н")):
                out.append(stem)
                changed = True
                break
        else:
            if not is_palladius(tok):
                return None
            out.append(tok)
    return out if looks_chinese(out) else None


# Masculine noun endings per case (hard stem, soft stem): Скрипаля -> Скрипаль, Джонсона -> Джонсон.
_MASC_ENDINGS = {"gent": (("а", ""), ("я", "ь")), "datv": (("у", ""), ("ю", "ь")),
                 "ablt": (("ом", ""), ("ем", "ь"), ("ём", "ь")), "accs": (("а", ""), ("я", "ь")),
                 "loct": (("е", ""),)}


def _masc_nominative(token: str, case: str) -> str:
    """The nominative of a masculine name word pymorphy3 cannot place in ``case``; unchanged if unsure."""
    low = token.lower()
    for end, add in _MASC_ENDINGS.get(case, ()):
        if low.endswith(end) and len(low) - len(end) >= 3:
            stem = token[: -len(end)]
            if add == "ь" and stem[-1:].lower() in "аеёиоуыэюя":
                add = "й"  # Гайдая -> Гайдай
            return stem + add
    return token


def _ru_person(tokens: list[str]) -> list[str]:
    """Nominative of every Cyrillic token of a person's name, one gender and case for all."""
    chinese = _ru_chinese(tokens)
    if chinese is not None:
        return chinese
    morph = _morph()
    idx = [i for i, t in enumerate(tokens) if has_cyrillic(t) and not is_initial(t)]
    if not idx:
        return tokens
    # A person is one: plural readings (Травников as the genitive plural of травник) are no name.
    parses = {i: [p for p in morph.parse(tokens[i].lower()) if p.tag.POS == "NOUN" and p.tag.number != "plur"]
              for i in idx}

    def fits(p: Any, gender: str, case: str) -> bool:
        g = str(p.tag.gender) if p.tag.gender else None
        if p.tag.case != case:
            return False
        return g is None or g in (gender, "neut") or "ms-f" in p.tag or "Fixd" in p.tag

    best: tuple[float, int, int] | None = None
    choice = ("masc", "nomn")
    for gi, gender in enumerate(("masc", "femn")):
        for ci, case in enumerate(_CASES):
            total = 0.0
            for i in idx:
                scores = [p.score for p in parses[i] if fits(p, gender, case)]
                total += max(scores) if scores else (0.0 if parses[i] else 0.01)
            key = (total, -ci, -gi)
            if best is None or key > best:
                best, choice = key, (gender, case)
    gender, case = choice
    out = list(tokens)
    if case == "nomn":
        return out
    for i in idx:
        cands = [p for p in parses[i] if fits(p, gender, case)]
        if not cands:
            if gender == "masc":  # a surname the dictionary lacks (Скрипаля): the noun ending undone
                out[i] = _masc_nominative(tokens[i], case)
            continue
        p = max(cands, key=lambda q: q.score)
        if "Fixd" in p.tag:
            continue
        want = {"nomn", "sing"}
        inflected = p.inflect(want) or p.inflect({"nomn"})
        if inflected is not None:
            out[i] = _match_case(inflected.word, tokens[i])
    return out


# Case endings of a Chinese place name after its final н: soft stems (Тяньцзинь: -я -ю -ем -е)
# get their ь back, hard ones (-а -у -ом) stay; the prepositional -е is read as soft.
# After a vowel the soft endings stand for a final й (Тяньбэй: Тяньбэя, Тяньбэе).
_PLACE_ENDINGS = (("ем", "ь"), ("ём", "ь"), ("ом", ""), ("я", "ь"), ("ю", "ь"), ("е", "ь"), ("а", ""), ("у", ""))


def _ru_chinese_place(tokens: list[str]) -> list[str] | None:
    """Chinese place/organisation names (``в Тяньцзине``, ``Шэньчжэня``) back to the nominative."""
    out: list[str] = []
    for tok in tokens:
        low = tok.lower()
        for end, add in _PLACE_ENDINGS:
            stem = tok[: -len(end)]
            if not low.endswith(end):
                continue
            if stem.lower().endswith("н") and looks_palladius_word(stem + add):
                out.append(stem + add)
                break
            if add and stem[-1:].lower() in "аоэу" and looks_palladius_word(stem + "й"):  # Тяньбэе -> Тяньбэй
                out.append(stem + "й")
                break
        else:
            if not looks_palladius_word(tok):
                return None
            out.append(tok)
    return out


def _ru_phrase(tokens: list[str]) -> list[str]:
    """Place/organisation: leading adjectives and the head noun to nominative, rest unchanged."""
    chinese = _ru_chinese_place(tokens) if all(has_cyrillic(t) for t in tokens) else None
    if chinese is not None:
        return chinese
    morph = _morph()
    out = list(tokens)
    adjectives: list[int] = []
    for i, tok in enumerate(tokens):
        if not has_cyrillic(tok) or (tok.isupper() and len(tok) > 1):
            if adjectives:
                break
            return out  # acronym or foreign word first: leave the phrase as written
        parses = morph.parse(tok.lower())
        if parses and parses[0].tag.POS in ("ADJF", "PRTF") and i + 1 < len(tokens):
            adjectives.append(i)
            continue
        nouns = [p for p in parses if p.tag.POS == "NOUN"] or parses
        if not nouns:
            return out
        head = nouns[0]
        if head.tag.case and head.tag.case != "nomn" and "Fixd" not in head.tag:
            inflected = head.inflect({"nomn"})
            if inflected is not None:
                out[i] = _match_case(inflected.word, tok)
        case, number = head.tag.case, head.tag.number
        for j in adjectives:
            adj = [
                p for p in morph.parse(tokens[j].lower())
                if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == case and p.tag.number == number
                and (number == "plur" or p.tag.gender == head.tag.gender)
            ]
            if adj and adj[0].tag.case != "nomn":
                # The reading that keeps the word's stem: высшего -> высший, not the superlative
                # of высокий (высочайший).
                forms = [f.word for a in adj for f in a.lexeme
                         if f.tag.case == "nomn" and f.tag.number == a.tag.number and f.tag.gender == a.tag.gender
                         and ("Supr" in f.tag) == ("Supr" in a.tag) and f.tag.POS == a.tag.POS]
                forms += [f.word for f in (a.inflect({"nomn"}) for a in adj) if f is not None]
                if forms:
                    low = tokens[j].lower()
                    word = max(forms, key=lambda w: (len(_common_prefix(w, low)), -forms.index(w)))
                    out[j] = _match_case(word, tokens[j])
        return out
    return out


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _ru_strip_titles(tokens: list[str]) -> list[str]:
    morph = _morph()
    while len(tokens) > 1:
        tok = tokens[0]
        if tok[:1].islower() or any(p.normal_form in _TITLES_RU for p in morph.parse(tok.lower())[:3]):
            tokens = tokens[1:]
            continue
        break
    return tokens


# --------------------------------------------------------------------------- entry point


def _catalogue_name_with_article(name: str) -> bool:
    """``Den Haag``, ``The Hague``: the article is part of a catalogue name and stays."""
    from transforms.entities.clean import protected_names

    return name in protected_names()


def normalize_mention(text: str, label: str, language: str) -> str:
    """Base form of a mention: titles stripped, case endings undone, initials spaced."""
    s = " ".join(text.split()).strip(_PUNCT_EDGES)
    if not s:
        return text.strip()
    s = _INITIAL_GLUE.sub(r"\1 ", s)
    tokens = s.split(" ")
    while len(tokens) > 1 and tokens[0].lower() in _ARTICLES and not (
            tokens[0][:1].isupper() and _catalogue_name_with_article(" ".join(tokens))):
        tokens = tokens[1:]
    cyrillic = has_cyrillic(s)
    if label == "PER":
        if cyrillic:
            tokens = _ru_strip_titles(tokens)
        while len(tokens) > 1 and (tokens[0][:1].islower() or _is_title(tokens[0], language)):
            tokens = tokens[1:]
    tokens = [_POSSESSIVE.sub("", t) if not has_cyrillic(t) else t for t in tokens]
    tokens = [t for t in tokens if t.strip(_PUNCT_EDGES) or is_initial(t)]
    if not tokens:
        return s
    if cyrillic:
        tokens = _ru_person(tokens) if label == "PER" else _ru_phrase(tokens)
    elif language == "de" and label in ("PER", "LOC", "ORG", "MISC"):
        nominative = german_nominative(tokens) if label != "PER" else tokens
        # A final genitive after a noun is an attribute and part of the name ("Kommunistische
        # Partei Chinas", "Bank Russlands"); elsewhere it is the name's own case ("Putins").
        if nominative[-1] == tokens[-1] and not (label != "PER" and _genitive_attribute(nominative)):
            nominative = nominative[:-1] + [strip_german_genitive(tokens[-1])]
        tokens = nominative
    return " ".join(tokens)


__all__ = ["normalize_mention", "strip_german_genitive", "is_initial", "german_nominative"]
