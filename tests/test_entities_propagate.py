"""propagate_mentions: once a name is a mention in a document, its other occurrences are too."""

from __future__ import annotations

import pytest

from transforms.entities.propagate import propagate_mentions, russian_forms


def tagged(text: str, items: list[tuple[str, str, str]]) -> list[dict]:
    """Mentions for the first occurrence of each (surface, label, language)."""
    out = []
    for surface, label, lang in items:
        start = text.index(surface)
        out.append({"char_start": start, "char_end": start + len(surface), "text": surface, "label": label,
                    "language": lang})
    return out


CASES = [
    # surname alone and in the genitive, after the full name was tagged once
    ("de", "Boris Kettler kam an. Kettler sprach, Kettlers Rede war kurz. Ein Kettler-Plan folgte.",
     [("Boris Kettler", "PER")], [("Kettler", "PER"), ("Kettlers", "PER")]),
    # a Chinese name's short form is its first word (the surname)
    ("de", "Li Wenhao traf Gäste. Später sagte Li, er sei zufrieden; Li Wenhao lachte.",
     [("Li Wenhao", "PER")], [("Li", "PER"), ("Li Wenhao", "PER")]),
    # places and organisations: every occurrence of the tagged text
    ("de", "In Kleinheim regnet es. Kleinheims Bürger und die Nordgas Holding. Nordgas Holding zahlt.",
     [("Kleinheim", "LOC"), ("Nordgas Holding", "ORG")], [("Kleinheims", "LOC"), ("Nordgas Holding", "ORG")]),
    # two people of one surname: the surname alone stays untagged
    ("de", "Anna Kettler und Boris Kettler kamen. Kettler sprach.",
     [("Anna Kettler", "PER"), ("Boris Kettler", "PER")], []),
    # a short form that is a frequent word of the language is left alone (May, the month)
    ("en", "Theresa Holm-May spoke. In May the vote came; Holm-May lost.",
     [("Theresa Holm-May", "PER")], [("Holm-May", "PER")]),
    ("en", "Ada Bill spoke. The bill passed; Bill smiled.", [("Ada Bill", "PER")], []),
    # a surname right after an article is the common noun
    ("de", "Andrea Koch kam. Der Koch kochte, Koch aß.", [("Andrea Koch", "PER")], [("Koch", "PER")]),
    # ... but after a comma "der" is a relative pronoun
    ("de", "Boris Kettler kam. Anna, der Kettler half, lachte.", [("Boris Kettler", "PER")], [("Kettler", "PER")]),
    # Russian: the case forms of the surname
    ("ru", "Андрей Баринов приехал. Баринова встретили, Баринову подарили цветы, с Бариновым говорили.",
     [("Андрей Баринов", "PER")], [("Баринова", "PER"), ("Баринову", "PER"), ("Бариновым", "PER")]),
    # a text the document tags with two labels is not propagated
    ("en", "Jack Kelmar visited Kelmar. Kelmar is small.", [("Jack Kelmar", "PER"), ("Kelmar", "LOC")], []),
]


@pytest.mark.parametrize("lang, text, given, expected", CASES, ids=[c[1][:40] for c in CASES])
def test_propagate(lang: str, text: str, given: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    mentions = tagged(text, [(s, lab, lang) for s, lab in given])
    got = propagate_mentions(text, mentions, [(0, len(text), lang)])
    assert [(m["text"], m["label"]) for m in got] == expected
    for m in got:
        assert text[m["char_start"]:m["char_end"]] == m["text"]
        assert m["language"] == lang
        assert not any(t["char_start"] < m["char_end"] and m["char_start"] < t["char_end"] for t in mentions)


def test_only_inside_sections_with_a_language() -> None:
    text = "Boris Kettler kam. Kettler ging."
    mentions = tagged(text, [("Boris Kettler", "PER", "de")])
    assert propagate_mentions(text, mentions, [(0, 18, "de")]) == []


def test_russian_forms_of_a_surname() -> None:
    forms = russian_forms("Ушаков")
    assert forms[0] == "Ушаков"
    assert {"Ушакова", "Ушакову", "Ушаковым", "Ушакове"} <= set(forms)
