"""Suite for ``entities``: one row per real-world entity; mentions and quotes refer to it."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from .checks import ENTITY_LABELS, BatchContext, TableSuite, _isnull, add_checks, expect, expect_check, in_set


def prepare(df: pd.DataFrame, ctx: BatchContext) -> pd.DataFrame:
    return add_checks(
        df,
        {
            "aliases_not_empty": [
                (not _isnull(a)) and len(a) > 0 and all(isinstance(x, str) and x for x in a) for a in df["aliases"]
            ],
        },
    )


def suite() -> TableSuite:
    return TableSuite(
        table="entities",
        expectations=[
            expect(gxe.ExpectColumnValuesToBeUnique, "entity_id_unique", "entity id is not unique",
                   rule="each entity is one row (entity_id is unique)", column="entity_id"),
            expect(
                gxe.ExpectColumnValueLengthsToBeBetween,
                "canonical_name_not_empty",
                "canonical name is empty",
                rule="an entity has a canonical name of at least one character",
                column="canonical_name",
                min_value=1,
            ),
            in_set("label", ENTITY_LABELS, "entity label is not PER/ORG/LOC/MISC",
                   rule="an entity is a person, organisation, place or other name: PER, ORG, LOC or MISC"),
            expect_check("aliases_not_empty", "aliases list is empty or holds an empty string",
                         rule="an entity has at least one alias, and no alias is empty"),
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                "n_mentions_positive",
                "n_mentions below 0",
                rule="an entity's mention count is not negative",
                column="n_mentions",
                min_value=0,
            ),
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
