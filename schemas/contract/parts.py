"""Schema parts both formats share: text sections, table-3 rows, table 4, the signature.

Schemas are built from ``Limits`` by factories (cached per ``Limits``) and return plain dicts
holding only the keys that were given; ``schemas.model.assemble`` fills in defaults and totals.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from schemas.contract.codes import FIELD_MESSAGES, SCHEMA_MESSAGES, Coded
from schemas.contract.fields import BoundedList, Count, Date, Heading, Text
from schemas.contract.limits import Limits
from schemas.model.report import (
    NotProcessed,
    Outcomes,
    ReviewLitigation,
    Row,
    UnableToProvide,
    Withheld,
)


class StrictSchema(Schema):
    """Base of every schema: unknown keys are errors, messages carry codes."""

    error_messages = SCHEMA_MESSAGES


_NAMES: dict[type, tuple[str, ...]] = {}


def names(model: type) -> tuple[str, ...]:
    """The field names of a model dataclass: the JSON keys of the matching object."""
    known = _NAMES.get(model)
    if known is None:
        known = _NAMES[model] = tuple(field.name for field in dataclass_fields(model))
    return known


ROW_KEYS = names(Row)
OUTCOME_KEYS = names(Outcomes)

#: Table-3 members other than （六）其他处理 (whose shape depends on the format): Row or group.
APPLICATION_GROUPS: dict[str, type] = {
    "new_received": Row,
    "carried_over": Row,
    "granted": Row,
    "partially_granted": Row,
    "withheld": Withheld,
    "unable_to_provide": UnableToProvide,
    "not_processed": NotProcessed,
    "total_processed": Row,
    "carried_forward": Row,
}


def schema(name: str, members: dict[str, fields.Field]) -> type[Schema]:  # type: ignore[type-arg]
    """Create a strict schema class from a dict of fields."""
    return StrictSchema.from_dict(members, name=name)


def nested(schema_class: type[Schema], **kwargs: Any) -> fields.Nested:
    """A nested object field with coded messages."""
    return fields.Nested(schema_class, error_messages=FIELD_MESSAGES, **kwargs)


def count(limits: Limits) -> Count:
    """A table count 0 … max_count."""
    return Count(0, limits.max_count)


def counts_schema(name: str, keys: tuple[str, ...], limits: Limits) -> type[Schema]:
    """A schema of optional counts, one per key."""
    return schema(name, {key: count(limits) for key in keys})


def groups_schema(name: str, keys: tuple[str, ...], member: type[Schema]) -> type[Schema]:
    """A schema of optional nested objects of one kind, one per key."""
    return schema(name, {key: nested(member) for key in keys})


def row_schema(limits: Limits) -> type[Schema]:
    """A table-3 Row: six applicant columns and 总计, each optional."""
    return counts_schema("Row", ROW_KEYS, limits)


def review_litigation_schema(limits: Limits) -> type[Schema]:
    """Table 4: three groups of 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计."""
    outcomes = counts_schema("Outcomes", OUTCOME_KEYS, limits)
    return groups_schema("ReviewLitigation", names(ReviewLitigation), outcomes)


def paragraphs(limits: Limits) -> BoundedList:
    """A list of paragraphs (1 … paragraph_chars characters each)."""
    return BoundedList(
        Text(1, limits.paragraph_chars, limits.paragraph_line_breaks), limits.paragraphs_per_list
    )


EMPTY_SECTION = Coded(
    "empty_section", "这一部分至少要有一个段落 / the section needs at least one paragraph"
)


class SectionBase(StrictSchema):
    """A section schema that refuses a section without any paragraph."""

    @validates_schema
    def _has_a_paragraph(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Raise ValidationError (empty_section) when neither it nor its items have text."""
        items = data.get("items", ())
        if not data.get("paragraphs") and not any(item.get("paragraphs") for item in items):
            raise ValidationError(EMPTY_SECTION)


def section_schema(limits: Limits) -> type[Schema]:
    """A text chapter (一、五、六): intro paragraphs and numbered items."""
    item = schema(
        "Item",
        {
            "heading": Heading(1, limits.heading_chars, required=True),
            "paragraphs": paragraphs(limits),
        },
    )
    members: dict[str, fields.Field] = {  # type: ignore[type-arg]
        "paragraphs": paragraphs(limits),
        "items": BoundedList(nested(item), limits.items_per_section),
    }
    return SectionBase.from_dict(members, name="Section")


def signature_schema(limits: Limits) -> type[Schema]:
    """落款: the signing organization and the 成文日期, both optional."""
    return schema("Signature", {"organization": Text(1, limits.organization_chars), "date": Date()})


def applications_schema(limits: Limits, other_handling: fields.Field) -> type[Schema]:  # type: ignore[type-arg]
    """Table 3, with the format's own （六）其他处理 field."""
    row = row_schema(limits)
    members: dict[str, fields.Field] = {}  # type: ignore[type-arg]
    for key, group in APPLICATION_GROUPS.items():
        member = row if group is Row else groups_schema(group.__name__, names(group), row)
        members[key] = nested(member)
    members["other_handling"] = other_handling
    return schema("Applications", members)
