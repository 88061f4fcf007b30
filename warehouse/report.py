"""``newsflow report``: one self-contained HTML page about the warehouse.

Everything is inline (CSS, charts as SVG rendered by vl-convert from altair specs), so the page
opens without network and runs no script at all.  Every string from the data goes through
``html.escape`` (or, inside charts, through Vega's SVG text escaping): an article titled
``<script>…</script>`` is shown, not run.

The queries read tables only (views may not exist yet); the co-occurrence and timeline queries
reuse the SQL of ``warehouse/views`` so the page and the views cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any, Iterable, Sequence

import duckdb
import pandas as pd

VIEWS_DIR = Path(__file__).resolve().parent / "views"
LABEL_COLORS = {"PER": "#4c78a8", "ORG": "#f58518", "LOC": "#54a24b", "MISC": "#b279a2"}
STATUS_COLORS = {
    "completed": "#54a24b",
    "completed_with_errors": "#eeca3b",
    "noop": "#9d9d9d",
    "failed": "#e45756",
    "running": "#4c78a8",
}
# Only a clean run is green: a run that quarantined files or rows is amber, a failed one red.
STATUS_CLASS = {"completed": "ok", "completed_with_errors": "warn", "failed": "fail"}
WIDE, HALF, THIRD = 1060, 300, 270
TOP_N = 15

CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:18px 32px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9d1d9;font-size:13px}
nav{background:#fff;border-bottom:1px solid #d0d7de;padding:8px 32px;position:sticky;top:0;z-index:1}
nav a{margin-right:14px;color:#0969da;text-decoration:none;font-size:13px;white-space:nowrap}
main{max-width:1180px;margin:0 auto;padding:16px 32px 48px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:16px 0}
section h2{margin:0 0 12px;font-size:18px}
h3{font-size:14px;margin:14px 0 6px;color:#57606a}
.kpis{display:flex;flex-wrap:wrap;gap:10px}
.kpi{flex:1 1 130px;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px}
.kpi b{display:block;font-size:22px}
.kpi span{color:#57606a;font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px;align-items:start}
.grid3{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:12px;align-items:start}
.grid>*,.grid3>*{min-width:0}
.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #eaeef2;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
th,td.n,td.s{white-space:nowrap;overflow-wrap:normal}
.fail{color:#cf222e;font-weight:600}
.ok{color:#1a7f37}
.warn{color:#9a6700;font-weight:600}
.pill{display:inline-block;background:#fff8c5;color:#7d4e00;border-radius:10px;padding:0 6px;margin:0 2px 2px 0;font-size:11px}
.crit{background:#ffebe9;color:#cf222e;border-radius:4px;padding:0 4px;font-size:11px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.ex{max-width:560px;overflow-wrap:anywhere;color:#57606a}
.empty{color:#57606a;font-style:italic}
.scroll{max-height:420px;overflow:auto}
"""


def esc(value: Any) -> str:
    """Text for HTML: None is empty, everything else escaped (quotes too, for attributes)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def _num(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (int,)) or digits == 0:
        return f"{int(round(float(value))):,}"
    return f"{float(value):,.{digits}f}"


def _short(text: Any, limit: int = 160) -> str:
    s = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


class _Warehouse:
    """Read-only queries that return empty frames when a table is missing."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()
        }

    def has(self, *names: str) -> bool:
        return all(n in self.tables for n in names)

    def has_column(self, table: str, column: str) -> bool:
        """A column added to the schema since the warehouse was made may be absent until its next load."""
        return self.has(table) and bool(self.con.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
            [table, column]).fetchall())

    def df(self, sql: str, *needs: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        if not self.has(*needs):
            return pd.DataFrame()
        return self.con.execute(sql, list(params)).df()

    def scalar(self, sql: str, *needs: str) -> Any:
        if not self.has(*needs):
            return None
        row = self.con.execute(sql).fetchone()
        return row[0] if row else None


def _view_body(name: str) -> str:
    """The SELECT of a view file, to use as a subquery (one definition for views and report)."""
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        m = re.search(rf"CREATE\s+OR\s+REPLACE\s+VIEW\s+{name}\s+AS\s+(.*)", sql, re.S | re.I)
        if m:
            return "(" + m.group(1).strip().rstrip(";") + ")"
    raise FileNotFoundError(f"no view {name} in {VIEWS_DIR}")


# ---- charts --------------------------------------------------------------------------------------


CHART_CONFIG = {
    "font": "DejaVu Sans, Arial, sans-serif",
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1f2328", "titleColor": "#57606a"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12},
    "title": {"fontSize": 14, "anchor": "start", "color": "#1f2328"},
    "view": {"stroke": None},
}


def _svg(chart: Any) -> str:
    import vl_convert as vlc

    spec = chart.to_dict()
    spec["config"] = {**CHART_CONFIG, **spec.get("config", {})}
    return vlc.vegalite_to_svg(spec)


def _chart(chart: Any, caption: str = "") -> str:
    cap = f"<h3>{esc(caption)}</h3>" if caption else ""
    return f'<div class="chart">{cap}{_svg(chart)}</div>'


def _alt():
    import altair as alt

    alt.data_transformers.disable_max_rows()
    return alt


def _count_axis(values: Any, **kw: Any) -> Any:
    """Integer ticks for counts (no 0.5 documents): few ticks when the counts are small."""
    alt = _alt()
    top = float(pd.Series(values).max() or 0) if len(values) else 0.0
    if top < 8:
        kw.setdefault("tickCount", max(int(top), 1))
    return alt.Axis(format=",d", **kw)


def _bar_h(df: pd.DataFrame, y: str, x: str, *, color: str | None = None, title: str = "", width: int = HALF,
           x_title: str | None = None, domain: dict[str, str] | None = None, sort_by: str | None = None) -> Any:
    """Horizontal bars, longest first; colour by a category with a fixed palette when given."""
    alt = _alt()
    enc: dict[str, Any] = {
        "y": alt.Y(f"{y}:N", sort=alt.EncodingSortField(field=sort_by or x, op="sum", order="descending"),
                   title=None, axis=alt.Axis(labelLimit=220)),
        "x": alt.X(f"{x}:Q", title=x_title or x, axis=_count_axis(df.groupby(y)[x].sum())),
        "tooltip": [y, x] + ([color] if color else []),
    }
    if color:
        scale = alt.Scale(domain=list(domain), range=list(domain.values())) if domain else alt.Undefined
        enc["color"] = alt.Color(f"{color}:N", scale=scale, legend=alt.Legend(orient="bottom", title=None))
    else:
        enc["color"] = alt.value("#4c78a8")
    height = max(60, 18 * df[y].nunique())
    return alt.Chart(df, title=title).mark_bar().encode(**enc).properties(width=width, height=height)


# ---- sections ------------------------------------------------------------------------------------


def _table(df: pd.DataFrame, columns: Sequence[tuple[str, str]], *, numeric: Iterable[str] = (),
           cls: dict[str, Any] | None = None, empty: str = "nothing here yet") -> str:
    """An HTML table of ``df``'s columns [(column, header)], every cell escaped."""
    if df.empty:
        return f'<p class="empty">{esc(empty)}</p>'
    numeric = set(numeric)
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    body = []
    for _, row in df.iterrows():
        cells = []
        for col, _ in columns:
            value = row.get(col)
            if col in numeric:
                cells.append(f'<td class="n">{_num(value, 2 if isinstance(value, float) and not float(value).is_integer() else 0)}</td>')
            elif cls and col in cls:
                cells.append(cls[col](value, row))
            else:
                attr = ' class="s"' if value is None or len(str(value)) <= 24 else ""
                cells.append(f"<td{attr}>{esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{esc(anchor)}"><h2>{esc(title)}</h2>{body}</section>'


def _overview(w: _Warehouse) -> str:
    def count(table: str) -> Any:
        return w.scalar(f"SELECT count(*) FROM {table}", table)

    kpis = [
        ("documents", count("documents")),
        ("entities", count("entities")),
        ("mentions", count("mentions")),
        ("figures", count("figures")),
        ("quotes", count("quotes")),
        ("runs", count("runs")),
        ("quarantined", count("quarantine")),
        ("failed validations", w.scalar("SELECT count(*) FROM validations WHERE NOT success", "validations")),
    ]
    return '<div class="kpis" id="overview">' + "".join(
        f'<div class="kpi"><b>{_num(v) if v is not None else "–"}</b><span>{esc(k)}</span></div>' for k, v in kpis
    ) + "</div>"


def _runs(w: _Warehouse) -> str:
    # The duration shown is the run's own span (finished_at - started_at), so table, chart and
    # the run's timestamps agree; duration_s is the fallback for a run without finished_at.
    runs = w.df(
        """SELECT run_id, started_at, finished_at, status, message,
                  coalesce(epoch_ms(finished_at - started_at) / 1000.0, duration_s) AS duration_s,
                  n_discovered, n_documents,
                  n_duplicates, n_mentions, n_entities, n_figures, n_quotes, n_quarantined, n_validations_failed
           FROM runs ORDER BY started_at""",
        "runs",
    )
    if runs.empty:
        return _section("runs", "Run history", '<p class="empty">no runs recorded yet</p>')
    alt = _alt()
    runs["run"] = [
        f"{i + 1}: {pd.Timestamp(t).strftime('%m-%d %H:%M') if pd.notna(t) else '?'}"
        for i, t in enumerate(runs["started_at"])
    ]
    runs["status"] = runs["status"].fillna("running")
    order = list(runs["run"])
    present = [st for st in STATUS_COLORS if st in set(runs["status"])] + sorted(set(runs["status"]) - set(STATUS_COLORS))
    status_scale = alt.Scale(domain=present, range=[STATUS_COLORS.get(st, "#bab0ac") for st in present])
    recent = runs.tail(40)
    x_run = alt.X("run:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=90))
    seen = (
        alt.Chart(recent)
        .mark_bar(opacity=0.85)
        .encode(
            x=x_run,
            y=alt.Y("n_discovered:Q", title="files", axis=_count_axis(recent["n_discovered"].fillna(0))),
            color=alt.Color("status:N", scale=status_scale, legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["run_id", "status", "n_discovered", "n_documents", "n_quarantined", "duration_s"],
        )
    )
    written = alt.Chart(recent).mark_tick(color="#1f2328", thickness=3, size=28).encode(
        x=x_run, y="n_documents:Q", tooltip=["run_id", "n_documents"]
    )
    docs = (seen + written).properties(
        width=THIRD, height=200, title=alt.Title("Files per run", subtitle="bar: files seen, colour: status; tick: documents written")
    )
    melted = recent.melt(id_vars=["run"], value_vars=["n_quarantined", "n_validations_failed"], var_name="what",
                         value_name="count").fillna(0)
    melted["what"] = melted["what"].map({"n_quarantined": "quarantined", "n_validations_failed": "failed validations"})
    failures = (
        alt.Chart(melted, title="Failures per run")
        .mark_bar()
        .encode(
            x=alt.X("run:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=90)),
            xOffset="what:N",
            y=alt.Y("count:Q", title="rows", axis=_count_axis(melted["count"])),
            color=alt.Color("what:N", scale=alt.Scale(range=["#e45756", "#eeca3b"]),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["run", "what", "count"],
        )
        .properties(width=THIRD, height=200)
    )
    duration = (
        alt.Chart(recent, title="Duration per run (s)")
        .mark_line(point=True)
        .encode(
            x=alt.X("run:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=90)),
            y=alt.Y("duration_s:Q", title="seconds"),
            tooltip=["run_id", "duration_s"],
        )
        .properties(width=THIRD, height=200)
    )
    charts = _chart(docs)
    if melted["count"].sum() > 0:
        charts += _chart(failures)
    else:
        charts += '<div class="chart"><h3>Failures per run</h3><p class="ok">no quarantined rows and no failed validations</p></div>'
    charts += _chart(duration)
    table = runs.iloc[::-1].head(25).copy()
    table["started_at"] = [pd.Timestamp(t).strftime("%Y-%m-%d %H:%M:%S") if pd.notna(t) else "" for t in table["started_at"]]
    status_cell = lambda v, r: f'<td class="{STATUS_CLASS.get(str(v), "")}">{esc(v)}</td>'  # noqa: E731
    body = (
        f'<div class="grid3">{charts}</div>'
        + "<h3>Latest runs</h3>"
        + _table(
            table,
            [("started_at", "started"), ("status", "status"), ("duration_s", "s"), ("n_discovered", "files"),
             ("n_documents", "docs"), ("n_mentions", "mentions"), ("n_figures", "figures"), ("n_quotes", "quotes"),
             ("n_quarantined", "quarantined"), ("n_validations_failed", "failed checks"), ("message", "message")],
            numeric={"duration_s", "n_discovered", "n_documents", "n_mentions", "n_figures", "n_quotes",
                     "n_quarantined", "n_validations_failed"},
            cls={"status": status_cell},
        )
    )
    return _section("runs", "Run history", body)


def _validations(w: _Warehouse) -> str:
    summary = w.df(
        """SELECT table_name, expectation, any_value(column_name) AS column_name,
                  count(*) AS evaluated,
                  count(*) FILTER (WHERE NOT success) AS failed,
                  coalesce(sum(unexpected_count) FILTER (WHERE NOT success), 0) AS unexpected_rows,
                  bool_or(critical) AS critical,
                  count(DISTINCT run_id) FILTER (WHERE NOT success) AS failing_runs,
                  arg_max(detail, evaluated_at) FILTER (WHERE NOT success) AS last_detail
           FROM validations GROUP BY table_name, expectation
           ORDER BY failed DESC, table_name, expectation""",
        "validations",
    )
    if summary.empty:
        return _section("validations", "Validation results", '<p class="empty">no validation results yet</p>')
    examples = w.df(
        """SELECT table_name, expectation, row, source_uri,
                  row_number() OVER (PARTITION BY table_name, expectation ORDER BY quarantined_at DESC) AS k
           FROM quarantine WHERE stage = 'validate' QUALIFY k <= 3""",
        "quarantine",
    )
    by_exp: dict[tuple[str, str], list[str]] = {}
    for _, r in examples.iterrows():
        for name in str(r["expectation"] or "").split(", "):
            by_exp.setdefault((r["table_name"], name), []).append(_short(r["row"], 220))
    totals = summary.groupby("table_name", as_index=False).agg(evaluated=("evaluated", "sum"), failed=("failed", "sum"))
    totals["passed"] = totals["evaluated"] - totals["failed"]
    long = totals.melt(id_vars=["table_name"], value_vars=["passed", "failed"], var_name="result", value_name="n")
    alt = _alt()
    chart = (
        alt.Chart(long, title="Expectations evaluated per table")
        .mark_bar()
        .encode(
            y=alt.Y("table_name:N", title=None),
            x=alt.X("n:Q", title="evaluations", stack="zero", axis=_count_axis(totals["evaluated"])),
            color=alt.Color("result:N", scale=alt.Scale(domain=["passed", "failed"], range=["#54a24b", "#e45756"]),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["table_name", "result", "n"],
        )
        .properties(width=HALF, height=max(60, 24 * len(totals)))
    )
    failing = summary[summary["failed"] > 0].copy()
    charts = _chart(chart)
    if not failing.empty:
        failing["check"] = failing["table_name"] + "." + failing["expectation"]
        charts += _chart(_bar_h(failing.head(TOP_N), "check", "unexpected_rows", title="Rows failing, by expectation",
                                x_title="failing rows"))
    rows = []
    for _, r in failing.iterrows():
        detail = {}
        try:
            detail = json.loads(r["last_detail"]) if r["last_detail"] else {}
        except ValueError:
            pass
        ex = by_exp.get((r["table_name"], r["expectation"])) or [
            json.dumps(detail.get("unexpected_examples") or detail.get("observed_value"), ensure_ascii=False, default=str)
        ]
        ex_html = "<br>".join(f'<span class="mono">{esc(e)}</span>' for e in ex if e and e != "null")
        crit = ' <span class="crit">critical</span>' if r["critical"] else ""
        rows.append(
            f"<tr><td>{esc(r['table_name'])}</td><td><code>{esc(r['expectation'])}</code>{crit}"
            f"<br><span class=\"ex\">{esc(detail.get('reason') or '')}</span></td>"
            f'<td class="n">{_num(r["failed"])}/{_num(r["evaluated"])}</td><td class="n">{_num(r["unexpected_rows"])}</td>'
            f'<td class="n">{_num(r["failing_runs"])}</td><td class="ex">{ex_html}</td></tr>'
        )
    if rows:
        fail_table = (
            "<h3>Failing expectations, with examples</h3><div class=\"scroll\"><table><thead><tr><th>table</th>"
            "<th>expectation</th><th>failed/evaluated</th><th>rows</th><th>runs</th><th>examples</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    else:
        fail_table = '<p class="ok">every expectation passed in every run</p>'
    n_ok = int((summary["failed"] == 0).sum())
    body = (
        f'<div class="grid">{charts}</div>{fail_table}'
        f"<p>{n_ok} of {len(summary)} expectations never failed. Expectations check that rows are possible, "
        'not that they are right: see <a href="#content">Content quality</a> for missing dates, unresolved '
        "speakers, doubtful entities and figures flagged as unusual (kept).</p>"
    )
    return _section("validations", "Validation results", body)


# ---- content quality -------------------------------------------------------------------------------


def _pills(values: Iterable[Any]) -> str:
    return "".join(f'<span class="pill">{esc(v)}</span>' for v in values if v)


def _content(w: _Warehouse) -> str:
    """What validation cannot see: rows that are possible but doubtful, per language.

    Documents without date or title (and the parser's reason), quotes whose speaker is not an
    entity, entities seen once or whose mentions disagree on the label, figures kept but flagged
    as unusual by a warning expectation (``figures.flags``)."""
    if not w.has("documents"):
        return _section("content", "Content quality", '<p class="empty">no documents yet</p>')
    docs = w.df(
        """SELECT coalesce(language, '?') AS language, count(*) AS documents,
                  count(*) FILTER (WHERE published_at IS NULL) AS no_date,
                  count(*) FILTER (WHERE title IS NULL OR trim(title) = '') AS no_title
           FROM documents GROUP BY 1""",
        "documents",
    )
    per = docs.set_index("language")
    if w.has("quotes"):
        q = w.df("""SELECT coalesce(language, '?') AS language, count(*) AS quotes,
                           count(*) FILTER (WHERE speaker_entity_id IS NULL) AS no_speaker
                    FROM quotes GROUP BY 1""", "quotes").set_index("language")
        per = per.join(q, how="outer")
    if w.has("mentions", "entities"):
        e = w.df(
            """WITH per AS (SELECT entity_id, mode(language) AS language, count(*) AS n,
                                   count(DISTINCT label) AS n_labels
                            FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id)
               SELECT coalesce(language, '?') AS language, count(*) AS entities,
                      count(*) FILTER (WHERE n = 1) AS seen_once, count(*) FILTER (WHERE n_labels > 1) AS mixed_labels
               FROM per GROUP BY 1""",
            "mentions", "entities").set_index("language")
        per = per.join(e, how="outer")
    flags_ok = w.has_column("figures", "flags")
    if w.has("figures"):
        flagged = "count(*) FILTER (WHERE len(flags) > 0)" if flags_ok else "NULL"
        f = w.df(f"""SELECT coalesce(language, '?') AS language, count(*) AS figures, {flagged} AS unusual
                     FROM figures GROUP BY 1""", "figures").set_index("language")
        per = per.join(f, how="outer")
    per = per.reset_index().fillna(0).sort_values("documents", ascending=False)
    cols = [("language", "lang"), ("documents", "documents"), ("no_date", "no date"), ("no_title", "no title"),
            ("quotes", "quotes"), ("no_speaker", "no speaker entity"), ("entities", "entities"),
            ("seen_once", "seen once"), ("mixed_labels", "mixed labels"),
            ("figures", "figures"), ("unusual", "flagged unusual")]
    cols = [c for c in cols if c[0] in per.columns]
    body = ("<h3>Per language</h3>" + _table(per, cols, numeric={c for c, _ in cols if c != "language"})
            + '<p class="empty">no speaker entity: quotes whose speaker is missing or not linked to an entity; '
            "seen once: entities with a single mention; mixed labels: entities whose mentions carry more than one "
            "label (PER and LOC…); flagged unusual: figures kept with a warning flag</p>")

    missing = w.df(
        """SELECT coalesce(language, '?') AS language,
                  CASE WHEN published_at IS NULL AND (title IS NULL OR trim(title) = '') THEN 'date and title'
                       WHEN published_at IS NULL THEN 'date' ELSE 'title' END AS missing,
                  coalesce(published_reason, CASE WHEN published_at IS NULL THEN '(no reason recorded)' END) AS why,
                  count(*) AS documents, arg_min(source_uri, source_uri) AS example
           FROM documents WHERE published_at IS NULL OR title IS NULL OR trim(title) = ''
           GROUP BY ALL ORDER BY documents DESC LIMIT 20""",
        "documents",
    )
    body += "<h3>Documents without date or title, and why</h3>" + _table(
        missing, [("language", "lang"), ("missing", "missing"), ("why", "published_reason"),
                  ("documents", "documents"), ("example", "example source")],
        numeric={"documents"}, empty="every document has a date and a title")

    if w.has("quotes"):
        quotes = w.df(
            """SELECT q.language, q.text, q.speaker_text, q.cue, d.source_uri,
                      CASE WHEN q.speaker_text IS NULL THEN 'no speaker found'
                           ELSE 'speaker not linked to an entity' END AS why
               FROM quotes q LEFT JOIN documents d USING (doc_id)
               WHERE q.speaker_entity_id IS NULL ORDER BY q.language, d.source_uri, q.quote_no LIMIT 15""",
            "quotes", "documents",
        )
        quotes["text"] = quotes["text"].map(lambda t: _short(t, 140)) if not quotes.empty else quotes.get("text")
        body += "<h3>Quotes without a resolved speaker</h3>" + _table(
            quotes, [("language", "lang"), ("text", "quote"), ("speaker_text", "speaker as written"), ("cue", "cue"),
                     ("why", "why"), ("source_uri", "source")],
            empty="every quote has a speaker that is a known entity")

    if w.has("mentions", "entities"):
        mixed = w.df(
            """WITH c AS (SELECT entity_id, label, count(*) AS n FROM mentions WHERE entity_id IS NOT NULL GROUP BY ALL),
                    mixed AS (SELECT entity_id FROM c GROUP BY entity_id HAVING count(*) > 1)
               SELECT coalesce(e.canonical_name, c.entity_id) AS entity, e.label AS entity_label,
                      string_agg(c.label || ' ×' || c.n, ', ' ORDER BY c.n DESC) AS mention_labels, sum(c.n) AS mentions
               FROM c JOIN mixed USING (entity_id) LEFT JOIN entities e USING (entity_id)
               GROUP BY ALL ORDER BY mentions DESC LIMIT 15""",
            "mentions", "entities",
        )
        body += "<h3>Entities whose mentions disagree on the label</h3>" + _table(
            mixed, [("entity", "entity"), ("entity_label", "entity label"), ("mention_labels", "mention labels"),
                    ("mentions", "mentions")], numeric={"mentions"}, empty="every entity's mentions agree on the label")
        once = w.df(
            """WITH once AS (SELECT entity_id, any_value(language) AS language FROM mentions
                             WHERE entity_id IS NOT NULL GROUP BY entity_id HAVING count(*) = 1),
                    e AS (SELECT coalesce(o.language, '?') AS language, e.label, e.canonical_name,
                                 row_number() OVER (PARTITION BY o.language, e.label ORDER BY e.canonical_name) AS k
                          FROM once o JOIN entities e USING (entity_id))
               SELECT language, label, count(*) AS entities,
                      string_agg(canonical_name, ', ' ORDER BY canonical_name) FILTER (WHERE k <= 8) AS examples
               FROM e GROUP BY ALL ORDER BY entities DESC LIMIT 12""",
            "mentions", "entities",
        )
        body += "<h3>Entities seen only once (often junk or a name variant)</h3>" + _table(
            once, [("language", "lang"), ("label", "label"), ("entities", "entities"), ("examples", "examples")],
            numeric={"entities"}, empty="no entity is seen only once")

    if flags_ok:
        unusual = w.df(
            """SELECT f.language, f.kind, f.text, f.value, f.unit, CAST(f.date_value AS VARCHAR) AS date_value,
                      f.flags, d.source_uri
               FROM figures f LEFT JOIN documents d USING (doc_id)
               WHERE len(f.flags) > 0 ORDER BY f.language, d.source_uri, f.figure_no LIMIT 20""",
            "figures", "documents",
        )
        body += ("<h3>Figures flagged as unusual (kept)</h3>"
                 '<p class="empty">historic dates, far-future years and huge values are real in news but rare: '
                 "they pass the gates and are listed here to be checked by eye</p>" + _table(
                     unusual, [("language", "lang"), ("kind", "kind"), ("text", "as written"), ("value", "value"),
                               ("unit", "unit"), ("date_value", "date"), ("flags", "flags"), ("source_uri", "source")],
                     numeric={"value"}, cls={"flags": lambda v, r: f"<td>{_pills(list(v) if v is not None else [])}</td>"},
                     empty="no figure is flagged"))
    return _section("content", "Content quality", body)


def _quarantine(w: _Warehouse) -> str:
    reasons = w.df(
        """SELECT stage, coalesce(table_name || '.' || expectation, reason) AS reason, count(*) AS n,
                  arg_max(source_uri, quarantined_at) AS example_uri, arg_max(detail, quarantined_at) AS example_detail
           FROM quarantine GROUP BY ALL ORDER BY n DESC""",
        "quarantine",
    )
    if reasons.empty:
        return _section("quarantine", "Quarantine", '<p class="ok">nothing quarantined</p>')
    reasons["what"] = reasons["stage"].fillna("?") + ": " + reasons["reason"].fillna("?").map(lambda s: _short(s, 70))
    by_stage = reasons.groupby("stage", as_index=False)["n"].sum()
    chart = _bar_h(reasons.head(TOP_N), "what", "n", color="stage", title="Quarantined rows and files by reason",
                   x_title="rows/files", width=HALF)
    stage_chart = _bar_h(by_stage, "stage", "n", title="By stage", x_title="rows/files", width=300)
    table = _table(
        reasons.head(30),
        [("stage", "stage"), ("reason", "reason"), ("n", "count"), ("example_uri", "example source"),
         ("example_detail", "detail")],
        numeric={"n"},
        cls={"example_detail": lambda v, r: f'<td class="ex">{esc(_short(v, 200))}</td>'},
    )
    return _section("quarantine", "Quarantine reasons",
                    f'<div class="grid">{_chart(chart)}{_chart(stage_chart)}</div><div class="scroll">{table}</div>')


def _languages(w: _Warehouse) -> str:
    docs = w.df("SELECT coalesce(language, '?') AS language, count(*) AS documents FROM documents GROUP BY 1 ORDER BY 2 DESC",
                "documents")
    if docs.empty:
        return _section("languages", "Language mix", '<p class="empty">no documents yet</p>')
    chars = w.df(
        """SELECT coalesce(language, '?') AS language, sum(char_end - char_start) AS characters
           FROM sections GROUP BY 1 ORDER BY 2 DESC""",
        "sections",
    )
    mixed = w.scalar("SELECT count(*) FROM documents WHERE len(languages) > 1", "documents")
    body = _chart(_bar_h(docs, "language", "documents", title="Documents by dominant language", x_title="documents"))
    if not chars.empty:
        body += _chart(_bar_h(chars, "language", "characters", title="Characters by section language",
                              x_title="characters"))
    return _section(
        "languages", "Language mix",
        f'<div class="grid">{body}</div><p>Documents mixing more than one language: {_num(mixed or 0)}.</p>',
    )


def _figures(w: _Warehouse) -> str:
    figs = w.df(
        """WITH c AS (SELECT kind, coalesce(unit, '(none)') AS unit, count(*) AS n FROM figures GROUP BY 1, 2),
                r AS (SELECT *, row_number() OVER (PARTITION BY kind ORDER BY n DESC) AS k FROM c)
           SELECT kind, CASE WHEN k <= 6 THEN unit ELSE 'other' END AS unit, sum(n) AS n
           FROM r GROUP BY 1, 2 ORDER BY kind, n DESC""",
        "figures",
    )
    if figs.empty:
        return _section("figures", "Figures by kind and unit", '<p class="empty">no figures yet</p>')
    alt = _alt()
    kinds = figs.groupby("kind", as_index=False)["n"].sum().sort_values("n", ascending=False)
    kind_chart = _bar_h(kinds, "kind", "n", title="Figures by kind", x_title="figures")
    # An amount repeated in a document (or re-reported by five articles) is one claim: totals add
    # each distinct (amount, currency) once, and the claims table says how often each was made.
    money = w.df(
        """WITH m AS (SELECT unit, value, value_max, doc_id FROM figures WHERE kind = 'money' AND value IS NOT NULL),
                c AS (SELECT unit, value, value_max FROM m GROUP BY ALL)
           SELECT m.unit AS currency, count(*) AS figures, count(DISTINCT m.doc_id) AS documents,
                  (SELECT count(*) FROM c WHERE c.unit IS NOT DISTINCT FROM m.unit) AS claims,
                  (SELECT sum(value) FROM c WHERE c.unit IS NOT DISTINCT FROM m.unit) AS total
           FROM m GROUP BY 1 ORDER BY figures DESC LIMIT 12""",
        "figures",
    )
    claims = w.df(
        """SELECT unit AS currency, value, any_value(text ORDER BY length(text)) AS example,
                  count(*) AS mentions, count(DISTINCT doc_id) AS documents
           FROM figures WHERE kind = 'money' AND value IS NOT NULL
           GROUP BY unit, value, value_max ORDER BY value DESC LIMIT 10""",
        "figures",
    )
    units = (
        alt.Chart(figs, title="Units within each kind (top 6 per kind)")
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", title=None, sort=list(kinds["kind"])),
            x=alt.X("n:Q", title="figures", stack="normalize", axis=alt.Axis(format="%")),
            color=alt.Color("unit:N", legend=alt.Legend(orient="right", title="unit", columns=2, labelLimit=120),
                            scale=alt.Scale(scheme="tableau20")),
            order=alt.Order("n:Q", sort="descending"),
            tooltip=["kind", "unit", "n"],
        )
        .properties(width=HALF, height=max(60, 24 * len(kinds)))
    )
    body = f'<div class="grid">{_chart(kind_chart)}{_chart(units)}</div>'
    body += "<h3>Money by currency</h3>" + _table(
        money, [("currency", "currency"), ("figures", "figures"), ("documents", "documents"),
                ("claims", "distinct amounts"), ("total", "sum of distinct amounts")],
        numeric={"figures", "documents", "claims", "total"}, empty="no money figures",
    )
    if not claims.empty:
        body += ("<h3>Largest amounts, each counted once</h3>"
                 '<p class="empty">the same amount in the same currency is one claim, however often it is repeated</p>'
                 + _table(claims, [("currency", "currency"), ("value", "amount"), ("example", "as written"),
                                   ("mentions", "mentions"), ("documents", "documents")],
                          numeric={"value", "mentions", "documents"}))
    return _section("figures", "Figures by kind and unit", body)


def _entities(w: _Warehouse) -> str:
    top = w.df(
        """SELECT m.entity_id, coalesce(e.canonical_name, m.entity_id) AS entity, coalesce(e.label, 'MISC') AS label,
                  count(*) AS mentions, count(DISTINCT m.doc_id) AS documents
           FROM mentions m LEFT JOIN entities e ON e.entity_id = m.entity_id
           WHERE m.entity_id IS NOT NULL GROUP BY ALL""",
        "mentions", "entities",
    )
    if top.empty:
        return _section("entities", "Top entities", '<p class="empty">no entity mentions yet</p>')
    top["name"] = top["entity"].map(lambda s: _short(s, 40)) + " (" + top["label"] + ")"
    by_m = top.sort_values(["mentions", "documents"], ascending=False).head(TOP_N)
    by_d = top.sort_values(["documents", "mentions"], ascending=False).head(TOP_N)
    c1 = _bar_h(by_m, "name", "mentions", color="label", domain=LABEL_COLORS, title="Top entities by mentions")
    c2 = _bar_h(by_d, "name", "documents", color="label", domain=LABEL_COLORS, title="Top entities by documents")
    return _section("entities", "Top entities", f'<div class="grid">{_chart(c1)}{_chart(c2)}</div>')


def _cooccurrence(w: _Warehouse) -> str:
    pairs = w.df(
        f"""SELECT coalesce(entity_a, entity_id_a) AS entity_a, coalesce(entity_b, entity_id_b) AS entity_b,
                   label_a, label_b, n_documents, n_sentences, jaccard
            FROM {_view_body('entity_cooccurrence')}
            ORDER BY n_sentences DESC, n_documents DESC, jaccard DESC LIMIT {TOP_N}""",
        "mentions", "entities",
    )
    if pairs.empty:
        return _section("cooccurrence", "Strongest entity co-occurrences", '<p class="empty">no pairs yet</p>')
    pairs["pair"] = pairs["entity_a"].map(lambda s: _short(s, 28)) + " + " + pairs["entity_b"].map(lambda s: _short(s, 28))
    long = pairs.melt(id_vars=["pair"], value_vars=["n_sentences", "n_documents"], var_name="shared", value_name="n")
    long["shared"] = long["shared"].map({"n_sentences": "sentences", "n_documents": "documents"})
    alt = _alt()
    chart = (
        alt.Chart(long, title="Pairs by shared sentences and documents")
        .mark_bar()
        .encode(
            y=alt.Y("pair:N", sort=list(pairs["pair"]), title=None, axis=alt.Axis(labelLimit=260)),
            yOffset="shared:N",
            x=alt.X("n:Q", title="shared", axis=_count_axis(long["n"])),
            color=alt.Color("shared:N", scale=alt.Scale(domain=["sentences", "documents"], range=["#4c78a8", "#9ecae9"]),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["pair", "shared", "n"],
        )
        .properties(width=WIDE - 420, height=max(80, 30 * len(pairs)))
    )
    table = _table(
        pairs,
        [("entity_a", "entity A"), ("label_a", ""), ("entity_b", "entity B"), ("label_b", ""),
         ("n_sentences", "sentences"), ("n_documents", "documents"), ("jaccard", "Jaccard (docs)")],
        numeric={"n_sentences", "n_documents", "jaccard"},
    )
    return _section("cooccurrence", "Strongest entity co-occurrences", f"{_chart(chart)}<h3>Top pairs</h3>{table}")


def _timeline(w: _Warehouse) -> str:
    series = w.df(
        f"""WITH t AS {_view_body('entity_timeline')},
                 top AS (SELECT entity_id FROM t GROUP BY entity_id ORDER BY sum(n_mentions) DESC, entity_id LIMIT 12)
            SELECT coalesce(t.entity, t.entity_id) AS entity, t.day, t.n_mentions
            FROM t JOIN top USING (entity_id) ORDER BY t.day""",
        "mentions", "documents", "entities",
    )
    if series.empty:
        return _section("timeline", "Entity timeline", '<p class="empty">no dated mentions yet</p>')
    series["day"] = pd.to_datetime(series["day"])
    series["entity"] = series["entity"].map(lambda s: _short(s, 40))
    order = list(series.groupby("entity")["n_mentions"].sum().sort_values(ascending=False).index)
    alt = _alt()
    n_days = series["day"].nunique()
    # Lines for the five most mentioned (a shape over time), a heat map for the top twelve (which
    # stays readable however many entities and days there are).
    lines = (
        alt.Chart(series[series["entity"].isin(order[:5])], title="Mentions per day, five most mentioned entities")
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m-%d", labelAngle=-30)),
            y=alt.Y("n_mentions:Q", title="mentions", axis=_count_axis(series["n_mentions"])),
            color=alt.Color("entity:N", sort=order[:5], scale=alt.Scale(scheme="tableau10"),
                            legend=alt.Legend(orient="right", title=None, labelLimit=200)),
            tooltip=["entity", alt.Tooltip("day:T", format="%Y-%m-%d"), "n_mentions"],
        )
        .properties(width=WIDE - 300, height=240)
    )
    heat = (
        alt.Chart(series, title="Mentions per entity and day, twelve most mentioned")
        .mark_rect()
        .encode(
            x=alt.X("yearmonthdate(day):O", title=None,
                    axis=alt.Axis(format="%m-%d", labelAngle=-40 if n_days > 14 else 0)),
            y=alt.Y("entity:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("n_mentions:Q", title="mentions", scale=alt.Scale(scheme="blues")),
            tooltip=["entity", alt.Tooltip("day:T", format="%Y-%m-%d"), "n_mentions"],
        )
        .properties(width=min(WIDE - 300, max(200, 26 * n_days)), height=22 * min(len(order), 12))
    )
    chart = alt.vconcat(lines, heat) if n_days >= 3 else heat
    return _section("timeline", "Entity timeline", _chart(chart))


def _events(w: _Warehouse) -> str:
    """The last run's new and updated events (transforms/events), from the meetings view."""
    last = w.scalar("SELECT max(run_id) FROM events", "events")
    if last is None or not w.has("event_participants", "event_mentions", "entities"):
        return _section("events", "Events of the last run", '<p class="empty">no events yet</p>')
    df = w.df(
        """SELECT CASE WHEN e.first_run_id = e.run_id THEN 'new' ELSE 'updated' END AS change, m.kind, m.tense,
                  CAST(m.date AS VARCHAR) AS date, array_to_string(m.participants, ', ') AS participants, m.place, m.duration_minutes,
                  m.n_documents, array_to_string(m.languages, ', ') AS languages
           FROM events e JOIN meetings m USING (event_id) WHERE e.run_id = ?
           ORDER BY m.n_documents DESC, m.date DESC NULLS LAST LIMIT 30""",
        "events", params=[last])
    body = f"<p>run {esc(last)}</p>" + _table(
        df, [("change", ""), ("kind", "kind"), ("tense", "tense"), ("date", "date"), ("participants", "who"),
             ("place", "where"), ("duration_minutes", "minutes"), ("n_documents", "docs"), ("languages", "langs")],
        numeric={"duration_minutes", "n_documents"}, empty="no events in the last run")
    return _section("events", "Events of the last run", body)


def _documents(w: _Warehouse) -> str:
    docs = w.df(
        """SELECT title, CAST(published_at AS DATE) AS published, language, n_chars, source_uri
           FROM documents ORDER BY ingested_at DESC NULLS LAST, published_at DESC NULLS LAST LIMIT 20""",
        "documents",
    )
    return _section(
        "documents", "Latest documents",
        _table(docs, [("title", "title"), ("published", "published"), ("language", "lang"), ("n_chars", "chars"),
                      ("source_uri", "source")], numeric={"n_chars"}, empty="no documents yet"),
    )


SECTIONS = (
    ("runs", "Runs", _runs),
    ("content", "Content quality", _content),
    ("validations", "Validation", _validations),
    ("quarantine", "Quarantine", _quarantine),
    ("languages", "Languages", _languages),
    ("figures", "Figures", _figures),
    ("entities", "Entities", _entities),
    ("cooccurrence", "Co-occurrence", _cooccurrence),
    ("timeline", "Timeline", _timeline),
    ("events", "Events", _events),
    ("documents", "Documents", _documents),
)


def render(con: duckdb.DuckDBPyConnection, *, title: str = "newsflow report", subtitle: str = "",
           data_docs: str | None = None) -> str:
    """The whole page as a string; ``data_docs``: relative link to the GX Data Docs site, if any."""
    w = _Warehouse(con)
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    nav = "".join(f'<a href="#{a}">{esc(label)}</a>' for a, label, _ in SECTIONS)
    if data_docs:
        nav += f'<a href="{esc(data_docs)}">GX Data Docs ↗</a>'
    parts = [fn(w) for _, _, fn in SECTIONS]
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        # No script, no remote anything: the policy makes that a promise the browser enforces.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><p>{esc(subtitle)} · generated {esc(generated)}</p></header>"
        f"<nav>{nav}</nav><main>{_overview(w)}{''.join(parts)}</main></body></html>"
    )


def write_report(db_path: Path, out_path: Path) -> Path:
    """Opens the DuckDB file READ-ONLY and writes the self-contained HTML report."""
    from warehouse.store import connect

    db_path, out_path = Path(db_path), Path(out_path)
    with connect(db_path, read_only=True) as con:
        docs = out_path.parent / "data_docs" / "index.html"
        page = render(con, subtitle=str(db_path), data_docs="data_docs/index.html" if docs.exists() else None)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(out_path.suffix + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out_path)
    return out_path
