"""find_published_date on the forms the input stream uses, and not on noise."""

from __future__ import annotations

from datetime import datetime

import pytest

from transforms.ingest import find_published_date, parse_date_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Di. Mär 3rd, 2026\n\nHeute gab es Neuigkeiten aus Kleinstadt.", datetime(2026, 3, 3)),
        ("Mi. Feb 4th, 2026\n\nText.", datetime(2026, 2, 4)),
        ("Der Minister hat am Montag (09.03.2026) in Bonn gesprochen.", datetime(2026, 3, 9)),
        ("12 марта 2025 года министр выступил в Казани.", datetime(2025, 3, 12)),
        ("— Nordic Wire (@nordicwire) February 28, 2025\nMore text.", datetime(2025, 2, 28)),
        ("Stand: 2026-02-04\nDie Lage bleibt ruhig.", datetime(2026, 2, 4)),
        ("Hamburg, 4. Februar 2026 – Die Hafenbehörde meldet Rekorde.", datetime(2026, 2, 4)),
        ("Posted 7 November 2024 by the desk.", datetime(2024, 11, 7)),
        ("Erschienen am 1. Dezember 2025 um 10 Uhr.", datetime(2025, 12, 1)),
    ],
)
def test_date_forms(text: str, expected: datetime) -> None:
    assert find_published_date(text) == expected


def test_dateline_beats_inline_date() -> None:
    text = "Am 9. Mai 2024 feierte die Stadt.\n05.05.2026\nMehr dazu."
    assert find_published_date(text) == datetime(2026, 5, 5)


def test_only_near_the_top() -> None:
    text = "Ein Satz ohne Datum. " * 60 + "\nAm 4. Februar 2026 passierte etwas."
    assert find_published_date(text) is None


@pytest.mark.parametrize("text", ["Version 1.2.26 ist da.", "Am 31.02.2026 nichts.", "Im Jahr 2026 wird alles anders.", ""])
def test_no_date(text: str) -> None:
    assert find_published_date(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-04T10:30:00+01:00", datetime(2026, 2, 4, 9, 30)),
        ("2026-02-04T10:30:00Z", datetime(2026, 2, 4, 10, 30)),
        ("2026-02-04T10:30:00+0100", datetime(2026, 2, 4, 9, 30)),
        ("04.02.2026", datetime(2026, 2, 4)),
        ("Feb 4, 2026", datetime(2026, 2, 4)),
        (1770199800, datetime(2026, 2, 4, 10, 10)),
        (1770199800000, datetime(2026, 2, 4, 10, 10)),
        ("Wed, 04 Feb 2026 10:30:00 GMT", datetime(2026, 2, 4, 10, 30)),
        ("kein Datum", None),
    ],
)
def test_parse_date_value(value: object, expected: datetime | None) -> None:
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07/08/2009 11:20\n\nМОСКВА, 7 августа.", datetime(2009, 8, 7, 11, 20)),
        ("12/25/2024 news", datetime(2024, 12, 25)),
        ("5 июня 2025 года, в 09:15 сообщили", datetime(2025, 6, 5, 9, 15)),
        ("Stand: 2026-02-04T10:30 Uhr", datetime(2026, 2, 4, 10, 30)),
        ("Am 04.02.2026 10.000 Menschen", datetime(2026, 2, 4)),
    ],
)
def test_slash_dates_and_times(text: str, expected: datetime) -> None:
    assert find_published_date(text) == expected
