"""The report contract's own marshmallow schemas (schemas.contract.schema) as OpenAPI components."""

from __future__ import annotations

from typing import Any, cast, get_args

from apispec.ext.marshmallow import MarshmallowPlugin, resolver
from flask_smorest import Api
from marshmallow import Schema, fields

from schemas.contract.fields import Choice, Count, Date, Text, Year
from schemas.contract.limits import Limits
from schemas.contract.parts import StrictSchema
from schemas.contract.schema import report_schema
from schemas.registry import Format


def _name(schema: type[Schema] | Schema) -> str | None:
    """Component name of a schema; the contract's nested parts are inlined (names repeat)."""
    schema_class = schema if isinstance(schema, type) else type(schema)
    if issubclass(schema_class, StrictSchema):
        return None
    return resolver(schema_class)


def _bounds(_converter: Any, field: fields.Field, **_: Any) -> dict[str, Any]:  # type: ignore[type-arg]
    """OpenAPI bounds of the contract's strict fields (ranges, lengths, choices)."""
    if isinstance(field, Year):
        return {"minimum": field.low, "description": "不晚于当前年份 / up to the current year"}
    if isinstance(field, Count):
        return {"minimum": field.low, "maximum": field.high}
    if isinstance(field, Text):
        return {"minLength": field.low, "maxLength": field.high}
    if isinstance(field, Choice):
        return {"enum": sorted(field.choices)}
    return {}


def plugin() -> MarshmallowPlugin:
    """The marshmallow plugin the Api's spec uses, naming schemas with _name."""
    # apispec documents None (inline the schema) as a resolver's answer; its hint omits it.
    return MarshmallowPlugin(schema_name_resolver=cast(Any, _name))


def register(api: Api, limits: Limits) -> None:
    """Add ``Report2019``, ``Report2021`` and ``Report`` (one of them) to the spec's components."""
    api.register_field(Count, "integer", None)
    api.register_field(Text, "string", None)
    api.register_field(Choice, "string", None)
    api.register_field(Date, "string", "date")
    api.ma_plugin.converter.add_attribute_function(_bounds)
    formats: tuple[Format, ...] = get_args(Format)
    for report_format in formats:
        api.spec.components.schema(
            f"Report{report_format}", schema=report_schema(report_format, limits)
        )
    api.spec.components.schema(
        "Report",
        {
            "description": "一份报告，JSON 契约 v1 / one report in the JSON contract v1 "
            "(GET /api/v1/formats/{format}/example gives a complete one)",
            "oneOf": [{"$ref": f"#/components/schemas/Report{name}"} for name in formats],
        },
    )
    api.spec.components.schema(
        "ReportWithPrevious",
        {
            "description": "一份报告及其上年度报告，作跨年度核对 / a report with last year's "
            "report, for the cross-year checks X1 and X2",
            "type": "object",
            "required": ["report"],
            "additionalProperties": False,
            "properties": {
                "report": {"$ref": "#/components/schemas/Report"},
                "previous": {"$ref": "#/components/schemas/Report"},
            },
        },
    )
