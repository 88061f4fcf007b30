"""The README's commands as a new user runs them: the demo, then the README's queries against what it wrote.

The commands are read from README.md itself (not copied here), so a README example that stops working fails
this test.  They run from a fresh working directory, as on a fresh clone, with ``.venv/bin/newsflow``
standing for this interpreter's ``python -m flows.cli``.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
CLI = [sys.executable, "-m", "flows.cli"]


def _readme_commands(prefix: str) -> list[list[str]]:
    """Lines of the README's bash blocks that start with `.venv/bin/newsflow <prefix>`."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith(f".venv/bin/newsflow {prefix}"):
                lines.append(shlex.split(line)[1:])
    return lines


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "PYTHONPATH": str(REPO)})


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    cwd = tmp_path_factory.mktemp("fresh")
    first = _run(["demo"], cwd)
    assert first.returncode == 0, first.stderr[-3000:]
    return cwd


@pytest.mark.slow
def test_demo_writes_warehouse_and_report_and_says_where(demo_dir: Path) -> None:
    warehouse = demo_dir / "warehouse_data" / "demo.duckdb"
    assert warehouse.is_file()
    report = demo_dir / "warehouse_data" / "demo_reports" / "report.html"
    assert report.is_file() and "<html" in report.read_text(encoding="utf-8").lower()
    second = _run(["demo"], demo_dir)  # a no-op run still tells where the report is
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"report:    {report}" in second.stdout
    assert "noop" in second.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] > 0  # the demo's broken files


@pytest.mark.slow
def test_readme_queries_run_on_the_demo_warehouse(demo_dir: Path) -> None:
    commands = _readme_commands("sql") + _readme_commands("status")
    assert len(commands) >= 3
    for args in commands:
        if "warehouse_data/demo.duckdb" not in args:  # the ~/news examples under "Run it on your own folder"
            continue
        done = _run(args, demo_dir)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stdout.strip(), args
    csv_out = _run(next(a for a in commands if "csv" in a), demo_dir).stdout.splitlines()
    assert csv_out[0].split(",") == ["kind", "unit", "count_star()"] and len(csv_out) > 2


@pytest.mark.slow
def test_readme_python_and_lake_examples(demo_dir: Path) -> None:
    python_block = re.search(r"```python\n(.*?)```", README, flags=re.S).group(1)
    done = subprocess.run([sys.executable, "-c", python_block], cwd=demo_dir, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "money" in python_block and done.stdout.strip()
    lake_sql = re.search(r"```sql\n(.*?)```", README, flags=re.S).group(1)
    with duckdb.connect() as con:
        rows = con.execute(lake_sql.replace("'warehouse_data/", f"'{demo_dir}/warehouse_data/")).fetchall()
    assert rows and sum(n for _, n in rows) > 0


@pytest.mark.parametrize("args, needle, code", [
    (["sql", "SELECT 1", "--format", "xml"], "'xml' is not one of", 2),
    (["sql", "SELECT 1", "--warehouse", "missing/nf.duckdb"], "no warehouse at", 2),
    (["status", "--warehouse", "missing/nf.duckdb"], "no warehouse at", 2),
    (["report", "--warehouse", "missing/nf.duckdb"], "no warehouse at", 2),
    (["run", "no_such_inbox", "--warehouse", "w/nf.duckdb"], "inbox is not a folder", 2),
    (["run", ".", "--bogus"], "No such option: --bogus", 2),
    (["run", ".", "--task-runner", "nope"], "unknown --task-runner", 2),
])
def test_cli_mistakes_are_one_line_and_leave_no_folders(tmp_path: Path, args, needle, code) -> None:
    done = _run(args, tmp_path)
    assert done.returncode == code, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # no stray missing/, none_reports/ or w/ folders


def test_cli_garbage_warehouse_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    for args in (["sql", "SELECT 1", "-w", str(bad)], ["report", "-w", str(bad)]):
        done = _run(args, tmp_path)
        assert done.returncode == 1
        assert len(done.stderr.strip().splitlines()) == 1 and "not a valid DuckDB" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.duckdb"]


def test_help_shows_the_real_default_warehouse(tmp_path: Path) -> None:
    done = _run(["sql", "--help"], tmp_path)
    assert done.returncode == 0
    flat = "".join(done.stdout.split())  # the help wraps long paths
    assert str(tmp_path / "warehouse_data" / "newsflow.duckdb") in flat
    assert "table|csv|json" in flat
