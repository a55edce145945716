"""A blank report of each format: every table cell present and zero, every text a placeholder.

Staff fill it in: every table key is there (nothing to look up in the contract), each count is
0, each amount ``"0"``, and each text says what belongs there. The tables' shape is read from
the format's own schema, so it follows the contract as it changes. It is a valid report as is.
"""

from __future__ import annotations

import json
from typing import Any

from marshmallow import fields

from schemas.contract import report_schema
from schemas.fields import Amount, Choice, Count
from schemas.formats import FormatSpec
from schemas.limits import DEFAULT_LIMITS

ORGANIZATION = "（机关名称）"
_TEXTS = {
    "overview": "（请填写总体情况）",
    "problems": "（请填写存在的主要问题及改进情况）",
    # Names 信息处理费 so that the 2021 format's fee warning does not fire on the blank itself.
    "other_matters": "（请填写其他需要报告的事项，包括信息处理费的收取情况）",
}
_TABLES = ("active_disclosure", "applications", "review_litigation")


def blank_report(spec: FormatSpec) -> bytes:
    """Return the blank report of format `spec` as JSON bytes."""
    schema = report_schema(spec.id, DEFAULT_LIMITS)
    report: dict[str, Any] = {
        "format": spec.id,
        "year": spec.first_year,
        "organization": ORGANIZATION,
        "overview": {"paragraphs": [_TEXTS["overview"]]},
    }
    for key in _TABLES:
        report[key] = _zero(schema.fields[key])
    for key in ("problems", "other_matters"):
        report[key] = {"paragraphs": [_TEXTS[key]]}
    return json.dumps(report, ensure_ascii=False, indent=2).encode() + b"\n"


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
