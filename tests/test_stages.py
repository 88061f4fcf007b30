"""Stage functions without Prefect: discovery, reading, parsing, linking and table shaping."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from flows import stages
from flows.settings import Settings
from warehouse.store import KnownFile, WarehouseState


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings(warehouse=tmp_path / "w.duckdb", **kw)


def test_discover_sorts_new_unchanged_and_rejected(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Alpha", encoding="utf-8")
    (inbox / "b.md").write_text("Beta", encoding="utf-8")
    (inbox / "c.pdf").write_bytes(b"%PDF")
    (inbox / "big.txt").write_bytes(b"x" * 200)
    (inbox / ".hidden.txt").write_text("skip me")
    loop = inbox / "sub"
    loop.mkdir()
    os.symlink(loop, loop / "loop")
    st = (inbox / "b.md").stat()
    uri_b = str((inbox / "b.md").resolve())
    state = WarehouseState(files={uri_b: [KnownFile(uri_b, uri_b, "sha", st.st_size, st.st_mtime_ns, "d", "document")]})
    plan = stages.discover(inbox, _settings(tmp_path, max_file_bytes=100), state)
    assert [Path(c.path).name for c in plan.candidates] == ["a.txt"]
    assert plan.unchanged == 1
    reasons = {Path(q.source_uri).name: q.reason for q in plan.rejected}
    assert reasons == {"c.pdf": "unsupported_format", "big.txt": "too_large"}
    assert plan.discovered == 4


def test_read_marks_same_bytes_unchanged_and_parse_quarantines_bad_records(tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_text("Gleicher Inhalt.", encoding="utf-8")
    import hashlib

    sha = hashlib.sha256(same.read_bytes()).hexdigest()
    lines = tmp_path / "x.jsonl"
    lines.write_text('{"text": "Erster Bericht aus Kiel."}\n{"title": "ohne Text"}\nnot json\n', encoding="utf-8")
    chunk = stages.Chunk(0, [stages.FileCandidate(str(same), 16, 1), stages.FileCandidate(str(lines), 10, 1)])
    known = {str(same): [KnownFile(str(same), str(same), sha, 16, 0, "d1", "document")]}
    chunk = stages.parse_chunk(stages.read_chunk(chunk, known, 1000))
    assert [c.path for c, _ in chunk.unchanged] == [str(same)]
    assert [a.source_uri for a in chunk.articles] == [f"{lines}#0"]
    assert {q.source_uri for q in chunk.rejected} == {f"{lines}#1", f"{lines}#2"}


class _Resolver:
    def __init__(self) -> None:
        self.calls = 0

    def resolve_document(self, mentions):
        self.calls += 1
        return [f"E-{m['text']}" for m in mentions]

    def lookup(self, text, language, label=None):
        return "E-speaker" if text == "der Sprecher" else None


def _article(doc_id: str, text: str, uri: str) -> stages.Article:
    return stages.Article(doc_id, uri, uri, "sha", len(text), 0, text, {
        "title": None, "title_source": None, "published_at": datetime(2026, 2, 4), "published_source": "text",
        "published_reason": None, "url": None, "source": None, "format": "txt", "encoding": "utf-8"})


def test_link_folds_known_and_repeated_texts_and_attaches_speakers() -> None:
    chunk = stages.Chunk(0, [])
    first = _article("d1", "Anna Muster sagte: Ja.", "/a")
    first.mentions = [{"mention_no": 0, "char_start": 0, "char_end": 11, "text": "Anna Muster", "label": "PER",
                       "language": "de"}]
    first.quotes = [{"char_start": 19, "char_end": 21, "text": "Ja", "speaker_mention_no": 0, "language": "de"},
                    {"char_start": 0, "char_end": 4, "text": "Anna", "speaker_mention_no": None,
                     "speaker_text": "der Sprecher", "language": "de"}]
    chunk.articles = [first, _article("d1", "Anna Muster sagte: Ja.", "/b"), _article("old", "x", "/c")]
    resolver = _Resolver()
    chunk = stages.link_chunk(chunk, resolver, {"old"})
    assert [a.source_uri for a in chunk.articles] == ["/a"]
    assert sorted(a.source_uri for a in chunk.duplicates) == ["/b", "/c"]
    assert resolver.calls == 1
    assert first.mentions[0]["entity_id"] == "E-Anna Muster"
    assert [q["speaker_entity_id"] for q in first.quotes] == ["E-Anna Muster", "E-speaker"]


def test_chunk_tables_number_sentences_and_list_languages() -> None:
    from transforms.ingest import Section, Sentence

    text = "Erster Satz hier. Второе предложение тут."
    art = _article("d1", text, "/a")
    art.sections = [Section(0, "de", 0, 18), Section(1, "ru", 18, len(text))]
    art.sentences = [Sentence(0, 0, "de", 0, 17), Sentence(1, 1, "ru", 18, len(text))]
    art.mentions = [{"mention_no": 0, "char_start": 18, "char_end": 24, "text": text[18:24], "label": "MISC",
                     "language": "ru", "entity_id": "E1"}]
    art.figures = [{"char_start": 0, "char_end": 6, "text": "Erster", "kind": "ordinal", "value": 1.0,
                    "unit": "Satz", "language": "de"}]
    chunk = stages.Chunk(0, [])
    chunk.articles = [art]
    tables = stages.chunk_tables(chunk, "r1", datetime(2026, 1, 1))
    doc = tables["documents"].to_pylist()[0]
    assert doc["language"] == "ru" and doc["languages"] == ["de", "ru"] and doc["n_chars"] == len(text)
    assert tables["mentions"].to_pylist()[0]["sentence_no"] == 1
    assert tables["figures"].to_pylist()[0]["sentence_no"] == 0
    assert tables["files"].num_rows == 1


class _ExplodingFigures:
    """A figure extractor that fails on one document, as a transform bug would."""

    def extract(self, text, language, published):
        if "Sprengsatz" in text:
            raise OverflowError("date out of range")
        return [{"char_start": 0, "char_end": 4, "text": text[:4], "kind": "count", "value": 1.0}]


def test_a_transform_error_quarantines_only_that_document() -> None:
    import threading
    from types import SimpleNamespace

    from transforms.ingest import Section

    texts = ["Erste Meldung ohne Befund.", "Hier steckt der Sprengsatz drin.", "Dritte Meldung, ebenfalls gut."]
    chunk = stages.Chunk(0, [])
    chunk.articles = [_article(f"d{i}", t, f"/f{i}") for i, t in enumerate(texts)]
    for art in chunk.articles:
        art.sections = [Section(0, "de", 0, len(art.text))]
    models = SimpleNamespace(lock=threading.RLock(), ner=lambda lang: None, figures=_ExplodingFigures(),
                             quotes=None, catalogue=None)
    chunk = stages.extract_chunk(chunk, models)
    assert [a.source_uri for a in chunk.articles] == ["/f0", "/f2"]
    assert [len(a.figures) for a in chunk.articles] == [1, 1]
    [bad] = chunk.rejected
    assert (bad.source_uri, bad.stage, bad.reason) == ("/f1", "extract", "transform_error")
    assert "OverflowError: date out of range" in bad.detail


def test_ner_batches_are_bounded_by_characters() -> None:
    from transforms.ingest import Section

    arts = [_article(f"d{i}", "x" * n, f"/f{i}") for i, n in enumerate([400, 300, 900, 50, 2000])]
    items = [(a, Section(0, "de", 0, len(a.text))) for a in arts]
    from transforms.extract import char_batches

    batches = [[a.doc_id for a, _ in b] for b in char_batches(items, 1000)]
    assert batches == [["d0", "d1"], ["d2", "d3"], ["d4"]]


def test_table_batch_gathers_chunks_into_one_part() -> None:
    from transforms.ingest import Section, Sentence

    batch = stages.TableBatch()
    for i in range(3):
        art = _article(f"d{i}", f"Satz Nummer {i}.", f"/f{i}")
        art.sections = [Section(0, "de", 0, len(art.text))]
        art.sentences = [Sentence(0, 0, "de", 0, len(art.text))]
        chunk = stages.Chunk(i, [])
        chunk.articles = [art]
        batch.add(stages.chunk_tables(chunk, "r1", datetime(2026, 1, 1)))
    assert batch.docs == 3
    part, tables, files = batch.take()
    assert part == 0 and tables["documents"].column("doc_id").to_pylist() == ["d0", "d1", "d2"]
    assert tables["sentences"].num_rows == 3 and files.num_rows == 3 and "files" not in tables
    assert batch.docs == 0 and batch.take()[0] == 1


def test_retraction_only_when_no_other_uri_keeps_the_old_text() -> None:
    state = WarehouseState(files={
        "/a": [KnownFile("/a", "/a", "s1", 1, 1, "old", "document")],
        "/b": [KnownFile("/b", "/b", "s1", 1, 1, "old", "document")],
        "/c": [KnownFile("/c", "/c", "s2", 1, 1, "solo", "document")],
    })
    assert stages.retracted_doc_ids(state, {"/a", "/c"}, {"/a": {"new"}, "/c": {"new2"}}) == ["solo"]
    assert stages.retracted_doc_ids(state, {"/a", "/b"}, {"/a": {"n1"}, "/b": {"n2"}}) == ["old"]


def test_a_crashing_flow_is_recorded_as_failed_and_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    import duckdb
    import pytest

    from flows import run as run_module

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Ein Satz.", encoding="utf-8")
    settings = _settings(tmp_path, progress=False)

    def crashing_flow(settings):
        def flow(inbox, settings, run_id):
            from warehouse.lake import Lake
            from warehouse.schema import to_table

            Lake(settings.lake_path).write(run_id, "documents", to_table("documents", [{"doc_id": "x"}]), "0")
            raise RuntimeError("model exploded")
        return flow

    monkeypatch.setattr(run_module, "flow_for", crashing_flow)
    with pytest.raises(run_module.RunFailed, match="model exploded"):
        run_module.run_inbox(inbox, settings)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    assert con.execute("SELECT status, message FROM runs").fetchall() == [("failed", "RuntimeError: model exploded")]
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    con.close()
    assert not list(Path(settings.lake_path, "documents").rglob("*.parquet"))
