"""A blank report of each format: every table cell present and zero, every text a placeholder.

Staff fill it in: every table key is there (nothing to look up in the contract), each count is
0, each amount ``"0"``, and each text says what belongs there (``schemas.checks.placeholders``:
validation refuses a report until they are replaced). The year is last year's, within the
format's years. The tables' shape is read from the format's own schema, so it follows the
contract as it changes.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from marshmallow import fields

from schemas.checks.placeholders import PLACEHOLDERS
from schemas.contract.fields import Amount, Choice, Count
from schemas.contract.limits import DEFAULT_LIMITS
from schemas.contract.schema import report_schema
from schemas.model.layout import TABLE_SECTIONS
from schemas.registry import FormatSpec


def blank_report(spec: FormatSpec, today: datetime.date | None = None) -> bytes:
    """Return the blank report of format `spec` as JSON bytes, for last year (as of `today`)."""
    schema = report_schema(spec.id, DEFAULT_LIMITS)
    report: dict[str, Any] = {
        "format": spec.id,
        "year": default_year(spec, today),
        "organization": PLACEHOLDERS["organization"],
        "overview": {"paragraphs": [PLACEHOLDERS["overview"]]},
    }
    for key in TABLE_SECTIONS.values():
        report[key] = _zero(schema.fields[key])
    for key in ("problems", "other_matters"):
        report[key] = {"paragraphs": [PLACEHOLDERS[key]]}
    return json.dumps(report, ensure_ascii=False, indent=2).encode() + b"\n"


def default_year(spec: FormatSpec, today: datetime.date | None = None) -> int:
    """The year a new report of format `spec` is most likely for: last year, within the
    format's years (reports are written early in the year after)."""
    last_year = (today or datetime.date.today()).year - 1
    if spec.last_year is not None:
        last_year = min(last_year, spec.last_year)
    return max(last_year, spec.first_year)


def _zero(field: fields.Field) -> Any:  # type: ignore[type-arg]
    """The zero value of one table field: 0, "0", or an object of them.

    Choices (a unit) are left out: the contract's default applies, and a set has no first one.
    """
    if isinstance(field, fields.Nested):
        members = field.schema.fields.items()
        return {key: _zero(member) for key, member in members if not isinstance(member, Choice)}
    if isinstance(field, Count):
        return 0
    if isinstance(field, Amount):
        return "0"
    raise TypeError(f"no zero value for a table field of type {type(field).__name__}")
