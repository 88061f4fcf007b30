"""German figures: one row per SPEC kind/format, sentence → expected record (own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from test_figures_common import check, fx  # noqa: F401  (fixture)

PUB = dt.date(2026, 2, 4)  # a Wednesday

# (sentence, text of the figure, expected fields)
CASES = [
    # money
    ("Der Umsatz der Werft hat die Marke von 300 Milliarden US-Dollar überschritten.",
     "300 Milliarden US-Dollar", dict(kind="money", value=300e9, unit="USD", subject="Umsatz")),
    ("Erneut wurde die 150-Milliarden-Euro-Grenze geknackt.",
     "150-Milliarden-Euro-Grenze", dict(kind="money", value=150e9, unit="EUR")),
    ("Der Fonds erhielt 7 Mrd. € aus Brüssel.", "7 Mrd. €", dict(kind="money", value=7e9, unit="EUR")),
    ("Die Firma zahlte 2,5 Mio. Yuan Strafe.", "2,5 Mio. Yuan", dict(kind="money", value=2.5e6, unit="CNY")),
    ("Das Ticket kostet siebenhundert Rubel.", "siebenhundert Rubel", dict(kind="money", value=700, unit="RUB")),
    # quantity
    ("In Kasan leben über 12.000 vietnamesische Studierende.", "über 12.000 vietnamesische Studierende",
     dict(kind="quantity", value=12000, unit="Studierende", qualifier="over")),
    ("Es fanden 350 Veranstaltungen statt.", "350 Veranstaltungen",
     dict(kind="quantity", value=350, unit="Veranstaltung")),
    ("Der Kalender kennt zwölf Mondjahreszeiten.", "zwölf Mondjahreszeiten",
     dict(kind="quantity", value=12, unit="Mondjahreszeit")),
    ("Gezählt wurden 10\u202f000 Besucher.", "10\u202f000 Besucher", dict(kind="quantity", value=10000)),
    ("Sie kauften ein Dutzend Traktoren.", "ein Dutzend Traktoren", dict(kind="quantity", value=12, unit="Traktor")),
    ("Rund fünfundzwanzig Dörfer sind betroffen.", "Rund fünfundzwanzig Dörfer",
     dict(kind="quantity", value=25, qualifier="about")),
    ("Die Zahl liegt zwischen 10 und 20.", "zwischen 10 und 20", dict(kind="quantity", value=10, value_max=20)),
    ("Es kamen bis zu 400 Gäste.", "bis zu 400 Gäste", dict(kind="quantity", value=400, qualifier="at_most")),
    # percent
    ("Die Exporte stiegen um 4,5 Prozent.", "4,5 Prozent", dict(kind="percent", value=4.5, unit="%", subject="Export")),
    ("Der Milchhandel ist um mehr als 30 Prozent gewachsen.", "mehr als 30 Prozent",
     dict(kind="percent", value=30, qualifier="over", subject="Milchhandel")),
    ("Die Quote lag bei 17 %.", "17 %", dict(kind="percent", value=17, unit="%")),
    # duration
    ("Die Sitzung dauerte zwei Stunden und 10 Minuten.", "zwei Stunden und 10 Minuten",
     dict(kind="duration", value=130, unit="minute", subject="Sitzung")),
    ("Man wartete fast anderthalb Stunden.", "fast anderthalb Stunden",
     dict(kind="duration", value=1.5, unit="hour", qualifier="about")),
    ("Die Frist wurde um ein Jahr verlängert.", "ein Jahr", dict(kind="duration", value=1, unit="year")),
    ("Nach der sechsstündigen Debatte stimmte man ab.", "sechsstündigen", dict(kind="duration", value=6, unit="hour")),
    ("Das Projekt läuft drei Monate.", "drei Monate", dict(kind="duration", value=3, unit="month")),
    # date
    ("Die Vereinbarung wurde am 03.02.2026 bekannt.", "am 03.02.2026",
     dict(kind="date", value=None, unit="day", date_value=dt.date(2026, 2, 3))),
    ("Das Abkommen endet am 5. Februar.", "am 5. Februar", dict(kind="date", unit="day", date_value=dt.date(2026, 2, 5))),
    ("Der Minister war am 9. Mai Gast der Parade in Minsk.", "am 9. Mai",
     dict(kind="date", date_value=dt.date(2025, 5, 9))),
    ("Im vergangenen Jahr reiste sie am 12. März nach Hanoi.", "am 12. März",
     dict(kind="date", date_value=dt.date(2025, 3, 12))),
    ("Vorgeschlagen wurde das am 14. Oktober 2025.", "am 14. Oktober 2025", dict(kind="date", date_value=dt.date(2025, 10, 14))),
    ("Im Jahr 2024 wuchs der Markt.", "Im Jahr 2024", dict(kind="date", unit="year", date_value=dt.date(2024, 1, 1))),
    ("Der Gipfel findet im November statt.", "im November", dict(kind="date", unit="month", date_value=dt.date(2026, 11, 1))),
    ("Die Delegation reiste am Montag ab.", "am Montag", dict(kind="date", unit="day", date_value=dt.date(2026, 2, 2))),
    ("Die Jahre 2027–28 gelten als Jahre der Kultur.", "2027–28", dict(kind="date", date_value=dt.date(2027, 1, 1), value_max=2028)),
    # time
    ("Die Pressekonferenz begann um 11:40 Uhr.", "um 11:40 Uhr", dict(kind="time", value=700, unit="minute")),
    ("Der Zug fährt um 19 Uhr.", "um 19 Uhr", dict(kind="time", value=1140, unit="minute")),
    # ordinal
    ("Es war das siebte Treffen dieser Art.", "siebte Treffen", dict(kind="ordinal", value=7, unit="Treffen")),
    ("Sie begehen den 30. Jahrestag der Gründung.", "30. Jahrestag", dict(kind="ordinal", value=30, unit="Jahrestag")),
    ("Der 14. Fünfjahresplan ist beendet.", "14. Fünfjahresplan", dict(kind="ordinal", value=14, unit="Fünfjahresplan")),
    # ratio
    ("Die Flotte ist fünfmal kleiner als die der Nachbarn.", "fünfmal", dict(kind="ratio", value=5, unit="times")),
    ("Die Minister haben sich dreimal getroffen.", "dreimal", dict(kind="ratio", value=3, unit="times")),
    ("Der Preis stieg um das 10-fache.", "10-fache", dict(kind="ratio", value=10, unit="times")),
]

NOT_FIGURES = [
    "Der New-START-Vertrag und die G7 sowie COVID-19 wurden erwähnt.",
    "Mehr unter https://example.org/page/2026/02/04 oder +49 30 1234 5678.",
    "1. Punkt der Tagesordnung wurde vertagt.",
]


@pytest.mark.parametrize("sentence,span,expected", CASES, ids=[c[1] for c in CASES])
def test_de_figure(fx, sentence, span, expected):
    check(fx, sentence, "de", PUB, span, expected)


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_de_not_figures(fx, sentence):
    recs = fx.extract(sentence, "de", PUB)
    assert recs == [], [r["text"] for r in recs]


def test_de_no_publication_date_keeps_null(fx):
    recs = fx.extract("Das Abkommen endet am 5. Februar.", "de", None)
    (rec,) = [r for r in recs if r["kind"] == "date"]
    assert rec["date_value"] is None and rec["note"]


def test_de_offsets_exact_on_long_text(fx):
    text = " ".join(c[0] for c in CASES) * 3
    recs = fx.extract(text, "de", PUB)
    for r in recs:
        assert text[r["char_start"]:r["char_end"]] == r["text"]
    found = {r["text"] for r in recs}
    assert {c[1] for c in CASES} <= found, {c[1] for c in CASES} - found
