"""The quote words live per language (transforms/entities/quotes/de.py, ru.py, en.py): each language module
declares the same kinds of words, and a word added there reaches the rules."""

from __future__ import annotations

import pytest

from transforms.entities.quotes import de, en, lexicon, ru
from transforms.entities.quotes.extract import extract_quotes

KINDS = ("CUES", "CUES_AFTER_SPEAKER", "PRONOUNS", "PREPOSITIONS", "PARTICIPLES", "AS_WORDS", "CONJUNCTIONS",
         "NOT_SPEAKERS", "SOURCE_CUES", "RELATIVE_PRONOUNS", "STOP_WORDS", "DETERMINERS")


@pytest.mark.parametrize("module", [de, ru, en], ids=["de", "ru", "en"])
def test_each_language_declares_every_kind_of_word(module) -> None:
    assert all(hasattr(module, k) for k in KINDS)
    assert set(module.CUES_AFTER_SPEAKER) <= set(module.CUES)
    assert module.CUES and module.PRONOUNS and module.PREPOSITIONS


def test_unknown_language_uses_every_languages_cues() -> None:
    assert set(lexicon.cues("xx")) == set(de.CUES) | set(ru.CUES) | set(en.CUES)
    assert lexicon.cues("ru") == ru.CUES


def test_a_cue_added_to_a_language_module_is_used(monkeypatch) -> None:
    text = "„Wir bleiben dabei“, murmelte Weber."
    mentions = [{"char_start": text.index("Weber"), "char_end": text.index("Weber") + 5, "text": "Weber",
                 "label": "PER", "mention_no": 0}]
    assert extract_quotes(text, "de", mentions) == []
    monkeypatch.setitem(lexicon.CUES, "de", [*de.CUES, "murmelte"])
    (quote,) = extract_quotes(text, "de", mentions)
    assert (quote["text"], quote["speaker_text"], quote["cue"]) == ("Wir bleiben dabei", "Weber", "murmelte")
