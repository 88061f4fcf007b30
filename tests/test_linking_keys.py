"""The linker's pure parts, without a resolver: name -> match keys, key pair -> similarity, the
catalogue lookup, ids and romanised canonical names.  Names are invented or well known."""

from __future__ import annotations

import pytest

from transforms.entities.link_catalogue import catalogue_index, is_generic_org
from transforms.entities.link_entity import entity_id, romanize
from transforms.entities.link_keys import SHIPPED, name_keys, prepare, token_similarity, tokenwise


@pytest.mark.parametrize(
    "name, label, tokens, alt, initials, chinese",
    [
        ("Sergei Barinow", "PER", ("sergai", "barinov"), None, (), False),
        ("Сергей Баринов", "PER", ("sergai", "barinov"), None, (), False),  # one key across scripts
        ("Jewgeni Schiljajew", "PER", ("evgeni", "Siliaiev"), None, (), False),
        ("Yevgeny Zhilyayev", "PER", ("evgeni", "Siliaiev"), None, (), False),
        ("В. Путин", "PER", ("putin",), None, ("v",), False),  # initials set aside
        ("Владимир Владимирович Путин", "PER", ("vladimir", "putin"), None, (), False),  # patronymic dropped
        ("Wladimir Wladimirowitsch Putin", "PER", ("vladimir", "putin"), None, (), False),
        ("Xi Jinping", "PER", ("ksi", "inping"), ("si", "sinpin"), (), True),  # Pinyin: Palladius key too
        ("Си Цзиньпин", "PER", ("si", "sinpin"), None, (), True),
        ("Nowoluschsk", "LOC", ("novoluSsk",), None, (), False),
        ("Новолужск", "LOC", ("novoluSsk",), None, (), False),
        ("Vereinte Nationen", "ORG", ("verainte", "nationen"), None, (), False),
    ],
)
def test_name_keys(name: str, label: str, tokens: tuple, alt: tuple | None, initials: tuple, chinese: bool) -> None:
    nk = name_keys(name, label)
    assert (nk.tokens, nk.alt, nk.initials, nk.chinese) == (tokens, alt, initials, chinese)


def test_surnames_of_a_chinese_name_include_the_first_token() -> None:
    assert name_keys("Си Цзиньпин", "PER").surnames() == {"si", "sinpin"}
    assert name_keys("Sergei Barinow", "PER").surnames() == {"barinov"}
    assert name_keys("Sergei Barinow", "PER").given_initials() == {"s"}


@pytest.mark.parametrize(
    "a, b, surname, score",
    [
        ("barinov", "barinov", True, 100.0),
        ("trump", "tramp", True, 90.0),  # a/u vary in transliteration
        ("gorbatSev", "gorbatSov", True, 90.0),  # so do e/o
        ("petrov", "petrova", True, 0.0),  # a gendered surname pair: two people
        ("petrov", "petrova", False, pytest.approx(92.31, abs=0.01)),  # not as a surname
        ("barinov", "baranov", True, pytest.approx(85.71, abs=0.01)),  # below the surname threshold
    ],
)
def test_token_similarity(a: str, b: str, surname: bool, score: float) -> None:
    assert token_similarity(a, b, surname) == score


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Foreign Ministry of Russia", "Foreign Ministry of Armenia", False),  # one word differs
        ("Republic of", "Republic of Fiji", False),  # a truncation
        ("Vereinte Nationen", "Vereinte Nationnen", True),  # a typo in one word
        ("Nowoluschsk", "Novoluzhsk", True),
    ],
)
def test_tokenwise(a: str, b: str, same: bool) -> None:
    assert tokenwise(name_keys(a, "ORG").tokens, name_keys(b, "ORG").tokens, SHIPPED.person_token) is same


@pytest.mark.parametrize(
    "mention, kind, lookup_keys",
    [
        ({"text": "Sergei Barinow", "label": "PER", "language": "de"}, "full", ("sergaibarinov",)),
        ({"text": "Barinows", "label": "PER", "language": "de"}, "short", ("barinov",)),
        ({"text": "x", "normalized": "Barinows", "label": "PER", "language": "de"}, "short", ("barinovs", "barinov")),
        ({"text": "x", "normalized": "Barinows", "label": "PER", "language": "en"}, "short", ("barinovs",)),
        ({"text": "С.Баринов", "label": "PER", "language": "ru"}, "initial", ()),  # initials: no exact lookup
        ({"text": "Новолужске", "label": "LOC", "language": "ru"}, "phrase", ("novoluSsk",)),
    ],
)
def test_prepared_kind_and_lookup_keys(mention: dict, kind: str, lookup_keys: tuple) -> None:
    p = prepare(0, mention, "de")
    assert (p.kind, p.lookup_keys) == (kind, lookup_keys)


@pytest.mark.parametrize(
    "text, label, language, group_name",
    [
        ("Peking", "LOC", "de", "Peking"),
        ("Пекине", "LOC", "ru", "Peking"),
        ("Beijing", "LOC", "en", "Peking"),
        ("ООН", "ORG", "ru", "Vereinte Nationen"),
        ("UNO", "ORG", "de", "Vereinte Nationen"),
        ("Bundesrepublik Deutschlan", "LOC", "de", "Deutschland"),  # a long name, fuzzily
        ("Peking", "PER", "de", None),  # people never match a place's entry
        ("Nowoluschsk", "LOC", "de", None),
    ],
)
def test_catalogue_hit(text: str, label: str, language: str, group_name: str | None) -> None:
    catalogue = catalogue_index()
    p = prepare(0, {"text": text, "label": label, "language": language}, "de")
    group = catalogue.hit(p.lookup_keys, p.keys.tokens, p.label, SHIPPED)
    assert (catalogue.groups[group].names[0] if group is not None else None) == group_name


@pytest.mark.parametrize("name, generic", [("МИД", True), ("МИД страны", True), ("МИД России", False),
                                           ("Ministry", True)])
def test_generic_organisation_words(name: str, generic: bool) -> None:
    assert is_generic_org(name) is generic


def test_entity_id_is_stable_and_avoids_taken_ids() -> None:
    first = entity_id("PER", "sergaibarinov", {})
    assert first == "Eb03ad81516bc"
    assert entity_id("PER", "sergaibarinov", {first: None}) not in (first, "")


@pytest.mark.parametrize(
    "name, label, main, latin",
    [
        ("Си Цзиньпин", "PER", "de", "Xi Jinping"),  # Chinese: Pinyin
        ("Джонсон", "PER", "de", "Johnson"),  # a foreign name: its own spelling, not Dschonson
        ("Владимир Владимирович Путин", "PER", "de", "Wladimir Putin"),  # no patronymic
        ("Владимир Путин", "PER", "en", "Vladimir Putin"),
        ("Администрация Президента", "ORG", "de", "Präsidialverwaltung"),
    ],
)
def test_romanize(name: str, label: str, main: str, latin: str) -> None:
    assert romanize(name, label, main) == latin
