"""The 2021 format (国办公开办函〔2021〕30号): table 2 and the three-row （六）其他处理."""

from __future__ import annotations

from marshmallow import fields

from schemas.contract.fields import Amount, Count
from schemas.contract.limits import Limits
from schemas.contract.parts import (
    counts_schema,
    format_member,
    groups_schema,
    names,
    nested,
    row_schema,
    schema,
)
from schemas.model.report import DocumentCounts2021, OtherHandling2021

FORMAT = "2021"


def disclosure_field(limits: Limits) -> fields.Field:  # type: ignore[type-arg]
    """二、主动公开政府信息情况 in the 2021 shape."""
    documents = counts_schema("DocumentCounts2021", names(DocumentCounts2021), limits)
    disclosure = schema(
        "Disclosure2021",
        {
            "rules": nested(documents),
            "normative_documents": nested(documents),
            "licensing_decisions": Count(0, limits.max_count),
            "penalty_decisions": Count(0, limits.max_count),
            "coercion_decisions": Count(0, limits.max_count),
            "fee_amount": Amount(limits.amount_decimals, limits.max_amount),
        },
    )
    return format_member(disclosure, FORMAT, "active_disclosure", required=True)


def other_handling_field(limits: Limits) -> fields.Field:  # type: ignore[type-arg]
    """（六）其他处理 as three Rows: 逾期不补正 / 逾期未缴费 / 其他."""
    rows = groups_schema("OtherHandling2021", names(OtherHandling2021), row_schema(limits))
    return format_member(rows, FORMAT, "other_handling")
