"""The warehouse contract, declared once: one pyarrow schema per table, each column with its meaning.

Column names follow ``SPEC.md``; the bold ones there are relied on by users'
saved SQL and must not change.  DuckDB tables are created from these schemas,
Parquet partitions are written with them, and transforms' records are cast to
them, so a column is added here and nowhere else.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any, Iterable, Mapping

import pyarrow as pa

from transforms.vocabulary import (
    CLAIM_HOW,
    CLAIM_KINDS,
    DATE_UNITS,
    ENTITY_LABELS,
    EVENT_KINDS,
    FIGURE_KINDS,
    QUALIFIERS,
    ROLES,
    TENSES,
)

_str = pa.string()
_i32 = pa.int32()
_i64 = pa.int64()
_f64 = pa.float64()
_ts = pa.timestamp("us")
_date = pa.date32()
_bool = pa.bool_()
_strs = pa.list_(pa.string())

# The kinds of declared column rule, and the suffix of a rule's default name (``label_in_set``).
CHECK_KINDS = {"values": "in_set", "between": "between", "unique": "unique", "regex": "format",
               "min_length": "not_empty"}


@dataclass(frozen=True)
class Check:
    """One rule of one column, declared beside it (``col(..., values=Check(LABELS, reason=...))``).

    ``arg`` is what the rule needs: the accepted values, ``(lo, hi)`` (``None`` for an open end),
    ``True``, a regex or a minimal length.  ``name`` is the stable id (``validations.expectation``,
    ``critical_expectations``; default ``<column>_in_set`` / ``_between`` / ``_unique`` / ``_format``
    / ``_not_empty``), ``reason`` the sentence a quarantined row gets, ``rule`` the rule in words
    (Data Docs, SCHEMA.md).  ``severity="warning"`` keeps a failing row and names ``flag`` in its
    ``flags``; ``mostly`` lets that share of rows pass.  A null value passes every rule but
    ``required``.  ``expectations.checks.declared`` makes the GX expectations from these.
    """

    arg: Any = True
    reason: str = ""
    rule: str = ""
    name: str = ""
    severity: str = "critical"
    mostly: float | None = None
    flag: str = ""
    kind: str = ""  # set by col(): one of CHECK_KINDS


def col(name: str, type_: pa.DataType, description: str = "", *, contract: bool = False,
        required: bool = False, values: Iterable[Any] | Check | None = None,
        between: tuple[float | None, float | None] | Check | None = None, unique: bool | Check = False,
        regex: str | Check | None = None, min_length: int | Check | None = None) -> pa.Field:
    """One column: its type, what it means, whether outside users rely on its name (SPEC's bold columns),
    whether every row must have it (``required``: the table's suite checks it is not null; a row
    without it is quarantined) and the rules its values follow (``values`` accepted, ``between`` a
    range, ``unique``, ``regex``, ``min_length``; each a bare argument or a :class:`Check` that words it).

    Meaning, contract and checks travel in the field's metadata, so the Parquet files carry them too,
    the suites' column checks come from here (``expectations.runner.all_suites``) and
    ``warehouse/SCHEMA.md`` is generated from here (``python -m warehouse.schema_doc``).
    """
    meta = {"description": description}
    if contract:
        meta["contract"] = "true"
    if required:
        meta["required"] = "true"
    checks = []
    for kind, given in zip(CHECK_KINDS, (values, between, unique, regex, min_length)):
        if given is None or given is False:
            continue
        check = given if isinstance(given, Check) else Check(given)
        if check.severity not in ("critical", "warning"):
            raise ValueError(f"{name}: severity is critical or warning, not {check.severity!r}")
        arg = check.arg
        if kind == "values":
            arg = list(arg)
        elif kind == "between":
            arg = list(arg)
            if len(arg) != 2:
                raise ValueError(f"{name}: between takes (lo, hi)")
        check = replace(check, arg=arg, kind=kind, name=check.name or f"{name}_{CHECK_KINDS[kind]}")
        if check.severity == "warning" and not check.flag:
            check = replace(check, flag=check.name)
        checks.append({k: v for k, v in asdict(check).items() if v not in ("", None)})
    if checks:
        meta["checks"] = json.dumps(checks, ensure_ascii=False)
    return pa.field(name, type_, metadata=meta)


def required_columns(table: str) -> list[str]:
    """The columns every row of ``table`` must have, as declared."""
    return [f.name for f in SCHEMAS[table] if (f.metadata or {}).get(b"required") == b"true"]


def field_checks(field: pa.Field) -> list[Check]:
    """The rules declared for one column (``col(..., values=...)``), in declaration order."""
    raw = (field.metadata or {}).get(b"checks")
    if not raw:
        return []
    out = []
    for c in json.loads(raw):
        arg = tuple(c.pop("arg")) if c["kind"] in ("values", "between") else c.pop("arg")
        out.append(Check(arg, **c))
    return out


def column_checks(table: str) -> list[tuple[str, Check]]:
    """(column, rule) for every rule declared in ``table``, in column order."""
    return [(f.name, c) for f in SCHEMAS[table] for c in field_checks(f)]


DOCUMENTS = pa.schema(
    [
        col("doc_id", _str, "sha256 of the normalised text, 16 hex chars", contract=True, required=True,
            unique=Check(reason="document id is not unique in the batch",
                         rule="each document appears once in a batch (doc_id is unique)"),
            regex=Check(r"^[0-9a-f]{16}$", reason="document id is not 16 lower-case hex characters",
                        rule="a document id is 16 lower-case hex characters (the start of the text's sha256)")),
        col("source_uri", _str, "first uri the text was seen under", contract=True, required=True),
        col("source_uris", _strs, "every uri the same text was seen under"),
        col("text", _str, "normalised text; all offsets point into it", contract=True, required=True,
            min_length=Check(1, reason="document text is empty", rule="a document has text (at least one character)")),
        col("title", _str, "headline (from metadata, else the text's first line when it looks like one)"),
        col("title_source", _str, "field | text | null"),
        col("published_at", _ts, "the document's date (how it was found: published_at_source)", contract=True),
        col("published_source", _str, "field | text | null"),
        col("published_reason", _str, "why published_at is null, else null"),
        col("published_at_source", _str, "metadata | dateline | top | latest_in_text | null"),
        col("language", _str, "dominant language (most characters)", contract=True, required=True),
        col("languages", _strs, "every section language, by first appearance"),
        col("n_chars", _i64, "length of text in code points"),
        col("format", _str, "txt | md | html | json | jsonl"),
        col("encoding", _str, "encoding the raw bytes were decoded from"),
        col("url", _str, "url from the file's metadata"),
        col("source", _str, "publisher from the file's metadata"),
        col("ingested_at", _ts, "when the run that loaded it started (UTC)"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

SECTIONS = pa.schema(
    [
        col("doc_id", _str, "the document (documents.doc_id)", contract=True, required=True),
        col("section_no", _i32, "0-based number of the language section in its document", required=True),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)", contract=True, required=True),
        col("char_start", _i64, "start offset into documents.text"),
        col("char_end", _i64, "end offset (exclusive) into documents.text"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

SENTENCES = pa.schema(
    [
        col("doc_id", _str, "the document (documents.doc_id)"),
        col("sentence_no", _i32, "0-based, across the whole document"),
        col("section_no", _i32, "0-based number of the language section in its document"),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)"),
        col("char_start", _i64, "start offset into documents.text"),
        col("char_end", _i64, "end offset (exclusive) into documents.text"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

MENTIONS = pa.schema(
    [
        col("doc_id", _str, "the document (documents.doc_id)", contract=True, required=True),
        col("mention_no", _i32, "0-based number of the mention in its document", required=True),
        col("char_start", _i64, "start offset into documents.text", contract=True),
        col("char_end", _i64, "end offset (exclusive) into documents.text", contract=True),
        col("text", _str, "the text at char_start:char_end, exactly", contract=True),
        col("label", _str, "what the name names: a person, organisation, place or something else", contract=True,
            required=True, values=Check(ENTITY_LABELS, reason="mention label is not PER/ORG/LOC/MISC",
                                        rule="a mention is labelled PER, ORG, LOC or MISC")),
        col("entity_id", _str, "the entity (entities.entity_id), stable across runs", contract=True, required=True),
        col("normalized", _str, "lemma / base form used for linking"),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)"),
        col("sentence_no", _i32, "the sentence it is in (sentences.sentence_no)"),
        col("extractor", _str, "what found it (model or rule name)"),
        col("extractor_version", _str, "version of that model or rule set"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

ENTITIES = pa.schema(
    [
        col("entity_id", _str, "the entity (entities.entity_id), stable across runs", contract=True, required=True,
            unique=Check(reason="entity id is not unique", rule="each entity is one row (entity_id is unique)")),
        col("canonical_name", _str, "the fullest common spelling, in the warehouse's main language", contract=True, required=True,
            min_length=Check(1, reason="canonical name is empty",
                             rule="an entity has a canonical name of at least one character")),
        col("label", _str, "what the name names: a person, organisation, place or something else", contract=True,
            required=True, values=Check(ENTITY_LABELS, reason="entity label is not PER/ORG/LOC/MISC",
                                        rule="an entity is a person, organisation, place or other name: PER, ORG, LOC or MISC")),
        col("aliases", _strs, "every surface form seen, in every language and script", contract=True),
        col("n_mentions", _i64, "number of mentions",
            between=Check((0, None), name="n_mentions_positive", reason="n_mentions below 0",
                          rule="an entity's mention count is not negative")),
        col("n_documents", _i64, "number of documents"),
        col("first_run_id", _str, "the run that first wrote the row"),
        col("run_id", _str, "last run that changed the row"),
    ]
)

FIGURES = pa.schema(
    [
        col("doc_id", _str, "the document (documents.doc_id)", contract=True, required=True),
        col("figure_no", _i32, "0-based number of the figure in its document", required=True),
        col("char_start", _i64, "start offset into documents.text", contract=True),
        col("char_end", _i64, "end offset (exclusive) into documents.text", contract=True),
        col("text", _str, "the text at char_start:char_end, exactly", contract=True),
        col("kind", _str, "what kind of number it is (SPEC's table of kinds)", contract=True, required=True,
            values=Check(FIGURE_KINDS, reason="figure kind is not one of the SPEC kinds",
                         rule="a figure is one of the SPEC kinds: " + ", ".join(FIGURE_KINDS))),
        col("value", _f64, "the number, normalised (money in units of the currency, durations in minutes, times in minutes after midnight)", contract=True),
        col("value_max", _f64, "upper end of a range, else null"),
        col("unit", _str, "ISO 4217 currency, %, duration or date resolution, or what is counted/ordered", contract=True),
        col("date_value", _date, "first day the date covers (dates only); null when it cannot be resolved", contract=True),
        col("qualifier", _str, "how the text qualifies the number (über, около, nearly), or the part of a period a date names",
            values=Check(QUALIFIERS, reason="qualifier is not exact/over/under/about/at_least/at_most/early/mid/late",
                         rule="a qualifier, when given, is one of " + ", ".join(QUALIFIERS))),
        col("subject", _str, "what the figure is about, when the sentence says"),
        col("note", _str, "e.g. why date_value is null"),
        col("flags", _strs, "why the row is unusual but kept (set by validation: historic_date, ...), else []"),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)"),
        col("sentence_no", _i32, "the sentence it is in (sentences.sentence_no)"),
        col("extractor", _str, "what found it (model or rule name)"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

QUOTES = pa.schema(
    [
        col("doc_id", _str, "the document (documents.doc_id)", contract=True, required=True),
        col("quote_no", _i32, "0-based number of the quote in its document", required=True),
        col("text", _str, "the text at char_start:char_end, exactly", contract=True, required=True,
            min_length=Check(1, reason="quote text is empty", rule="a quote has text (at least one character)")),
        col("speaker_entity_id", _str, "the entity that said it (entities.entity_id), null when unresolved", contract=True),
        col("speaker_text", _str, "the speaker as the text names them"),
        col("cue", _str, "the words that attribute it (sagte, заявил, said, a colon)"),
        col("char_start", _i64, "start offset into documents.text"),
        col("char_end", _i64, "end offset (exclusive) into documents.text"),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)"),
        col("sentence_no", _i32, "the sentence it is in (sentences.sentence_no)"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

FILES = pa.schema(
    [
        col("source_uri", _str, "the document's uri: the path, or path#N for a record of a .json/.jsonl file"),
        col("file_path", _str, "the file on disk the uri came from"),
        col("content_sha", _str, "sha256 of the raw bytes"),
        col("size", _i64, "file size in bytes when seen"),
        col("mtime_ns", _i64, "file modification time when seen (ns)"),
        col("doc_id", _str, "null when quarantined"),
        col("status", _str, "document | quarantined"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

RUNS = pa.schema(
    [
        col("run_id", _str, "the run that wrote the row", contract=True),
        col("started_at", _ts, "UTC start"),
        col("finished_at", _ts, "UTC end"),
        col("status", _str, "completed | completed_with_errors | noop | failed"),
        col("message", _str, "what went wrong or why nothing was done, else empty"),
        col("inbox", _str, "the folder the run read"),
        col("flow_run_id", _str, "Prefect's flow run id (empty for no-op runs)"),
        col("n_discovered", _i64, "files found in the inbox"),
        col("n_unchanged", _i64, "files skipped as unchanged"),
        col("n_read", _i64, "files read"),
        col("n_parsed", _i64, "files parsed into documents"),
        col("n_documents", _i64, "number of documents"),
        col("n_duplicates", _i64, "documents whose text was already loaded"),
        col("n_replaced", _i64, "documents replaced by a changed file"),
        col("n_sections", _i64, "sections written"),
        col("n_sentences", _i64, "sentences written"),
        col("n_mentions", _i64, "number of mentions"),
        col("n_entities", _i64, "entities created or changed"),
        col("n_figures", _i64, "figures written"),
        col("n_quotes", _i64, "quotes written"),
        col("n_quarantined", _i64, "files and rows quarantined"),
        col("n_validations_failed", _i64, "expectations that failed"),
        col("duration_s", _f64, "finished_at - started_at in seconds"),
    ]
)

QUARANTINE = pa.schema(
    [
        col("run_id", _str, "the run that wrote the row", contract=True),
        col("source_uri", _str, "the file (or file#record) rejected, or the document a rejected row came from", contract=True),
        col("stage", _str, "discover | read | decode | parse | extract | validate", contract=True),
        col("reason", _str, "why, in a word (empty, binary, too_large, outside_inbox, expectation, transform_error ...)", contract=True),
        col("detail", _str, "the full message"),
        col("table_name", _str, "for rejected rows"),
        col("expectation", _str, "for rejected rows"),
        col("row", _str, "the rejected row as JSON"),
        col("quarantined_at", _ts, "when (UTC)"),
    ]
)

VALIDATIONS = pa.schema(
    [
        col("run_id", _str, "the run that wrote the row", contract=True),
        col("table_name", _str, "the table validated", contract=True),
        col("expectation", _str, "the expectation's name"),
        col("column_name", _str, "the column it checks, if one"),
        col("success", _bool, "whether every row met it", contract=True),
        col("critical", _bool, "whether a failure quarantines rows (else they are kept and flagged)"),
        col("unexpected_count", _i64, "rows that did not meet it"),
        col("element_count", _i64, "rows checked"),
        col("detail", _str, "the full message"),
        col("evaluated_at", _ts, "when (UTC)"),
    ]
)

# ---- what happened (SPEC "What happened"; transforms/events) ----------------------------------

MAX_EVENT_MINUTES = 14 * 24 * 60  # a summit may last days; a fortnight is an extraction error

EVENTS = pa.schema(
    [
        col("event_id", _str, "stable across runs: a later report of the same event keeps it", contract=True, required=True,
            unique=Check(reason="event_id is not unique", rule="one row per event")),
        col("kind", _str, "what happened (SPEC's event kinds)", contract=True,
            values=Check(EVENT_KINDS, reason="event kind is not one of the SPEC's kinds")),
        col("date_value", _date, "first day of the event, null when the text does not resolve it", contract=True),
        col("date_unit", _str, "date_value's resolution",
            values=Check(DATE_UNITS, reason="date_unit is not day, month or year")),
        col("place_entity_id", _str, "where it happened (a LOC entity), null if not stated", contract=True),
        col("duration_minutes", _f64, "how long it lasted, when stated", contract=True,
            between=Check((0, MAX_EVENT_MINUTES), name="duration_plausible", reason="duration is negative or over 14 days",
                          rule="duration_minutes is between 0 and 14 days")),
        col("n_documents", _i64, "documents that report it (recomputed from event_mentions on load)", contract=True),
        col("title", _str, "headline (from metadata, else the text's first line when it looks like one)"),
        col("tense", _str, "whether it happened or is planned",
            values=Check(TENSES, reason="tense is neither past nor planned")),
        col("n_mentions", _i64, "number of mentions"),
        col("doc_ids", _strs, "the documents that report it"),
        col("participant_ids", _strs, "entity ids of its participants"),
        col("first_run_id", _str, "the run that first wrote the row"),
        col("run_id", _str, "last run that changed the row"),
    ]
)

EVENT_PARTICIPANTS = pa.schema(
    [
        col("event_id", _str, "the event (events.event_id)", contract=True, required=True),
        col("entity_id", _str, "the entity (entities.entity_id), stable across runs", contract=True, required=True),
        col("role", _str, "the participant's part in the event",
            values=Check(ROLES, reason="participant role is unknown")),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

EVENT_MENTIONS = pa.schema(
    [
        col("event_id", _str, "the event (events.event_id)", contract=True, required=True),
        col("doc_id", _str, "the document (documents.doc_id)", contract=True, required=True),
        col("char_start", _i64, "the reporting sentence", contract=True),
        col("char_end", _i64, "end offset (exclusive) into documents.text", contract=True),
        col("sentence", _str, "the reporting sentence's text"),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)"),
        col("trigger", _str, "the words that name the event (traf, Telefongespräch, переговоры, met)"),
        col("trigger_start", _i64, "start offset of the trigger in documents.text"),
        col("trigger_end", _i64, "end offset of the trigger"),
        col("sentence_no", _i32, "the sentence it is in (sentences.sentence_no)"),
        col("kind", _str, "as this report names it",
            values=Check(EVENT_KINDS, reason="reported kind is not one of the SPEC's kinds")),
        col("tense", _str, "whether it happened or is planned",
            values=Check(TENSES, reason="tense is neither past nor planned")),
        col("date_value", _date, "as this report gives it"),
        col("duration_minutes", _f64, "how long it lasted, when stated"),
        col("is_main", _bool, "reported in the document's lead: what the document is about"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

CLAIMS = pa.schema(
    [
        col("doc_id", _str, "the document (documents.doc_id)", contract=True, required=True),
        col("figure_char_start", _i64, "the claimed figure's start offset (figures.char_start)", contract=True),
        col("figure_char_end", _i64, "the claimed figure's end offset (figures.char_end)", contract=True),
        col("speaker_entity_id", _str, "the entity that said it (entities.entity_id), null when unresolved", contract=True, required=True),
        col("speaker_text", _str, "the speaker as the text names them"),
        col("cue", _str, "the words that attribute it (sagte, заявил, said, a colon)"),
        col("how", _str, "how the figure is attributed to its speaker",
            values=Check(CLAIM_HOW, reason="how is not quote, reported, according_to or statement")),
        col("figure_text", _str, "the figure's text"),
        col("figure_kind", _str, "the figure's kind",
            values=Check(CLAIM_KINDS, reason="only money, percent, quantity and duration figures are claimed")),
        col("value", _f64, "the number, normalised (money in units of the currency, durations in minutes, times in minutes after midnight)"),
        col("unit", _str, "ISO 4217 currency, %, duration or date resolution, or what is counted/ordered"),
        col("sentence_no", _i32, "the sentence it is in (sentences.sentence_no)"),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)"),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

STORIES = pa.schema(
    [
        col("story_id", _str, "stable for documents already assigned", contract=True, required=True),
        col("doc_id", _str, "the document (documents.doc_id)", contract=True, required=True,
            unique=Check(reason="a document is in two stories", rule="a document is in one story")),
        col("language", _str, "ISO 639-1 language of the text the row comes from (de, ru, en; und if unknown)"),
        col("score", _f64, "share of the document's main events found in its story",
            between=Check((0, 1), name="score_in_range", reason="score outside 0..1", rule="score is between 0 and 1")),
        col("run_id", _str, "the run that wrote the row"),
    ]
)

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per distinct article: the same text under two paths is one document with both uris.",
    "sections": "One row per run of text in one language inside a document.",
    "sentences": "One row per sentence, numbered across the whole document.",
    "mentions": "One row per entity mention in the text, linked to its entity.",
    "entities": "One row per real-world entity, all languages, scripts and spellings merged.",
    "figures": "One row per numeric expression, normalised to a value and a unit (kinds as in SPEC.md).",
    "quotes": "One row per attributed quotation.",
    "files": "One row per file (or JSON record) seen, with what became of it: what makes runs incremental.",
    "runs": "One row per run, with its counts per stage.",
    "quarantine": "One row per rejected file or row, with the stage and the reason.",
    "validations": "One row per expectation evaluated in one run.",
    "events": "One row per real-world encounter or act, merged across every document and language that reports it.",
    "event_participants": "One row per participant of one event.",
    "event_mentions": "One row per report of an event in one document.",
    "claims": "One row per figure attributed to whoever stated it.",
    "stories": "One row per document in one story: documents in any language that report the same events.",
}

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
