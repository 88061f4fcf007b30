"""Entity resolution: one ``entity_id`` per real-world entity across languages and scripts.

Before matching, label reconciliation: the NER sometimes gives a name the wrong label in one
place (a surname tagged LOC next to the person's full name, a town tagged PER once).  A mention
whose match key equals names of the other label in the same document (a PER full name's
surname, an exact key), or an exact alias of a known entity / the catalogue, joins that label
when its own label has no candidate and the other label has at least as much evidence
(mentions in the document, the known entity's mentions; ties go to a backing full name).
A single token becomes a person only on evidence from its own document (``Jefferson`` the
city and ``Tom Jefferson`` in other documents stay apart); a single-token ORG needs more
person mentions than its own (firms named after founders).

How a mention finds its entity (first hit wins):

1. the alias catalogue (``aliases.tsv`` plus pycountry's country names in en/de/ru): a few
   exonyms and acronyms no spelling rule can link (``Peking``/``Пекин``, ``UNO``/``ООН``);
2. an exact match of the mention's *match key* (``translit.match_key`` per token, Russian
   patronymics dropped; Pinyin names also get the key of their Palladius Cyrillic form, so
   ``Xi Jinping`` meets ``Си Цзиньпин``);
3. for people: a short form (``Putin``, ``В. Путин``) attaches to a full name with that
   surname — one in the same document first, else the most mentioned known one; a full
   name attaches to a known full name whose tokens all match fuzzily (rapidfuzz ratio of
   keys), or to an entity so far known only by its surname;
4. for places/organisations: a fuzzy match of the whole key (long names only; acronyms
   only ever match exactly);
5. otherwise a new entity.

Ids are ``"E" + sha1(label|key)[:12]`` of the first form seen, fixed at creation; rows from
earlier runs keep theirs.  Thresholds (0–100 rapidfuzz ratios) were chosen with
``benchmarks/linking_eval.py``.

Why one module of ~900 lines: one concern (a mention becomes an entity), held by one stateful class,
``EntityResolver``, whose indexes (exact keys, surnames, fuzzy indexes, the catalogue) every matching rule
reads and writes. It is long; splitting the rules from the index state is open work (#11).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from rapidfuzz import fuzz, process

from transforms.entities.fuzzyindex import FuzzyIndex
from transforms.entities.naming import foreign_person_name, organisation_name
from transforms.entities.normalize import _de_is_adjective as _is_adjective
from transforms.entities.normalize import german_nominative, is_initial, normalize_mention, strip_german_genitive
from transforms.entities.translit import (
    has_cyrillic,
    looks_chinese,
    looks_palladius_word,
    match_key,
    palladius_to_pinyin,
    pinyin_key,
    to_english,
    to_german,
)

# Thresholds, measured with benchmarks/linking_eval.py (see its output for the trade-off).
T_PERSON_TOKEN = 80  # every token of two full names must be at least this similar
T_SURNAME = 88  # a surname (short form, or last token of two full names); 86 merged Barinow/Baranow
T_PHRASE = 90  # whole-key match for places / organisations
MIN_PHRASE_KEY = 6  # shorter keys (acronyms, short names) only match exactly

ALIASES_PATH = Path(__file__).with_name("aliases.tsv")
_PATRONYMIC_CYR = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична)$", re.IGNORECASE)
_PATRONYMIC = re.compile(r"(?:ovi|evi|ili)C$|(?:ovn|evn|iCn)a$")
_LABELS = ("PER", "ORG", "LOC", "MISC")
_ADJ_SUFFIX = re.compile(r"(?:isch|lich|ig|al|iv|är|ar|ell|ent)e[nm]$")  # adjectives the lemma table lacks


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True)
class NameKeys:
    """Match keys of one normalised name."""

    tokens: tuple[str, ...]  # primary key per name token (initials and patronymics removed)
    alt: tuple[str, ...] | None  # Palladius key per token when the name is Pinyin
    initials: tuple[str, ...]  # key letter per initial (В. -> v)
    chinese: bool  # surname first (Pinyin, or Cyrillic made of Palladius syllables)

    @property
    def full(self) -> str:
        return "".join(self.tokens)

    def fulls(self) -> list[str]:
        out = [self.full]
        if self.alt and "".join(self.alt) != self.full:
            out.append("".join(self.alt))
        return [k for k in out if k]

    def variants(self) -> list[tuple[str, ...]]:
        out = [self.tokens]
        if self.alt and self.alt != self.tokens:
            out.append(self.alt)
        return out

    def surnames(self) -> set[str]:
        """Keys a short form of this name may take: the last token, the first for Chinese names."""
        out: set[str] = set()
        for var in self.variants():
            if var:
                out.add(var[-1])
                if self.chinese and len(var) > 1:
                    out.add(var[0])
        return out

    def given_initials(self) -> set[str]:
        """First letters of the given name(s), to check ``В. Путин`` against ``Wladimir Putin``."""
        return {var[0][:1] for var in self.variants() if len(var) > 1 and var[0]}


def _initial_key(token: str) -> str:
    letter = token.rstrip(".")[:1]
    return match_key(letter.lower() + "a")[:1] if letter else ""


def name_keys(normalized: str, label: str) -> NameKeys:
    """Keys for a normalised mention; for people, initials and patronymics are set aside."""
    raw = normalized.split()
    initials = tuple(_initial_key(t) for t in raw if label == "PER" and is_initial(t))
    names = [t for t in raw if not (label == "PER" and is_initial(t))]
    keys = [match_key(t) for t in names]
    if label == "PER" and len(keys) >= 3:
        kept = [k for i, k in enumerate(keys) if not (0 < i < len(keys) - 1 and _PATRONYMIC.search(k))]
        names = [t for i, t in enumerate(names) if not (0 < i < len(keys) - 1 and _PATRONYMIC.search(keys[i]))]
        keys = kept
    alt: tuple[str, ...] | None = None
    chinese = False
    if names and all(not has_cyrillic(t) for t in names):
        pk = [pinyin_key(t) for t in names]
        if all(pk):
            alt = tuple(pk)  # type: ignore[arg-type]
            chinese = len(names) > 1
    elif names and all(has_cyrillic(t) for t in names):
        chinese = looks_chinese(names)
    keys_t = tuple(k for k in keys if k)
    if alt is not None:
        alt = tuple(k for k in alt if k)
    return NameKeys(keys_t, alt, initials, chinese)


@lru_cache(maxsize=200_000)
def _normalize(text: str, label: str, language: str) -> str:
    """normalize_mention, memoised: a document repeats its names, and label reconciliation
    normalises each mention under a second label too."""
    return normalize_mention(text, label, language)


def _entity_id(label: str, key: str, taken: Mapping[str, Any]) -> str:
    n = 1
    while True:
        seed = f"{label}|{key}" if n == 1 else f"{label}|{key}|{n}"
        eid = "E" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]
        if eid not in taken:
            return eid
        n += 1


_VOWEL_CLASS = str.maketrans({"u": "a", "o": "e"})


def token_similarity(a: str, b: str, surname: bool = True) -> float:
    """rapidfuzz ratio of two token keys; 90 when they differ only in a/u or e/o.

    Transliteration varies exactly those vowels (Trump/Трамп, Gorbatschow/Gorbachev),
    while other vowel changes make a different name (Barinow/Baranow).  A gendered
    surname pair (Petrow/Petrowa) is never similar: they are different people.
    """
    if a == b:
        return 100.0
    if surname and (a + "a" == b or b + "a" == a):
        return 0.0
    score = fuzz.ratio(a, b)
    if len(a) >= 4 and a.translate(_VOWEL_CLASS) == b.translate(_VOWEL_CLASS):
        score = max(score, 90.0)
    return score


def _nominative_like(name: str, language: str) -> bool:
    """False for a German name whose leading adjective has an oblique ending (``Internationalen ...``)."""
    toks = name.split()
    if language != "de" or len(toks) < 2 or has_cyrillic(name):
        return True
    first = toks[0]
    return not (first.endswith(("en", "em")) and (_is_adjective(first) or bool(_ADJ_SUFFIX.search(first))))


def _catalogue_name(names: list[str], language: str) -> str | None:
    """A catalogue group's name in ``language``: the first (German) one, the first Cyrillic one for
    Russian, for English the Latin name English text uses most relative to German (wordfreq)."""
    if language == "de":
        return names[0]
    if language == "ru":
        return next((n for n in names if has_cyrillic(n)), None)
    if language == "en":
        from wordfreq import zipf_frequency

        latin = [n for n in names if not has_cyrillic(n)]

        def englishness(n: str) -> float:
            words = [w for w in re.findall(r"[^\W\d_]+", n.lower())] or [n.lower()]
            return sum(zipf_frequency(w, "en") - zipf_frequency(w, "de") for w in words) / len(words)

        return max(latin, key=lambda n: (englishness(n), -latin.index(n))) if latin else None
    return None


def _labels_compatible(a: str, b: str) -> bool:
    """People only match people; places, organisations and MISC are often confused by NER."""
    return (a == "PER") == (b == "PER")


# --------------------------------------------------------------------------- catalogue


@dataclass
class _Group:
    label: str
    names: list[str]


def _country_groups() -> list[_Group]:
    """Country names in English, German and Russian from pycountry's ISO 3166 translations."""
    try:
        import gettext

        import pycountry

        tr = {
            lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            for lang in ("de", "ru")
        }
    except Exception:  # pragma: no cover - pycountry is a declared dependency
        return []
    groups: list[_Group] = []
    for c in pycountry.countries:
        names_en = [n for n in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)) if n]
        names: list[str] = []
        for lang in ("de", "en", "ru"):
            for n in names_en:
                local = n if lang == "en" else tr[lang].gettext(n)
                local = "".join(ch for ch in unicodedata.normalize("NFD", local) if ch != "\u0301")
                local = unicodedata.normalize("NFC", local)
                if "," not in local and local not in names:
                    names.append(local)
        groups.append(_Group("LOC", names))
    return groups


def load_catalogue(path: Path = ALIASES_PATH, countries: bool = True) -> list[_Group]:
    """The shipped alias catalogue: ``label<TAB>name|name|...`` per line, German name first
    (plus pycountry's country names unless ``countries`` is false)."""
    groups: list[_Group] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            label, _, names = line.partition("\t")
            parts = [n.strip() for n in names.split("|") if n.strip()]
            if label.strip() in _LABELS and parts:
                groups.append(_Group(label.strip(), parts))
    return groups + (_country_groups() if countries else [])


@lru_cache(maxsize=4)
def _catalogue_index(path: Path = ALIASES_PATH) -> tuple[tuple[_Group, ...], dict[str, int], dict[str, tuple[str, ...]]]:
    """Groups, key -> group index and key -> token keys, built once per process (normalising ~1k
    names takes ~1 s)."""
    groups = tuple(load_catalogue(path))
    index: dict[str, int] = {}
    tokens: dict[str, tuple[str, ...]] = {}
    for gi, group in enumerate(groups):
        for name in group.names:
            for norm in {name, normalize_mention(name, group.label, "ru" if has_cyrillic(name) else "de")}:
                nk = name_keys(norm, group.label)
                for key, toks in zip(nk.fulls(), nk.variants()):
                    index.setdefault(key, gi)
                    tokens.setdefault(key, toks)
    return groups, index, tokens


def _tokenwise(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names of as many words, each word like its counterpart: a fuzzy match of whole names
    may not join names that differ in a word (``Foreign Ministry of Russia`` / ``of Armenia``)
    or a name and its truncation (``Republic of`` / ``Republic of Fiji``)."""
    return len(a) == len(b) and all(token_similarity(x, y, False) >= T_PERSON_TOKEN for x, y in zip(a, b))


@lru_cache(maxsize=1)
def _generic_org_names() -> frozenset[str]:
    """Organisation words that name no one organisation without a country or qualifier (``МИД``,
    ``Ministry``, ``Sicherheitsrat``): the bilingual list of ``lexicon/de.json`` and English's list."""
    from transforms.entities.clean import lexicon

    names = {n.lower() for entry in lexicon("de").get("org_words", []) for n in entry}
    names |= {n.lower() for n in lexicon("en").get("generic_org_words", set())}
    return frozenset(names)


def is_generic_org(normalized: str) -> bool:
    """A bare generic organisation word, maybe with lower-case words after it (``МИД страны``)."""
    toks = normalized.split()
    while len(toks) > 1 and toks[-1][:1].islower():
        toks = toks[:-1]
    return " ".join(toks).lower() in _generic_org_names()


# --------------------------------------------------------------------------- entities


@dataclass
class _Entity:
    entity_id: str
    label: str
    canonical: str
    aliases: list[str] = field(default_factory=list)
    forms: Counter = field(default_factory=Counter)  # (normalized, language) -> count
    labels: Counter = field(default_factory=Counter)
    keys: list[NameKeys] = field(default_factory=list)
    n_mentions: int = 0
    n_documents: int = 0
    group: int | None = None
    pinned: bool = False  # canonical came from an earlier run and no better form seen yet
    canonical_language: str | None = None  # the main language the canonical was chosen for

    def row(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "canonical_name": self.canonical,
            "label": self.label,
            "aliases": list(self.aliases),
            "n_mentions": self.n_mentions,
            "n_documents": self.n_documents,
        }


@dataclass
class _Prepared:
    index: int
    mention: dict
    normalized: str
    label: str
    language: str
    keys: NameKeys

    @property
    def kind(self) -> str:
        if self.label != "PER":
            return "phrase"
        if len(self.keys.tokens) >= 2:
            return "full"
        return "initial" if self.keys.initials else "short"


DEFAULT_MAIN_LANGUAGE = "de"


class EntityResolver:
    """Stateful resolver, run serially over documents in a fixed order (see module doc)."""

    @property
    def main_language(self) -> str:
        """The language of canonical names: the setting, or with ``auto`` the documents' majority."""
        if not self._auto or not self._doc_languages:
            return self._fixed_language
        top = max(self._doc_languages.values())
        leaders = sorted(lang for lang, n in self._doc_languages.items() if n == top)
        return self._fixed_language if self._fixed_language in leaders else leaders[0]

    def __init__(self, existing: Iterable[Mapping[str, Any]] = (), *, main_language: str = "de",
                 document_languages: Mapping[str, int] | None = None) -> None:
        """existing: rows of the entities table from earlier runs; they keep their ids.

        main_language: the language of canonical names, or ``"auto"``: the language most documents
        are in (``document_languages``: counts of the warehouse's documents per language, plus
        every document resolved here; German until a document is seen).
        """
        self._auto = main_language in ("auto", "", None)
        self._fixed_language = DEFAULT_MAIN_LANGUAGE if self._auto else main_language
        self._doc_languages: Counter = Counter({k: int(v) for k, v in (document_languages or {}).items() if k})
        self._entities: dict[str, _Entity] = {}
        self._exact: dict[str, list[str]] = {}  # full key -> entity ids
        self._surname: dict[str, set[str]] = {}  # surname key -> PER entity ids
        self._changed: set[str] = set()
        # Fuzzy search without scanning every key (linking stays ~n log n in the names known):
        self._exact_fx = FuzzyIndex(T_PHRASE)  # the keys of _exact
        self._surname_fx = FuzzyIndex(T_SURNAME)  # the keys of _surname
        self._last: dict[str, set[str]] = {}  # last token of every PER key variant -> entity ids
        self._last_fx = FuzzyIndex(T_SURNAME)
        self._ent_surnames: dict[str, set[str]] = {}  # entity id -> its keys in _surname
        self._exact_tokens: dict[str, tuple[str, ...]] = {}  # full key -> its token keys
        groups, catalogue, self._catalogue_tokens = _catalogue_index()
        self._groups = list(groups)
        self._catalogue = catalogue
        self._catalogue_keys = [k for k in catalogue if len(k) >= MIN_PHRASE_KEY]
        self._group_entity: dict[int, str] = {}
        for row in existing:
            self._load_row(row)

    # ------------------------------------------------------------------ state

    def _load_row(self, row: Mapping[str, Any]) -> None:
        label = str(row.get("label") or "MISC")
        ent = _Entity(
            entity_id=str(row["entity_id"]),
            label=label,
            canonical=str(row.get("canonical_name") or ""),
            n_mentions=int(row.get("n_mentions") or 0),
            n_documents=int(row.get("n_documents") or 0),
            pinned=True,
        )
        self._entities[ent.entity_id] = ent
        ent.labels[label] += 1
        aliases = [str(a) for a in (row.get("aliases") or []) if a]
        ent.aliases = list(dict.fromkeys(aliases))
        # Every alias counts as a form seen; the canonical name only when it was seen itself
        # (a derived transliteration must not compete as if a paper had printed it).
        seen = ent.aliases or [ent.canonical]
        for alias in dict.fromkeys([ent.canonical, *ent.aliases]):
            if not alias:
                continue
            lang = "ru" if has_cyrillic(alias) else self.main_language
            norm = _normalize(alias, label, lang)
            if alias in seen:
                ent.forms[(norm, lang)] += 1
            self._index(ent, name_keys(norm, label))
        for key in (k for nk in ent.keys for k in nk.fulls()):
            group = self._catalogue.get(key)
            if group is not None and _labels_compatible(self._groups[group].label, label):
                self._group_entity.setdefault(group, ent.entity_id)
                ent.group = group

    def _index(self, ent: _Entity, keys: NameKeys) -> None:
        if not keys.tokens or keys in ent.keys:
            return
        ent.keys.append(keys)
        for full, toks in zip(keys.fulls(), keys.variants()):
            self._exact_tokens.setdefault(full, toks)
            if full not in self._exact:
                self._exact[full] = []
                self._exact_fx.add(full)
            if ent.entity_id not in self._exact[full]:
                self._exact[full].append(ent.entity_id)
        for var in keys.variants():
            if var:
                self._last.setdefault(var[-1], set()).add(ent.entity_id)
                self._last_fx.add(var[-1])
        if ent.label == "PER":
            for s in keys.surnames() if len(keys.tokens) > 1 else set(keys.variants()[0][-1:]):
                if s not in self._surname:
                    self._surname[s] = set()
                    self._surname_fx.add(s)
                self._surname[s].add(ent.entity_id)
                self._ent_surnames.setdefault(ent.entity_id, set()).add(s)

    def _new_entity(self, p: _Prepared, group: int | None = None) -> _Entity:
        label = self._groups[group].label if group is not None else p.label
        seed = f"catalogue|{self._groups[group].names[0]}" if group is not None else (p.keys.full or p.normalized)
        eid = _entity_id(label, seed, self._entities)
        ent = _Entity(entity_id=eid, label=label, canonical=p.normalized, group=group)
        self._entities[eid] = ent
        if group is not None:
            self._group_entity[group] = eid
        return ent

    def _attach(self, ent: _Entity, p: _Prepared) -> None:
        surface = " ".join(str(p.mention.get("text", "")).split()) or p.normalized
        if surface not in ent.aliases:
            ent.aliases.append(surface)
        ent.forms[(p.normalized, p.language)] += 1
        ent.labels[p.label] += 1
        ent.n_mentions += 1
        self._index(ent, p.keys)
        self._refresh(ent)
        self._changed.add(ent.entity_id)

    def _romanize(self, norm: str, label: str) -> str:
        """Latin name for a Cyrillic-only form: Pinyin for Chinese names, else the main language's transliteration."""
        toks = norm.split()
        chinese = looks_chinese(toks) if label == "PER" else bool(toks) and all(map(looks_palladius_word, toks))
        if chinese:
            pinyin = palladius_to_pinyin(norm)
            if pinyin:
                return pinyin
        if label == "PER" and len(toks) >= 3:  # no patronymic in a German canonical name
            toks = [t for i, t in enumerate(toks) if i in (0, len(toks) - 1) or not _PATRONYMIC_CYR.search(t)]
        norm_t = " ".join(toks)
        translit = to_german if self.main_language == "de" else to_english
        if label == "PER":
            foreign = foreign_person_name(norm_t, translit)  # Джонсон -> Johnson, not Dschonson
            if foreign:
                return foreign
        elif label == "ORG":
            named = organisation_name(norm_t, self.main_language)  # Администрация Президента -> Präsidialverwaltung
            if named:
                return named
        return translit(norm_t)

    def _refresh(self, ent: _Entity) -> None:
        """Majority label and the fullest common main-language spelling as canonical name."""
        if ent.group is None and ent.labels:
            ent.label = max(ent.labels.items(), key=lambda kv: (kv[1], kv[0]))[0]
        best: tuple | None = None
        best_name = ent.canonical
        for (norm, lang), count in ent.forms.items():
            if not norm:
                continue
            name = norm
            main = self.main_language
            if has_cyrillic(norm):
                rank = 2 if main == "ru" else 0
                name = norm if main == "ru" else self._romanize(norm, ent.label)
            else:
                rank = 2 if lang == main else 1
            toks = [t for t in name.split() if not is_initial(t)]
            has_init = len(toks) != len(name.split())
            if ent.label == "PER":
                score = (rank, not has_init, min(len(toks), 3), count, -len(name), name)
            else:
                # Nominative forms first ("Vereinte Nationen" over "Vereinten Nationen").
                score = (rank, _nominative_like(name, lang), count, len(toks), -len(name), name)
            if best is None or score > best:
                best, best_name = score, name
        if ent.group is not None and (best is None or best[0] < 2):
            # Seen only in other languages: the catalogue's main-language name beats a transliteration.
            named = _catalogue_name(self._groups[ent.group].names, self.main_language)
            if named is not None:
                best_name, best = named, (2,)
        ent.canonical_language = self.main_language
        if ent.pinned and best is not None:
            # Keep an earlier run's canonical unless the new one is clearly better.
            current = [t for t in ent.canonical.split() if not is_initial(t)]
            new_toks = [t for t in best_name.split() if not is_initial(t)]
            # A canonical that is no surface form seen (a transliteration from an earlier run,
            # e.g. "Si Zsinpin") yields to any form a fresh run would rank higher or equal.
            derived = ent.group is None and ent.canonical not in {n for n, _ in ent.forms}
            better = (best[0] >= 1 and derived) or (
                best[0] == 2 and (has_cyrillic(ent.canonical) or len(new_toks) > len(current))
            ) or (derived and best[0] == 0 and best_name != ent.canonical)
            if not better:
                return
            ent.pinned = False
        ent.canonical = best_name

    # ------------------------------------------------------------------ matching

    def _final(self, ent: _Entity) -> _Entity:
        """The entity with its canonical name in the current main language (``auto`` may change it)."""
        if ent.canonical_language not in (None, self.main_language) and ent.forms:
            self._refresh(ent)
        return ent

    def _prepare(self, index: int, mention: Mapping[str, Any]) -> _Prepared:
        label = str(mention.get("label") or "MISC")
        language = str(mention.get("language") or self.main_language)
        text = str(mention.get("text") or "")
        norm = mention.get("normalized") or _normalize(text, label, language)
        return _Prepared(index, dict(mention), str(norm), label, language, name_keys(str(norm), label))

    def _pick(self, ids: Iterable[str], doc: list[str]) -> str | None:
        """Among candidates: those in this document first, then the most mentioned, then id."""
        cands = list(dict.fromkeys(ids))
        if not cands:
            return None
        order = {e: i for i, e in enumerate(doc)}
        return min(cands, key=lambda e: (e not in order, -self._entities[e].n_mentions, e))

    def _catalogue_hit(self, p: _Prepared) -> int | None:
        keys = self._lookup_keys(p)
        for key in keys:
            group = self._catalogue.get(key)
            if group is not None and _labels_compatible(self._groups[group].label, p.label):
                return group
        if p.label == "PER" or not keys or len(keys[0]) < MIN_PHRASE_KEY:
            return None
        found = process.extractOne(keys[0], self._catalogue_keys, scorer=fuzz.ratio, score_cutoff=T_PHRASE)
        if found is not None and _tokenwise(p.keys.tokens, self._catalogue_tokens.get(found[0], ())):
            group = self._catalogue[found[0]]
            if _labels_compatible(self._groups[group].label, p.label):
                return group
        return None

    def _similar(self, query: str, choices: list[str], cutoff: float) -> list[tuple[str, float]]:
        """(choice, score) for every choice at least ``cutoff`` similar (rapidfuzz, C++ loop)."""
        if not query or not choices:
            return []
        return [(c, s) for c, s, _ in process.extract(query, choices, scorer=fuzz.ratio,
                                                      score_cutoff=cutoff, limit=None)]

    def _lookup_keys(self, p: _Prepared) -> list[str]:
        keys = p.keys.fulls() if not p.keys.initials else []
        if p.language == "de" and p.normalized.endswith("s") and not has_cyrillic(p.normalized):
            toks = p.normalized.split()
            stripped = toks[-1][:-1] if len(toks[-1]) > 3 else toks[-1]
            if stripped != toks[-1]:
                keys += name_keys(" ".join(toks[:-1] + [stripped]), p.label).fulls()
        return keys

    def _exact_hit(self, p: _Prepared, doc: list[str]) -> str | None:
        ids = [
            e for key in self._lookup_keys(p) for e in self._exact.get(key, [])
            if _labels_compatible(self._entities[e].label, p.label)
        ]
        return self._pick(ids, doc)

    def _short_hit(self, p: _Prepared, doc: list[str]) -> str | None:
        """A surname-only mention (maybe with initials) against people's surnames."""
        mine = set(p.keys.tokens[-1:]) | set((p.keys.alt or ())[-1:])
        if p.language == "de" and p.keys.tokens:
            mine.add(match_key(strip_german_genitive(p.normalized.split()[-1])))
        scored: dict[str, float] = {}
        hits: dict[str, float] = {}
        for m in mine:
            for skey in self._surname_fx.near(m):  # ratio >= T_SURNAME, or vowel-class equal
                if fuzz.ratio(m, skey) < min(T_SURNAME, 60):
                    continue
                score = token_similarity(m, skey)
                if score >= T_SURNAME:
                    hits[skey] = max(hits.get(skey, 0.0), score)
        for skey, score in hits.items():
            for e in self._surname[skey]:
                ent = self._entities[e]
                if p.keys.initials and not any(
                    p.keys.initials[0] in nk.given_initials() for nk in ent.keys if len(nk.tokens) > 1
                ):
                    continue
                scored[e] = max(scored.get(e, 0.0), score)
        if not scored:
            return None
        in_doc = [e for e in scored if e in doc]
        pool = in_doc or list(scored)
        top = max(scored[e] for e in pool)
        return self._pick([e for e in pool if scored[e] >= top - 5], doc)

    def _person_hit(self, p: _Prepared, doc: list[str]) -> str | None:
        """A full name against known full names (every token fuzzy) or surname-only entities."""
        best: dict[str, float] = {}
        mine = p.keys.variants()
        surnames = p.keys.surnames()
        # Only an entity with a key whose last token is T_SURNAME-similar to ours can score; of
        # those, the ones with a surname at least 60 similar to one of ours (as a full scan did).
        cands: set[str] = set()
        for last in {a[-1] for a in mine if a}:
            for k in self._last_fx.near(last):
                if token_similarity(last, k) >= T_SURNAME:
                    cands.update(self._last[k])
        for e in sorted(cands):
            ent = self._entities[e]
            if not any(fuzz.ratio(s, k) >= min(T_SURNAME, 60) for s in surnames for k in self._ent_surnames.get(e, ())):
                continue
            for nk in ent.keys:
                for a in mine:
                    for b in nk.variants():
                        if len(b) == 1:  # entity known by surname only
                            sim = token_similarity(a[-1], b[0]) if a else 0.0
                            if sim >= T_SURNAME and all(len(k.tokens) == 1 for k in ent.keys):
                                best[e] = max(best.get(e, 0.0), sim)
                            continue
                        if len(a) != len(b):
                            a, b = (a[0], a[-1]), (b[0], b[-1])
                        sims = [token_similarity(x, y, i == len(a) - 1) for i, (x, y) in enumerate(zip(a, b))]
                        if min(sims[:-1], default=100.0) >= T_PERSON_TOKEN and sims[-1] >= T_SURNAME:
                            best[e] = max(best.get(e, 0.0), sum(sims) / len(sims))
        if not best:
            return None
        top = max(best.values())
        return self._pick([e for e, s in best.items() if s >= top - 1e-9], doc)

    def _phrase_hit(self, p: _Prepared, doc: list[str]) -> str | None:
        """Whole-key fuzzy match for long place / organisation names of the same label."""
        full = p.keys.full
        if len(full) < MIN_PHRASE_KEY:
            return None
        scored: dict[str, float] = {}
        for key in self._exact_fx.near(full):
            score = fuzz.ratio(full, key)
            if len(key) < MIN_PHRASE_KEY or score < T_PHRASE:
                continue
            if key != full and not _tokenwise(p.keys.tokens, self._exact_tokens.get(key, ())):
                continue
            for e in self._exact[key]:
                if self._entities[e].label == p.label:
                    scored[e] = max(scored.get(e, 0.0), score)
        if not scored:
            return None
        top = max(scored.values())
        return self._pick([e for e, s in scored.items() if s >= top - 1e-9], doc)

    def _find(self, p: _Prepared, doc: list[str]) -> tuple[str | None, int | None]:
        """(entity id, catalogue group) for a prepared mention; never creates."""
        if not p.keys.tokens:
            return None, None
        if p.label != "PER" and is_generic_org(p.normalized):
            # ``МИД``, ``Ministry`` alone: only this document's own mention of it, never another's.
            ids = [e for key in self._lookup_keys(p) for e in self._exact.get(key, []) if e in doc]
            return self._pick(ids, doc), None
        group = self._catalogue_hit(p)
        if group is not None:
            return self._group_entity.get(group), group
        hit = self._exact_hit(p, doc)
        if hit is not None:
            return hit, None
        if p.kind in ("short", "initial"):
            return self._short_hit(p, doc), None
        if p.kind == "full":
            return self._person_hit(p, doc), None
        return self._phrase_hit(p, doc), None

    # ------------------------------------------------------------------ label reconciliation

    def _relabel(self, p: _Prepared, label: str) -> _Prepared:
        """The mention prepared under another label (normalisation depends on it: Калуги -> Калуга)."""
        q = self._prepare(p.index, {**p.mention, "label": label, "normalized": None})
        return q

    def _name_keys_any(self, p: _Prepared) -> set[str]:
        """Keys a mention may match under its own label or the other class's normalisation."""
        if p.keys.initials:
            return set()
        keys = set(self._lookup_keys(p))
        other = self._relabel(p, "LOC" if p.label == "PER" else "PER")
        if not other.keys.initials:
            keys.update(self._lookup_keys(other))
        # The surface form too: a lemmatiser may take a surname for a plural (Рябцев -> Рябец).
        surface = " ".join(str(p.mention.get("text") or "").split())
        if surface and surface != p.normalized:
            raw = name_keys(surface, "LOC")
            if len(raw.tokens) == len(p.keys.tokens):
                keys.update(raw.fulls())
        return {k for k in keys if k}

    def _reconcile_labels(self, prepared: list[_Prepared]) -> dict[int, tuple[_Prepared, int | str | None]]:
        """Mentions whose NER label is likely wrong: index -> (mention under the winning label, target).

        The target is the index of an in-document mention of the winning label, an entity id
        known from earlier documents, or None (resolve normally under the new label).  A mention
        changes label only when its name key matches the other label strongly (a PER full name
        with that surname in this document, an exact key shared with mentions of the other label,
        an exact alias of a known entity or the catalogue), nothing of its own label is known
        under that name, and the other label has at least as much evidence.  A single token goes
        over to a person only on evidence from the same document: a surname alone seen in an
        earlier document (``Jefferson``) may well be a place of the same name.
        """
        keys = {p.index: self._name_keys_any(p) for p in prepared}
        strong: dict[int, set[str]] = {}  # PER full names and initial forms: surname keys
        for p in prepared:
            if p.label == "PER" and (p.kind == "full" or p.kind == "initial"):
                strong[p.index] = set(p.keys.surnames()) if p.kind == "full" else set(p.keys.tokens[-1:])
        by_key: dict[str, list[int]] = {}  # key -> mentions having it
        by_surname: dict[str, list[int]] = {}  # surname key -> PER full names / initial forms
        for i, ks in keys.items():
            for k in ks:
                by_key.setdefault(k, []).append(i)
        for i, ss in strong.items():
            for k in ss:
                by_surname.setdefault(k, []).append(i)
        out: dict[int, tuple[_Prepared, int | str | None]] = {}
        for p in prepared:
            ks = keys[p.index]
            if not ks:
                continue
            single = len(p.keys.tokens) == 1
            is_per = p.label == "PER"
            near = [prepared[i] for i in sorted({i for k in ks for i in by_key[k]})]
            same = [q for q in near if (q.label == "PER") == is_per]
            other = [q for q in near if (q.label == "PER") != is_per]
            if not is_per:
                per_strong = [prepared[i] for i in sorted({i for k in ks for i in by_surname.get(k, ())})] if single else []
                per_strong += [q for q in other if len(q.keys.tokens) > 1 and q not in per_strong]
                evidence = list({q.index: q for q in other + per_strong}.values())
                known: str | None = None
                if not evidence and not single:
                    known = self._pick([e for k in ks for e in self._exact.get(k, [])
                                        if self._entities[e].label == "PER"
                                        and any(len(nk.tokens) > 1 and k in nk.fulls() for nk in self._entities[e].keys)], [])
                known_ev = max(1, self._entities[known].n_mentions) if known else 0
                n_per = len(evidence) + known_ev
                if not n_per or self._find(p, [])[0] is not None:
                    continue
                # A tie goes to the person when a full name backs it; not for a single-token
                # organisation, which is often named after its founder (Porsche, Siemens).
                tie_ok = bool(per_strong or known) and not (single and p.label == "ORG")
                if n_per > len(same) or (n_per == len(same) and tie_ok):
                    pool = sorted(per_strong, key=lambda q: q.index) or sorted(evidence, key=lambda q: q.index)
                    out[p.index] = (self._relabel(p, "PER"), pool[0].index if pool else known)
                continue
            # A person's name that is (also) a place / organisation seen with that label.
            if p.kind not in ("short", "full"):
                continue
            if single and any(
                token_similarity(k, s) >= T_SURNAME for q, ss in strong.items() if q != p.index for s in ss for k in ks
            ):
                continue  # a full name of this surname in the document: it is a person
            if not other and not any(
                any(self._entities[e].label != "PER" for e in self._exact.get(k, ()))
                or (k in self._catalogue and self._groups[self._catalogue[k]].label != "PER")
                for k in ks
            ):
                continue  # nothing of another label goes by this name
            if self._find(p, [])[0] is not None:
                continue  # a known person of that name
            label = Counter(q.label for q in other).most_common(1)[0][0] if other else "LOC"
            q = self._relabel(p, label)
            known_id, group = (None, None)
            if not other:
                known_id, group = self._find(q, [])
                if known_id is None and group is None:
                    continue
                if known_id is not None and self._entities[known_id].label == "PER":
                    continue
                if known_id is not None and not set(self._lookup_keys(q)) & {
                    k for nk in self._entities[known_id].keys for k in nk.fulls()
                }:
                    continue  # only an exact alias of a known entity, not a fuzzy one
                label = self._entities[known_id].label if known_id else self._groups[group].label  # type: ignore[index]
                if label != q.label:
                    q = self._relabel(p, label)
            n_other = len(other) + (max(1, self._entities[known_id].n_mentions) if known_id else 1 if group is not None else 0)
            # A tie keeps a full name a person (the rule above moves the other side to it).
            if n_other > len(same) or (n_other == len(same) and single):
                target = min(other, key=lambda o: o.index).index if other else known_id
                out[p.index] = (q, target)
        return out

    # ------------------------------------------------------------------ API

    def resolve_document(self, mentions: list[dict]) -> list[str]:
        """entity_id per mention of one document; full names are resolved before short forms.

        Sets ``normalized`` on each mention dict that lacks it (the base form used to link), and
        its ``label`` to the entity's, so a mention and its entity agree.
        """
        if self._auto:
            langs = Counter(str(m.get("language") or "") for m in mentions)
            langs.pop("", None)
            if langs:
                self._doc_languages[langs.most_common(1)[0][0]] += 1
        prepared = [self._prepare(i, m) for i, m in enumerate(mentions)]
        relabelled = self._reconcile_labels(prepared)
        for i, (q, _) in relabelled.items():
            prepared[i] = q
        for p, m in zip(prepared, mentions):
            m.setdefault("normalized", p.normalized)
        order = {"phrase": 0, "full": 1, "initial": 2, "short": 3}
        result: list[str | None] = [None] * len(prepared)
        doc: list[str] = []
        # Relabelled mentions go last, so the mention they follow has its entity already.
        for p in sorted(prepared, key=lambda q: (q.index in relabelled, order[q.kind], q.index)):
            target = relabelled[p.index][1] if p.index in relabelled else None
            if isinstance(target, int) and target not in relabelled and result[target]:
                eid, group = result[target], None
            elif isinstance(target, str) and target in self._entities:
                eid, group = target, None
            else:
                eid, group = self._find(p, doc)
            ent = self._entities[eid] if eid is not None else self._new_entity(p, group)
            self._attach(ent, p)
            result[p.index] = ent.entity_id
            if ent.entity_id not in doc:
                doc.append(ent.entity_id)
        for eid in doc:
            self._entities[eid].n_documents += 1
        for m, eid in zip(mentions, result):
            if eid:  # a mention takes its entity's label (a surname tagged LOC next to its person)
                m["label"] = self._entities[eid].label
        return [r or "" for r in result]

    def lookup(self, text: str, language: str, label: str | None = None) -> str | None:
        """An existing entity_id for a surface form, or None; never creates."""
        p = self._prepare(-1, {"text": text, "label": label or "PER", "language": language})
        eid, _ = self._find(p, [])
        if eid is None and label is None:
            for other in ("ORG", "LOC"):
                p = self._prepare(-1, {"text": text, "label": other, "language": language})
                eid, _ = self._find(p, [])
                if eid is not None:
                    break
        return eid

    def changed_entities(self) -> list[dict]:
        """Rows created or changed since construction, in id order."""
        return [self._final(self._entities[e]).row() for e in sorted(self._changed)]

    def changed_entity_batches(self, size: int) -> Iterator[list[dict]]:
        """``changed_entities()`` in slices of ``size`` rows: a large run never holds them all as dicts."""
        ids = sorted(self._changed)
        for start in range(0, len(ids), size):
            yield [self._final(self._entities[e]).row() for e in ids[start:start + size]]

    def entity_ids(self) -> set[str]:
        """Every entity id known: earlier runs' and this run's (what mentions may point at)."""
        return set(self._entities)

    def entities(self) -> list[dict]:
        """All rows, existing and new, in id order."""
        return [self._final(self._entities[e]).row() for e in sorted(self._entities)]


__all__ = ["EntityResolver", "name_keys", "NameKeys", "load_catalogue"]
