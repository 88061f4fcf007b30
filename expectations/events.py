"""Suites for the "what happened" tables: ``events``, ``event_participants``, ``event_mentions``,
``claims``, ``stories`` (transforms/events).

``events`` and ``event_participants`` come in the run's last batch, after entities: their
entity ids must be known by then.  ``event_mentions``, ``claims`` and ``stories`` belong to
their documents and come with them (a rejected document takes its rows along).
``n_documents`` must equal the number of documents listed in ``doc_ids``; the loader then
recomputes both from ``event_mentions`` (warehouse/store.py), so they match in DuckDB too.
"""

from __future__ import annotations

import datetime as dt

import great_expectations.expectations as gxe
import pandas as pd

from .checks import (
    EARLIEST_DATE,
    FUTURE_YEARS,
    BatchContext,
    TableSuite,
    add_checks,
    expect,
    expect_check,
    isnull,
    language_valid,
    not_null,
    offsets_in_text,
    refers_to,
)



def _latest_date() -> dt.date:
    today = dt.date.today()
    return today.replace(year=today.year + FUTURE_YEARS)


def _dates_in_range(values) -> list[bool]:
    latest = _latest_date()
    return [True if isnull(v) else EARLIEST_DATE <= (v.date() if isinstance(v, dt.datetime) else v) <= latest
            for v in values]


# ---- events ---------------------------------------------------------------------------------


def _prepare_events(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    counts = [(not isnull(n)) and ids is not None and int(n) == len(set(ids)) and int(n) >= 1
              for n, ids in zip(df["n_documents"], df["doc_ids"])]
    return add_checks(df, {
        "date_in_range": _dates_in_range(df["date_value"]),
        "place_entity_id_exists": refers_to(df["place_entity_id"], ctx.known_entities, null_ok=True),
        "n_documents_matches_mentions": counts,
    })


def events_suite() -> TableSuite:
    return TableSuite(
        table="events",
        expectations=[
            expect_check("date_in_range", "event date outside 1800 .. ten years from now",
                         rule=f"date_value lies between {EARLIEST_DATE} and {FUTURE_YEARS} years from today"),
            expect_check("place_entity_id_exists", "place_entity_id is not a known entity",
                         rule="the place is an entity of the entities table"),
            expect_check("n_documents_matches_mentions", "n_documents differs from the documents that report it",
                         rule="n_documents is the number of documents in doc_ids (those with an event_mentions row)"),
        ],
        prepare=_prepare_events,
    )


# ---- event_participants ---------------------------------------------------------------------


def _prepare_participants(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(df, {"entity_id_exists": refers_to(df["entity_id"], ctx.known_entities, null_ok=False)})


def participants_suite() -> TableSuite:
    return TableSuite(
        table="event_participants",
        expectations=[
            not_null("entity_id", "participant entity"),
            expect(gxe.ExpectCompoundColumnsToBeUnique, "key_unique", "(event_id, entity_id) is not unique",
                   rule="an entity takes part in an event once", column_list=["event_id", "entity_id"]),
            expect_check("entity_id_exists", "participant is not a known entity",
                         rule="every participant is an entity of the entities table"),
        ],
        prepare=_prepare_participants,
    )


# ---- event_mentions -------------------------------------------------------------------------


def _prepare_mentions(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(df, {
        "document_accepted": refers_to(df["doc_id"], ctx.accepted_docs, null_ok=False),
        "offsets_in_text": offsets_in_text(df, ctx),
        "language_valid": language_valid(df["language"], null_ok=True),
        "date_in_range": _dates_in_range(df["date_value"]),
    })


def mentions_suite() -> TableSuite:
    return TableSuite(
        table="event_mentions",
        expectations=[
            expect_check("document_accepted", "the report's document is not in the batch or was rejected"),
            expect_check("offsets_in_text", "char_start/char_end outside the document text"),
            expect_check("language_valid", "language is not an ISO 639-1 code"),
            expect_check("date_in_range", "reported date outside 1800 .. ten years from now"),
        ],
        prepare=_prepare_mentions,
    )


# ---- claims -----------------------------------------------------------------------------------


def _prepare_claims(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    spans = df.rename(columns={"figure_char_start": "char_start", "figure_char_end": "char_end"})
    return add_checks(df, {
        "document_accepted": refers_to(df["doc_id"], ctx.accepted_docs, null_ok=False),
        "figure_in_text": offsets_in_text(spans, ctx),
        "speaker_entity_id_exists": refers_to(df["speaker_entity_id"], ctx.known_entities, null_ok=False),
    })


def claims_suite() -> TableSuite:
    return TableSuite(
        table="claims",
        expectations=[
            not_null("speaker_entity_id", "the claim's speaker"),
            expect(gxe.ExpectCompoundColumnsToBeUnique, "key_unique", "a figure is claimed twice",
                   rule="one claim per figure", column_list=["doc_id", "figure_char_start", "figure_char_end"]),
            expect_check("document_accepted", "the claim's document is not in the batch or was rejected"),
            expect_check("figure_in_text", "figure offsets outside the document text"),
            expect_check("speaker_entity_id_exists", "speaker_entity_id is not a known entity"),
        ],
        prepare=_prepare_claims,
    )


# ---- stories ----------------------------------------------------------------------------------


def _prepare_stories(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(df, {"document_accepted": refers_to(df["doc_id"], ctx.accepted_docs, null_ok=False)})


def stories_suite() -> TableSuite:
    return TableSuite(
        table="stories",
        expectations=[
            expect_check("document_accepted", "the story row's document is not in the batch or was rejected"),
        ],
        prepare=_prepare_stories,
    )


def suites() -> list[TableSuite]:
    return [events_suite(), participants_suite(), mentions_suite(), claims_suite(), stories_suite()]


TABLES = ("events", "event_participants", "event_mentions", "claims", "stories")
DOCUMENT_CHILDREN = ("event_mentions", "claims", "stories")
