"""clean_mentions: junk spans of the NER never become entities (invented sentences, de/en/ru)."""

from __future__ import annotations

import pytest

from transforms.entities.clean import clean_mentions, is_common_compound, is_russian_surname


def spans(text: str, items: list[tuple[str, str]], lang: str) -> list[dict]:
    """Mention dicts for (surface, label) in text order (each found after the previous one)."""
    out, pos = [], 0
    for surface, label in items:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append({"char_start": start, "char_end": pos, "text": surface, "label": label, "language": lang})
    return out


CASES = [
    # German: role nouns, common-noun compounds, adjectives are no entities
    ("de", "Die beiden Staatschefs sprachen über Kohlegas und die US-amerikanischen Pläne.",
     [("Staatschefs", "LOC"), ("Kohlegas", "LOC"), ("US-amerikanischen", "LOC")], []),
    ("de", "Die Delegation traf den Regierungschef in Kleinheim.",
     [("Regierungschef", "PER"), ("Kleinheim", "LOC")], [("Kleinheim", "LOC")]),
    # a title before the name goes, the name stays
    ("de", "Dann sprach Präsidentin Helga Marstaller zur Presse.",
     [("Präsidentin Helga Marstaller", "PER")], [("Helga Marstaller", "PER")]),
    # two names in one span: the end is a name tagged on its own elsewhere; the first name joins
    ("de", "Dann lud Präsident Li Wenhao Boris Kettler ein. Boris Kettler dankte Li Wenhao.",
     [("Li", "PER"), ("Wenhao Boris Kettler", "PER"), ("Boris Kettler", "PER"), ("Li Wenhao", "PER")],
     [("Li Wenhao", "PER"), ("Boris Kettler", "PER"), ("Boris Kettler", "PER"), ("Li Wenhao", "PER")]),
    # a surname tagged with another label than its full name in the document
    ("de", "Juri Fedorkin sprach lange. Danach betonte Fedorkin die Lage.",
     [("Juri Fedorkin", "PER"), ("Fedorkin", "ORG")], [("Juri Fedorkin", "PER"), ("Fedorkin", "PER")]),
    # a Latin word that spells a Russian surname (dictionary) is a person, a town stays a place
    ("de", "Lesen Sie auch – Lawrow reist nach Teheran, dann Rostow.",
     [("Lawrow", "LOC"), ("Teheran", "LOC"), ("Rostow", "LOC")],
     [("Lawrow", "PER"), ("Teheran", "LOC"), ("Rostow", "LOC")]),
    # ... and a Latin word that spells a Russian place, and no person, is a place
    ("de", "Der Zug erreichte Nowosibirsk, wo Medwedew wartete.", [("Nowosibirsk", "PER"), ("Medwedew", "PER")],
     [("Nowosibirsk", "LOC"), ("Medwedew", "PER")]),
    # a plural common noun with a genitive is no organisation; a singular institution is
    ("de", "Die Völker Sibiriens und die Bank Litauens.", [("Völker Sibiriens", "ORG"), ("Bank Litauens", "ORG")],
     [("Bank Litauens", "ORG")]),
    # an acronym glued to a common noun is no organisation; an institution word is
    ("de", "Hier das RUS-Original und die Rede im UN-Sicherheitsrat.",
     [("RUS-Original", "ORG"), ("UN-Sicherheitsrat", "ORG")], [("UN-Sicherheitsrat", "ORG")]),
    # English: forms of address and truncated spans go; titles inside an ORG span split it
    ("en", "Thank you, Mr President. The President of the board spoke.",
     [("Mr President", "PER"), ("President of", "ORG")], []),
    ("en", "Later Nordland FM spokesperson Ada Lindqvist said the Nordland side agreed.",
     [("Nordland FM", "ORG"), ("Ada Lindqvist", "PER"), ("Nordland side", "LOC")],
     [("Nordland FM", "ORG"), ("Ada Lindqvist", "PER")]),
    ("en", "Chinese FM spokesperson Ada Lindqvist said the Chinese side agreed.",
     [("Chinese FM", "ORG"), ("Ada Lindqvist", "PER"), ("Chinese side", "LOC")], [("Ada Lindqvist", "PER")]),
    ("en", "Yesterday Baltic Shipping Council Secretary Piotr Malenko arrived.",
     [("Baltic Shipping Council Secretary Piotr Malenko", "ORG")],
     [("Baltic Shipping Council", "ORG"), ("Piotr Malenko", "PER")]),
    ("en", "He met the Republic of Kelmar envoy.", [("Republic of", "LOC")], []),
    # an organisation keeps a first word that is also a title
    ("en", "Shares of General Kelmar Motors and the State Duma fell.",
     [("General Kelmar Motors", "ORG"), ("State Duma", "ORG")], [("General Kelmar Motors", "ORG"), ("State Duma", "ORG")]),
    # Russian: pronoun phrases, lone titles, a lone Chinese term, lone adjectives
    ("ru", "Благодарю Вас, а в Вашем лице и всех коллег.", [("Вашем лице", "ORG")], []),
    ("ru", "Председатель выступил. Потом Председатель КНР уехал.", [("Председатель", "PER"), ("КНР", "LOC")],
     [("КНР", "LOC")]),
    ("ru", "Сегодня отмечается Сячжи, начало лета, и Ван Сячжи приехал.", [("Сячжи", "PER"), ("Ван Сячжи", "PER")],
     [("Ван Сячжи", "PER")]),
    ("ru", "Форум Азиатско-тихоокеанского сотрудничества в Москве.", [("Азиатско-тихоокеанского", "ORG"), ("Москве", "LOC")],
     [("Москве", "LOC")]),
    ("ru", "Встреча с Ли Цзэнем и Анной Волковой в Москве.", [("Ли Цзэнем", "PER"), ("Анной Волковой", "PER"), ("Москве", "LOC")],
     [("Ли Цзэнем", "PER"), ("Анной Волковой", "PER"), ("Москве", "LOC")]),
]


@pytest.mark.parametrize("lang, text, given, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_clean_mentions(lang: str, text: str, given: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    got = clean_mentions(text, spans(text, given, lang))
    assert [(m["text"], m["label"]) for m in got] == expected
    for m in got:
        assert text[m["char_start"]:m["char_end"]] == m["text"]


@pytest.mark.parametrize("word, expected", [
    ("Kohlegas", True), ("Pipelinegas", True), ("Getreideexporte", True), ("Flüssiggas", False),
    ("Brandenburg", False), ("Kaufmann", False), ("Kleinheim", False), ("Mannheim", False), ("Darmstadt", False),
    ("Rosenheim", False), ("Bergdorf", False),
])
def test_common_compound(word: str, expected: bool) -> None:
    assert is_common_compound(word) is expected


@pytest.mark.parametrize("word, expected", [
    ("Lawrow", True), ("Uschakow", True), ("Medvedev", True), ("Rostow", False), ("Saratow", False), ("Berlin", False),
])
def test_russian_surname(word: str, expected: bool) -> None:
    assert is_russian_surname(word) is expected
