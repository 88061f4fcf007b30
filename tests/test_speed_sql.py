"""`newsflow sql` prints a big result without laying out every row: table format stops at --max-rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app

QUERY = "SELECT range AS n, 'Zeile ' || range AS label FROM range(100000)"


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    return path


def test_table_format_prints_the_first_rows_and_says_how_many_are_left(warehouse: Path) -> None:
    done = CliRunner().invoke(app, ["sql", QUERY, "--warehouse", str(warehouse)])
    assert done.exit_code == 0, done.output
    assert "Zeile 199 " in done.output and "Zeile 200 " not in done.output
    assert "… 99800 more rows; use --format csv" in done.output
    assert done.output.rstrip().endswith("(100000 rows)")


def test_max_rows_and_small_results(warehouse: Path) -> None:
    done = CliRunner().invoke(app, ["sql", QUERY, "--warehouse", str(warehouse), "--max-rows", "3"])
    assert "Zeile 2 " in done.output and "Zeile 3 " not in done.output
    assert "… 99997 more rows" in done.output
    small = CliRunner().invoke(app, ["sql", "SELECT 1 AS one", "--warehouse", str(warehouse)])
    assert "more rows" not in small.output and small.output.rstrip().endswith("(1 rows)")


def test_csv_prints_every_row(warehouse: Path) -> None:
    done = CliRunner().invoke(app, ["sql", QUERY, "--warehouse", str(warehouse), "--format", "csv"])
    lines = done.output.splitlines()
    assert lines[0] == "n,label" and len(lines) == 100_001 and lines[-1] == "99999,Zeile 99999"
