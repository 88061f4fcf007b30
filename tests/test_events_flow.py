"""The real flow over the seeds: events, claims and stories in the warehouse, queried through the
views; a second run over a copy of one seed (another folder, same text) adds no event."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import warehouse_sql as _sql
from flows.run import run_inbox
from flows.settings import Settings

pytestmark = pytest.mark.slow




@pytest.fixture(scope="module")
def events_run(seeds_dir: Path, tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("events")
    settings = Settings(warehouse=root / "w.duckdb", progress=False, build_data_docs=False)
    first = run_inbox(seeds_dir, settings)
    db = settings.warehouse
    before = {
        "events": _sql(db, "SELECT event_id, n_documents FROM events ORDER BY event_id"),
        "mentions": _sql(db, "SELECT count(*) FROM event_mentions"),
        "stories": _sql(db, "SELECT doc_id, story_id FROM stories ORDER BY doc_id"),
    }
    copy = root / "elsewhere"
    copy.mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], copy / "same_text_other_name.txt")
    second = run_inbox(copy, settings)
    return settings, first, second, before


def _entity(db: Path, alias: str) -> str:
    rows = _sql(db, "SELECT entity_id FROM entities WHERE list_contains(aliases, ?) ORDER BY n_mentions DESC", alias)
    assert rows, alias
    return rows[0][0]


def test_video_conference_is_one_event_in_three_documents(events_run) -> None:
    settings, first, _, _ = events_run
    assert first["status"] in ("completed", "completed_with_errors")
    db = settings.warehouse
    putin, xi = _entity(db, "Putin"), _entity(db, "Xi")
    rows = _sql(db, """SELECT kind, date, duration_minutes, n_documents, languages FROM meetings
                       WHERE list_contains(participant_ids, ?) AND list_contains(participant_ids, ?)
                         AND kind IN ('call', 'talks', 'meeting') AND tense = 'past'
                       ORDER BY n_documents DESC""", putin, xi)
    kind, day, minutes, n_docs, languages = rows[0]
    assert (kind, str(day), minutes, n_docs) == ("call", "2026-02-04", 85.0, 3)
    assert set(languages) == {"de", "ru"}


def test_tables_are_consistent(events_run) -> None:
    db = events_run[0].warehouse
    assert _sql(db, """SELECT count(*) FROM events e LEFT JOIN (
                           SELECT event_id, count(DISTINCT doc_id) AS n FROM event_mentions GROUP BY 1) m USING (event_id)
                       WHERE m.n IS DISTINCT FROM e.n_documents""") == [(0,)]
    assert _sql(db, """SELECT count(*) FROM event_participants p LEFT JOIN entities e USING (entity_id)
                       WHERE e.entity_id IS NULL""") == [(0,)]
    assert _sql(db, "SELECT count(*) FROM stories") == [(5,)]
    assert _sql(db, "SELECT count(*) FROM validations WHERE table_name IN ('events', 'claims', 'stories') "
                    "AND NOT success") == [(0,)]


def test_claims_and_stories(events_run) -> None:
    db = events_run[0].warehouse
    putin = _entity(db, "Putin")
    money = _sql(db, "SELECT speaker_entity_id, how FROM claims_by_speaker WHERE kind = 'money' AND value = 2e11")
    assert (putin, "reported") in money and any(how == "statement" for _, how in money)
    # the three reports of the video conference are one story, the others are not in it
    stories = dict(_sql(db, "SELECT regexp_extract(source_uri, '(\\d{3})_', 1), story_id "
                            "FROM stories JOIN documents USING (doc_id)"))
    assert stories["000"] == stories["001"] == stories["002"]
    assert stories["003"] != stories["000"] and stories["004"] != stories["000"]
    timeline = _sql(db, "SELECT DISTINCT story_documents FROM story_timeline WHERE story_id = ?", stories["000"])
    assert timeline == [(3,)]


def test_same_text_in_another_folder_adds_no_event(events_run) -> None:
    settings, _, second, before = events_run
    db = settings.warehouse
    assert second["status"] in ("completed", "completed_with_errors")
    assert _sql(db, "SELECT event_id, n_documents FROM events ORDER BY event_id") == before["events"]
    assert _sql(db, "SELECT count(*) FROM event_mentions") == before["mentions"]
    assert _sql(db, "SELECT doc_id, story_id FROM stories ORDER BY doc_id") == before["stories"]
