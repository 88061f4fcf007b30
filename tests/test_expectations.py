"""The GX suites on synthetic batches: valid rows pass, broken rows are quarantined with the
expectation that failed, critical failures stop the load, distribution checks use history."""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings

import duckdb
import pyarrow as pa
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
warnings.filterwarnings("ignore", category=DeprecationWarning)

from expectations import ValidationOutcome, Validator, default_critical, expectation_names, load_history  # noqa: E402
from expectations.synthetic import entity_id, make_batch, replace_cell  # noqa: E402
from warehouse.schema import QUARANTINE, VALIDATIONS, to_table  # noqa: E402

RUN = "run-1"


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="module")
def batch() -> dict[str, pa.Table]:
    return make_batch(8, seed=1, sentences=4)


def _failed(outcome: ValidationOutcome) -> set[tuple[str, str]]:
    v = outcome.validations.to_pylist()
    return {(r["table_name"], r["expectation"]) for r in v if not r["success"]}


def _quarantined(outcome: ValidationOutcome, table: str) -> list[dict]:
    return [r for r in outcome.quarantine.to_pylist() if r["table_name"] == table]


def test_valid_batch_passes_every_expectation(validator: Validator, batch: dict[str, pa.Table]) -> None:
    out = validator.validate(batch, run_id=RUN, known_entity_ids=set())
    assert out.critical_failure is None
    assert out.quarantine.num_rows == 0 and out.quarantine.schema == QUARANTINE
    assert out.validations.schema == VALIDATIONS
    assert _failed(out) == set()
    names = expectation_names()
    expected = sum(len(names[t]) for t in batch) + len(names["batch"])
    assert out.validations.num_rows == expected
    assert set(out.validations["run_id"].to_pylist()) == {RUN}
    for table, arrow in batch.items():
        assert out.tables[table].num_rows == arrow.num_rows
        assert out.tables[table].schema == arrow.schema
    counts = {(r["table_name"], r["expectation"]): r for r in out.validations.to_pylist()}
    assert counts[("mentions", "text_matches_document")]["element_count"] == batch["mentions"].num_rows
    assert counts[("mentions", "text_matches_document")]["unexpected_count"] == 0


def test_broken_offsets_quarantine_only_that_mention(validator: Validator, batch: dict[str, pa.Table]) -> None:
    mentions = replace_cell(batch["mentions"], "char_start", 3, batch["mentions"]["char_start"][3].as_py() + 1)
    mentions = replace_cell(mentions, "char_end", 5, 10**6)
    out = validator.validate({**batch, "mentions": mentions}, run_id=RUN, known_entity_ids=set())
    assert out.critical_failure is None
    assert ("mentions", "text_matches_document") in _failed(out)
    assert ("mentions", "offsets_in_text") in _failed(out)
    rows = _quarantined(out, "mentions")
    assert len(rows) == 2
    by_no = {json.loads(r["row"])["mention_no"]: r for r in rows}
    assert by_no[batch["mentions"]["mention_no"][3].as_py()]["expectation"] == "text_matches_document"
    assert "offsets_in_text" in by_no[batch["mentions"]["mention_no"][5].as_py()]["expectation"]
    doc_uri = dict(zip(batch["documents"]["doc_id"].to_pylist(), batch["documents"]["source_uri"].to_pylist()))
    for r in rows:
        assert r["stage"] == "validate" and r["run_id"] == RUN
        assert r["source_uri"] == doc_uri[json.loads(r["row"])["doc_id"]]
        assert "chk_" not in r["row"]
    assert out.tables["mentions"].num_rows == batch["mentions"].num_rows - 2
    assert out.tables["documents"].num_rows == batch["documents"].num_rows


def _flags(outcome: ValidationOutcome) -> dict[int, list[str]]:
    figs = outcome.tables["figures"]
    return {n: f for n, f in zip(figs["figure_no"].to_pylist(), figs["flags"].to_pylist()) if f}


def _with_figure_text(batch: dict[str, pa.Table], row: int, text: str) -> dict[str, pa.Table]:
    """The batch with figure ``row``'s text replaced in its document (later offsets shifted)."""
    figs, docs = batch["figures"], batch["documents"]
    doc_id = figs["doc_id"][row].as_py()
    d = docs["doc_id"].to_pylist().index(doc_id)
    start, end = figs["char_start"][row].as_py(), figs["char_end"][row].as_py()
    old = docs["text"][d].as_py()
    new_doc = old[:start] + text + old[end:]
    shift = len(text) - (end - start)
    tables = dict(batch, documents=replace_cell(replace_cell(docs, "text", d, new_doc), "n_chars", d, len(new_doc)))
    for name in ("sections", "mentions", "figures", "quotes"):
        rows = tables[name].to_pylist()
        for r in rows:
            if r["doc_id"] != doc_id:
                continue
            for col in ("char_start", "char_end"):
                if r[col] is not None and r[col] >= end:
                    r[col] += shift
        tables[name] = pa.Table.from_pylist(rows, schema=tables[name].schema)
    tables["figures"] = replace_cell(tables["figures"], "text", row, text)
    return tables


def test_impossible_figures_are_quarantined(validator: Validator, batch: dict[str, pa.Table]) -> None:
    figs = batch["figures"]
    kinds = figs["kind"].to_pylist()
    money, duration, date = kinds.index("money"), kinds.index("duration"), kinds.index("date")
    figs = replace_cell(figs, "unit", money, "DOLLAR")  # a money row without an ISO 4217 currency
    figs = replace_cell(figs, "value", duration, -2.0)  # a negative duration
    figs = replace_cell(figs, "date_value", date, dt.date(2024, 3, 5))  # its text says 5. März 2025
    out = validator.validate({**batch, "figures": figs}, run_id=RUN, known_entity_ids=set())
    failed = {r["expectation"] for r in _quarantined(out, "figures")}
    assert failed == {"unit_valid_for_kind", "value_in_range_for_kind", "date_value_matches_text"}
    assert out.tables["figures"].num_rows == figs.num_rows - 3
    assert out.critical_failure is None
    assert _flags(out) == {}


@pytest.mark.parametrize(
    "kind, text, cell, value, flag",
    [
        ("date", "im 16. Jahrhundert", "date_value", dt.date(1501, 1, 1), "historic_date"),
        ("date", "am 15. Juni 1215", "date_value", dt.date(1215, 6, 15), "historic_date"),
        ("duration", "5.77 Milliarden Minuten", "value", 5.77e9, "unusual_value"),
        ("ordinal", "den millionsten Besucher", "value", 1e6, "unusual_value"),
    ],
)
def test_unusual_figures_are_kept_and_flagged(validator: Validator, batch: dict[str, pa.Table], kind: str,
                                               text: str, cell: str, value: object, flag: str) -> None:
    """Real but rare: kept, with a flag in ``figures.flags`` and a passing warning in validations."""
    row = batch["figures"]["kind"].to_pylist().index(kind)
    tables = _with_figure_text(batch, row, text)
    figs = replace_cell(tables["figures"], cell, row, value)
    out = validator.validate({**tables, "figures": figs}, run_id=RUN, known_entity_ids=set())
    assert _quarantined(out, "figures") == []
    assert out.tables["figures"].num_rows == figs.num_rows
    assert _flags(out) == {figs["figure_no"][row].as_py(): [flag]}
    warn = [r for r in out.validations.to_pylist() if r["table_name"] == "figures" and r["unexpected_count"]]
    assert len(warn) == 1 and warn[0]["success"] is True
    assert json.loads(warn[0]["detail"])["severity"] == "warning"


def test_future_date_relative_to_document_date(validator: Validator, batch: dict[str, pa.Table]) -> None:
    date = batch["figures"]["kind"].to_pylist().index("date")
    batch = _with_figure_text(batch, date, "5. März")  # no year written: only the document date speaks
    figs = batch["figures"]
    doc_date = dict(zip(batch["documents"]["doc_id"].to_pylist(), batch["documents"]["published_at"].to_pylist()))
    ref = doc_date[figs["doc_id"][date].as_py()].date()
    no = figs["figure_no"][date].as_py()
    ok = validator.validate(
        {**batch, "figures": replace_cell(figs, "date_value", date, ref.replace(year=ref.year + 9))},
        run_id=RUN,
        known_entity_ids=set(),
    )
    assert _flags(ok) == {}
    far = validator.validate(
        {**batch, "figures": replace_cell(figs, "date_value", date, ref.replace(year=ref.year + 11))},
        run_id=RUN,
        known_entity_ids=set(),
    )
    assert _quarantined(far, "figures") == [] and _flags(far) == {no: ["far_future_date"]}


def test_every_expectation_describes_its_rule() -> None:
    """Data Docs show the description: a sentence naming the rule, never GX's `be in this set: True`."""
    from expectations.runner import all_suites

    for table, spec in all_suites().items():
        for e in spec.expectations:
            assert e.description and len(e.description) > 15, (table, e.meta["name"])
            assert "$" not in e.description
    money = next(e for e in all_suites()["figures"].expectations if e.meta["name"] == "unit_valid_for_kind")
    assert money.description.startswith("a money figure has an ISO 4217 currency")


def test_referential_integrity_uses_warehouse_ids(validator: Validator, batch: dict[str, pa.Table]) -> None:
    gone = "Lindau"
    ents = batch["entities"]
    keep = [i for i, n in enumerate(ents["canonical_name"].to_pylist()) if n != gone]
    partial = {**batch, "entities": ents.take(keep)}
    n_refs = batch["mentions"]["entity_id"].to_pylist().count(entity_id(gone))
    assert n_refs > 0
    out = validator.validate(partial, run_id=RUN, known_entity_ids=set())
    rows = _quarantined(out, "mentions")
    assert len(rows) == n_refs and {r["expectation"] for r in rows} == {"entity_id_exists"}
    out = validator.validate(partial, run_id=RUN, known_entity_ids={entity_id(gone)})
    assert _quarantined(out, "mentions") == []


def test_rejected_entity_takes_its_mentions_and_quotes(validator: Validator, batch: dict[str, pa.Table]) -> None:
    ents = batch["entities"]
    speaker = batch["quotes"]["speaker_entity_id"][0].as_py()
    row = ents["entity_id"].to_pylist().index(speaker)
    out = validator.validate(
        {**batch, "entities": replace_cell(ents, "label", row, "PERSON")}, run_id=RUN, known_entity_ids=set()
    )
    assert [r["expectation"] for r in _quarantined(out, "entities")] == ["label_in_set"]
    assert speaker not in out.tables["entities"]["entity_id"].to_pylist()
    assert {r["expectation"] for r in _quarantined(out, "quotes")} == {"speaker_entity_id_exists"}
    assert {r["expectation"] for r in _quarantined(out, "mentions")} == {"entity_id_exists"}
    assert speaker not in out.tables["mentions"]["entity_id"].to_pylist()


def test_duplicate_doc_id_is_critical_and_cascades(validator: Validator, batch: dict[str, pa.Table]) -> None:
    docs = batch["documents"]
    first = docs["doc_id"][0].as_py()
    out = validator.validate(
        {**batch, "documents": replace_cell(docs, "doc_id", 1, first)}, run_id=RUN, known_entity_ids=set()
    )
    assert out.critical_failure is not None
    assert "documents.doc_id_unique" in out.critical_failure
    crit = [r for r in out.validations.to_pylist() if r["critical"] and not r["success"]]
    assert [(r["table_name"], r["expectation"]) for r in crit] == [("documents", "doc_id_unique")]
    assert len(_quarantined(out, "documents")) == 2
    # children of both rejected rows are rejected with them
    assert first not in out.tables["mentions"]["doc_id"].to_pylist()
    assert "document_accepted" in {r["expectation"] for r in _quarantined(out, "sections")}


def test_bad_document_fields_are_quarantined_not_critical(validator: Validator, batch: dict[str, pa.Table]) -> None:
    docs = replace_cell(batch["documents"], "language", 2, "german")
    docs = replace_cell(docs, "n_chars", 3, 5)
    out = validator.validate({**batch, "documents": docs}, run_id=RUN, known_entity_ids=set())
    assert out.critical_failure is None
    exps = sorted(r["expectation"] for r in _quarantined(out, "documents"))
    assert exps == ["language_valid, languages_valid", "n_chars_matches_text"]
    assert out.tables["documents"].num_rows == docs.num_rows - 2


def test_other_doc_tables_follow_their_document(validator: Validator, batch: dict[str, pa.Table]) -> None:
    docs = batch["documents"]
    sentences = to_table(
        "sentences",
        [{"doc_id": d, "sentence_no": 0, "char_start": 0, "char_end": 5} for d in docs["doc_id"].to_pylist()],
    )
    out = validator.validate(
        {**batch, "documents": replace_cell(docs, "text", 0, ""), "sentences": sentences},
        run_id=RUN,
        known_entity_ids=set(),
    )
    assert out.tables["sentences"].num_rows == docs.num_rows - 1
    assert [r["expectation"] for r in _quarantined(out, "sentences")] == ["document_accepted"]


def test_critical_is_configurable() -> None:
    with pytest.raises(ValueError, match="no expectation"):
        Validator(critical={"mentions": ["no_such_rule"]})
    with pytest.raises(ValueError, match="unknown table"):
        Validator(critical={"tweets": []})
    assert "doc_id_unique" in default_critical()["documents"]
    v = Validator(critical={"mentions": ["text_matches_document"], "documents": []})
    batch = make_batch(4, seed=2, sentences=3)
    mentions = replace_cell(batch["mentions"], "text", 0, "Unsinn")
    out = v.validate({**batch, "mentions": mentions}, run_id=RUN, known_entity_ids=set())
    assert out.critical_failure and "mentions.text_matches_document" in out.critical_failure
    docs = replace_cell(batch["documents"], "doc_id", 1, batch["documents"]["doc_id"][0].as_py())
    # documents' defaults were replaced by an empty list: a duplicate id is quarantined, not critical
    out = v.validate({"documents": docs}, run_id=RUN, known_entity_ids=set())
    assert out.critical_failure is None and len(_quarantined(out, "documents")) == 2


def test_distribution_jump_is_flagged_against_history() -> None:
    batch = make_batch(32, seed=3, sentences=4)
    calm = Validator()
    base = calm.validate(batch, run_id=RUN, known_entity_ids=set()).metrics
    history = [
        {**base, "share_docs_without_entities": base["share_docs_without_entities"] + d}
        for d in (0.0, 0.01, 0.02, 0.0, 0.01)
    ]
    v = Validator(history=history)
    same = v.validate(batch, run_id=RUN, known_entity_ids=set())
    assert _failed(same) == set()
    # the entity extractor "broke": no mentions at all, and far fewer figures
    broken = {**batch, "mentions": batch["mentions"].slice(0, 0), "figures": batch["figures"].slice(0, 3)}
    out = v.validate(broken, run_id=RUN, known_entity_ids=set())
    assert _failed(out) == {
        ("batch", "share_docs_without_entities_within_history"),
        ("batch", "mentions_per_kchar_within_history"),
        ("batch", "figures_per_kchar_within_history"),
    }
    assert out.critical_failure is None and out.quarantine.num_rows == 0
    detail = next(json.loads(r["detail"]) for r in out.validations.to_pylist() if r["table_name"] == "batch")
    assert detail["history_runs"] == 5 and len(detail["band"]) == 2
    # without history the same batch is not flagged
    assert ("batch", "share_docs_without_entities_within_history") not in _failed(
        calm.validate(broken, run_id=RUN, known_entity_ids=set())
    )


def test_load_history(tmp_path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert load_history(con) == []
    tables: dict[str, list[pa.Table]] = {}
    for i, run in enumerate(["r1", "r2"]):
        b = make_batch(4, seed=10 + i, run_id=run, sentences=3)
        if run == "r2":  # one document of r2 has no entities
            first = b["documents"]["doc_id"][0].as_py()
            b["mentions"] = b["mentions"].filter(pa.compute.not_equal(b["mentions"]["doc_id"], first))
        for name, t in b.items():
            tables.setdefault(name, []).append(t)
    for name, parts in tables.items():
        con.register("t", pa.concat_tables(parts))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM t")
        con.unregister("t")
    runs = to_table(
        "runs",
        [{"run_id": "r2", "started_at": dt.datetime(2026, 1, 2)}, {"run_id": "r1", "started_at": dt.datetime(2026, 1, 1)}],
    )
    con.register("t", runs)
    con.execute("CREATE TABLE runs AS SELECT * FROM t")
    hist = load_history(con, n_runs=10)
    assert len(hist) == 2
    assert hist[0]["share_docs_without_entities"] == 0.0
    assert hist[1]["share_docs_without_entities"] == pytest.approx(0.25)
    r2 = tables["documents"][1]
    assert hist[1]["n_documents"] == 4.0
    assert hist[1]["figures_per_kchar"] == pytest.approx(
        tables["figures"][1].num_rows * 1000 / sum(r2["n_chars"].to_pylist())
    )
    assert len(load_history(con, n_runs=1)) == 1 and load_history(con, n_runs=1)[0] == hist[1]


def test_build_data_docs(tmp_path, batch: dict[str, pa.Table]) -> None:
    v = Validator(data_docs_dir=tmp_path / "docs")
    v.validate(batch, run_id=RUN, known_entity_ids=set())
    v.validate({**batch, "mentions": replace_cell(batch["mentions"], "text", 0, "x")}, run_id=RUN, known_entity_ids=set())
    index = v.build_data_docs()
    assert index == tmp_path / "docs" / "index.html" and index.exists()
    html = index.read_text()
    for suite in ("documents", "mentions", "figures"):
        assert suite in html
    assert list((tmp_path / "docs" / "validations" / "mentions").rglob("*.html"))
    assert Validator().build_data_docs() is None


def test_declared_check_keeps_severity_and_mostly() -> None:
    """A rule declared with severity='warning' (and mostly) becomes a warning expectation whose failing
    rows are kept and flagged, like the hand-written figures warnings."""
    import pyarrow as pa

    from expectations.checks import declared
    from warehouse.schema import Check, col

    schema = pa.schema([
        col("n", pa.int64(), "a count", required=True,
            between=Check((0, 10), reason="n above 10", severity="warning", mostly=0.9)),
        col("kind", pa.string(), "a kind", values=("a", "b")),
    ])
    exps = {e.meta["name"]: e for e in declared(schema)}
    assert list(exps) == ["n_not_null", "n_between", "kind_in_set"]
    warn = exps["n_between"]
    assert warn.meta == {"name": "n_between", "reason": "n above 10", "severity": "warning", "flag": "n_between"}
    kw = warn.configuration.kwargs
    assert (kw["min_value"], kw["max_value"], kw["mostly"]) == (0, 10, 0.9)
    assert exps["kind_in_set"].configuration.kwargs["value_set"] == ["a", "b"]
    assert exps["kind_in_set"].meta["severity"] == "critical"


def test_a_later_validator_reuses_the_context_and_starts_clean(tmp_path, batch: dict[str, pa.Table]) -> None:
    """A warm process (serve) builds GX's context once; the next run's results are its own only."""
    import gc

    first = Validator(data_docs_dir=tmp_path / "docs")
    failing = {**batch, "mentions": replace_cell(batch["mentions"], "text", 0, "x")}
    assert ("mentions", "text_matches_document") in _failed(first.validate(failing, run_id=RUN, known_entity_ids=set()))
    ctx = first._ctx
    assert list(ctx.validation_results_store.list_keys())
    del first
    gc.collect()
    second = Validator(data_docs_dir=tmp_path / "docs")
    assert second._ctx is ctx and not list(ctx.validation_results_store.list_keys())
    outcome = second.validate(batch, run_id=RUN, known_entity_ids=set())
    assert not _failed(outcome)  # the earlier failure is not carried over
    assert Validator(data_docs_dir=tmp_path / "docs")._ctx is not ctx  # lent to one validator at a time
