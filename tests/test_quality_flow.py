"""Data quality inside the flow: failing rows are quarantined, a critical failure stops the load."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows import stages
from conftest import warehouse_sql as _sql
from flows.run import run_inbox
from flows.settings import Settings

pytestmark = pytest.mark.slow
DEMO = Path(__file__).resolve().parents[1] / "demo" / "inbox"


def _extract_with_bad_rows(chunk: stages.Chunk, models, ner_batch_chars: int = 0) -> stages.Chunk:
    """Instead of the models: one good mention per document, plus a broken one in the first."""
    for i, art in enumerate(chunk.articles):
        word_end = art.text.index(" ") if " " in art.text else len(art.text)
        art.mentions = [{"mention_no": 0, "char_start": 0, "char_end": word_end, "text": art.text[:word_end],
                         "label": "LOC", "language": "de"}]
        if i == 0:
            art.mentions.append({"mention_no": 1, "char_start": len(art.text) + 5, "char_end": len(art.text) + 9,
                                 "text": "Nirgendwo", "label": "XYZ", "language": "de"})
    return chunk




def test_broken_rows_land_in_quarantine_and_good_rows_load(tmp_path: Path, prefect_harness, monkeypatch) -> None:
    monkeypatch.setattr(stages, "extract_chunk", _extract_with_bad_rows)
    settings = Settings(warehouse=tmp_path / "w.duckdb", progress=False, build_data_docs=False)
    summary = run_inbox(DEMO, settings)
    assert summary["status"] == "completed_with_errors"
    db = settings.warehouse
    rejected = _sql(db, "SELECT table_name, expectation, row FROM quarantine WHERE stage = 'validate'")
    assert {t for t, _, _ in rejected} <= {"mentions", "entities"}  # the bogus entity is rejected too
    mention_rows = [(e, row) for t, e, row in rejected if t == "mentions"]
    assert len(mention_rows) == 1 and "Nirgendwo" in mention_rows[0][1]
    assert {"offsets_in_text", "label_in_set"} <= set(mention_rows[0][0].split(", "))
    assert _sql(db, "SELECT count(*) FROM mentions WHERE label = 'XYZ'") == [(0,)]
    assert _sql(db, "SELECT count(*) FROM documents") == [(9,)]
    assert _sql(db, "SELECT count(*) FROM mentions") == [(9,)]
    failed = _sql(db, "SELECT DISTINCT expectation FROM validations WHERE NOT success AND table_name = 'mentions'")
    assert failed


def test_a_critical_expectation_stops_the_load(tmp_path: Path, prefect_harness, monkeypatch) -> None:
    monkeypatch.setattr(stages, "extract_chunk", _extract_with_bad_rows)
    settings = Settings(warehouse=tmp_path / "w.duckdb", progress=False, build_data_docs=False,
                        critical_expectations={"mentions": ["label_in_set", "offsets_in_text"]})
    summary = run_inbox(DEMO, settings)
    assert summary["status"] == "failed"
    db = settings.warehouse
    assert _sql(db, "SELECT count(*) FROM documents") == [(0,)]
    assert _sql(db, "SELECT count(*) FROM mentions") == [(0,)]
    status, message = _sql(db, "SELECT status, message FROM runs")[0]
    assert status == "failed" and ("label_in_set" in message or "offsets_in_text" in message)
    assert _sql(db, "SELECT count(*) FROM validations WHERE NOT success")[0][0] >= 1
    # nothing was remembered as processed: the next run (with a fixed extractor) does the work
    assert _sql(db, "SELECT count(*) FROM files") == [(0,)]


def test_unusual_figures_are_loaded_with_flags_not_quarantined(tmp_path: Path, prefect_harness) -> None:
    """End to end: historic and far-future dates and huge durations reach the warehouse, flagged."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "geschichte.txt").write_text(
        "Ein Stuhl für die Magna Carta\n\n"
        "Wien, 12. März 2016 – Die Urkunde wurde am 15. Juni 1215 in Runnymede besiegelt. "
        "Schon im 16. Jahrhundert galt sie als Grundstein der Freiheitsrechte. "
        "Die Planer rechnen damit, dass der Park bis 2050 doppelt so viele Gäste hat. "
        "Im vergangenen Jahr telefonierten die Besucher insgesamt 5,77 Milliarden Minuten.\n",
        encoding="utf-8",
    )
    settings = Settings(warehouse=tmp_path / "w.duckdb", progress=False, build_data_docs=False)
    summary = run_inbox(inbox, settings)
    assert summary["status"] == "completed"
    db = settings.warehouse
    assert _sql(db, "SELECT count(*) FROM quarantine WHERE table_name = 'figures'") == [(0,)]
    flagged = dict(_sql(db, "SELECT text, flags FROM figures WHERE len(flags) > 0"))
    assert any("1215" in t and f == ["historic_date"] for t, f in flagged.items()), flagged
    assert any("16. Jahrhundert" in t and f == ["historic_date"] for t, f in flagged.items()), flagged
    assert any("2050" in t and f == ["far_future_date"] for t, f in flagged.items()), flagged
    assert any("Minuten" in t and f == ["unusual_value"] for t, f in flagged.items()), flagged
    warnings = _sql(db, """SELECT expectation, success, unexpected_count FROM validations
                           WHERE table_name = 'figures' AND json_extract_string(detail, '$.severity') = 'warning'""")
    assert {e for e, _, _ in warnings} == {"value_usual_for_kind", "date_not_historic", "date_not_far_future"}
    assert all(ok for _, ok, _ in warnings) and sum(n or 0 for _, _, n in warnings) >= 4
