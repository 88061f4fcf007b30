"""Suite for ``sections``: language runs inside a document."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from .checks import BatchContext, TableSuite, add_checks, expect, expect_check, language_valid, not_null, offsets_in_text, refers_to


def prepare(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(
        df,
        {
            "language_valid": language_valid(df["language"], null_ok=True),
            "document_accepted": refers_to(df["doc_id"], ctx.accepted_docs, null_ok=False),
            "offsets_in_text": offsets_in_text(df, ctx),
        },
    )


def suite() -> TableSuite:
    return TableSuite(
        table="sections",
        expectations=[
            expect(
                gxe.ExpectCompoundColumnsToBeUnique,
                "key_unique",
                "(doc_id, section_no) is not unique",
                rule="each language section of a document has its own number: (doc_id, section_no) is unique",
                column_list=["doc_id", "section_no"],
            ),
            not_null("language", "section language"),
            expect_check("language_valid", "section language is not an ISO 639-1 code",
                         rule="a section's language is an ISO 639-1 code (or und, mul, zxx)"),
            expect_check("document_accepted", "the section's document is not in the batch or was rejected",
                         rule="a section belongs to a document accepted in this batch"),
            expect_check("offsets_in_text", "char_start/char_end outside the document text",
                         rule="a section's offsets lie inside its document: 0 <= char_start < char_end <= length of the text"),
        ],
        prepare=prepare,
    )
