"""The HTML report: self-contained, every section and chart rendered, hostile text inert.

The browser part opens the page in headless Debian chromium (apt: chromium chromium-driver)
and skips when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from expectations.synthetic import make_batch, replace_cell
from warehouse.report import SECTIONS, write_report
from warehouse.schema import SCHEMAS, to_table

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HOSTILE_TITLE = "<script>document.title='pwned';window.__pwned=1</script>Bericht"
HOSTILE_ENTITY = '<img src=x onerror="window.__pwned=2">Kellner'
SCREENSHOT_COPY = Path("/tmp/newsflow-report.png")
DOCS_SCREENSHOT_COPY = Path("/tmp/newsflow-data-docs.png")
NO_DATE_REASON = "no date field and none in the first lines"


def _add(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    con.register("t", table)
    if name in {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}:
        con.execute(f"INSERT INTO {name} SELECT * FROM t")
    else:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM t")
    con.unregister("t")


def build_warehouse(path: Path) -> Path:
    """A small warehouse of two runs, with quarantine, failed validations and hostile strings."""
    con = duckdb.connect(str(path))
    t0 = dt.datetime(2026, 2, 5, 8, 0)
    for i, run in enumerate(["run-a", "run-b", "run-c"]):
        b = make_batch(12, seed=20 + i, run_id=run, sentences=5)
        if i == 0:
            b["documents"] = replace_cell(b["documents"], "title", 0, HOSTILE_TITLE)
            b["documents"] = replace_cell(b["documents"], "languages", 1, ["de", "ru"])
            # content problems validation lets through: no date (with the parser's reason), no title,
            # a quote without speaker, a mention labelled unlike its entity, a figure flagged unusual
            b["documents"] = replace_cell(b["documents"], "published_at", 2, None)
            b["documents"] = replace_cell(b["documents"], "published_reason", 2, NO_DATE_REASON)
            b["documents"] = replace_cell(b["documents"], "title", 3, None)
            b["quotes"] = replace_cell(replace_cell(b["quotes"], "speaker_entity_id", 0, None), "speaker_text", 0, None)
            m = b["mentions"]
            b["mentions"] = replace_cell(m, "label", m["text"].to_pylist().index("Lindau"), "PER")
            b["figures"] = replace_cell(b["figures"], "flags", 0, ["historic_date"])
            ents = b["entities"]
            b["entities"] = replace_cell(ents, "canonical_name", ents["canonical_name"].to_pylist().index("Marta Kellner"),
                                         HOSTILE_ENTITY)
        if i > 0:  # entities are one row each across runs
            b["entities"] = b["entities"].slice(0, 0)
        for name, table in b.items():
            _add(con, name, table)
        status = "failed" if i == 2 else "completed_with_errors" if i == 1 else "completed"
        _add(con, "runs", to_table("runs", [{
            "run_id": run, "started_at": t0 + dt.timedelta(hours=i), "finished_at": t0 + dt.timedelta(hours=i, minutes=2),
            "status": status, "message": "critical expectation failed: documents.doc_id_unique" if i == 2 else None,
            "n_discovered": 14, "n_documents": 0 if i == 2 else 12, "n_mentions": b["mentions"].num_rows,
            "n_figures": b["figures"].num_rows, "n_quotes": 12, "n_quarantined": 2 * i, "n_validations_failed": i,
            "duration_s": 30.0 + 10 * i,
        }]))
        _add(con, "validations", to_table("validations", [
            {"run_id": run, "table_name": "mentions", "expectation": "text_matches_document", "column_name": "chk_text_matches_document",
             "success": i == 0, "critical": False, "unexpected_count": 0 if i == 0 else 2, "element_count": 400,
             "detail": json.dumps({"reason": "text differs from documents.text[char_start:char_end]"}),
             "evaluated_at": t0 + dt.timedelta(hours=i)},
            {"run_id": run, "table_name": "documents", "expectation": "doc_id_unique", "column_name": "doc_id",
             "success": i != 2, "critical": True, "unexpected_count": 2 if i == 2 else 0, "element_count": 12,
             "detail": json.dumps({"reason": "document id is not unique in the batch"}), "evaluated_at": t0 + dt.timedelta(hours=i)},
        ]))
        if i:
            _add(con, "quarantine", to_table("quarantine", [
                {"run_id": run, "source_uri": f"file:///inbox/bad_{i}.bin", "stage": "decode",
                 "reason": "binary file", "detail": "NUL bytes in the first 4 KiB", "quarantined_at": t0},
                {"run_id": run, "source_uri": "file:///inbox/x.txt", "stage": "validate", "reason": "mentions: text differs",
                 "table_name": "mentions", "expectation": "text_matches_document",
                 "row": json.dumps({"doc_id": "abc", "text": "<b>bold</b>"}), "quarantined_at": t0},
            ]))
    present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    for name in SCHEMAS:
        if name not in present:
            _add(con, name, SCHEMAS[name].empty_table())
    con.close()
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    return write_report(build_warehouse(tmp / "w.duckdb"), tmp / "out" / "report.html")


def test_report_is_self_contained_and_escaped(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()  # neither ours nor the article's
    assert "&lt;script&gt;document.title=" in page  # the hostile title is shown, escaped
    assert "<img" not in page.lower()  # the hostile entity name is text, not a tag
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing remote
    for anchor, _, _ in SECTIONS:
        assert f'id="{anchor}"' in page
    assert page.count("<svg") >= 12


def test_empty_warehouse(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    con.close()
    page = write_report(tmp_path / "empty.duckdb", tmp_path / "r.html").read_text()
    assert "no runs recorded yet" in page and "no documents yet" in page


def test_report_opens_read_only(tmp_path: Path) -> None:
    db = build_warehouse(tmp_path / "w.duckdb")
    writer = duckdb.connect(str(db))  # another process-level writer may hold it; read-only must still open
    writer.close()
    write_report(db, tmp_path / "r.html")
    assert duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM runs").fetchone()[0] == 3


@pytest.mark.browser
def test_report_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("needs Debian chromium + chromium-driver: apt-get install -y chromium chromium-driver")
    pytest.importorskip("selenium", reason="pip install selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1366,900"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    try:
        driver.get(report.as_uri())
        assert driver.title == "newsflow report"
        assert driver.execute_script("return window.__pwned === undefined")
        for anchor, _, _ in SECTIONS:
            section = driver.find_element(By.ID, anchor)
            assert section.is_displayed() and section.size["height"] > 40, anchor
        svgs = driver.find_elements(By.CSS_SELECTOR, ".chart svg")
        assert len(svgs) >= 12
        assert all(s.size["width"] > 100 and s.size["height"] > 40 for s in svgs)
        # charts carry real marks (bars are paths, lines have points), not empty frames
        marks = driver.execute_script("return document.querySelectorAll('.chart svg .mark-rect path, .chart svg .mark-symbol path, .chart svg .mark-line path').length")
        assert marks > 50
        # the hostile title is visible as text in the documents table
        assert HOSTILE_TITLE in driver.find_element(By.ID, "documents").text
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1366, min(height + 100, 12000))
        shot = tmp_path / "report.png"
        assert driver.save_screenshot(str(shot))
        shutil.copyfile(shot, SCREENSHOT_COPY)
        driver.set_window_size(1366, 900)
        driver.save_screenshot(str(tmp_path / "report-top.png"))
    finally:
        driver.quit()


def test_links_data_docs_when_present(tmp_path: Path) -> None:
    db = build_warehouse(tmp_path / "w.duckdb")
    out = tmp_path / "reports" / "report.html"
    assert 'href="data_docs/index.html"' not in write_report(db, out).read_text()
    (out.parent / "data_docs").mkdir()
    (out.parent / "data_docs" / "index.html").write_text("<html></html>")
    assert 'href="data_docs/index.html"' in write_report(db, out).read_text()


def test_content_quality_section(report: Path) -> None:
    """What a reader needs to judge the content, not only the validation: per language."""
    page = report.read_text(encoding="utf-8")
    content = page[page.index('id="content"'):page.index('id="validations"')]
    assert "Per language" in content and "<td>de</td>" in content.replace(' class="s"', "")
    assert NO_DATE_REASON in content
    assert "date" in content and "title" in content
    assert "no speaker found" in content
    assert "Lindau" in content and "PER ×1" in content  # the entity whose mentions disagree
    assert "historic_date" in content
    assert "seen once" in content


def test_run_status_and_duration_tell_the_truth(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    runs = page[page.index('id="runs"'):page.index('id="content"')]
    assert '<td class="warn">completed_with_errors</td>' in runs  # amber, not green
    assert '<td class="ok">completed</td>' in runs and '<td class="fail">failed</td>' in runs
    # duration is the run's own span (finished_at - started_at = 2 min), not the stored 30/40/50 s
    assert '<td class="n">120</td>' in runs and '<td class="n">30</td>' not in runs


def test_money_totals_count_each_claim_once(tmp_path: Path) -> None:
    db = build_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    n, distinct = con.execute(
        "SELECT count(*), count(DISTINCT value) FROM figures WHERE kind = 'money' AND unit = 'EUR'").fetchone()
    con.close()
    assert n > distinct == 1  # the synthetic articles repeat one amount many times
    page = write_report(db, tmp_path / "r.html").read_text(encoding="utf-8")
    money = page[page.index("Money by currency"):]
    assert "12,000,000,000" in money and f"{12_000_000_000 * n:,}" not in money


def _data_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data Docs of two validated batches (one with a broken row), built in a *relative* folder."""
    from expectations import Validator
    from expectations.datadocs import assets_installed

    if not assets_installed():
        pytest.fail("Data Docs assets missing: run `make assets` (install and install-test do)")
    monkeypatch.chdir(tmp_path)
    validator = Validator(data_docs_dir=Path("reports") / "data_docs")
    batch = make_batch(4, seed=3, sentences=3)
    validator.validate(batch, run_id="r1", known_entity_ids=set())
    bad = {**batch, "figures": replace_cell(batch["figures"], "unit", 0, "DOLLAR")}
    validator.validate(bad, run_id="r2", known_entity_ids=set())
    index = validator.build_data_docs()
    assert index is not None and index.is_absolute() and index.exists()
    return index


def test_data_docs_link_no_cdn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from expectations.datadocs import remote_links

    index = _data_docs(tmp_path, monkeypatch)
    pages = list(index.parent.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html_text = page.read_text(encoding="utf-8")
        assert remote_links(html_text) == [], page
        assert not re.search(r"(cdnjs|jsdelivr|unpkg|bootstrapcdn|code\.jquery)", html_text), page
        for ref in re.findall(r'(?:src|href)="([^"#?]+\.(?:css|js))', html_text):
            assert (page.parent / ref).resolve().is_file(), (page, ref)
    figures = next(p for p in pages if "validations/figures" in p.as_posix() and "/r2/" in p.as_posix())
    assert "a money figure has an ISO 4217 currency" in figures.read_text(encoding="utf-8")
    assert "values must belong to this set" not in figures.read_text(encoding="utf-8")


def _chrome(tmp_path: Path):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("needs Debian chromium + chromium-driver: apt-get install -y chromium chromium-driver")
    pytest.importorskip("selenium", reason="pip install selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile-docs'}", "--window-size=1280,1400",
                 # no network at all: whatever renders, renders from local files
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)


@pytest.mark.browser
def test_data_docs_render_offline_in_headless_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = _data_docs(tmp_path, monkeypatch)
    driver = _chrome(tmp_path)
    try:
        driver.get(index.as_uri())
        # jQuery, bootstrap and bootstrap-table ran: the index's table was built by the plugin
        assert driver.execute_script("return typeof window.jQuery === 'function' && !!jQuery.fn.bootstrapTable")
        rows = driver.execute_script("return document.querySelectorAll('.bootstrap-table table tbody tr').length")
        assert rows >= 7
        # bootstrap's CSS applied (a bare page has no flex navbar), Font Awesome's font loaded
        assert driver.execute_script("return getComputedStyle(document.querySelector('nav.navbar')).display") == "flex"
        assert driver.execute_script(
            "return document.fonts.check('900 16px \"Font Awesome 6 Free\"') || document.fonts.size > 0")
        logo = driver.execute_script("return document.querySelector('nav img').naturalWidth")
        assert logo > 0  # the logo comes from the site's own static/images
        driver.save_screenshot(str(tmp_path / "docs.png"))
        shutil.copyfile(tmp_path / "docs.png", DOCS_SCREENSHOT_COPY)
        page = next(p for p in index.parent.rglob("*.html") if "validations/figures" in p.as_posix())
        driver.get(page.as_uri())
        assert "a money figure has an ISO 4217 currency" in driver.find_element("tag name", "body").text
        assert driver.execute_script("return getComputedStyle(document.querySelector('.card, .table')).borderTopStyle") != ""
    finally:
        driver.quit()
