"""The service functions every interface (HTTP, form, CLI, batch) calls: validate, render, name."""

from __future__ import annotations

import re
from typing import get_args

from schemas import Report, Validation, load_report
from schemas.limits import Limits
from schemas.model import Format
from schemas.totals import computed_totals
from service.docx import render_report, template_path
from service.docx.render import prepared_template
from service.errors import ReportInvalid, ReportUnreadable

_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


#: Codes that mean the input is not one readable JSON object, whatever else is wrong with it.
_UNREADABLE_CODES = frozenset({"invalid_json", "duplicate_key"})


def validate(
    raw: bytes | str | object, *, allow_inconsistent: bool = False, limits: Limits | None = None
) -> Validation:
    """Parse (bytes, text) or take (a parsed JSON value, e.g. from a batch's JSON array) and
    validate a report; never raises for bad input (problems are in the result)."""
    return load_report(raw, allow_inconsistent=allow_inconsistent, limits=limits)


def unreadable(result: Validation) -> bool:
    """True when the input is not one readable JSON object (bad JSON, duplicate keys, no object)."""
    return any(
        issue.code in _UNREADABLE_CODES or (issue.code == "not_an_object" and not issue.path)
        for issue in result.errors
    )


def computed(result: Validation) -> dict[str, int]:
    """Every 总计 cell by contract path (as given or filled in); empty for an invalid report."""
    return {} if result.report is None else computed_totals(result.report)


def prepare() -> None:
    """Prepare every format's Word template (once per process); raises TemplateProblem."""
    for report_format in get_args(Format):
        prepared_template(template_path(report_format))


def render(report: Report) -> bytes:
    """Render a validated report to .docx bytes; raises TemplateProblem or RenderFailed."""
    return render_report(report)


def generate(
    raw: bytes | str, *, allow_inconsistent: bool = False, limits: Limits | None = None
) -> tuple[bytes, Validation]:
    """Validate then render; returns (docx, result).

    Raises ReportUnreadable (not one readable JSON object) or ReportInvalid when there are
    errors, TemplateProblem or RenderFailed when rendering fails.
    """
    result = validate(raw, allow_inconsistent=allow_inconsistent, limits=limits)
    if result.report is None:
        problem = ReportUnreadable if unreadable(result) else ReportInvalid
        raise problem(result.errors, result.warnings)
    return render(result.report), result


def filename(report: Report) -> str:
    """Return ``{organization}{year}年政府信息公开工作年度报告.docx``, safe as a file name."""
    organization = _UNSAFE_IN_FILENAME.sub("_", report.organization).strip(" .") or "报告"
    return f"{organization}{report.year}年政府信息公开工作年度报告.docx"
