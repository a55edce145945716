"""The service functions every interface (HTTP, form, CLI, batch) calls: validate, render, name."""

from __future__ import annotations

import re

from schemas import Report, Validation, load_report
from service.docx import prepare_templates, render_report
from service.errors import ReportInvalid

_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def validate(raw: bytes | str | object, *, allow_inconsistent: bool = False) -> Validation:
    """Parse (bytes, text) or take (a parsed JSON value) and validate a report; never raises for
    bad input (problems are in the result)."""
    return load_report(raw, allow_inconsistent=allow_inconsistent)


def prepare() -> None:
    """Prepare the Word templates of every format once for this process; raises TemplateProblem."""
    prepare_templates()


def render(report: Report) -> bytes:
    """Render a validated report to .docx bytes; raises TemplateProblem or RenderFailed."""
    return render_report(report)


def generate(raw: bytes | str, *, allow_inconsistent: bool = False) -> tuple[bytes, Validation]:
    """Validate then render; raises ReportInvalid when there are errors, else (docx, result)."""
    result = validate(raw, allow_inconsistent=allow_inconsistent)
    if result.report is None:
        raise ReportInvalid(result.errors, result.warnings)
    return render(result.report), result


def filename(report: Report) -> str:
    """Return ``{organization}{year}年政府信息公开工作年度报告.docx``, safe as a file name."""
    organization = _UNSAFE_IN_FILENAME.sub("_", report.organization).strip(" .") or "报告"
    return f"{organization}{report.year}年政府信息公开工作年度报告.docx"
