"""The whole report schema per format, built once per ``Limits`` and cached."""

from __future__ import annotations

from functools import lru_cache

from marshmallow import Schema

from schemas import format2019, format2021
from schemas.common import (
    applications_schema,
    nested,
    paragraphs,
    review_litigation_schema,
    schema,
    section_schema,
    signature_schema,
)
from schemas.fields import Choice, Text, Year
from schemas.limits import Limits
from schemas.model import Format

FORMATS: tuple[Format, ...] = ("2019", "2021")
_FORMAT_MODULES = {"2019": format2019, "2021": format2021}


def default_format(year: int) -> Format:
    """The official format of a report year: 2019 up to 2020, 2021 from 2021."""
    return "2019" if year <= 2020 else "2021"


@lru_cache(maxsize=16)
def report_schema(report_format: Format, limits: Limits) -> Schema:
    """Return the (shared, stateless) schema instance of a whole report in ``report_format``."""
    module = _FORMAT_MODULES[report_format]
    section = section_schema(limits)
    report = schema(
        f"Report{report_format}",
        {
            "format": Choice(FORMATS),
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
