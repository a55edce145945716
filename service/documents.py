"""The service functions every interface (HTTP, form, CLI, batch) calls: validate, render, name."""

from __future__ import annotations

import re
from pathlib import Path

from schemas import Report, Validation, load_report
from schemas.formats import FORMAT_IDS
from schemas.limits import Limits
from service.docx import prepared_template, render_report
from service.errors import ReportInvalid, ReportUnreadable
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
    raw: bytes | str | object,
    *,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    allow_placeholders: bool = False,
) -> Validation:
    """Parse (bytes, text) or take (a parsed JSON value, e.g. from a batch's JSON array) and
    validate a report; never raises for bad input (problems are in the result).
    `allow_placeholders` is for the blank's own sample document only."""
    return load_report(
        raw,
        allow_inconsistent=allow_inconsistent,
        limits=limits,
        allow_placeholders=allow_placeholders,
    )


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
    allow_placeholders: bool = False,
) -> tuple[bytes, Validation]:
    """Validate then render; returns (docx, result).

    Raises ReportUnreadable (not one readable JSON object) or ReportInvalid when there are
    errors, TemplateProblem or RenderFailed when rendering fails.
    """
    result = validate(
        raw,
        allow_inconsistent=allow_inconsistent,
        limits=limits,
        allow_placeholders=allow_placeholders,
    )
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
    return _named(report.organization, f"{report.year}年政府信息公开工作年度报告.docx")


def draft_filename(organization: str, year: str) -> str:
    """Return ``{organization}{year}年政府信息公开工作年度报告（草稿）.json``, the name of a
    report saved before it is valid, safe as a file name like ``filename``'s."""
    return _named(organization, f"{year.strip()}年政府信息公开工作年度报告（草稿）.json")


def _named(organization: str, suffix: str) -> str:
    """`organization` + `suffix`, with characters no file system takes as ``_`` and the
    organization shortened to keep the name within FILENAME_MAX_BYTES."""
    organization = _UNSAFE_IN_FILENAME.sub("_", organization).strip(" .") or "报告"
    budget = FILENAME_MAX_BYTES - len(_UNSAFE_IN_FILENAME.sub("_", suffix).encode())
    while len(organization.encode()) > budget:
        organization = organization[:-1]
    return organization + _UNSAFE_IN_FILENAME.sub("_", suffix)
