"""The 2019 format (国办公开办函〔2019〕60号): table 2 and the single-row （六）其他处理."""

from __future__ import annotations

from marshmallow import Schema, fields

from schemas.contract.fields import Amount, Choice, Count
from schemas.contract.limits import Limits
from schemas.contract.parts import counts_schema, names, nested, row_schema, schema
from schemas.model.cells import AMOUNT_UNITS
from schemas.model.report import DocumentCounts2019


def _item_counts(name: str, limits: Limits, *, with_decisions: bool = True) -> type[Schema]:
    """上一年项目数量 / 本年增/减 (signed) [/ 处理决定数量]."""
    members: dict[str, fields.Field] = {  # type: ignore[type-arg]
        "previous_items": Count(0, limits.max_count),
        "change": Count(-limits.max_count, limits.max_count),
    }
    if with_decisions:
        members["decisions"] = Count(0, limits.max_count)
    return schema(name, members)


def disclosure_schema(limits: Limits) -> type[Schema]:
    """二、主动公开政府信息情况 in the 2019 shape."""
    documents = counts_schema("DocumentCounts2019", names(DocumentCounts2019), limits)
    items = _item_counts("ItemCounts", limits)
    procurement = schema(
        "Procurement",
        {
            "projects": Count(0, limits.max_count),
            "amount": Amount(limits.amount_decimals, limits.max_amount),
            "amount_unit": Choice(AMOUNT_UNITS),
        },
    )
    disclosure = schema(
        "Disclosure2019",
        {
            "rules": nested(documents),
            "normative_documents": nested(documents),
            "licensing": nested(items),
            "other_services": nested(items),
            "penalty": nested(items),
            "coercion": nested(items),
            "fees": nested(_item_counts("FeeItems", limits, with_decisions=False)),
            "procurement": nested(procurement),
        },
    )
    return disclosure


def other_handling_schema(limits: Limits) -> type[Schema]:
    """（六）其他处理 as one Row."""
    return row_schema(limits)
