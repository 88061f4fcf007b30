"""The ``newsflow`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from flows.settings import PROJECT_ROOT, Settings

app = typer.Typer(help="newsflow: raw news articles in, validated entity and figure tables out.",
                  no_args_is_help=True, add_completion=False)
train_app = typer.Typer(help="Train the models newsflow owns.", no_args_is_help=True)
app.add_typer(train_app, name="train")

DEMO_INBOX = PROJECT_ROOT / "demo" / "inbox"

WarehouseOpt = typer.Option(None, "--warehouse", "-w", help="DuckDB file (default: settings.warehouse)")


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


@app.command()
def run(
    inbox: Path = typer.Argument(..., help="folder of raw articles (searched recursively)"),
    warehouse: Optional[Path] = WarehouseOpt,
    lake: Optional[str] = typer.Option(None, help="Parquet lake folder or s3:// url"),
    task_runner: Optional[str] = typer.Option(None, help="thread (default) or dask"),
    dask_address: Optional[str] = typer.Option(None, help="address of an existing Dask scheduler"),
    wait: Optional[float] = typer.Option(None, help="seconds to wait if another run holds the warehouse"),
    report: bool = typer.Option(True, help="write the HTML data-quality report after the run"),
) -> None:
    """Process INBOX into the warehouse (new and changed files only)."""
    from flows.run import RunFailed, run_inbox
    from warehouse.lock import WarehouseBusy

    settings = _settings(warehouse=warehouse, lake=lake, task_runner=task_runner, dask_address=dask_address,
                         lock_wait_s=wait)
    try:
        summary = run_inbox(inbox, settings)
    except WarehouseBusy as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(75)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    except RunFailed as exc:
        typer.echo(f"error: the run failed and was recorded as failed; the warehouse is unchanged: {exc}", err=True)
        raise typer.Exit(1)
    _print_summary(summary, settings)
    if report and summary["status"] != "noop":
        typer.echo(f"report:    {_write_report(settings)}")
    if summary["status"] == "failed":
        raise typer.Exit(1)


def _write_report(settings: Settings, out: Optional[Path] = None) -> Path:
    from warehouse.report import write_report

    out = out or settings.report_dir / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_report(Path(settings.warehouse), out)


@app.command()
def demo(warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Run the pipeline on the demo inbox that ships with newsflow."""
    run(DEMO_INBOX, warehouse=warehouse, lake=None, task_runner=None, dask_address=None, wait=None, report=True)


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run read-only"),
    warehouse: Optional[Path] = WarehouseOpt,
    format: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    max_width: int = typer.Option(60, help="cut cells wider than this in table format"),
) -> None:
    """Query the warehouse (read-only)."""
    import duckdb

    from warehouse.store import query as run_query

    settings = _settings(warehouse=warehouse)
    if not Path(settings.warehouse).exists():
        typer.echo(f"error: no warehouse at {settings.warehouse}; run `newsflow run INBOX` first", err=True)
        raise typer.Exit(2)
    try:
        table = run_query(Path(settings.warehouse), query)
    except duckdb.Error as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    rows = table.to_pylist()
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
        typer.echo(f"({len(rows)} rows)")


def _cell(value: object, width: int) -> str:
    text = "NULL" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command()
def status(warehouse: Optional[Path] = WarehouseOpt, last: int = typer.Option(10, help="how many runs")) -> None:
    """Show the last runs."""
    sql(f"SELECT run_id, status, started_at, round(duration_s, 1) AS secs, n_discovered AS files, "
        f"n_documents AS docs, n_mentions AS mentions, n_figures AS figures, n_quarantined AS quarantined, "
        f"message FROM runs ORDER BY started_at DESC LIMIT {int(last)}", warehouse=warehouse, format="table",
        max_width=50)


@app.command()
def report(warehouse: Optional[Path] = WarehouseOpt,
           out: Optional[Path] = typer.Option(None, help="HTML file to write")) -> None:
    """Write the self-contained HTML data-quality report."""
    settings = _settings(warehouse=warehouse)
    typer.echo(str(_write_report(settings, out)))


@app.command()
def serve(
    inbox: Path = typer.Argument(..., help="folder to watch"),
    warehouse: Optional[Path] = WarehouseOpt,
    lake: Optional[str] = typer.Option(None, help="Parquet lake folder or s3:// url"),
    cron: Optional[str] = typer.Option(None, help='cron schedule, e.g. "*/15 * * * *"'),
    interval: Optional[float] = typer.Option(None, help="seconds between runs (default 900)"),
) -> None:
    """Run the flow on a schedule with Prefect's scheduler (starts a loopback Prefect server if none is set)."""
    if cron and interval:
        typer.echo("error: give --cron or --interval, not both", err=True)
        raise typer.Exit(2)
    from flows.serve import serve as serve_flow

    serve_flow(inbox, warehouse, lake, cron, interval)


@train_app.command("ner")
def train_ner(
    lang: str = typer.Option("de", help="de or en"),
    out: Optional[Path] = typer.Option(None, help="output folder (default models/ner-LANG)"),
    seed: int = typer.Option(0, help="random seed"),
    max_minutes: Optional[float] = typer.Option(None, help="training time budget (default: 32 for de, 10 for en, "
                                                           "as in the model cards)"),
) -> None:
    """Train an NER pipeline from ../shared/data with the training flow."""
    from flows import prefect_env

    prefect_env.configure()
    from flows.train_ner import train_ner_flow

    train_ner_flow(lang=lang, out_dir=out, seed=seed, max_minutes=max_minutes or (32.0 if lang == "de" else 10.0))


if __name__ == "__main__":  # pragma: no cover
    app()
