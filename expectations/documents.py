"""Suite for ``documents``: one row per distinct article; every child row's offsets point into its text."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .checks import (
    EARLIEST_DATE,
    BatchContext,
    TableSuite,
    add_checks,
    expect_check,
    isnull,
    language_codes,
    language_valid,
    not_null,
)

# How far past its ingestion an article's date may lie (time zones, embargoed posts).
PUBLISHED_SLACK = dt.timedelta(days=2)


def _languages_ok(languages: object, language: object) -> bool:
    """Every section language is a known code and the dominant one is among them."""
    if languages is None or isnull(languages):
        return False
    items = list(languages)
    codes = set(language_codes())
    return bool(items) and all(x in codes for x in items) and (isnull(language) or language in items)


def _published_ok(published: object, ingested: object) -> bool:
    if isnull(published):
        return True
    ts = pd.Timestamp(published)
    latest = pd.Timestamp(ingested) if not isnull(ingested) else pd.Timestamp.now()
    return pd.Timestamp(EARLIEST_DATE) <= ts <= latest + PUBLISHED_SLACK


def prepare(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(
        df,
        {
            "n_chars_matches_text": [
                (not isnull(t)) and (not isnull(n)) and int(n) == len(t) for t, n in zip(df["text"], df["n_chars"])
            ],
            "language_valid": language_valid(df["language"], null_ok=True),
            "languages_valid": [_languages_ok(ls, lang) for ls, lang in zip(df["languages"], df["language"])],
            "published_at_plausible": [_published_ok(p, i) for p, i in zip(df["published_at"], df["ingested_at"])],
        },
    )


def suite() -> TableSuite:
    return TableSuite(
        table="documents",
        expectations=[
            not_null("doc_id", "document id"),
            not_null("text", "document text"),
            not_null("language", "document language"),
            expect_check("language_valid", "document language is not an ISO 639-1 code",
                         rule="a document's language is an ISO 639-1 code (or und, mul, zxx)"),
            expect_check("languages_valid", "languages list is empty, has unknown codes or lacks the dominant language",
                         rule="a document lists the ISO codes of its sections' languages, the dominant one among them"),
            expect_check("n_chars_matches_text", "n_chars differs from len(text)",
                         rule="n_chars is the length of the document's text"),
            expect_check("published_at_plausible", "published_at before 1800 or after the ingestion time",
                         rule="a publication date, when known, lies between 1800 and the time the article was read"),
        ],
        prepare=prepare,
        default_critical=("doc_id_not_null", "doc_id_unique"),
    )
