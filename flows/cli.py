"""The ``newsflow`` command line."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer._click import exceptions as click_errors  # typer >= 0.25 vendors its own click

from flows.settings import PROJECT_ROOT, Settings

# Plain errors: a mistake on the command line is one line and an exit code, never a framed box or a traceback.
app = typer.Typer(help="newsflow: raw news articles in, validated entity and figure tables out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)
train_app = typer.Typer(help="Train the models newsflow owns.", no_args_is_help=True)
app.add_typer(train_app, name="train")

DEMO_INBOX = PROJECT_ROOT / "demo" / "inbox"
DEMO_WAREHOUSE = Path("warehouse_data/demo.duckdb")


def _default_warehouse() -> str:
    """The warehouse the settings name, for --help (a broken newsflow.toml must not break --help)."""
    try:
        return str(Settings().warehouse)
    except Exception:  # noqa: BLE001 - reported properly when a command reads the settings
        return "settings.warehouse"


WarehouseOpt = typer.Option(None, "--warehouse", "-w", show_default=False,
                            help=f"DuckDB file [default: {_default_warehouse()}]")


class OutputFormat(str, Enum):
    """What `newsflow sql` prints; anything else is refused by the option parser."""

    table = "table"
    csv = "csv"
    json = "json"


class CliError(Exception):
    """A mistake or a missing input the user can fix: printed as one line, with its exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def main() -> None:
    """The console entry point: usage errors and failures are one line on stderr and an exit code.

    ``NEWSFLOW_DEBUG=1`` shows the full traceback of an unexpected error.
    """
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except click_errors.NoArgsIsHelpError as exc:  # bare `newsflow`: the help, as click would show it
        exc.show()
        code = exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        code = 130
    except click_errors.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
        typer.echo(f"error: {exc.format_message()}{hint}", err=True)
        code = exc.exit_code
    except click_errors.ClickException as exc:
        typer.echo(f"error: {exc.format_message()}", err=True)
        code = exc.exit_code
    except CliError as exc:
        typer.echo(f"error: {exc}", err=True)
        code = exc.code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if os.environ.get("NEWSFLOW_DEBUG"):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        typer.echo(f"error: {type(exc).__name__}: {first} (NEWSFLOW_DEBUG=1 shows the traceback)", err=True)
        code = 1
    sys.exit(code if isinstance(code, int) else 0)


def _settings(**overrides) -> Settings:
    try:
        return Settings().with_overrides(**overrides)
    except Exception as exc:  # pydantic's ValidationError, a malformed newsflow.toml
        first = str(exc).strip().splitlines()
        raise CliError(f"bad settings: {' '.join(first[:3])}") from exc


def _existing_warehouse(settings: Settings) -> Path:
    """The settings' warehouse file, or a one-line error that says how to make one."""
    path = Path(settings.warehouse)
    if not path.is_file():
        raise CliError(f"no warehouse at {path}; run `newsflow run INBOX --warehouse {path}` first")
    if not os.access(path, os.R_OK):
        raise CliError(f"cannot read the warehouse {path}: permission denied")
    return path


def _table_counts(path: Path, since: str) -> dict[str, int] | None:
    """Rows per data table written by runs that started at ``since`` or later (run ids begin with
    their start time), to tell after a failure what really changed; {} without a warehouse, None
    when it cannot be read.  Nothing is counted before a run: a tick pays no extra connection."""
    if not path.is_file():
        return {}
    try:
        from warehouse.store import query as run_query

        names = ("documents", "mentions", "entities", "figures", "quotes", "quarantine")
        sql_text = " UNION ALL ".join(f"SELECT '{n}' AS t, count(*) AS n FROM {n} WHERE run_id >= '{since}'"
                                      for n in names)
        return {r["t"]: r["n"] for r in run_query(path, sql_text).to_pylist() if r["n"]}
    except Exception:  # noqa: BLE001 - an unreadable warehouse simply cannot be compared
        return None


def _settings(**overrides) -> Settings:
    return Settings().with_overrides(**overrides)


def _print_summary(summary: dict, settings: Settings) -> None:
    c = summary.get("counts", {})
    typer.echo(f"run {summary['run_id']}: {summary['status']}"
               + (f" — {summary['message']}" if summary.get("message") else ""))
    typer.echo("  files: {discovered} discovered, {unchanged} unchanged, {read} read; "
               "documents: {documents} new, {duplicates} duplicate; quarantined: {quarantined}".format(
                   **{k: c.get(k, 0) for k in ("discovered", "unchanged", "read", "documents", "duplicates",
                                               "quarantined")}))
    typer.echo("  rows: {sections} sections, {sentences} sentences, {mentions} mentions, {entities} entities "
               "changed, {figures} figures, {quotes} quotes; failed expectations: {validations_failed}".format(
                   **{k: c.get(k, 0) for k in ("sections", "sentences", "mentions", "entities", "figures",
                                               "quotes", "validations_failed")}))
    typer.echo(f"warehouse: {Path(settings.warehouse).resolve()}")
    typer.echo(f"lake:      {settings.lake_path}")
    if summary.get("data_docs"):
        typer.echo(f"data docs: {summary['data_docs']}")
    quarantined = summary.get("quarantined_files") or []
    for uri, stage, reason in quarantined[:20]:
        typer.echo(f"  quarantined: {uri} ({stage}: {reason})")
    if len(quarantined) > 20 or (quarantined and c.get("quarantined", 0) > len(quarantined)):
        typer.echo("  … the full list: newsflow sql \"SELECT * FROM quarantine WHERE run_id = "
                   f"'{summary['run_id']}'\"")
    for run_id, reason in (summary.get("damaged_runs") or {}).items():
        typer.echo(f"  skipped damaged run {run_id}: {reason}")


@app.command()
def run(
    inbox: Path = typer.Argument(..., help="folder of raw articles (searched recursively)"),
    warehouse: Optional[Path] = WarehouseOpt,
    lake: Optional[str] = typer.Option(None, help="Parquet lake folder or s3:// url"),
    task_runner: Optional[str] = typer.Option(None, help="thread (default) or dask"),
    dask_address: Optional[str] = typer.Option(None, help="address of an existing Dask scheduler"),
    wait: Optional[float] = typer.Option(None, help="seconds to wait if another run holds the warehouse"),
    report: bool = typer.Option(True, help="write the HTML data-quality report after the run"),
    retry_quarantined: bool = typer.Option(False, "--retry-quarantined",
                                           help="read every quarantined file again, whatever its reason"),
) -> None:
    """Process INBOX into the warehouse (new and changed files only)."""
    from flows.run import RunFailed, run_inbox
    from warehouse.lock import WarehouseBusy

    settings = _settings(warehouse=warehouse, lake=lake, task_runner=task_runner, dask_address=dask_address,
                         lock_wait_s=wait, retry_quarantined=(retry_quarantined is True) or None)
    if task_runner is not None and task_runner not in ("thread", "dask"):
        raise CliError(f"unknown --task-runner {task_runner!r}: use thread or dask")
    if not Path(inbox).expanduser().is_dir():
        raise CliError(f"inbox is not a folder: {inbox}")
    from datetime import datetime, timezone

    since = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")  # this command's runs have ids from here on
    try:
        summary = run_inbox(Path(inbox).expanduser(), settings)
    except WarehouseBusy as exc:
        raise CliError(str(exc), 75) from exc
    except FileNotFoundError as exc:
        raise CliError(str(exc), 2) from exc
    except RunFailed as exc:
        raise CliError(_failure_message(str(exc), {}, _table_counts(Path(settings.warehouse), since)), 1) from exc
    _print_summary(summary, settings)
    report_path = settings.report_dir / "report.html"
    if report and (summary["status"] != "noop" or not report_path.exists()):
        report_path = _write_report(settings)
    if report and report_path.exists():
        typer.echo(f"report:    {report_path}")
    if summary["status"] == "failed":
        raise typer.Exit(1)


def _failure_message(cause: str, before: dict[str, int] | None, after: dict[str, int] | None) -> str:
    """What a failed run did to the warehouse, as the warehouse itself shows it."""
    if before == after:
        return f"the run failed and nothing was loaded; the warehouse is unchanged: {cause}"
    if after is None:
        return f"the run failed and the warehouse cannot be read to tell what was loaded: {cause}"
    grown = {k: n - (before or {}).get(k, 0) for k, n in after.items() if n != (before or {}).get(k, 0)}
    loaded = ", ".join(f"{n:+d} {k}" for k, n in grown.items())
    return f"the run loaded its rows ({loaded}) but then failed: {cause}"


def _write_report(settings: Settings, out: Optional[Path] = None) -> Path:
    from warehouse.report import write_report

    from warehouse.store import query as run_query

    run_query(_existing_warehouse(settings), "SELECT 1")  # opens (or fails) before any folder is made
    out = out or settings.report_dir / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_report(Path(settings.warehouse), out)


@app.command()
def demo(warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Run the pipeline on the demo inbox that ships with newsflow (default warehouse: warehouse_data/demo.duckdb)."""
    run(DEMO_INBOX, warehouse=warehouse or DEMO_WAREHOUSE, lake=None, task_runner=None, dask_address=None, wait=None, report=True,
        retry_quarantined=False)


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run read-only"),
    warehouse: Optional[Path] = WarehouseOpt,
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="output format"),
    max_width: int = typer.Option(60, help="cut cells wider than this in table format"),
    max_rows: int = typer.Option(200, help="rows printed in table format (laying out a big result takes "
                                           "seconds); csv and json print every row"),
    allow_external: bool = typer.Option(False, "--allow-external",
                                        help="let the query read and write files outside the warehouse "
                                             "(COPY … TO, read_csv, read_text); off by default"),
) -> None:
    """Query the warehouse (read-only; no file outside it is read or written unless --allow-external)."""
    import duckdb

    from warehouse.store import query as run_query

    settings = _settings(warehouse=warehouse)
    path = _existing_warehouse(settings)
    try:
        table = run_query(path, query, allow_external=allow_external is True)
    except duckdb.Error as exc:
        raise CliError(" ".join(str(exc).split()), 1) from exc
    rows = table.to_pylist() if format != "table" else table.slice(0, max(0, max_rows)).to_pylist()
    if format == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, default=str, indent=1))
    elif format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=table.column_names)
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        out = Table(*table.column_names, show_lines=False)
        for row in rows:
            out.add_row(*[_cell(v, max_width) for v in row.values()])
        Console(width=max(120, len(table.column_names) * 16)).print(out)
        if table.num_rows > len(rows):
            typer.echo(f"… {table.num_rows - len(rows)} more rows; use --format csv (or LIMIT) to see them")
        typer.echo(f"({table.num_rows} rows)")


def _cell(value: object, width: int) -> str:
    text = "NULL" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command()
def rebuild(warehouse: Optional[Path] = WarehouseOpt,
            lake: Optional[str] = typer.Option(None, help="Parquet lake folder or s3:// url"),
            wait: Optional[float] = typer.Option(None, help="seconds to wait if a run holds the warehouse")) -> None:
    """Re-create the DuckDB file from the Parquet lake (damaged runs are skipped and reported)."""
    from warehouse import store
    from warehouse.lake import Lake
    from warehouse.lock import RunLock, WarehouseBusy

    settings = _settings(warehouse=warehouse, lake=lake, lock_wait_s=wait)
    the_lake = Lake(settings.lake_path, settings.s3_endpoint_url)
    if not the_lake.has_commits():
        raise CliError(f"no committed runs in the lake at {settings.lake_path}")
    try:
        with RunLock(Path(settings.warehouse), wait_s=settings.lock_wait_s):
            loaded, damaged = store.rebuild(Path(settings.warehouse), the_lake)
    except WarehouseBusy as exc:
        raise CliError(str(exc), 75) from exc
    except Exception as exc:  # noqa: BLE001 - one line: the real cause
        from flows.run import one_line

        raise CliError(f"rebuild failed, the old warehouse file is kept: {one_line(exc)}", 1) from exc
    typer.echo(f"rebuilt {settings.warehouse} from {settings.lake_path}: {len(loaded)} run(s) loaded")
    for run_id, reason in damaged.items():
        typer.echo(f"  skipped damaged run {run_id}: {reason}")
    if damaged:
        raise typer.Exit(3)


@app.command()
def status(warehouse: Optional[Path] = WarehouseOpt, last: int = typer.Option(10, help="how many runs")) -> None:
    """Show the last runs."""
    sql(f"SELECT run_id, status, started_at, round(duration_s, 1) AS secs, n_discovered AS files, "
        f"n_documents AS docs, n_mentions AS mentions, n_figures AS figures, n_quarantined AS quarantined, "
        f"message FROM runs ORDER BY started_at DESC LIMIT {int(last)}", warehouse=warehouse, format="table",
        max_width=50, max_rows=max(int(last), 1), allow_external=False)


@app.command()
def report(warehouse: Optional[Path] = WarehouseOpt,
           out: Optional[Path] = typer.Option(None, help="HTML file to write")) -> None:
    """Write the self-contained HTML data-quality report."""
    settings = _settings(warehouse=warehouse)
    try:
        typer.echo(str(_write_report(settings, out)))
    except CliError:
        raise
    except Exception as exc:  # duckdb.IOException on a damaged or locked file, an unwritable --out
        raise CliError(f"cannot write the report: {' '.join(str(exc).split())}", 1) from exc


@app.command()
def serve(
    inbox: Path = typer.Argument(..., help="folder to watch"),
    warehouse: Optional[Path] = WarehouseOpt,
    lake: Optional[str] = typer.Option(None, help="Parquet lake folder or s3:// url"),
    cron: Optional[str] = typer.Option(None, help='cron schedule, e.g. "*/15 * * * *"'),
    interval: Optional[float] = typer.Option(None, help="seconds between runs (default 900)"),
    prefect_runner: bool = typer.Option(False, "--prefect-runner",
                                        help="let Prefect's scheduler start each tick in a fresh (cold) process"),
) -> None:
    """Run the flow on a schedule in one warm process (starts a loopback Prefect server if none is set)."""
    if cron and interval:
        typer.echo("error: give --cron or --interval, not both", err=True)
        raise typer.Exit(2)
    from flows.serve import TickSchedule, serve as serve_flow

    if cron:
        try:
            TickSchedule(cron=cron)
        except ValueError as exc:  # pydantic's ValidationError is one
            raise CliError(f'invalid --cron {cron!r}: give five fields, e.g. "*/15 * * * *"', 2) from exc
    serve_flow(inbox, warehouse, lake, cron, interval, prefect_runner=prefect_runner)


@train_app.command("ner")
def train_ner(
    lang: str = typer.Option("de", help="de or en"),
    out: Optional[Path] = typer.Option(None, help="output folder (default models/ner-LANG)"),
    seed: int = typer.Option(0, help="random seed"),
    max_minutes: float = typer.Option(0.0, help="whole training budget (0: 32 for de, 55 for en, as in the model cards)"),
    finetune_minutes: float = typer.Option(-1.0, help="budget of each fine-tune variant (< 0: 4 for de, 3 for en)"),
    gold_copies: int = typer.Option(6, help="copies of GermEval dev-train in the German mix"),
    plan: str = typer.Option("", help="data mix (training/datasets.py PLANS; default v1 for de, v2 for en)"),
    force: bool = typer.Option(False, help="rerun every step even when its inputs are unchanged"),
) -> None:
    """Train an NER pipeline from the shared data (settings: shared_data) with the training flow."""
    from flows import prefect_env

    prefect_env.configure()
    from flows.train_ner import train_ner_flow

    train_ner_flow(lang=lang, out_dir=out, seed=seed, max_minutes=max_minutes, finetune_minutes=finetune_minutes,
                   gold_copies=gold_copies, plan=plan, force=force)


if __name__ == "__main__":  # pragma: no cover
    main()
