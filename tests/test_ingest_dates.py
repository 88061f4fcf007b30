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


# ------------------------------------------------------------------ document_date (issue 14)

from transforms.ingest.dates import document_date  # noqa: E402

NOW = datetime(2026, 3, 1, 12, 0)

DOCUMENT_DATE_CASES = [
    # (text, metadata date, expected value, expected source)
    ("Kurzer Text ohne Datum.", datetime(2026, 2, 4, 9, 30), datetime(2026, 2, 4, 9, 30), "metadata"),
    ("Stand: 04.02.2026\nText.", datetime(2027, 1, 1), datetime(2026, 2, 4), "dateline"),  # metadata after ingest
    ("Mi. Feb 4th, 2026\n\nText.", None, datetime(2026, 2, 4), "dateline"),
    ("Moskau, 4. Februar (dpa) - Der Kreml hat am Mittwoch reagiert.", None, datetime(2026, 2, 4), "dateline"),
    ("Hamburg, den 12. Januar 2026 – Die Hafenbehörde meldet Rekorde.", None, datetime(2026, 1, 12), "dateline"),
    ("МОСКВА, 7 августа — РИА Новости. Министр выступил. В 2025 году рост составил 3%.", None,
     datetime(2025, 8, 7), "dateline"),
    ("MOSCOW, Feb 4 (Reuters) - Russia said on Wednesday it would respond.", None, datetime(2026, 2, 4), "dateline"),
    ("Der Minister hat am Montag (09.02.2026) in Bonn gesprochen.", None, datetime(2026, 2, 9), "top"),
    ("4 февраля 2026 года Путин провёл переговоры.", None, datetime(2026, 2, 4), "top"),
    ("The minister spoke on February 4, 2026 in Geneva.", None, datetime(2026, 2, 4), "top"),
    ("Stand 2026-02-04: Die Lage bleibt ruhig.", None, datetime(2026, 2, 4), "top"),
    # nothing at the top: the latest plausible date in the text
    ("Ein langer Bericht. " * 60 + "Am 3. Januar 2026 begann der Streik. Am 20. Januar 2026 endete er.", None,
     datetime(2026, 1, 20), "latest_in_text"),
    ("Ein langer Bericht. " * 40 + "Im Jahr 2022 änderte sich viel. Am 24. März sprach er, am 20. August trat er zurück.",
     None, datetime(2022, 8, 20), "latest_in_text"),
    ("Долгий текст. " * 60 + "В 2025 году завод открылся. 6 июня прошла церемония.", None,
     datetime(2025, 6, 6), "latest_in_text"),
    ("A long report. " * 50 + "The plant opened in 2024. On March 24 the first cars left.", None,
     datetime(2024, 3, 24), "latest_in_text"),
    # a date after ingest or in a sentence about the future is no publication date
    ("Ein langer Bericht. " * 60 + "Am 2. Februar 2026 stimmte der Rat zu. Die Wahl findet am 20. Februar 2026 statt.",
     None, datetime(2026, 2, 2), "latest_in_text"),
    ("Ein langer Bericht. " * 60 + "Am 2. Februar 2026 stimmte der Rat zu. Am 9. Mai 2026 feiert die Stadt.", None,
     datetime(2026, 2, 2), "latest_in_text"),
]


@pytest.mark.parametrize(("text", "meta", "value", "source"), DOCUMENT_DATE_CASES)
def test_document_date(text: str, meta: datetime | None, value: datetime, source: str) -> None:
    got = document_date(text, meta, NOW)
    assert (got.value, got.source) == (value, source)
    assert got.reason is None


@pytest.mark.parametrize("text", [
    "Ein Text ohne jedes Datum. 2000 Soldaten marschierten.",
    "Am 24. März sprach er.",  # no year named anywhere: no date
    "Ein langer Bericht. " * 40 + "Am 9. Mai 2027 wird gewählt.",  # only a date after ingest
    "",
])
def test_document_date_none(text: str) -> None:
    got = document_date(text, None, NOW)
    assert got.value is None and got.source is None and got.reason


def test_a_dateline_without_a_year_takes_the_year_the_text_names() -> None:
    text = "Berlin, 14. Juli (dpa) - Der Bundestag hat entschieden. Seit 2019 wird darüber gestritten."
    got = document_date(text, None, datetime(2026, 3, 1))
    assert (got.value, got.source) == (datetime(2019, 7, 14), "dateline")


def test_a_document_without_metadata_but_a_dateline_gets_published_at(tmp_path) -> None:
    """Through the parse stage: the documents row carries published_at and published_at_source."""
    import hashlib

    from flows import stages

    f = tmp_path / "wire.txt"
    f.write_text("Kiew, 12. Februar (AFP) - Die Stadt war am Morgen ohne Strom. Im Jahr 2026 ist das neu.\n",
                 encoding="utf-8")
    chunk = stages.Chunk(0, [stages.FileCandidate(str(f), f.stat().st_size, f.stat().st_mtime_ns)])
    chunk = stages.parse_chunk(stages.read_chunk(chunk, {}, 10_000))
    [art] = chunk.articles
    assert art.meta["published_at"] == datetime(2026, 2, 12)
    assert art.meta["published_at_source"] == "dateline"
    assert art.meta["published_source"] == "text" and art.meta["published_reason"] is None
    assert hashlib.sha256(f.read_bytes()).hexdigest()  # the file was read, not skipped
    row = stages.chunk_tables(chunk, "run-1", datetime(2026, 3, 1)).get("documents").to_pylist()[0]
    assert row["published_at"] == datetime(2026, 2, 12) and row["published_at_source"] == "dateline"


def test_an_old_warehouse_gains_the_published_at_source_column(tmp_path) -> None:
    import duckdb

    from warehouse.store import ensure_schema

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE TABLE documents (doc_id VARCHAR, published_at TIMESTAMP)")
    ensure_schema(con)
    cols = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'").fetchall()]
    assert "published_at_source" in cols
    con.close()


# ------------------------------------------------------------------ headline next to a dateline (issue 12)

from transforms.ingest.parse import title_from_text  # noqa: E402


@pytest.mark.parametrize(("text", "title"), [
    ("Hafen meldet Rekordumschlag\n\nDer Hamburger Hafen hat 2025 mehr umgeschlagen.", "Hafen meldet Rekordumschlag"),
    ("Hafen meldet Rekordumschlag\nDer Hamburger Hafen hat 2025 mehr umgeschlagen.", "Hafen meldet Rekordumschlag"),
    ("Mi. Feb 4th, 2026\n\nPutin und Xi sprechen per Video\n\nDie beiden Präsidenten haben gesprochen.",
     "Putin und Xi sprechen per Video"),
    ("Переговоры в Казани: итоги\n\nМинистры встретились во вторник.", "Переговоры в Казани: итоги"),
    ("Ports reopen after the storm?\n\nAuthorities said on Monday that ships may sail.", "Ports reopen after the storm?"),
    ("The minister said that the\nport would reopen soon, and ships would sail.", None),  # a hard-wrapped sentence
    ("Der Minister hat am Montag in Bonn gesprochen.\n\nMehr dazu später.", None),  # a sentence, not a headline
    ("04.02.2026\n\nDer Minister hat am Montag in Bonn gesprochen.", None),
    ("Nur eine Zeile ohne Text danach", None),
])
def test_title_from_text(text: str, title: str | None) -> None:
    assert title_from_text(text) == title


def test_a_long_text_is_scanned_at_its_head_and_tail_only() -> None:
    import time

    body = "Ein Satz ohne Datum. " * 400_000  # 8.4 million characters
    text = body + "Stand: Am 3. Januar 2026 aktualisiert."
    t0 = time.perf_counter()
    got = document_date(text, None, NOW)
    assert (got.value, got.source) == (datetime(2026, 1, 3), "latest_in_text")
    assert time.perf_counter() - t0 < 5


import pytest as _pytest  # noqa: E402
from datetime import datetime as _dt  # noqa: E402

from transforms.ingest.dates import document_date as _document_date  # noqa: E402


@_pytest.mark.parametrize("text, expected", [
    ("Иван Петров родился 3 января 1955 года в Тамбове. Он возглавил министерство.", None),
    ("Die Ministerin, geboren am 9. Januar 1961 in Kiel, trat zurück. Am 2. März 2024 erklärte sie ihren Rückzug.",
     _dt(2024, 3, 2)),
    ("She was born on March 3, 1960. The ministry said on 4 February 2026 that it agreed.", _dt(2026, 2, 4)),
    ("Der Dichter starb am 12. Mai 1998.", None),
])
def test_birth_and_death_dates_are_no_document_dates(text: str, expected) -> None:
    assert _document_date(text, now=_dt(2026, 12, 3)).value == expected


@_pytest.mark.parametrize("text, expected, source", [
    # a photo caption's old date at the top, the event's date after it: the later one
    ("Brand in der Altstadt\nDas Rathaus der Stadt, aufgenommen von einem Leser am 3. Mai 2009.\n\nIn der Altstadt brannte am 12. März 2024 ein Dachstuhl.",
     _dt(2024, 3, 12), "top"),
    # history in the lead, the year of the story named: the story's date, from the text
    ("Преміи названы за 2011 год. В понедельник 3 октября комитет объявил лауреата. Его работа увенчалась "
     "успехом 14 мая 1979 года.", _dt(2011, 10, 3), "latest_in_text"),
])
def test_top_dates_prefer_the_story_over_its_history(text: str, expected, source: str) -> None:
    found = _document_date(text, now=_dt(2026, 12, 3))
    assert (found.value, found.source) == (expected, source)
