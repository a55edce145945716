"""The whole report schema per format, built once per ``Limits`` and cached."""

from __future__ import annotations

from functools import lru_cache

from marshmallow import Schema

from schemas.contract.fields import Choice, Text, Year
from schemas.contract.limits import Limits
from schemas.contract.parts import (
    applications_schema,
    nested,
    paragraphs,
    review_litigation_schema,
    schema,
    section_schema,
    signature_schema,
)
from schemas.model.report import Format
from schemas.registry import FORMAT_IDS, find


@lru_cache(maxsize=16)
def report_schema(report_format: Format, limits: Limits) -> Schema:
    """Return the (shared, stateless) schema instance of a whole report in ``report_format``."""
    module = find(report_format).module
    section = section_schema(limits)
    report = schema(
        f"Report{report_format}",
        {
            "format": Choice(FORMAT_IDS),
            "year": Year(limits.min_year, required=True),
            "organization": Text(1, limits.organization_chars, required=True),
            "title": Text(1, limits.title_chars),
            "preamble": paragraphs(limits),
            "overview": nested(section, required=True),
            "active_disclosure": module.disclosure_field(limits),
            "applications": nested(
                applications_schema(limits, module.other_handling_field(limits)), required=True
            ),
            "review_litigation": nested(review_litigation_schema(limits), required=True),
            "problems": nested(section, required=True),
            "other_matters": nested(section),
            "signature": nested(signature_schema(limits)),
        },
    )
    return report()
