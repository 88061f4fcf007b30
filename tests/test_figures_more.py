"""Number-word grammar, spoken times, relative dates and ages (own sentences, all three languages)."""

from __future__ import annotations

import datetime as dt

import pytest

from test_figures_common import check, fx  # noqa: F401  (fixture)

PUB = dt.date(2026, 2, 4)  # a Wednesday

CASES = [
    # German number grammar
    ("de", "Der Pegel stieg auf zwei Komma sieben Meter.", "zwei Komma sieben Meter", dict(kind="quantity", value=2.7)),
    ("de", "Gemeldet wurden vier und drei Viertel Millionen Anträge.", "vier und drei Viertel Millionen Anträge",
     dict(kind="quantity", value=4.75e6)),
    ("de", "Das Glas war ½ voll.", "½", dict(kind="quantity", value=0.5)),
    ("de", "Etwa 3/4 der Befragten stimmten zu.", "Etwa 3/4", dict(kind="quantity", value=0.75, qualifier="about")),
    ("de", "Die Nummer eins kam zuletzt.", "eins", dict(kind="quantity", value=1)),
    ("de", "Die Forscher arbeiteten zu viert.", "zu viert", dict(kind="quantity", value=4, unit="Person")),
    ("de", "Es regnete den ganzen Tag.", "ganzen Tag", dict(kind="duration", value=1, unit="day")),
    ("de", "Das Verfahren dauerte fast anderthalb Stunden.", "fast anderthalb Stunden",
     dict(kind="duration", value=1.5, unit="hour", qualifier="about")),
    ("de", "Seit über 70.000 syrische Studierende hier leben.", "über 70.000 syrische Studierende",
     dict(kind="quantity", value=70000, unit="Studierende", qualifier="over")),
    # German spoken clock times
    ("de", "Die Fähre legt um halb neun ab.", "um halb neun", dict(kind="time", value=510)),
    ("de", "Wir treffen uns viertel nach 6.", "viertel nach 6", dict(kind="time", value=375)),
    ("de", "Der Zug kommt um dreiviertel 4.", "um dreiviertel 4", dict(kind="time", value=225)),
    ("de", "Der Alarm ging um sieben Uhr zwanzig los.", "um sieben Uhr zwanzig", dict(kind="time", value=440)),
    ("de", "Das Konzert beginnt um 9 Uhr abends.", "um 9 Uhr abends", dict(kind="time", value=1260)),
    ("de", "Abfahrt um 16:25 Uhr.", "um 16:25 Uhr", dict(kind="time", value=985)),
    # German dates
    ("de", "Der Bericht kommt am 20. heraus.", "am 20.", dict(kind="date", date_value=dt.date(2026, 2, 20), unit="day")),
    ("de", "Übernächste Woche am Dienstag tagt der Rat.", "Übernächste Woche am Dienstag",
     dict(kind="date", date_value=dt.date(2026, 2, 17))),
    ("de", "Im letzten Monat sank der Absatz.", "Im letzten Monat", dict(kind="date", date_value=dt.date(2026, 1, 1), unit="month")),
    ("de", "Vor zwei Jahren wurde der Hafen eröffnet.", "Vor zwei Jahren", dict(kind="date", date_value=dt.date(2024, 1, 1), unit="year")),
    ("de", "Die Burg stammt aus dem 14. Jahrhundert.", "14. Jahrhundert",
     dict(kind="date", date_value=dt.date(1301, 1, 1), value_max=1400, unit="year")),
    ("de", "Im vergangenen Jahr marschierten sie am 9. Mai durch die Stadt.", "am 9. Mai",
     dict(kind="date", date_value=dt.date(2025, 5, 9))),
    # Russian
    ("ru", "На прошлой неделе завод остановили.", "На прошлой неделе", dict(kind="date", date_value=dt.date(2026, 1, 26))),
    ("ru", "Накануне в городе прошёл митинг.", "Накануне", dict(kind="date", date_value=dt.date(2026, 2, 3))),
    ("ru", "Накануне выборов партия сменила лидера.", "Накануне", dict(kind="date", date_value=None)),
    ("ru", "Усадьба построена в XVIII веке.", "в XVIII веке", dict(kind="date", date_value=dt.date(1701, 1, 1), value_max=1800)),
    ("ru", "Переговоры длились около недели.", "около недели", dict(kind="duration", value=1, unit="week", qualifier="about")),
    ("ru", "Мост открыли три года назад.", "три года назад", dict(kind="date", date_value=dt.date(2023, 1, 1), unit="year")),
    ("ru", "В 34 года она возглавила институт.", "34 года", dict(kind="duration", value=34, note="age")),
    ("ru", "Пятилетний мальчик потерялся в парке.", "Пятилетний", dict(kind="duration", value=5, note="age")),
    ("ru", "Суд назначил 8-летний срок.", "8-летний", dict(kind="duration", value=8, note=None)),
    ("ru", "Оборот превысил 200 млрд долларов.", "200 млрд долларов", dict(kind="money", value=200e9, unit="USD")),
    # English
    ("en", "Trade between the two ports topped $200 billion.", "$200 billion",
     dict(kind="money", value=200e9, unit="USD", subject="trade")),
    ("en", "The firm's profit rose 7% in the quarter.", "7%", dict(kind="percent", value=7, subject="profit")),
    ("en", "Analysts said copper exports fell 4 percent.", "4 percent", dict(kind="percent", subject="export")),
    ("en", "The index gained two point five points.", "two point five points", dict(kind="quantity", value=2.5)),
    ("en", "The plant closed a year ago.", "a year ago", dict(kind="date", date_value=dt.date(2025, 1, 1))),
    ("en", "Talks resumed last week.", "last week", dict(kind="date", date_value=dt.date(2026, 1, 26))),
    ("en", "The tower dates from the 12th century.", "the 12th century", dict(kind="date", value_max=1200)),
]


@pytest.mark.parametrize("lang,sentence,span,expected", CASES, ids=[c[2] for c in CASES])
def test_more_figures(fx, lang, sentence, span, expected):  # noqa: F811
    check(fx, sentence, lang, PUB, span, expected)


@pytest.mark.parametrize("lang,sentence", [
    ("de", "Die Delegation flog nach Rom, um 8 Uhr 40 Demonstranten zu treffen."),
    ("de", "Ein Viertel 6 Personen wäre seltsam."),
    ("en", "Call 24/7 for help."),
])
def test_no_false_clock_times_or_fractions(fx, lang, sentence):  # noqa: F811
    recs = fx.extract(sentence, lang, PUB)
    assert not [r for r in recs if r["kind"] == "time" and r["value"] not in (480.0,)]
    assert not [r for r in recs if r["value"] is not None and 0 < r["value"] < 1 and "/" in r["text"]]


def test_relative_dates_without_publication_date_say_why(fx):  # noqa: F811
    for lang, sentence in (("ru", "На прошлой неделе завод остановили."), ("en", "Talks resumed last week."),
                           ("de", "Der Bericht kommt am 20. heraus.")):
        recs = [r for r in fx.extract(sentence, lang, None) if r["kind"] == "date"]
        assert recs and recs[0]["date_value"] is None and recs[0]["note"]
