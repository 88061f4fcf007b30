"""English figures: one row per SPEC kind/format, sentence → expected record (own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from test_figures_common import check, fx  # noqa: F401  (fixture)

PUB = dt.date(2026, 2, 4)

CASES = [
    # money
    ("The trade volume topped $150 billion.", "$150 billion",
     dict(kind="money", value=150e9, unit="USD", subject="volume")),
    ("The club paid £3.5m for the striker.", "£3.5m", dict(kind="money", value=3.5e6, unit="GBP")),
    ("Investors lost 40 million euros.", "40 million euros", dict(kind="money", value=40e6, unit="EUR")),
    ("Exports reached 2 bn yuan.", "2 bn yuan", dict(kind="money", value=2e9, unit="CNY")),
    ("Damage of up to 700 dollars was reported.", "up to 700 dollars",
     dict(kind="money", value=700, unit="USD", qualifier="at_most")),
    # quantity
    ("More than 12,000 Vietnamese students study in Kazan.", "More than 12,000 Vietnamese students",
     dict(kind="quantity", value=12000, unit="student", qualifier="over")),
    ("Organisers held 350 events.", "350 events", dict(kind="quantity", value=350, unit="event")),
    ("Twenty-five delegations arrived.", "Twenty-five delegations", dict(kind="quantity", value=25, unit="delegation")),
    ("Between 10 and 20 ships left port.", "Between 10 and 20 ships",
     dict(kind="quantity", value=10, value_max=20, unit="ship")),
    ("About 1.5 million tonnes were shipped.", "About 1.5 million tonnes",
     dict(kind="quantity", value=1.5e6, qualifier="about", unit="tonne")),
    # percent
    ("Grain exports grew by 30 percent.", "30 percent", dict(kind="percent", value=30, unit="%")),
    ("Inflation was 7.5%.", "7.5%", dict(kind="percent", value=7.5, unit="%")),
    # duration
    ("The meeting lasted two hours and 10 minutes.", "two hours and 10 minutes",
     dict(kind="duration", value=130, unit="minute", subject="meeting")),
    ("They talked for nearly one and a half hours.", "nearly one and a half hours",
     dict(kind="duration", value=1.5, unit="hour", qualifier="about")),
    ("The treaty was extended by one year.", "one year", dict(kind="duration", value=1, unit="year")),
    # date
    ("The statement came on February 3, 2026.", "on February 3, 2026",
     dict(kind="date", value=None, unit="day", date_value=dt.date(2026, 2, 3))),
    ("The deal expires on 5 February.", "on 5 February", dict(kind="date", date_value=dt.date(2026, 2, 5))),
    ("The minister attended the parade on May 9.", "on May 9", dict(kind="date", date_value=dt.date(2025, 5, 9))),
    ("The market grew in 2024.", "in 2024", dict(kind="date", unit="year", date_value=dt.date(2024, 1, 1))),
    ("The summit will take place in November.", "in November",
     dict(kind="date", unit="month", date_value=dt.date(2026, 11, 1))),
    ("The delegation flew home on Monday.", "on Monday", dict(kind="date", date_value=dt.date(2026, 2, 2))),
    # time
    ("The briefing started at 11:40.", "at 11:40", dict(kind="time", value=700, unit="minute")),
    ("Polls close at 8 pm.", "at 8 pm", dict(kind="time", value=1200, unit="minute")),
    # ordinal
    ("It was the seventh meeting of its kind.", "seventh meeting", dict(kind="ordinal", value=7, unit="meeting")),
    ("They marked the 30th anniversary of the treaty.", "30th anniversary",
     dict(kind="ordinal", value=30, unit="anniversary")),
    # ratio
    ("The fleet is five times smaller.", "five times", dict(kind="ratio", value=5, unit="times")),
    ("The ministers met twice.", "twice", dict(kind="ratio", value=2, unit="times")),
    ("Output rose 10-fold.", "10-fold", dict(kind="ratio", value=10, unit="times")),
]

NOT_FIGURES = [
    "The New START treaty, the G20 and COVID-19 were discussed.",
    "See https://example.com/2026/02/04/story or call +1 202 555 0143.",
]


@pytest.mark.parametrize("sentence,span,expected", CASES, ids=[c[1] for c in CASES])
def test_en_figure(fx, sentence, span, expected):
    check(fx, sentence, "en", PUB, span, expected)


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_en_not_figures(fx, sentence):
    recs = fx.extract(sentence, "en", PUB)
    assert recs == [], [r["text"] for r in recs]
