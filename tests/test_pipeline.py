"""The real flow end to end: seeds and hostile files into a temporary warehouse, queried with SQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from conftest import warehouse_sql as _sql
from flows.run import run_inbox
from flows.settings import Settings

pytestmark = pytest.mark.slow




@pytest.fixture(scope="module")
def seeds_run(seeds_dir: Path, tmp_path_factory, prefect_harness):
    wh = tmp_path_factory.mktemp("seeds") / "w.duckdb"
    settings = Settings(warehouse=wh, progress=False, build_data_docs=True)
    first = run_inbox(seeds_dir, settings)
    second = run_inbox(seeds_dir, settings)
    return settings, first, second


def test_seeds_become_five_documents(seeds_run) -> None:
    settings, first, _ = seeds_run
    assert first["status"] in ("completed", "completed_with_errors")
    db = settings.warehouse
    assert _sql(db, "SELECT count(*) FROM documents") == [(5,)]
    uris = {r[0] for r in _sql(db, "SELECT source_uri FROM documents")}
    assert len(uris) == 5 and all(u.endswith(".txt") for u in uris)
    assert _sql(db, "SELECT count(*) FROM quarantine") == [(0,)]


def test_mixed_seed_has_german_then_russian_sections(seeds_run) -> None:
    settings, _, _ = seeds_run
    rows = _sql(settings.warehouse, """
        SELECT s.language, s.char_start, s.char_end FROM sections s JOIN documents d USING (doc_id)
        WHERE d.source_uri LIKE '%002_%' ORDER BY s.section_no""")
    langs = [r[0] for r in rows]
    assert langs[0] == "de" and "ru" in langs
    assert langs.index("ru") > langs.index("de")
    # the Russian original is one long run at the end of the post
    ru_chars = sum(e - s for lang, s, e in rows if lang == "ru")
    assert ru_chars > 8000
    doc = _sql(settings.warehouse,
               "SELECT language, languages FROM documents WHERE source_uri LIKE '%002_%'")[0]
    assert doc[0] == "de" and doc[1][:2] == ["de", "ru"]


def test_sections_and_sentences_tile_each_document(seeds_run) -> None:
    settings, _, _ = seeds_run
    bad = _sql(settings.warehouse, """
        SELECT d.doc_id FROM documents d JOIN sections s USING (doc_id)
        GROUP BY d.doc_id, d.n_chars HAVING min(s.char_start) < 0 OR max(s.char_end) > d.n_chars""")
    assert bad == []
    assert _sql(settings.warehouse, "SELECT count(*) FROM sentences")[0][0] > 100


def test_publication_dates_found_where_the_seed_states_one(seeds_run) -> None:
    settings, _, _ = seeds_run
    dates = dict(_sql(settings.warehouse,
                      "SELECT regexp_extract(source_uri, '(\\d{3})_', 1), published_at FROM documents"))
    assert dates["000"] == datetime(2026, 2, 4)  # "(04.02.2026)" in the first sentence
    assert dates["002"] == datetime(2026, 2, 4)  # "Mi. Feb 4th, 2026" as the first line
    missing = _sql(settings.warehouse, "SELECT published_reason FROM documents WHERE published_at IS NULL")
    assert all(reason for (reason,) in missing)


def test_second_run_adds_nothing(seeds_run) -> None:
    settings, first, second = seeds_run
    assert second["status"] == "noop"
    db = settings.warehouse
    assert _sql(db, "SELECT count(*) FROM documents") == [(5,)]
    runs = _sql(db, "SELECT status FROM runs ORDER BY started_at")
    assert [r[0] for r in runs][-1] == "noop" and len(runs) == 2


def test_every_table_has_its_declared_columns_and_extract_tables_are_filled(seeds_run) -> None:
    from warehouse.schema import SCHEMAS

    settings, _, _ = seeds_run
    for table, schema in SCHEMAS.items():
        cols = [r[0] for r in _sql(settings.warehouse, """SELECT column_name FROM information_schema.columns
                                   WHERE table_name = ? ORDER BY ordinal_position""", table)]
        assert cols == schema.names, table
    for table in ("mentions", "entities", "figures", "quotes", "validations"):
        assert _sql(settings.warehouse, f"SELECT count(*) FROM {table}")[0][0] > 0, table
    mismatched = _sql(settings.warehouse, """
        SELECT count(*) FROM mentions m JOIN documents d USING (doc_id)
        WHERE substr(d.text, m.char_start + 1, m.char_end - m.char_start) <> m.text""")
    assert mismatched == [(0,)]


# ---------------------------------------------------------------- hostile files


def _hostile_inbox(root: Path) -> dict[str, str]:
    """Files that must each end as a document or a quarantine row; value: expected outcome."""
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "random.txt").write_bytes(bytes((i * 131 + 7) % 256 for i in range(4096)))
    (root / "zero.json").write_bytes(b"")
    (root / "cut.json").write_text('{"title": "Halb", "text": "Der Satz hört mitt', encoding="utf-8")
    (root / "alt.txt").write_bytes("Die Bürgermeisterin von Görlitz eröffnete die Brücke über die Neiße.\n".encode("cp1252"))
    (root / "wide.txt").write_bytes("Straßenbahn in Würzburg fährt wieder nach Plan.\n".encode("utf-16"))
    with open(root / "huge.txt", "wb") as fh:  # 50 MB, over the 20 MB default limit
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"x")
    loop = root / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")  # a directory symlink loop
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    (root / "twin1.txt").write_text("Ein Text, zweimal abgelegt: Der Rat tagte in Bremen.\n", encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "twin2.txt").write_text("Ein Text, zweimal abgelegt: Der Rat tagte in Bremen.\n", encoding="utf-8")
    return {"empty.txt": "q", "random.txt": "q", "zero.json": "q", "cut.json": "q", "alt.txt": "d", "wide.txt": "d",
            "huge.txt": "q", "dangling.txt": "q", "twin1.txt": "d", "twin2.txt": "d"}


def test_hostile_folder_runs_to_completion_with_every_file_accounted(tmp_path: Path, prefect_harness) -> None:
    inbox = tmp_path / "inbox"
    expected = _hostile_inbox(inbox)
    settings = Settings(warehouse=tmp_path / "w.duckdb", progress=False, build_data_docs=False)
    summary = run_inbox(inbox, settings)
    assert summary["status"] == "completed_with_errors"
    db = settings.warehouse
    doc_uris = {u for (uris,) in _sql(db, "SELECT source_uris FROM documents") for u in uris}
    quarantined = dict(_sql(db, "SELECT source_uri, reason FROM quarantine"))
    for name, outcome in expected.items():
        hits_doc = [u for u in doc_uris if u.endswith("/" + name)]
        hits_q = [u for u in quarantined if u.endswith("/" + name)]
        assert (hits_doc if outcome == "d" else hits_q), f"{name} is not accounted for"
    reasons = {Path(u).name: r for u, r in quarantined.items()}
    assert reasons["empty.txt"] == "empty" and reasons["random.txt"] == "binary"
    assert reasons["huge.txt"] == "too_large" and reasons["cut.json"] == "truncated_json"
    texts = dict(_sql(db, "SELECT regexp_extract(source_uri, '[^/]+$'), text FROM documents"))
    assert "Bürgermeisterin von Görlitz" in texts["alt.txt"] and "Würzburg" in texts["wide.txt"]
    twins = _sql(db, "SELECT source_uris FROM documents WHERE text LIKE 'Ein Text, zweimal%'")
    assert len(twins) == 1 and len(twins[0][0]) == 2
    # an unchanged inbox is a no-op; a changed file replaces its document
    assert run_inbox(inbox, settings)["status"] == "noop"
    (inbox / "alt.txt").write_text("Die Brücke über die Neiße bleibt bis Mai gesperrt.\n", encoding="utf-8")
    again = run_inbox(inbox, settings)
    assert again["counts"]["documents"] == 1
    texts = [t for (t,) in _sql(db, "SELECT text FROM documents WHERE source_uri LIKE '%/alt.txt'")]
    assert texts == ["Die Brücke über die Neiße bleibt bis Mai gesperrt."]
    assert _sql(db, "SELECT count(*) FROM documents WHERE text LIKE '%Bürgermeisterin%'") == [(0,)]


# ---------------------------------------------------------------- kill -9


def _synthetic_inbox(root: Path, n: int) -> None:
    root.mkdir(parents=True)
    cities = ["Bremen", "Kassel", "Erfurt", "Rostock", "Passau", "Trier", "Ulm", "Jena"]
    for i in range(n):
        city = cities[i % len(cities)]
        body = (f"Der Stadtrat von {city} hat am Dienstag über den Haushalt beraten. "
                f"Bürgermeisterin Anna Beispiel{i} sagte, die Stadt investiere {i + 3} Millionen Euro in Schulen. "
                f"Rund {100 + i} Menschen verfolgten die Sitzung, die drei Stunden dauerte.\n\n") * 3
        (root / f"artikel_{i:04d}.txt").write_text(f"Haushalt in {city} Nummer {i}\n\n{body}", encoding="utf-8")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.cli", *args]


def test_kill_dash_nine_leaves_the_warehouse_consistent(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _synthetic_inbox(inbox, 240)
    wh = tmp_path / "w.duckdb"
    env = dict(os.environ, NEWSFLOW_BATCH_SIZE="16", NEWSFLOW_WRITE_BATCH_DOCS="16", NEWSFLOW_BUILD_DATA_DOCS="false")
    lake_docs = tmp_path / "w_lake" / "documents"
    proc = subprocess.Popen(_cli("run", str(inbox), "--warehouse", str(wh), "--no-report"), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if lake_docs.exists() and len(list(lake_docs.rglob("*.parquet"))) >= 2:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be killed; make the inbox larger"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # the killed run left nothing visible
    if wh.exists():
        assert _sql(wh, "SELECT count(*) FROM documents")[0][0] in (0,)
    done = subprocess.run(_cli("run", str(inbox), "--warehouse", str(wh), "--no-report"), env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _sql(wh, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(240, 240)]
    assert _sql(wh, "SELECT count(*) FROM files WHERE status = 'document'") == [(240,)]
    dup = _sql(wh, "SELECT count(*) FROM (SELECT doc_id, sentence_no FROM sentences GROUP BY ALL HAVING count(*) > 1)")
    assert dup == [(0,)]
    out = subprocess.run(_cli("sql", "SELECT count(*) AS n FROM documents", "--warehouse", str(wh), "--format", "json"),
                         capture_output=True, text=True, timeout=120)
    assert json.loads(out.stdout) == [{"n": 240}]


PAIRS_002 = [("Putin", "Путин"), ("Xi Jinping", "Си Цзиньпин"), ("Schoigu", "Шойгу"), ("Uschakow", "Ушаков"),
             ("Wang Yi", "Ван И"), ("Peking", "Пекин"), ("Moskau", "Москв"), ("Kreml", "Кремл"), ("SCO", "ШОС"),
             ("BRICS", "БРИКС")]


@pytest.mark.parametrize("latin, cyrillic", PAIRS_002)
def test_latin_and_cyrillic_spellings_are_one_entity(seeds_run, latin: str, cyrillic: str) -> None:
    settings, _, _ = seeds_run

    def main_entity(fragment: str) -> str | None:
        rows = _sql(settings.warehouse, """
            SELECT m.entity_id, count(*) AS n FROM mentions m JOIN documents d USING (doc_id)
            WHERE d.source_uri LIKE '%002_%' AND m.text LIKE '%' || ? || '%'
            GROUP BY 1 ORDER BY n DESC LIMIT 1""", fragment)
        return rows[0][0] if rows else None

    latin_id, cyrillic_id = main_entity(latin), main_entity(cyrillic)
    assert latin_id is not None and latin_id == cyrillic_id
    aliases = _sql(settings.warehouse, "SELECT aliases FROM entities WHERE entity_id = ?", latin_id)[0][0]
    assert any(latin in a for a in aliases) and any(cyrillic in a for a in aliases)


def test_seed_figures_and_quotes_come_out(seeds_run) -> None:
    settings, _, _ = seeds_run
    money = _sql(settings.warehouse, "SELECT value, unit FROM figures WHERE kind = 'money'")
    assert (200e9, "USD") in money
    durations = _sql(settings.warehouse, "SELECT value, unit FROM figures WHERE kind = 'duration'")
    assert (85.0, "minute") in durations
    speakers = _sql(settings.warehouse, """
        SELECT e.canonical_name FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id""")
    assert any("Putin" in s for (s,) in speakers)
