"""Junk the NER still tags, on invented sentences: common phrases and compounds are no entities.

Each row: language, sentence, the NER's (surface, label) spans, the mentions clean_mentions keeps.
"""

from __future__ import annotations

import pytest

from transforms.entities.clean import _common_compound_phrase, clean_mentions, compound_parts


def spans(text: str, items: list[tuple[str, str]], lang: str) -> list[dict]:
    out, pos = [], 0
    for surface, label in items:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append({"char_start": start, "char_end": pos, "text": surface, "label": label, "language": lang})
    return out


CASES = [
    # Russian: a noun with genitive attributes, all common words, no organisation/place head
    ("ru", "В этом году прошли Недели кино обеих стран.", [("Недели кино", "ORG")], []),
    ("ru", "Все Дни науки завершились в мае.", [("Дни науки", "ORG")], []),
    ("ru", "Открылись Недели кино Японии и Кореи.", [("Недели кино Японии", "ORG"), ("Кореи", "LOC")],
     [("Кореи", "LOC")]),
    ("ru", "Об этом рассказал Голос Европы.", [("Голос Европы", "ORG")], [("Голос Европы", "ORG")]),
    ("ru", "Помощь оказали Пекари без границ.", [("Пекари без границ", "ORG")], [("Пекари без границ", "ORG")]),
    ("ru", "Выступил секретарь Совета безопасности Армении.", [("Совета безопасности Армении", "ORG")],
     [("Совета безопасности Армении", "ORG")]),
    # ... an organisation or place head keeps it, so does an adjective-first name or a quoted one
    ("ru", "Заседание провёл Совет ветеранов труда.", [("Совет ветеранов труда", "ORG")],
     [("Совет ветеранов труда", "ORG")]),
    ("ru", "Делегация посетила Министерство сельского хозяйства.", [("Министерство сельского хозяйства", "ORG")],
     [("Министерство сельского хозяйства", "ORG")]),
    ("ru", "Спор шёл о Южном море и Белом доме.", [("Южном море", "LOC"), ("Белом доме", "LOC")],
     [("Южном море", "LOC"), ("Белом доме", "LOC")]),
    ("ru", "Лидер партии «Новые люди» выступил.", [("Новые люди", "ORG")], [("Новые люди", "ORG")]),
    # German: articles/adjectives around one compound of two common nouns are no organisation or place
    ("de", "Das Jahr steht im Zeichen des Blauen Wasserhasen, sagte er.", [("Blauen Wasserhasen", "ORG")], []),
    ("de", "Das Video lief zuerst auf DEM Marinekanal, hieß es.", [("DEM Marinekanal", "ORG")], []),
    # ... an institution head keeps it
    ("de", "Der Verteidigungsausschuss und der Menschenrechtsrat tagten.",
     [("Verteidigungsausschuss", "ORG"), ("Menschenrechtsrat", "ORG")],
     [("Verteidigungsausschuss", "ORG"), ("Menschenrechtsrat", "ORG")]),
    # ... and a name that is no compound of common nouns stays
    ("de", "Die Rede hielt sie in der Elbphilharmonie vor der Deutschen Bahn.",
     [("Deutschen Bahn", "ORG")], [("Deutschen Bahn", "ORG")]),
]


@pytest.mark.parametrize("lang, text, ner, expected", CASES)
def test_clean_junk(lang: str, text: str, ner: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    got = clean_mentions(text, spans(text, ner, lang))
    assert [(m["text"], m["label"]) for m in got] == expected


@pytest.mark.parametrize(
    "word, parts",
    [("Marinekanal", ("marine", "kanal")), ("Wasserhasen", ("wasser", "hase")), ("Hamburg", None), ("Kanal", None)],
)
def test_compound_parts(word: str, parts) -> None:
    assert compound_parts(word) == parts


def test_english_head_is_a_brand() -> None:
    assert not _common_compound_phrase(["Ostsee-Stream"], "de")
    assert not _common_compound_phrase(["Nordstream"], "de")
