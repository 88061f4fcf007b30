"""natasha NER wrapped as a spaCy pipeline: entities on raw text and on pre-tokenised Docs."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from transforms.entities.russian import build_russian_nlp


@pytest.fixture(scope="module")
def nlp():
    return build_russian_nlp()


def _ents(doc: Doc) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in doc.ents}


def test_pipeline_is_blank_ru_with_one_component(nlp) -> None:
    assert nlp.lang == "ru"
    assert nlp.pipe_names == ["natasha_ner"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Министр Игорь Петров прилетел в Новосибирск.", {("Игорь Петров", "PER"), ("Новосибирск", "LOC")}),
        ("Об этом заявил представитель ООН в Женеве.", {("ООН", "ORG"), ("Женеве", "LOC")}),
        ("Вчера В.Кузнецов выступил в Госдуме.", {("В.Кузнецов", "PER")}),
    ],
)
def test_raw_text(nlp, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= _ents(nlp(text))


def test_pretokenised_doc_and_offsets(nlp) -> None:
    words = "Помощник президента Олег Смирнов прилетел в Казань .".split()
    doc = nlp(Doc(nlp.vocab, words=words))
    assert ("Олег Смирнов", "PER") in _ents(doc)
    for ent in doc.ents:
        assert doc.text[ent.start_char : ent.end_char] == ent.text


def test_long_text_keeps_offsets(nlp) -> None:
    sent = "Глава компании Анна Волкова посетила Самару. "
    text = sent * 60
    doc = nlp(text)
    pers = [e for e in doc.ents if e.label_ == "PER"]
    assert len(pers) == 60
    assert all(text[e.start_char : e.end_char] == "Анна Волкова" for e in pers)
