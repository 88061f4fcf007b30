"""The bodies of the pipeline's stages, as plain functions over one chunk of files.

Prefect tasks in ``flows/tasks.py`` wrap these one to one; keeping them plain
lets tests call each stage directly and lets the Dask runner ship them to
workers.  Discovery and reading (the inbox I/O) live in ``flows.discovery``
and are re-exported here; text work is delegated to ``transforms``; tables are
shaped by ``warehouse.schema``.

Why one module of ~420 lines: one concern (what each stage does to a chunk), the stages in the
order a chunk meets them; about a quarter is the chunk's row shaping for the tables.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa

# Discovery and reading live in flows.discovery; their names are re-exported here, so a task, a
# test or a benchmark keeps calling ``stages.discover``, ``stages.read_chunk`` and friends.
from flows.discovery import (  # noqa: F401 - re-exported
    PASSING_REASONS,
    FileCandidate,
    Plan,
    Quarantined,
    discover,
    known_for,
    newsflow_version,
    one_line,
    read_chunk,
    read_regular,
    uri_for,
)
# flows.models' warm-up sniffs file heads under the model lock: a timed read, so a stalled file cannot hold it
from flows.models import Models
from warehouse.schema import to_table
from warehouse.store import KnownFile, WarehouseState

# ------------------------------------------------------------------ records


@dataclass
class Article:
    """One document in flight through a chunk's stages."""

    doc_id: str
    source_uri: str
    file_path: str
    content_sha: str
    size: int
    mtime_ns: int
    text: str
    meta: dict[str, Any]
    sections: list[Any] = field(default_factory=list)
    sentences: list[Any] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)


@dataclass
class Chunk:
    """The unit of work between stages: a few dozen files and what came of them."""

    chunk_no: int
    files: list[FileCandidate]
    raw: list[tuple[FileCandidate, bytes, str]] = field(default_factory=list)  # (file, bytes, sha)
    articles: list[Article] = field(default_factory=list)
    unchanged: list[tuple[FileCandidate, KnownFile]] = field(default_factory=list)
    duplicates: list[Article] = field(default_factory=list)  # known text under a new uri
    rejected: list[Quarantined] = field(default_factory=list)
    n_read: int = 0
    n_parsed: int = 0
    read_timeout_s: float | None = None  # seconds each file's read may take (the plan's); None: the default


def chunked(plan: Plan, size: int) -> list[Chunk]:
    return [Chunk(i, plan.candidates[s:s + size], read_timeout_s=plan.read_timeout_s)
            for i, s in enumerate(range(0, len(plan.candidates), size))]


# ------------------------------------------------------------------- parse


def doc_id_for(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_chunk(chunk: Chunk) -> Chunk:
    """Decode and parse each file into articles (one per file, or per record of .json/.jsonl)."""
    from transforms import ingest

    for cand, data, sha in chunk.raw:
        try:
            decoded = ingest.decode_bytes(data)
        except Exception as exc:  # noqa: BLE001 - caught where the file is: the chunk goes on
            rej = ingest.record_error(exc, stage="decode")
            chunk.rejected.append(Quarantined(cand.path, rej.stage, rej.reason, rej.detail))
            continue
        try:
            parsed = ingest.parse_records(decoded.text, Path(cand.path).suffix.lower().lstrip("."))
        except Exception as exc:  # noqa: BLE001
            rej = ingest.record_error(exc)
            chunk.rejected.append(Quarantined(cand.path, rej.stage, rej.reason, rej.detail))
            continue
        if decoded.note:
            chunk.rejected.append(Quarantined(cand.path, "decode", "repaired", decoded.note, note=True))
        for bad in parsed.rejected:
            uri = cand.path if bad.record_no is None else f"{cand.path}#{bad.record_no}"
            chunk.rejected.append(Quarantined(uri, bad.stage, bad.reason, bad.detail))
        articles = parsed.articles
        if not articles:
            chunk.rejected.append(Quarantined(cand.path, "parse", "no_good_records",
                                              f"{len(parsed.rejected)} record(s), none usable"))
        for art in articles:
            uri = cand.path if art.record_no is None else f"{cand.path}#{art.record_no}"
            try:
                article = _article(art, uri, cand, sha, decoded.encoding)
            except Exception as exc:  # noqa: BLE001 - one bad record never sinks its file
                rej = ingest.record_error(exc)
                chunk.rejected.append(Quarantined(uri, rej.stage, rej.reason, rej.detail))
                continue
            chunk.n_parsed += 1
            chunk.articles.append(article)
    chunk.raw = []  # the bytes are not needed past this point
    return chunk


def _article(art: Any, uri: str, cand: FileCandidate, sha: str, encoding: str) -> Article:
    from transforms.ingest.dates import document_date

    # metadata, dateline, top, else the latest plausible date in the text (published_at_source says which)
    dated = document_date(art.text, art.published_at if art.published_source == "field" else None, utcnow())
    meta = {
        "title": art.title, "title_source": art.title_source,
        "published_at": dated.value, "published_at_source": dated.source,
        "published_source": ("field" if dated.source == "metadata" else "text") if dated.value else None,
        "published_reason": None if dated.value else (art.published_reason or dated.reason),
        "url": art.url, "source": art.source,
        "format": Path(cand.path).suffix.lower().lstrip("."), "encoding": encoding,
    }
    return Article(doc_id_for(art.text), uri, cand.path, sha, cand.size, cand.mtime_ns, art.text, meta)


# ------------------------------------------------- sections and sentences


def _reject_article(chunk: Chunk, art: Article, stage: str, exc: BaseException) -> None:
    """A transform that fails on one document quarantines that document; the chunk goes on."""
    chunk.rejected.append(Quarantined(art.source_uri, stage, "transform_error",
                                      f"{one_line(exc)} [newsflow {newsflow_version()}]"))


def _drop_rejected(chunk: Chunk, failed: set[int]) -> None:
    if failed:
        chunk.articles = [a for a in chunk.articles if id(a) not in failed]


def sections_chunk(chunk: Chunk, models: Models) -> Chunk:
    failed: set[int] = set()
    with models.lock:
        for art in chunk.articles:
            try:
                art.sections = models.sectioner(art.text)
            except Exception as exc:  # noqa: BLE001 - one bad document must not sink its chunk
                _reject_article(chunk, art, "sections", exc)
                failed.add(id(art))
    _drop_rejected(chunk, failed)
    return chunk


def sentences_chunk(chunk: Chunk, models: Models) -> Chunk:
    with models.lock:
        try:  # batched through spaCy; on an error, document by document to find the bad one
            done = list(models.splitter.documents([(a.text, a.sections) for a in chunk.articles]))
        except Exception:  # noqa: BLE001
            done = []
            for art in chunk.articles:
                try:
                    done.append(models.splitter(art.text, art.sections))
                except Exception as exc:  # noqa: BLE001
                    _reject_article(chunk, art, "sentences", exc)
                    done.append(None)
    failed: set[int] = set()
    for art, sentences in zip(chunk.articles, done):
        if sentences is None:
            failed.add(id(art))
        else:
            art.sentences = sentences
    _drop_rejected(chunk, failed)
    return chunk


# ----------------------------------------------------------------- extract


def published_date(art: Article) -> date | None:
    value = art.meta.get("published_at")
    return value.date() if isinstance(value, datetime) else None


def extract_chunk(chunk: Chunk, models: Models, ner_batch_chars: int = 20_000) -> Chunk:
    """Mentions, figures and quotes of each document (``transforms.extract``).

    A document on which a transform raises is quarantined (stage ``extract``); the others go on."""
    from transforms.extract import ParsedDocument, extract_documents  # spaCy: no cost for a no-op tick

    docs = [ParsedDocument(art.text, art.sections, published_date(art)) for art in chunk.articles]
    with models.lock:
        results = extract_documents(docs, models, ner_batch_chars)
    failed: set[int] = set()
    for art, result in zip(chunk.articles, results):
        if result.error is not None:
            _reject_article(chunk, art, "extract", result.error)
            failed.add(id(art))
        else:
            art.mentions, art.figures, art.quotes = result.mentions, result.figures, result.quotes
    _drop_rejected(chunk, failed)
    return chunk


# -------------------------------------------------------------------- link


def link_chunk(chunk: Chunk, resolver: Any, seen_doc_ids: set[str]) -> Chunk:
    """Serial step: entity ids for mentions and quote speakers; texts already in the warehouse or
    seen earlier in this run become extra uris of their document (``seen_doc_ids`` starts as the
    warehouse's document ids)."""
    unique: list[Article] = []
    for art in chunk.articles:
        if art.doc_id in seen_doc_ids:
            chunk.duplicates.append(art)
            continue
        if resolver is not None:
            try:
                _link_article(art, resolver)
            except Exception as exc:  # noqa: BLE001 - a name the resolver cannot take quarantines its document
                _reject_article(chunk, art, "link", exc)
                continue
        seen_doc_ids.add(art.doc_id)
        unique.append(art)
    chunk.articles = unique
    return chunk


def _link_article(art: Article, resolver: Any) -> None:
    """Entity ids for one document's mentions and quote speakers."""
    ids = resolver.resolve_document(art.mentions) if art.mentions else []
    for mention, entity_id in zip(art.mentions, ids):
        mention["entity_id"] = entity_id
    by_no = {m["mention_no"]: m for m in art.mentions}
    for quote in art.quotes:
        speaker = by_no.get(quote.get("speaker_mention_no"))
        entity_id = speaker.get("entity_id") if speaker else None
        if entity_id is None and quote.get("speaker_text"):
            entity_id = resolver.lookup(quote["speaker_text"], quote.get("language", ""), "PER")
        quote["speaker_entity_id"] = entity_id


# ------------------------------------------------------------------ events


def _doc_input(art: Article) -> Any:
    from transforms.events import DocInput

    return DocInput(art.doc_id, art.text, published_date(art),
                    [(s.sentence_no, s.char_start, s.char_end, s.language) for s in art.sentences],
                    art.mentions, art.figures, art.quotes, [(s.char_start, s.char_end, s.language) for s in art.sections])


def events_tables(chunk: Chunk, events: Any, stories: Any, run_id: str) -> dict[str, pa.Table]:
    """Serial step after linking (``transforms.events``): the chunk's event reports merged into
    ``events`` (an EventIndex), its claims, and each document's story (``stories``, a StoryIndex).
    A document on which the event rules raise keeps its other rows and gets no event rows."""
    import logging

    from transforms.events import analyse_document

    mentions, claims, story_rows = [], [], []
    for art in chunk.articles:
        try:
            found = analyse_document(_doc_input(art), events, stories, run_id)
        except Exception:  # noqa: BLE001 - derived rows: the document itself is fine
            logging.getLogger("newsflow.events").warning("events failed on %s", art.source_uri, exc_info=True)
            continue
        for r in found.reports:
            mentions.append({"event_id": r.event_id, "doc_id": r.doc_id, "char_start": r.char_start,
                             "char_end": r.char_end, "sentence": r.sentence, "language": r.language,
                             "trigger": r.trigger, "trigger_start": r.trigger_start, "trigger_end": r.trigger_end,
                             "sentence_no": r.sentence_no, "kind": r.kind, "tense": r.tense,
                             "date_value": r.date_value, "duration_minutes": r.duration_minutes,
                             "is_main": r.is_main, "run_id": run_id})
        claims.extend(dict(c.__dict__, run_id=run_id) for c in found.claims)
        langs = [s.language for s in art.sections]
        story_rows.append({"story_id": found.story_id, "doc_id": art.doc_id,
                           "language": max(set(langs), key=langs.count) if langs else None,
                           "score": found.story_score, "run_id": run_id})
    return {"event_mentions": to_table("event_mentions", mentions), "claims": to_table("claims", claims),
            "stories": to_table("stories", story_rows)}


# ----------------------------------------------------------------- tables


def _sentence_no(starts: list[int], offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 else None


def chunk_tables(chunk: Chunk, run_id: str, now: datetime) -> dict[str, pa.Table]:
    """The chunk's rows as schema-typed Arrow tables (documents and their child rows)."""
    docs, secs, sents, ments, figs, quotes, files = [], [], [], [], [], [], []
    for art in chunk.articles:
        meta = art.meta
        langs: list[str] = []
        weight: dict[str, int] = {}
        for s in art.sections:
            if s.language not in langs:
                langs.append(s.language)
            weight[s.language] = weight.get(s.language, 0) + (s.char_end - s.char_start)
        docs.append({
            "doc_id": art.doc_id, "source_uri": art.source_uri, "source_uris": [art.source_uri], "text": art.text,
            "title": meta["title"], "title_source": meta["title_source"], "published_at": meta["published_at"],
            "published_source": meta["published_source"], "published_reason": meta["published_reason"],
            "published_at_source": meta.get("published_at_source"),
            "language": max(weight, key=weight.__getitem__) if weight else None, "languages": langs,
            "n_chars": len(art.text), "format": meta["format"], "encoding": meta["encoding"], "url": meta["url"],
            "source": meta["source"], "ingested_at": now, "run_id": run_id,
        })
        base = {"doc_id": art.doc_id, "run_id": run_id}
        for s in art.sections:
            secs.append(dict(base, section_no=s.section_no, language=s.language,
                             char_start=s.char_start, char_end=s.char_end))
        starts = [s.char_start for s in art.sentences]
        for s in art.sentences:
            sents.append(dict(base, sentence_no=s.sentence_no, section_no=s.section_no, language=s.language,
                              char_start=s.char_start, char_end=s.char_end))
        for m in art.mentions:
            ments.append(dict(base, mention_no=m["mention_no"], char_start=m["char_start"], char_end=m["char_end"],
                              text=m["text"], label=m["label"], entity_id=m.get("entity_id"),
                              normalized=m.get("normalized"), language=m["language"],
                              sentence_no=_sentence_no(starts, m["char_start"]),
                              extractor=m.get("extractor"), extractor_version=m.get("extractor_version")))
        for no, f in enumerate(art.figures):
            figs.append(dict(base, figure_no=no, sentence_no=_sentence_no(starts, f["char_start"]),
                             **{k: f.get(k) for k in ("char_start", "char_end", "text", "kind", "value", "value_max",
                                                      "unit", "date_value", "qualifier", "subject", "note",
                                                      "language", "extractor")}))
        for no, q in enumerate(art.quotes):
            quotes.append(dict(base, quote_no=no, sentence_no=_sentence_no(starts, q["char_start"]),
                               **{k: q.get(k) for k in ("text", "speaker_entity_id", "speaker_text", "cue",
                                                        "char_start", "char_end", "language")}))
    for art in chunk.articles + chunk.duplicates:
        files.append({"source_uri": art.source_uri, "file_path": art.file_path, "content_sha": art.content_sha,
                      "size": art.size, "mtime_ns": art.mtime_ns, "doc_id": art.doc_id, "status": "document",
                      "run_id": run_id})
    for cand, known in chunk.unchanged:  # same bytes, new mtime: remember the mtime so stat skips it next time
        files.append({"source_uri": known.source_uri, "file_path": known.file_path, "content_sha": known.content_sha,
                      "size": cand.size, "mtime_ns": cand.mtime_ns, "doc_id": known.doc_id, "status": known.status,
                      "run_id": run_id})
    return {
        "documents": to_table("documents", docs), "sections": to_table("sections", secs),
        "sentences": to_table("sentences", sents), "mentions": to_table("mentions", ments),
        "figures": to_table("figures", figs), "quotes": to_table("quotes", quotes), "files": to_table("files", files),
    }


CHUNK_TABLES = ("documents", "sections", "sentences", "mentions", "figures", "quotes", "files",
                "event_mentions", "claims", "stories")


@dataclass
class TableBatch:
    """Linked chunks' rows, gathered until a write batch is full: GX costs mostly per call and every
    Parquet file costs a footer and a listing, so a few large batches beat many small ones."""

    pending: dict[str, list[pa.Table]] = field(default_factory=dict)
    docs: int = 0
    parts: int = 0

    def add(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            self.pending.setdefault(name, []).append(table)
        self.docs += tables["documents"].num_rows

    def take(self) -> tuple[int, dict[str, pa.Table], pa.Table]:
        """(part number, the document tables, the files table) of what was gathered; starts afresh."""
        tables = {name: pa.concat_tables(self.pending[name]) if name in self.pending else to_table(name, [])
                  for name in CHUNK_TABLES}
        part, self.parts = self.parts, self.parts + 1
        self.pending, self.docs = {}, 0
        return part, tables, tables.pop("files")


def quarantine_files_rows(rejected: list[Quarantined], state_sizes: dict[str, tuple[int, int]], run_id: str,
                          now: datetime) -> tuple[pa.Table, pa.Table]:
    """Quarantine rows and the files rows that let an unchanged bad file be skipped next time."""
    q_rows = [q.row(run_id, now) for q in rejected]
    f_rows = []
    for q in rejected:
        path = q.source_uri.split("#", 1)[0]
        if q.note or q.source_uri != path or path not in state_sizes:
            continue
        size, mtime_ns = state_sizes[path]
        f_rows.append({"source_uri": path, "file_path": path, "content_sha": None, "size": size,
                       "mtime_ns": mtime_ns, "doc_id": None, "status": "quarantined", "run_id": run_id})
    return to_table("quarantine", q_rows), to_table("files", f_rows)


def retracted_doc_ids(state: WarehouseState, replaced_paths: set[str], new_file_docs: dict[str, set[str]]) -> list[str]:
    """Documents whose every uri now points at new text: their rows go (a changed file replaces its old rows)."""
    still_used: dict[str, int] = {}
    for path, known in state.files.items():
        for k in known:
            if k.doc_id and path not in replaced_paths:
                still_used[k.doc_id] = still_used.get(k.doc_id, 0) + 1
    fresh = set().union(*new_file_docs.values()) if new_file_docs else set()
    old = {k.doc_id for p in replaced_paths for k in state.files.get(p, []) if k.doc_id}
    return sorted(d for d in old if d not in still_used and d not in fresh)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
