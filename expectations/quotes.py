"""Suite for ``quotes``: attributed quotations; the speaker, when linked, must be a known entity."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from .checks import (
    BatchContext,
    TableSuite,
    add_checks,
    expect,
    expect_check,
    language_valid,
    not_null,
    offsets_in_text,
    refers_to,
    text_matches_document,
)


def prepare(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    # Offsets are optional for quotes; when given they must point at the quoted text.
    return add_checks(
        df,
        {
            "language_valid": language_valid(df["language"], null_ok=True),
            "document_accepted": refers_to(df["doc_id"], ctx.accepted_docs, null_ok=False),
            "offsets_in_text": offsets_in_text(df, ctx, allow_null=True),
            "text_matches_document": text_matches_document(df, ctx, allow_null=True),
            "speaker_entity_id_exists": refers_to(df["speaker_entity_id"], ctx.known_entities, null_ok=True),
        },
    )


def suite() -> TableSuite:
    return TableSuite(
        table="quotes",
        expectations=[
            expect(
                gxe.ExpectCompoundColumnsToBeUnique,
                "key_unique",
                "(doc_id, quote_no) is not unique",
                rule="each quote of a document has its own number: (doc_id, quote_no) is unique",
                column_list=["doc_id", "quote_no"],
            ),
            not_null("text", "quote text"),
            expect_check("language_valid", "quote language is not an ISO 639-1 code",
                         rule="a quote's language, when given, is an ISO 639-1 code"),
            expect_check("speaker_entity_id_exists", "speaker_entity_id is not a known entity",
                         rule="a quote's speaker, when linked, is an entity in the warehouse or in this batch"),
            expect_check("document_accepted", "the quote's document is not in the batch or was rejected",
                         rule="a quote belongs to a document accepted in this batch"),
            expect_check("offsets_in_text", "char_start/char_end outside the document text",
                         rule="a quote's offsets, when given, lie inside its document"),
            expect_check("text_matches_document", "text differs from documents.text[char_start:char_end]",
                         rule="a quote's text, when it has offsets, is the document's text between them"),
        ],
        prepare=prepare,
    )
