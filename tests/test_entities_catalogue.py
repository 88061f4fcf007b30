"""The catalogue pass: well-known names NER left untagged, e.g. acronyms inside German compounds."""

from __future__ import annotations

import pytest

from transforms.entities.catalogue import CatalogueMatcher


@pytest.fixture(scope="module")
def matcher() -> CatalogueMatcher:
    return CatalogueMatcher.from_catalogue()


def test_finds_acronyms_in_compounds_and_in_cyrillic(matcher: CatalogueMatcher) -> None:
    text = "Vor dem NATO-Gipfel sprach der Minister über die BRICS-Staaten. Позже делегация ООН прибыла."
    hits = [(h["text"], h["label"]) for h in matcher.find(text, [])]
    assert hits == [("NATO", "ORG"), ("BRICS-Staaten", "ORG"), ("ООН", "ORG")]
    for h in matcher.find(text, []):
        assert text[h["char_start"]:h["char_end"]] == h["text"]


def test_leaves_taken_spans_words_inside_words_and_lower_case_alone(matcher: CatalogueMatcher) -> None:
    text = "Die EUROPA-Fähre und die nato-kritische Gruppe trafen die UNO in Genf."
    start = text.index("Genf")
    hits = [h["text"] for h in matcher.find(text, [(start, start + 4)])]
    assert hits == ["UNO"]  # not EU inside EUROPA, not lower-case nato, not the already tagged Genf
