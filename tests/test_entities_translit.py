"""Transliteration tables: Cyrillic → German/English, Pinyin → Palladius, match keys."""

from __future__ import annotations

import pytest

from transforms.entities.translit import (
    looks_chinese,
    looks_palladius_word,
    match_key,
    palladius_to_pinyin,
    pinyin_to_cyrillic,
    to_english,
    to_german,
)


@pytest.mark.parametrize(
    "cyr, de, en",
    [
        ("Шойгу", "Schoigu", "Shoygu"),
        ("Ушаков", "Uschakow", "Ushakov"),
        ("Юрий Жиляев", "Juri Schiljajew", "Yury Zhilyayev"),
        ("Евгений Щукин", "Jewgeni Schtschukin", "Yevgeny Shchukin"),
        ("Кремль", "Kreml", "Kreml"),
        ("Алексей Черных", "Alexei Tschernych", "Aleksey Chernykh"),
        ("Майя Соловьёва", "Maja Solowjowa", "Mayya Solovyova"),
    ],
)
def test_cyrillic_to_latin(cyr: str, de: str, en: str) -> None:
    assert to_german(cyr) == de
    assert to_english(cyr) == en


@pytest.mark.parametrize(
    "pinyin, cyr",
    [("Xi Jinping", "Си Цзиньпин"), ("Wang Yi", "Ван И"), ("Zhang Weiqiang", "Чжан Вэйцян"),
     ("Shenzhen", "Шэньчжэнь"), ("Tianjin", "Тяньцзинь"), ("Xiong", "Сюн"), ("Putin", None)],
)
def test_pinyin_to_palladius(pinyin: str, cyr: str | None) -> None:
    assert pinyin_to_cyrillic(pinyin) == cyr


@pytest.mark.parametrize(
    "spellings",
    [
        ["Schoigu", "Shoygu", "Shoigu", "Шойгу"],
        ["Uschakow", "Ushakov", "Ушаков"],
        ["Barinow", "Barinov", "Баринов"],
        ["Schtschukin", "Shchukin", "Щукин"],
        ["Chabibullin", "Khabibullin", "Хабибуллин"],
        ["Dmitri", "Dmitry", "Dmitrij", "Дмитрий"],
        ["Jewgeni", "Yevgeny", "Евгений"],
        ["Selenskij", "Zelensky", "Зеленский"],
        ["BRICS", "БРИКС"],
    ],
)
def test_match_key_collapses_conventions(spellings: list[str]) -> None:
    assert len({match_key(s) for s in spellings}) == 1, {s: match_key(s) for s in spellings}


@pytest.mark.parametrize("a, b", [("Sotow", "Sokow"), ("Kusnezow", "Kusmin"), ("Barinow", "Baranow")])
def test_match_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_chinese_name_shape() -> None:
    assert looks_chinese(["Чжан", "Вэйцян"])
    assert looks_chinese(["Си", "Цзиньпин"])
    assert not looks_chinese(["Анна", "Володина"])
    assert not looks_chinese(["Сергей", "Баринов"])


@pytest.mark.parametrize(
    "cyr, pinyin",
    [
        ("Си Цзиньпин", "Xi Jinping"), ("Ван И", "Wang Yi"), ("Ли Цян", "Li Qiang"),
        ("Тяньцзинь", "Tianjin"), ("Шэньчжэнь", "Shenzhen"),
        # invented names and places: the syllable table, not a list of known names
        ("Чжоу Миньхуэй", "Zhou Minhui"), ("Цао Сюэфэн", "Cao Xuefeng"), ("Лю Минчжао", "Liu Mingzhao"),
        ("Гао Цзы", "Gao Zi"), ("Тяньбэй", "Tianbei"), ("Хуанань", "Huanan"), ("Сиань", "Xi'an"),
        ("Нюйлоу", "Nülou"), ("Баринов", None), ("Москва", None),
    ],
)
def test_palladius_to_pinyin(cyr: str, pinyin: str | None) -> None:
    assert palladius_to_pinyin(cyr) == pinyin


@pytest.mark.parametrize("name", ["Zhou Minhui", "Cao Xuefeng", "Xi Jinping", "Qin Luoyang", "Shi Zhicong"])
def test_pinyin_palladius_round_trip(name: str) -> None:
    assert palladius_to_pinyin(pinyin_to_cyrillic(name)) == name


@pytest.mark.parametrize(
    "word, chinese",
    [("Тяньцзинь", True), ("Шэньчжэнь", True), ("Синьцзэ", True), ("Тула", False), ("Анна", False),
     ("Сочи", False), ("Кубань", False), ("Москва", False)],
)
def test_palladius_word_needs_a_chinese_spelling(word: str, chinese: bool) -> None:
    assert looks_palladius_word(word) is chinese
