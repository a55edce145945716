"""The whole report schema per format, built once per ``Limits`` and cached: the parts both
formats share, and each format's own members from its contract module in the registry."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from marshmallow import Schema

from schemas.contract.codes import Coded
from schemas.contract.fields import Choice, FormatNested, Text, Year
from schemas.contract.limits import Limits
from schemas.contract.parts import (
    applications_schema,
    names,
    nested,
    paragraphs,
    review_litigation_schema,
    schema,
    section_schema,
    signature_schema,
)
from schemas.registry import FORMAT_IDS, FORMATS, Format, FormatSpec, find


@lru_cache(maxsize=16)
def report_schema(report_format: Format, limits: Limits) -> Schema:
    """Return the (shared, stateless) schema instance of a whole report in ``report_format``."""
    spec = find(report_format)
    contract = spec.contract
    section = section_schema(limits)
    disclosure = contract.disclosure_schema(limits)
    other_handling = contract.other_handling_schema(limits)
    report = schema(
        f"Report{report_format}",
        {
            "format": Choice(FORMAT_IDS),
            "year": Year(limits.min_year, required=True),
            "organization": Text(1, limits.organization_chars, required=True),
            "title": Text(1, limits.title_chars),
            "preamble": paragraphs(limits),
            "overview": nested(section, required=True),
            "active_disclosure": format_member(
                disclosure, spec, "active_disclosure", required=True
            ),
            "applications": nested(
                applications_schema(limits, format_member(other_handling, spec, "other_handling")),
                required=True,
            ),
            "review_litigation": nested(review_litigation_schema(limits), required=True),
            "problems": nested(section, required=True),
            "other_matters": nested(section),
            "signature": nested(signature_schema(limits)),
        },
    )
    return report()


#: The members whose shape depends on the format: their label and the registry's model field.
_FORMAT_MEMBERS = {
    "active_disclosure": ("二、主动公开政府信息情况", "disclosure_model"),
    "other_handling": ("（六）其他处理", "other_handling_model"),
}


def format_member(member: type[Schema], spec: FormatSpec, key: str, **kwargs: Any) -> FormatNested:
    """The field of `key` in `spec`'s shape: a key only another format's shape has gives the
    one error ``wrong_format`` instead of a list of unknown fields."""
    label, model_field = _FORMAT_MEMBERS[key]
    own = set(names(getattr(spec, model_field)))
    others = [other for other in FORMATS if other.id != spec.id]
    foreign = {name for other in others for name in names(getattr(other, model_field))} - own
    shown = "、".join(other.id for other in others)
    error = Coded(
        "wrong_format",
        f"{label} 是 {shown} 格式的结构，但报告格式为 {spec.id} / "
        f"{key} has the {shown} shape but the report format is {spec.id}",
    )
    return FormatNested(member, foreign, error, **kwargs)
