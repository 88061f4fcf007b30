"""Shared pieces of the figure tests (fixture + record check) and cross-language checks."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.figures import KINDS, FigureExtractor


@pytest.fixture(scope="session")
def fx() -> FigureExtractor:
    return FigureExtractor()


def check(fx, sentence: str, lang: str, pub, span: str, expected: dict) -> None:
    """Find the record whose text is `span` and compare the expected fields."""
    recs = fx.extract(sentence, lang, pub)
    for r in recs:
        assert sentence[r["char_start"]:r["char_end"]] == r["text"]
    hits = [r for r in recs if r["text"] == span]
    assert hits, f"{span!r} not found; got {[(r['text'], r['kind']) for r in recs]}"
    rec = hits[0]
    for key, want in expected.items():
        got = rec[key]
        if isinstance(want, (int, float)) and not isinstance(want, bool) and got is not None:
            assert abs(got - want) <= 1e-6 * max(1, abs(want)), (key, got, want)
        else:
            assert got == want, (key, got, want)
    assert rec["extractor"]


FIELDS = {"char_start", "char_end", "text", "kind", "value", "value_max", "unit", "date_value",
          "qualifier", "subject", "note", "extractor"}


@pytest.mark.parametrize("lang,text", [
    ("de", "Am 3. März 2025 kamen 40 Gäste für 2 Mio. Euro, 5 % mehr, zum dritten Mal um 9:15 Uhr."),
    ("ru", "3 марта 2025 года пришли 40 гостей на 2 млн евро, на 5% больше, в третий раз в 9:15."),
    ("en", "On March 3, 2025, 40 guests came for €2 million, 5% more, for the third time at 9:15 am."),
])
def test_record_shape(fx, lang, text):
    recs = fx.extract(text, lang, dt.date(2026, 2, 4))
    assert len(recs) >= 5
    for r in recs:
        assert set(r) == FIELDS
        assert r["kind"] in KINDS
        assert r["qualifier"] in {"exact", "over", "under", "about", "at_least", "at_most"}
        assert text[r["char_start"]:r["char_end"]] == r["text"]
        assert (r["value"] is None) == (r["kind"] == "date")


def test_same_money_in_three_languages(fx):
    de = fx.extract("Das Volumen überschritt die 180-Milliarden-Dollar-Marke.", "de", None)
    ru = fx.extract("Объём превысил 180 млрд долларов.", "ru", None)
    en = fx.extract("Volume passed $180 billion.", "en", None)
    for recs in (de, ru, en):
        money = [r for r in recs if r["kind"] == "money"]
        assert [(r["value"], r["unit"]) for r in money] == [(180e9, "USD")]


def test_extractor_is_reusable_and_empty_safe(fx):
    assert fx.extract("", "de", None) == []
    assert fx.extract("Keine Zahlen hier.", "xx", None) == []


@pytest.mark.parametrize("lang,sentence,span", [
    ("de", "Die Erde entstand vor 4,6 Milliarden Jahren, sagen Geologen.", "vor 4,6 Milliarden Jahren"),
    ("de", "Vor 30.000 Jahren zogen hier Mammuts durch das Tal.", "Vor 30.000 Jahren"),
    ("en", "The crater formed 2 million years ago, the survey found.", "2 million years ago"),
])
def test_a_date_before_year_one_has_no_date_value_and_says_why(fx, lang: str, sentence: str, span: str) -> None:
    recs = [r for r in fx.extract(sentence, lang, dt.date(2026, 3, 1)) if r["text"] == span]
    assert recs, fx.extract(sentence, lang, dt.date(2026, 3, 1))
    assert recs[0]["date_value"] is None and "outside the calendar" in recs[0]["note"]
