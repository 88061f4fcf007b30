"""Hostile input and faults (issue 17): every bad record lands in quarantine with its file, stage
and reason; the rest of the run goes on; nothing outside the inbox is read.

Unit-level tests run the stage functions (discover → read → parse) and shape their rows with the
same functions the flow uses; the one flow-level test (marked slow) runs a whole hostile inbox.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from flows import stages
from flows.settings import Settings
from transforms.ingest import decode_bytes, parse_records
from transforms.ingest.pieces import text_pieces
from warehouse.store import KnownFile, WarehouseState

REPO = Path(__file__).resolve().parents[1]
GOOD = "Die Bürgermeisterin von Köln, Henriette Reker, eröffnete am Montag die neue Brücke über den Rhein.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings(warehouse=tmp_path / "w.duckdb", **kw)


def _through_parse(inbox: Path, settings: Settings, state: WarehouseState | None = None):
    """discover → read → parse over one chunk; (plan, chunk)."""
    state = state or WarehouseState()
    plan = stages.discover(inbox, settings, state)
    chunk = stages.Chunk(0, plan.candidates)
    chunk = stages.parse_chunk(stages.read_chunk(chunk, stages.known_for(chunk, state), settings.max_file_bytes))
    return plan, chunk


def _quarantine(plan: stages.Plan, chunk: stages.Chunk) -> dict[str, tuple[str, str]]:
    """source_uri (file name and record) -> (stage, reason), from the rows the run would write."""
    q_table, _files = stages.quarantine_files_rows(plan.rejected + chunk.rejected, plan.stats, "r1", stages.utcnow())
    return {Path(r["source_uri"]).name: (r["stage"], r["reason"]) for r in q_table.to_pylist()}


def _documents(chunk: stages.Chunk) -> dict[str, dict]:
    table = stages.chunk_tables(chunk, "r1", stages.utcnow())["documents"]  # rows as the warehouse gets them
    return {Path(r["source_uri"]).name: r for r in table.to_pylist()}


# ------------------------------------------------------------- record-level failures


RECORD_CASES = [
    # (file name, bytes, expected: "document" or (stage, reason))
    ("surrogate.json", b'{"text": "Bericht \\ud800 aus Kiel: der Hafen w\\u00e4chst."}', "document"),
    ("mindate.json", ('{"text": "Bericht aus Lübeck.", "published": "0001-01-01T00:00:00+01:00"}').encode(),
     "document"),
    ("deep.json", b'{"text": "tief", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", ("parse", "too_deep")),
    ("bigint.json", b'{"text": "Bericht aus Kiel.", "id": ' + b"7" * 5000 + b"}", "document"),
    ("bigdate.json", b'{"text": "Bericht aus Bonn.", "published": ' + b"9" * 5000 + b"}", "document"),
]


@pytest.mark.parametrize("name,data,expected", RECORD_CASES, ids=[c[0] for c in RECORD_CASES])
def test_bad_record_is_quarantined_or_loaded_never_raises(tmp_path: Path, name: str, data: bytes, expected) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / name).write_bytes(data)
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    plan, chunk = _through_parse(inbox, _settings(tmp_path))
    docs, quarantine = _documents(chunk), _quarantine(plan, chunk)
    assert "good.txt" in docs  # the rest of the chunk goes on
    if expected == "document":
        assert name in docs and name not in quarantine
        row = docs[name]
        row["text"].encode("utf-8")  # every stored string is valid UTF-8
    else:
        assert quarantine[name] == expected and name not in docs


def test_lone_surrogate_becomes_replacement_character() -> None:
    art = parse_records('{"text": "A \\ud800 B", "title": "T \\udfff"}', "json").articles[0]
    assert art.text == "A \ufffd B" and art.title == "T \ufffd"


def test_dotnet_min_date_with_offset_has_no_date_and_a_reason() -> None:
    art = parse_records('{"text": "Kurz.", "published": "0001-01-01T00:00:00+01:00"}', "json").articles[0]
    assert art.published_at is None
    assert "0001-01-01T00:00:00+01:00" in art.published_reason


def test_bad_record_in_array_rejects_only_that_record() -> None:
    deep = "[" * 50_000 + "]" * 50_000
    result = parse_records(f'[{{"text": "eins"}}, {{"text": "zwei", "published": {"9" * 5000}}}]', "json")
    assert [a.text for a in result.articles] == ["eins", "zwei"]
    lines = f'{{"text": "eins"}}\n{{"text": {deep}}}\n{{"text": "drei"}}\n'
    result = parse_records(lines, "jsonl")
    assert [a.text for a in result.articles] == ["eins", "drei"]
    assert [(r.record_no, r.reason) for r in result.rejected] == [(1, "too_deep")]


def test_non_utf8_file_name_is_loaded_under_an_escaped_uri(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    raw = os.path.join(os.fsencode(inbox), b"caf\xe9.txt")
    with open(raw, "wb") as fh:
        fh.write(GOOD.encode())
    plan, chunk = _through_parse(inbox, _settings(tmp_path))
    docs = _documents(chunk)
    assert list(docs) == ["caf\\xe9.txt"]
    docs["caf\\xe9.txt"]["source_uri"].encode("utf-8")
    # the next run recognises it as unchanged under the same uri
    uri = plan.candidates[0].path
    st = os.stat(raw)
    state = WarehouseState(files={uri: [KnownFile(uri, uri, chunk.articles[0].content_sha, st.st_size,
                                                  st.st_mtime_ns, "d", "document")]})
    again = stages.discover(inbox, _settings(tmp_path), state)
    assert again.unchanged == 1 and not again.candidates


# ------------------------------------------------------------- bounded parsers, kept text


YAML_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "title: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "---\n"
    "Der Stadtrat tagte am Montag.\n"
)


def test_yaml_alias_bomb_in_front_matter_is_refused_and_the_article_kept() -> None:
    started = time.monotonic()
    art = parse_records(YAML_BOMB, "md").articles[0]
    assert time.monotonic() - started < 2
    assert art.text == "Der Stadtrat tagte am Montag."
    assert art.title != "lol" and (art.title is None or len(art.title) < 100)
    ok = parse_records("---\ntitle: &t Ratssitzung\nsubtitle: *t\n---\nDer Stadtrat tagte.\n", "md").articles[0]
    assert ok.title == "Ratssitzung"


@pytest.mark.parametrize("depth", [10, 40, 100])
def test_nested_markdown_keeps_every_paragraph(depth: int) -> None:
    md = "".join("  " * i + f"- Ebene {i}\n" for i in range(depth)) + "\nNach der Liste ein Absatz.\n\nUnd noch einer.\n"
    text = parse_records(md, "md").articles[0].text
    for i in range(depth):
        assert f"Ebene {i}" in text
    assert text.endswith("Nach der Liste ein Absatz.\n\nUnd noch einer.")
    quotes = "".join(">" * i + f" Zitat {i}\n\n" for i in range(1, 60)) + "Ende.\n"
    text = parse_records(quotes, "md").articles[0].text
    assert "Zitat 59" in text and text.endswith("Ende.")


def test_mostly_utf8_file_stays_utf8_with_replacement_and_a_note(tmp_path: Path) -> None:
    data = (GOOD * 4).encode("utf-8")
    data = data[:150] + b"\xff\xfe\xfd" + data[150:]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "Bürgermeisterin" in decoded.text and "Ă" not in decoded.text
    assert decoded.text.count("\ufffd") == 3 and "3 invalid UTF-8" in decoded.note
    # cp1252 with umlauts is still cp1252, not UTF-8 with holes
    assert decode_bytes(GOOD.encode("cp1252")).encoding == "cp1252"
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "holes.txt").write_bytes(data)
    plan, chunk = _through_parse(inbox, _settings(tmp_path))
    assert _documents(chunk)["holes.txt"]["encoding"] == "utf-8"
    assert _quarantine(plan, chunk) == {"holes.txt": ("decode", "repaired")}
    _q, files = stages.quarantine_files_rows(chunk.rejected, plan.stats, "r1", stages.utcnow())
    assert files.num_rows == 0  # a note: the file is a document, not a quarantined file


def test_long_text_pieces_cover_it_at_paragraph_breaks() -> None:
    para = "Der Rat der Stadt Köln beschloss den Haushalt. " * 40 + "\n\n"
    text = para * 700  # ~1.3 million characters
    pieces = list(text_pieces(text))
    assert len(text) > 1_000_000 and len(pieces) > 10
    assert "".join(text[a:b] for a, b in pieces) == text
    assert all(b - a <= 100_000 for a, b in pieces)
    assert all(text[b - 2:b] == "\n\n" for a, b in pieces[:-1])  # cut at paragraph breaks only
    assert list(text_pieces("x" * 250_001)) == [(0, 100_000), (100_000, 200_000), (200_000, 250_001)]


class _StrictNLP:
    """A stand-in NER pipeline that, like spaCy, refuses texts over max_length (E088)."""

    max_length = 1_000_000

    def __init__(self) -> None:
        self.meta = {"lang": "de", "name": "fake", "version": "0"}
        self.seen = 0

    def memory_zone(self):
        import contextlib

        return contextlib.nullcontext()

    def pipe(self, texts, batch_size=1):
        for t in texts:
            yield self(t)

    def __call__(self, text: str):
        if len(text) > self.max_length:
            raise ValueError("[E088] Text of length %d exceeds maximum" % len(text))
        self.seen += len(text)
        import spacy

        doc = spacy.blank("de").make_doc(text[:20])
        return doc


def test_document_over_a_million_characters_goes_through_ner_in_pieces() -> None:
    from flows.models import Models
    from transforms.ingest.language import Section

    text = ("Der Rat der Stadt Köln beschloss den Haushalt. " * 40 + "\n\n") * 700
    art = stages.Article("d" * 16, "/x/long.txt", "/x/long.txt", "sha", len(text), 0, text, {})
    art.sections = [Section(0, "de", 0, len(text))]
    nlp = _StrictNLP()
    models = Models(("de",), Path("."), sectioner=None, splitter=None, figures=None, quotes=None)
    models._ner["de"] = nlp
    chunk = stages.extract_chunk(stages.Chunk(0, [], articles=[art]), models, ner_batch_chars=20_000)
    assert not chunk.rejected and chunk.articles == [art]
    assert nlp.seen == len(text)


class _FragileResolver:
    """Raises on one name, as a resolver bug or a hostile name would."""

    def resolve_document(self, mentions):
        if any(m["text"] == "Böse" for m in mentions):
            raise RecursionError("maximum recursion depth exceeded")
        return ["E-" + m["text"] for m in mentions]

    def lookup(self, text, language, label=None):
        return None


def test_a_name_the_resolver_cannot_take_quarantines_only_its_document() -> None:
    def art(doc_id: str, name: str) -> stages.Article:
        a = stages.Article(doc_id, f"/in/{doc_id}.txt", f"/in/{doc_id}.txt", "sha", 10, 0, f"{name} sagte.", {})
        a.mentions = [{"mention_no": 0, "char_start": 0, "char_end": len(name), "text": name, "label": "PER",
                       "language": "de"}]
        return a

    chunk = stages.Chunk(0, [], articles=[art("a" * 16, "Anna"), art("b" * 16, "Böse"), art("c" * 16, "Carl")])
    seen: set[str] = set()
    chunk = stages.link_chunk(chunk, _FragileResolver(), seen)
    assert [a.mentions[0]["entity_id"] for a in chunk.articles] == ["E-Anna", "E-Carl"]
    assert [(q.source_uri, q.stage, q.reason) for q in chunk.rejected] == [("/in/bbbbbbbbbbbbbbbb.txt", "link",
                                                                           "transform_error")]
    assert "b" * 16 not in seen  # the same text may come back and link after a fix


# ------------------------------------------------------------- special files and the inbox boundary


def test_fifo_in_inbox_is_rejected_and_a_file_swapped_for_a_fifo_never_blocks(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "swap.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "good.txt").write_text(GOOD.replace("Montag", "Dienstag"), encoding="utf-8")
    settings = _settings(tmp_path)
    plan = stages.discover(inbox, settings, WarehouseState())
    assert {Path(q.source_uri).name: q.reason for q in plan.rejected} == {"pipe.txt": "not_a_file"}
    (inbox / "swap.txt").unlink()
    os.mkfifo(inbox / "swap.txt")  # replaced after discovery
    done: list[stages.Chunk] = []
    worker = threading.Thread(target=lambda: done.append(
        stages.parse_chunk(stages.read_chunk(stages.Chunk(0, plan.candidates), {}, settings.max_file_bytes))),
        daemon=True)
    worker.start()
    worker.join(10)
    assert done, "reading a FIFO blocked"
    chunk = done[0]
    assert _quarantine(plan, chunk) == {"pipe.txt": ("discover", "not_a_file"), "swap.txt": ("read", "not_a_file")}
    assert list(_documents(chunk)) == ["good.txt"]


def test_symlinks_out_of_the_inbox_are_quarantined_unless_allowed(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    (inbox / "sub").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM: das Passwort ist Brücke.\n", encoding="utf-8")
    (inbox / "sub" / "inside.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(secret, inbox / "leak.txt")
    os.symlink(inbox / "sub" / "inside.txt", inbox / "alias.txt")
    os.symlink("../../secret.txt", inbox / "sub" / "relative.txt")
    plan, chunk = _through_parse(inbox, _settings(tmp_path))
    assert _quarantine(plan, chunk) == {"leak.txt": ("discover", "outside_inbox"),
                                        "relative.txt": ("discover", "outside_inbox")}
    assert all("GEHEIM" not in a.text for a in chunk.articles)
    assert {Path(a.file_path).name for a in chunk.articles} == {"inside.txt", "alias.txt"}
    # the setting allows it, and a quarantined link is retried when it changes
    _q, files = stages.quarantine_files_rows(plan.rejected, plan.stats, "r1", stages.utcnow())
    state = _state_from(files.to_pylist(), plan.rejected)
    assert not stages.discover(inbox, _settings(tmp_path), state).rejected  # same link, same setting: unchanged
    plan2, chunk2 = _through_parse(inbox, _settings(tmp_path, allow_outside_inbox=True), state)
    assert any("GEHEIM" in a.text for a in chunk2.articles)


def test_a_regular_file_swapped_for_a_symlink_after_discovery_is_not_followed(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (tmp_path / "secret.txt").write_text("GEHEIM.\n", encoding="utf-8")
    (inbox / "a.txt").write_text(GOOD, encoding="utf-8")
    plan = stages.discover(inbox, _settings(tmp_path), WarehouseState())
    (inbox / "a.txt").unlink()
    os.symlink(tmp_path / "secret.txt", inbox / "a.txt")
    chunk = stages.read_chunk(stages.Chunk(0, plan.candidates), {}, 10_000)
    assert not chunk.raw and [(q.stage, q.reason) for q in chunk.rejected] == [("read", "not_a_file")]


def _state_from(file_rows: list[dict], rejected: list[stages.Quarantined]) -> WarehouseState:
    state = WarehouseState()
    for r in file_rows:
        state.files.setdefault(r["file_path"], []).append(KnownFile(
            r["source_uri"], r["file_path"], r["content_sha"], r["size"], r["mtime_ns"], r["doc_id"], r["status"]))
    for q in rejected:
        state.quarantined[q.source_uri] = (q.stage, q.reason, q.detail)
    return state


def _deny(monkeypatch, paths: set[str]) -> None:
    """chmod 0 for these paths; as root (whom modes do not stop) the same errors, simulated."""
    for p in paths:
        os.chmod(p, 0)
    if not IS_ROOT:
        return
    real_open, real_scandir, real_access = os.open, os.scandir, os.access

    def denied(p) -> bool:
        return os.fsdecode(p) in paths and not os.stat(p).st_mode & 0o444

    def fake_open(p, flags, *a, **kw):
        if denied(p):
            raise PermissionError(13, "Permission denied", os.fsdecode(p))
        return real_open(p, flags, *a, **kw)

    def fake_scandir(p="."):
        if denied(p):
            raise PermissionError(13, "Permission denied", os.fsdecode(p))
        return real_scandir(p)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: not denied(p) and real_access(p, mode, **kw))


def test_unreadable_file_and_folder_get_rows_and_are_retried_when_fixed(tmp_path: Path, monkeypatch) -> None:
    inbox = tmp_path / "in"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "locked" / "inner.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "secret.txt").write_text(GOOD.replace("Montag", "Freitag"), encoding="utf-8")
    _deny(monkeypatch, {str(inbox / "secret.txt"), str(inbox / "locked")})
    try:
        settings = _settings(tmp_path)
        plan, chunk = _through_parse(inbox, settings)
        assert _quarantine(plan, chunk) == {"locked": ("discover", "unreadable"), "secret.txt": ("read", "unreadable")}
        _q, files = stages.quarantine_files_rows(plan.rejected + chunk.rejected, plan.stats, "r1", stages.utcnow())
        state = _state_from(files.to_pylist(), plan.rejected + chunk.rejected)
        again = stages.discover(inbox, settings, state)
        assert not again.rejected and not again.candidates and again.unchanged == 2  # still broken: no new rows
    finally:
        os.chmod(inbox / "secret.txt", 0o644)
        os.chmod(inbox / "locked", 0o755)
    fixed = stages.discover(inbox, settings, state)  # chmod changes neither size nor mtime
    assert sorted(Path(c.path).name for c in fixed.candidates) == ["inner.txt", "secret.txt"]


def test_quarantine_for_a_passing_reason_is_retried(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "big.txt").write_text(GOOD * 3, encoding="utf-8")
    (inbox / "gone.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    small = _settings(tmp_path, max_file_bytes=200)
    plan = stages.discover(inbox, small, WarehouseState())
    saved = (inbox / "gone.txt").read_bytes(), os.stat(inbox / "gone.txt")
    (inbox / "gone.txt").unlink()  # vanishes between discovery and read
    chunk = stages.parse_chunk(stages.read_chunk(stages.Chunk(0, plan.candidates), {}, small.max_file_bytes))
    rejected = plan.rejected + chunk.rejected
    assert _quarantine(plan, chunk) == {"big.txt": ("discover", "too_large"), "gone.txt": ("read", "vanished"),
                                        "binary.txt": ("decode", "binary")}
    _q, files = stages.quarantine_files_rows(rejected, plan.stats, "r1", stages.utcnow())
    state = _state_from(files.to_pylist(), rejected)
    (inbox / "gone.txt").write_bytes(saved[0])
    os.utime(inbox / "gone.txt", ns=(saved[1].st_atime_ns, saved[1].st_mtime_ns))  # restored with its old mtime
    names = lambda p: sorted(Path(c.path).name for c in p.candidates)  # noqa: E731
    assert names(stages.discover(inbox, small, state)) == ["gone.txt"]
    assert names(stages.discover(inbox, _settings(tmp_path, max_file_bytes=10_000), state)) == ["big.txt", "gone.txt"]
    everything = _settings(tmp_path, max_file_bytes=200, retry_quarantined=True)
    assert names(stages.discover(inbox, everything, state)) == ["binary.txt", "gone.txt"]


# ------------------------------------------------------------- load faults and a damaged lake


def _lake_run(lake, doc_ids: list[str]) -> str:
    from warehouse.lake import Commit, new_run_id
    from warehouse.schema import to_table

    run_id = new_run_id()
    docs = [{"doc_id": d, "source_uri": f"/in/{d}.txt", "source_uris": [f"/in/{d}.txt"], "text": f"Text {d}",
             "run_id": run_id} for d in doc_ids]
    files = [{"source_uri": f"/in/{d}.txt", "file_path": f"/in/{d}.txt", "doc_id": d, "status": "document",
              "run_id": run_id} for d in doc_ids]
    written = {"documents": [lake.write(run_id, "documents", to_table("documents", docs), "0")],
               "files": [lake.write(run_id, "files", to_table("files", files), "0")]}
    lake.commit(Commit(run_id, "now", "completed", written))
    return run_id


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_commit_records_are_relative_and_a_copied_lake_reads_its_own_files(tmp_path: Path) -> None:
    import shutil

    from warehouse.lake import Lake
    from warehouse.store import catch_up

    lake = Lake(str(tmp_path / "a" / "lake"))
    run_id = _lake_run(lake, ["d1"])
    record = json.loads((tmp_path / "a" / "lake" / "_commits" / f"{run_id}.json").read_text())
    assert all(not p.startswith("/") and p.startswith(t + "/") for t, ps in record["files"].items() for p in ps)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    shutil.rmtree(tmp_path / "a")  # the original is gone: the copy must not need it
    assert catch_up(tmp_path / "b" / "w.duckdb", Lake(str(tmp_path / "b" / "lake"))) == [run_id]
    assert _rows(tmp_path / "b" / "w.duckdb", "SELECT doc_id FROM documents") == [("d1",)]
    # a record of an older version (absolute paths of another place) is rebased onto this lake
    old = Lake(str(tmp_path / "b" / "lake"))
    assert old.resolve("/elsewhere/lake/documents/ingest_date=2026-01-01/run_id=x/part-0.parquet") == \
        str(tmp_path / "b" / "lake" / "documents/ingest_date=2026-01-01/run_id=x/part-0.parquet")


def test_a_committed_run_is_never_overwritten_by_a_failed_record(tmp_path: Path) -> None:
    from warehouse.lake import Commit, Lake

    lake = Lake(str(tmp_path / "lake"))
    run_id = _lake_run(lake, ["d1"])
    good = lake.commits()[0]
    lake.commit(good)  # a retried commit task: the same record again is fine
    with pytest.raises(FileExistsError):
        lake.commit(Commit(run_id, "later", "failed", {}))
    assert lake.commits()[0].status == "completed"


def test_damaged_part_and_garbage_commit_are_reported_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    from warehouse.lake import Lake
    from warehouse.store import catch_up_report, read_state, rebuild

    lake = Lake(str(tmp_path / "lake"))
    db = tmp_path / "w.duckdb"
    first = _lake_run(lake, ["d1"])
    missing = _lake_run(lake, ["d2"])
    truncated = _lake_run(lake, ["d3"])
    last = _lake_run(lake, ["d4"])
    (tmp_path / "lake" / "_commits" / "20260101T000000000000Z-garbag.json").write_text("{not json", encoding="utf-8")
    parts = {c.run_id: c.files["documents"][0] for c in lake.commits()}
    os.unlink(lake.resolve(parts[missing]))
    path = lake.resolve(parts[truncated])
    data = Path(path).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    loaded, damaged = catch_up_report(db, lake)
    assert loaded == [first, last]
    assert set(damaged) == {missing, truncated, "20260101T000000000000Z-garbag"}
    assert damaged[missing].startswith("lake part documents/ingest_date=") and damaged[missing].endswith("is missing")
    assert "Parquet magic bytes" in damaged[truncated]
    assert damaged["20260101T000000000000Z-garbag"].startswith("unreadable commit record _commits/")
    assert _rows(db, "SELECT doc_id FROM documents ORDER BY 1") == [("d1",), ("d4",)]
    marked = dict(_rows(db, "SELECT run_id, status FROM runs"))
    assert marked[missing] == marked[truncated] == "damaged"
    assert read_state(db).damaged_runs == set(damaged)
    assert catch_up_report(db, lake) == ([], {})  # skipped for good: later runs are not held up
    # newsflow rebuild: a fresh file from the lake, same good rows, damage reported again
    loaded, damaged = rebuild(db, lake)
    assert loaded == [first, last] and set(damaged) == {missing, truncated, "20260101T000000000000Z-garbag"}
    assert _rows(db, "SELECT doc_id FROM documents ORDER BY 1") == [("d1",), ("d4",)]


def test_failed_load_reports_the_real_cause_not_the_rollback(tmp_path: Path, monkeypatch) -> None:
    from warehouse import store
    from warehouse.lake import Lake

    lake = Lake(str(tmp_path / "lake"))
    db = tmp_path / "w.duckdb"
    _lake_run(lake, ["d1"])
    store.catch_up(db, lake)
    run_id = _lake_run(lake, ["d2"])
    real_insert = store._insert_files

    def disk_full(con, lake_, table, paths):
        real_insert(con, lake_, table, paths)
        con.execute("ROLLBACK")  # DuckDB aborts the transaction itself on an I/O error
        raise duckdb.IOException("IO Error: Could not write file \"w.duckdb.wal\": No space left on device")

    monkeypatch.setattr(store, "_insert_files", disk_full)
    with pytest.raises(duckdb.IOException, match="No space left on device"):
        store.catch_up(db, lake)
    monkeypatch.setattr(store, "_insert_files", real_insert)
    assert _rows(db, "SELECT doc_id FROM documents") == [("d1",)]
    assert store.catch_up(db, lake) == [run_id]  # the committed run loads next time


def test_run_that_fails_to_load_keeps_its_commit_and_says_why_in_one_line(tmp_path: Path, monkeypatch) -> None:
    """The run's flow committed, then DuckDB refused the load (a reader's lock): the record stays."""
    from flows import run as run_mod
    from warehouse.lake import Lake

    settings = _settings(tmp_path)
    lake = Lake(settings.lake_path)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(GOOD, encoding="utf-8")

    def flow(inbox_, settings_, run_id):
        from warehouse.lake import Commit

        lake.commit(Commit(run_id, "now", "completed", {}))
        try:
            raise duckdb.IOException('IO Error: Could not set lock on file "w.duckdb": Conflicting lock is held')
        except duckdb.IOException as inner:
            raise RuntimeError("cannot rollback - no transaction is active") from inner

    monkeypatch.setattr(run_mod, "flow_for", lambda s: flow)
    monkeypatch.setattr("flows.models.warm_up", lambda *a, **k: None)
    with pytest.raises(run_mod.RunFailed) as failed:
        run_mod.run_inbox(inbox, settings)
    message = str(failed.value)
    assert "\n" not in message and "Conflicting lock is held" in message and "next run" in message
    assert [c.status for c in lake.commits()] == ["completed"]


# ------------------------------------------------------------- newsflow sql stays inside the warehouse


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, GX_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    return subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, **kw)


def test_sql_refuses_files_outside_the_warehouse_unless_allowed(tmp_path: Path) -> None:
    from warehouse.lake import Lake
    from warehouse.store import catch_up

    db = tmp_path / "w.duckdb"
    catch_up(db, Lake(str(tmp_path / "lake")))
    out = tmp_path / "leak.csv"
    for query in (f"COPY (SELECT 1 AS x) TO '{out}'", "SELECT * FROM read_text('/etc/hostname')"):
        done = _cli("sql", query, "--warehouse", str(db))
        assert done.returncode == 1, done.stdout
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:") and "disabled" in lines[0], done.stderr
    assert not out.exists()
    ok = _cli("sql", "SELECT count(*) AS n FROM documents", "--warehouse", str(db), "--format", "csv")
    assert ok.returncode == 0 and ok.stdout.split() == ["n", "0"]
    hostname = Path("/etc/hostname")
    if hostname.exists():
        allowed = _cli("sql", "SELECT count(*) AS n FROM read_text('/etc/hostname')", "--warehouse", str(db),
                       "--format", "csv", "--allow-external")
        assert allowed.returncode == 0 and allowed.stdout.split() == ["n", "1"], allowed.stderr


def test_rebuild_command_recreates_the_warehouse_from_the_lake(tmp_path: Path) -> None:
    from warehouse.lake import Lake

    db = tmp_path / "w.duckdb"
    lake = Lake(str(tmp_path / "w_lake"))  # the default lake beside the DuckDB file
    _lake_run(lake, ["d1", "d2"])
    done = _cli("rebuild", "--warehouse", str(db))
    assert done.returncode == 0, done.stderr
    assert "1 run(s) loaded" in done.stdout
    assert _rows(db, "SELECT count(*) FROM documents") == [(2,)]
    db.unlink()
    assert _cli("rebuild", "--warehouse", str(db)).returncode == 0
    assert _rows(db, "SELECT count(*) FROM documents") == [(2,)]


# ------------------------------------------------------------- no leaked Prefect server


def _running(pid: int) -> bool:
    """The process exists and is no zombie (a container's init may be slow to reap)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _running(pid):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the watchdog reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_watchdog_stops_the_server_when_its_run_is_killed(sig: int) -> None:
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        "from flows import prefect_env\n"
        "server = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
        "prefect_env.watch(server)\n"
        "print(server.pid, flush=True)\n"
        "time.sleep(300)\n")], cwd=REPO, stdout=subprocess.PIPE, text=True)
    server_pid = int(parent.stdout.readline())
    assert _running(server_pid)
    parent.send_signal(sig)
    parent.wait(10)
    assert _gone_within(server_pid, 15), "the server outlived its run"


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if ppid == pid:
            found.append((int(entry), cmd))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_sigterm_of_a_run_leaves_no_prefect_server(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i in range(3):
        (inbox / f"a{i}.txt").write_text(GOOD.replace("Montag", f"Tag {i}"), encoding="utf-8")
    env = dict(os.environ, NEWSFLOW_BUILD_DATA_DOCS="false", PREFECT_HOME=str(tmp_path / "prefect"))
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen([sys.executable, "-c", "from flows.cli import main; main()", "run", str(inbox),
                            "--warehouse", str(tmp_path / "w.duckdb"), "--no-report"], cwd=REPO, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    deadline = time.monotonic() + 240
    while server is None and time.monotonic() < deadline and run.poll() is None:
        server = next((pid for pid, cmd in _children(run.pid) if "prefect.server.api.server:create_app" in cmd), None)
        time.sleep(0.3)
    assert server is not None, "the run never started its ephemeral Prefect server"
    run.send_signal(signal.SIGTERM)
    run.wait(30)
    assert _gone_within(server, 20), "the ephemeral Prefect server outlived the run"


# ------------------------------------------------------------- one flow run over a hostile inbox


@pytest.mark.slow
def test_hostile_inbox_flow_run(tmp_path: Path, prefect_harness) -> None:
    from flows.run import run_inbox

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM: root:x:0:0\n", encoding="utf-8")
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data, _expected in RECORD_CASES:
        (inbox / name).write_bytes(data)
    with open(os.path.join(os.fsencode(inbox), b"caf\xe9.txt"), "wb") as fh:
        fh.write("Im Café am Markt in Bonn trafen sich am Dienstag die Stadträte.\n".encode())
    (inbox / "bomb.md").write_text(YAML_BOMB, encoding="utf-8")
    (inbox / "nested.md").write_text("".join("  " * i + f"- Ebene {i}\n" for i in range(10))
                                     + "\nNach der Liste sprach Olaf Scholz in Berlin.\n", encoding="utf-8")
    holes = (GOOD * 3).encode()
    (inbox / "holes.txt").write_bytes(holes[:120] + b"\xff\xfe\xfd" + holes[120:])
    # (a document over 1M characters is left to the unit tests: its NER alone takes ~30 s here)
    os.mkfifo(inbox / "pipe.txt")
    os.symlink(secret, inbox / "leak.txt")
    settings = Settings(warehouse=tmp_path / "w.duckdb", progress=False, build_data_docs=False)
    summary = run_inbox(inbox, settings)
    assert summary["status"] == "completed_with_errors", summary
    db = settings.warehouse
    docs = dict(_rows(db, "SELECT regexp_extract(source_uri, '[^/]+$'), n_chars FROM documents"))
    assert set(docs) == {"good.txt", "surrogate.json", "mindate.json", "bigint.json", "bigdate.json",
                         "caf\\xe9.txt", "bomb.md", "nested.md", "holes.txt"}
    quarantine = {(Path(u).name, s, r) for u, s, r in _rows(db, "SELECT source_uri, stage, reason FROM quarantine")}
    assert quarantine == {("deep.json", "parse", "too_deep"), ("pipe.txt", "discover", "not_a_file"),
                          ("leak.txt", "discover", "outside_inbox"), ("holes.txt", "decode", "repaired")}
    assert {Path(u).name for u, _s, _r in summary["quarantined_files"]} == {"deep.json", "pipe.txt", "leak.txt",
                                                                           "holes.txt"}
    assert _rows(db, "SELECT count(*) FROM documents WHERE text LIKE '%GEHEIM%'") == [(0,)]
    encodings = dict(_rows(db, "SELECT regexp_extract(source_uri, '[^/]+$'), encoding FROM documents"))
    assert encodings["holes.txt"] == "utf-8"
    assert _rows(db, "SELECT count(*) FROM documents WHERE source_uri LIKE '%nested.md' "
                     "AND text LIKE '%Ebene 9%Nach der Liste sprach Olaf Scholz%'") == [(1,)]
    # nothing changed: the next tick is a no-op, the rejected files are not re-reported
    again = run_inbox(inbox, settings)
    assert again["status"] == "noop", again
    # the warehouse's own rows decide retries: allowing outside links brings back only leak.txt
    from warehouse.store import read_state

    state = read_state(db)
    assert {Path(u).name: r for u, (_s, r, _d) in state.quarantined.items()}["leak.txt"] == "outside_inbox"
    allowed = stages.discover(inbox, settings.with_overrides(allow_outside_inbox=True), state)
    assert [Path(c.path).name for c in allowed.candidates] == ["leak.txt"] and not allowed.rejected
