"""Suite for ``entities``: one row per real-world entity; mentions and quotes refer to it."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from .checks import BatchContext, TableSuite, add_checks, expect, expect_check, isnull


def prepare(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(
        df,
        {
            "aliases_not_empty": [
                (not isnull(a)) and len(a) > 0 and all(isinstance(x, str) and x for x in a) for a in df["aliases"]
            ],
        },
    )


def suite() -> TableSuite:
    return TableSuite(
        table="entities",
        expectations=[
            expect_check("aliases_not_empty", "aliases list is empty or holds an empty string",
                         rule="an entity has at least one alias, and no alias is empty"),
            expect(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB,
                "n_mentions_ge_n_documents",
                "fewer mentions than documents",
                rule="an entity has at least as many mentions as documents it appears in",
                column_A="n_mentions",
                column_B="n_documents",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
        ],
        prepare=prepare,
        default_critical=("entity_id_not_null", "entity_id_unique"),
    )
