"""The 2021 format (国办公开办函〔2021〕30号): table 2 and the three-row （六）其他处理."""

from __future__ import annotations

from marshmallow import Schema

from schemas.contract.fields import Amount, Count
from schemas.contract.limits import Limits
from schemas.contract.parts import (
    counts_schema,
    groups_schema,
    names,
    nested,
    row_schema,
    schema,
)
from schemas.model.report import DocumentCounts2021, OtherHandling2021


def disclosure_schema(limits: Limits) -> type[Schema]:
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
    return disclosure


def other_handling_schema(limits: Limits) -> type[Schema]:
    """（六）其他处理 as three Rows: 逾期不补正 / 逾期未缴费 / 其他."""
    return groups_schema("OtherHandling2021", names(OtherHandling2021), row_schema(limits))
