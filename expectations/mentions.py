"""Suite for ``mentions``: spans of the document text linked to an entity."""

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
    return add_checks(
        df,
        {
            "language_valid": language_valid(df["language"], null_ok=True),
            "document_accepted": refers_to(df["doc_id"], ctx.accepted_docs, null_ok=False),
            "offsets_in_text": offsets_in_text(df, ctx),
            "text_matches_document": text_matches_document(df, ctx),
            "entity_id_exists": refers_to(df["entity_id"], ctx.known_entities, null_ok=True),
        },
    )


def suite() -> TableSuite:
    return TableSuite(
        table="mentions",
        expectations=[
            expect(
                gxe.ExpectCompoundColumnsToBeUnique,
                "key_unique",
                "(doc_id, mention_no) is not unique",
                rule="each mention of a document has its own number: (doc_id, mention_no) is unique",
                column_list=["doc_id", "mention_no"],
            ),
            expect_check("language_valid", "mention language is not an ISO 639-1 code",
                         rule="a mention's language, when given, is an ISO 639-1 code"),
            not_null("entity_id", "linked entity id"),
            expect_check("entity_id_exists", "entity_id is neither in the warehouse nor in this batch's entities",
                         rule="a mention links to an entity that is in the warehouse or in this batch"),
            expect_check("document_accepted", "the mention's document is not in the batch or was rejected",
                         rule="a mention belongs to a document accepted in this batch"),
            expect_check("offsets_in_text", "char_start/char_end outside the document text",
                         rule="a mention's offsets lie inside its document: 0 <= char_start < char_end <= length of the text"),
            expect_check("text_matches_document", "text differs from documents.text[char_start:char_end]",
                         rule="a mention's text is the document's text between its offsets"),
        ],
        prepare=prepare,
    )
