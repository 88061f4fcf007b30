"""The warehouse contract, declared once: one pyarrow schema per table.

Column names follow ``SPEC.md``; the bold ones there are relied on by users'
saved SQL and must not change.  DuckDB tables are created from these schemas,
Parquet partitions are written with them, and transforms' records are cast to
them, so a column is added here and nowhere else.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import pyarrow as pa

_str = pa.string()
_i32 = pa.int32()
_i64 = pa.int64()
_f64 = pa.float64()
_ts = pa.timestamp("us")
_date = pa.date32()
_bool = pa.bool_()
_strs = pa.list_(pa.string())

DOCUMENTS = pa.schema(
    [
        ("doc_id", _str),  # sha256 of the normalised text, 16 hex chars
        ("source_uri", _str),  # first uri the text was seen under
        ("source_uris", _strs),  # every uri the same text was seen under
        ("text", _str),  # normalised text; all offsets point into it
        ("title", _str),
        ("title_source", _str),  # field | text | null
        ("published_at", _ts),
        ("published_source", _str),  # field | text | null
        ("published_reason", _str),  # why published_at is null, else null
        ("published_at_source", _str),  # metadata | dateline | top | latest_in_text | null
        ("language", _str),  # dominant language (most characters)
        ("languages", _strs),  # every section language, by first appearance
        ("n_chars", _i64),
        ("format", _str),  # txt | md | html | json | jsonl
        ("encoding", _str),
        ("url", _str),
        ("source", _str),
        ("ingested_at", _ts),
        ("run_id", _str),
    ]
)

SECTIONS = pa.schema(
    [
        ("doc_id", _str),
        ("section_no", _i32),
        ("language", _str),
        ("char_start", _i64),
        ("char_end", _i64),
        ("run_id", _str),
    ]
)

SENTENCES = pa.schema(
    [
        ("doc_id", _str),
        ("sentence_no", _i32),  # 0-based, across the whole document
        ("section_no", _i32),
        ("language", _str),
        ("char_start", _i64),
        ("char_end", _i64),
        ("run_id", _str),
    ]
)

MENTIONS = pa.schema(
    [
        ("doc_id", _str),
        ("mention_no", _i32),
        ("char_start", _i64),
        ("char_end", _i64),
        ("text", _str),
        ("label", _str),  # PER | ORG | LOC | MISC
        ("entity_id", _str),
        ("normalized", _str),  # lemma / base form used for linking
        ("language", _str),
        ("sentence_no", _i32),
        ("extractor", _str),
        ("extractor_version", _str),
        ("run_id", _str),
    ]
)

ENTITIES = pa.schema(
    [
        ("entity_id", _str),
        ("canonical_name", _str),
        ("label", _str),
        ("aliases", _strs),
        ("n_mentions", _i64),
        ("n_documents", _i64),
        ("first_run_id", _str),
        ("run_id", _str),  # last run that changed the row
    ]
)

FIGURES = pa.schema(
    [
        ("doc_id", _str),
        ("figure_no", _i32),
        ("char_start", _i64),
        ("char_end", _i64),
        ("text", _str),
        ("kind", _str),  # money quantity percent duration date time ordinal ratio
        ("value", _f64),
        ("value_max", _f64),  # upper end of a range, else null
        ("unit", _str),
        ("date_value", _date),
        ("qualifier", _str),
        ("subject", _str),
        ("note", _str),  # e.g. why date_value is null
        ("flags", _strs),  # why the row is unusual but kept (set by validation: historic_date, ...), else []
        ("language", _str),
        ("sentence_no", _i32),
        ("extractor", _str),
        ("run_id", _str),
    ]
)

QUOTES = pa.schema(
    [
        ("doc_id", _str),
        ("quote_no", _i32),
        ("text", _str),
        ("speaker_entity_id", _str),
        ("speaker_text", _str),
        ("cue", _str),
        ("char_start", _i64),
        ("char_end", _i64),
        ("language", _str),
        ("sentence_no", _i32),
        ("run_id", _str),
    ]
)

FILES = pa.schema(
    [
        ("source_uri", _str),  # the document's uri: the path, or path#N for a record of a .json/.jsonl file
        ("file_path", _str),  # the file on disk the uri came from
        ("content_sha", _str),  # sha256 of the raw bytes
        ("size", _i64),
        ("mtime_ns", _i64),
        ("doc_id", _str),  # null when quarantined
        ("status", _str),  # document | quarantined
        ("run_id", _str),
    ]
)

RUNS = pa.schema(
    [
        ("run_id", _str),
        ("started_at", _ts),
        ("finished_at", _ts),
        ("status", _str),  # completed | completed_with_errors | noop | failed
        ("message", _str),
        ("inbox", _str),
        ("flow_run_id", _str),
        ("n_discovered", _i64),
        ("n_unchanged", _i64),
        ("n_read", _i64),
        ("n_parsed", _i64),
        ("n_documents", _i64),
        ("n_duplicates", _i64),
        ("n_replaced", _i64),
        ("n_sections", _i64),
        ("n_sentences", _i64),
        ("n_mentions", _i64),
        ("n_entities", _i64),
        ("n_figures", _i64),
        ("n_quotes", _i64),
        ("n_quarantined", _i64),
        ("n_validations_failed", _i64),
        ("duration_s", _f64),
    ]
)

QUARANTINE = pa.schema(
    [
        ("run_id", _str),
        ("source_uri", _str),
        ("stage", _str),  # discover | read | decode | parse | extract | validate
        ("reason", _str),
        ("detail", _str),
        ("table_name", _str),  # for rejected rows
        ("expectation", _str),  # for rejected rows
        ("row", _str),  # the rejected row as JSON
        ("quarantined_at", _ts),
    ]
)

VALIDATIONS = pa.schema(
    [
        ("run_id", _str),
        ("table_name", _str),
        ("expectation", _str),
        ("column_name", _str),
        ("success", _bool),
        ("critical", _bool),
        ("unexpected_count", _i64),
        ("element_count", _i64),
        ("detail", _str),
        ("evaluated_at", _ts),
    ]
)

# ---- what happened (SPEC "What happened"; transforms/events) ----------------------------------

EVENTS = pa.schema(
    [
        ("event_id", _str),  # stable across runs: a later report of the same event keeps it
        ("kind", _str),  # meeting | call | visit | talks | summit | statement
        ("date_value", _date),  # first day of the event, null when the text does not resolve it
        ("date_unit", _str),  # day | month | year
        ("place_entity_id", _str),
        ("duration_minutes", _f64),
        ("n_documents", _i64),  # documents that report it (recomputed from event_mentions on load)
        ("title", _str),
        ("tense", _str),  # past | planned
        ("n_mentions", _i64),
        ("doc_ids", _strs),  # the documents that report it
        ("participant_ids", _strs),
        ("first_run_id", _str),
        ("run_id", _str),  # last run that changed the row
    ]
)

EVENT_PARTICIPANTS = pa.schema(
    [
        ("event_id", _str),
        ("entity_id", _str),
        ("role", _str),  # subject | partner | host | speaker
        ("run_id", _str),
    ]
)

EVENT_MENTIONS = pa.schema(
    [
        ("event_id", _str),
        ("doc_id", _str),
        ("char_start", _i64),  # the reporting sentence
        ("char_end", _i64),
        ("sentence", _str),
        ("language", _str),
        ("trigger", _str),
        ("trigger_start", _i64),
        ("trigger_end", _i64),
        ("sentence_no", _i32),
        ("kind", _str),  # as this report names it
        ("tense", _str),
        ("date_value", _date),  # as this report gives it
        ("duration_minutes", _f64),
        ("is_main", _bool),  # reported in the document's lead: what the document is about
        ("run_id", _str),
    ]
)

CLAIMS = pa.schema(
    [
        ("doc_id", _str),
        ("figure_char_start", _i64),
        ("figure_char_end", _i64),
        ("speaker_entity_id", _str),
        ("speaker_text", _str),
        ("cue", _str),
        ("how", _str),  # quote | reported | according_to | statement
        ("figure_text", _str),
        ("figure_kind", _str),
        ("value", _f64),
        ("unit", _str),
        ("sentence_no", _i32),
        ("language", _str),
        ("run_id", _str),
    ]
)

STORIES = pa.schema(
    [
        ("story_id", _str),  # stable for documents already assigned
        ("doc_id", _str),
        ("language", _str),
        ("score", _f64),  # share of the document's main events found in its story
        ("run_id", _str),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "sections": SECTIONS,
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "entities": ENTITIES,
    "figures": FIGURES,
    "quotes": QUOTES,
    "files": FILES,
    "runs": RUNS,
    "quarantine": QUARANTINE,
    "validations": VALIDATIONS,
    "events": EVENTS,
    "event_participants": EVENT_PARTICIPANTS,
    "event_mentions": EVENT_MENTIONS,
    "claims": CLAIMS,
    "stories": STORIES,
}

# Tables whose rows belong to one document and are replaced with it.
DOCUMENT_TABLES = ("documents", "sections", "sentences", "mentions", "figures", "quotes",
                   "event_mentions", "claims", "stories")


def empty_table(name: str) -> pa.Table:
    """A zero-row table with the declared schema (an extract stage with nothing to say)."""
    return SCHEMAS[name].empty_table()


def to_table(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Records to a table of the declared schema; unknown keys are an error, missing ones null."""
    schema = SCHEMAS[name]
    rows = list(rows)
    names = set(schema.names)
    for row in rows:
        extra = set(row) - names
        if extra:
            raise KeyError(f"{name}: columns not in the schema: {sorted(extra)}")
    columns = {field.name: [row.get(field.name) for row in rows] for field in schema}
    return pa.table(columns, schema=schema)
