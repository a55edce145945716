"""The service functions every interface (HTTP, form, CLI, batch) calls: validate, render, name."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from schemas import Report, Validation, load_report
from schemas.formats import FORMAT_IDS
from schemas.limits import Limits
from service import formats
from service.docx import prepared_template, render_report
from service.errors import ReportInvalid, ReportUnreadable
from service.formats import find
from service.xlsx.blank import write_workbook
from service.xlsx.limits import DEFAULT_WORKBOOK_LIMITS, WorkbookLimits
from service.xlsx.reader import read_workbook
from word_templates import template_path

#: Controls and characters Windows refuses, the line and paragraph separators (U+2028, U+2029,
#: NEL: a name on two lines in a listing), and the bidi controls, with which a name such as
#: ``机关\u202excod.docx`` is displayed as ``机关docx.exe``: the document keeps them, its
#: file name does not.
_UNSAFE_IN_FILENAME = re.compile(
    '[\x00-\x1f\x7f\x85/\\\\:*?"<>|\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]'
)
#: Longest document file name in UTF-8 bytes, leaving room under 255 for a batch's ``（99）``.
FILENAME_MAX_BYTES = 240


def validate(
    raw: bytes | str | object, *, allow_inconsistent: bool = False, limits: Limits | None = None
) -> Validation:
    """Parse (bytes, text) or take (a parsed JSON value, e.g. from a batch's JSON array) and
    validate a report; never raises for bad input (problems are in the result)."""
    return load_report(raw, allow_inconsistent=allow_inconsistent, limits=limits)


def validate_workbook(
    data: bytes,
    *,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    workbook_limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
) -> tuple[Validation, dict[str, Any]]:
    """Read a filled workbook (.xlsx) and validate the report it holds; returns the result
    (every problem naming its sheet and cell) and the report as read (contract JSON, which
    names even an invalid report). Raises WorkbookUnreadable or ArchiveTooLarge when the
    workbook cannot be read at all."""
    reading = read_workbook(data, workbook_limits)
    result = load_report(reading.document, allow_inconsistent=allow_inconsistent, limits=limits)
    return reading.validated(result), reading.document


def blank_workbook(name: str) -> bytes:
    """The blank workbook (.xlsx) of format `name` for bureaus to fill in, built once per
    process; raises UnknownFormat."""
    return _blank_workbook(find(name).id)


@cache
def _blank_workbook(format_id: str) -> bytes:
    """The blank report of one format written as the workbook."""
    return write_workbook(json.loads(formats.blank(format_id)))


def prepare(template_dir: Path | None = None) -> None:
    """Prepare every format's Word template (once per process), from `template_dir` when given,
    else the shipped ones; raises TemplateProblem."""
    for format_id in FORMAT_IDS:
        prepared_template(template_path(format_id, template_dir))


def render(report: Report, template_dir: Path | None = None) -> bytes:
    """Render a validated report to .docx bytes (templates from `template_dir` when given);
    raises TemplateProblem or RenderFailed."""
    return render_report(report, template_dir)


def generate(
    raw: bytes | str,
    *,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    template_dir: Path | None = None,
) -> tuple[bytes, Validation]:
    """Validate then render; returns (docx, result).

    Raises ReportUnreadable (not one readable JSON object) or ReportInvalid when there are
    errors, TemplateProblem or RenderFailed when rendering fails.
    """
    result = validate(raw, allow_inconsistent=allow_inconsistent, limits=limits)
    if result.report is None:
        problem = ReportUnreadable if result.unreadable else ReportInvalid
        raise problem(result.errors, result.warnings)
    return render(result.report, template_dir), result


def filename(report: Report) -> str:
    """Return ``{organization}{year}年政府信息公开工作年度报告.docx``, safe as a file name.

    Characters no file system takes become ``_``; a very long organization is shortened so the
    name stays within FILENAME_MAX_BYTES of UTF-8 (file systems refuse names over 255 bytes,
    and a batch may add a ``（N）`` to a repeated name).
    """
    organization = _UNSAFE_IN_FILENAME.sub("_", report.organization).strip(" .") or "报告"
    suffix = f"{report.year}年政府信息公开工作年度报告.docx"
    budget = FILENAME_MAX_BYTES - len(suffix.encode())
    while len(organization.encode()) > budget:
        organization = organization[:-1]
    return organization + suffix
