"""The service functions every interface (HTTP, form, CLI, batch) calls: validate, render, name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from schemas import Issue, JSONProblem, Report, Validation, load_report, parse_json
from schemas.contract.limits import DEFAULT_LIMITS, Limits
from schemas.model.layout import FIELD_LABELS, SEPARATOR
from schemas.registry import FORMAT_IDS
from service import catalog
from service.catalog import find
from service.docx import prepared_template, render_report
from service.errors import (
    DocumentTooLarge,
    DocumentUnsupported,
    PdfUnavailable,
    PreviousUnusable,
    ReportInvalid,
    ReportUnreadable,
)
from service.html import fragment as html_fragment
from service.html import page as html_page
from service.importing import looks_like_document, read_document
from service.outputs import DOCX, HTML, PDF, Output
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from service.reading.result import Imported
from service.xlsx.read.reader import read_workbook
from service.xlsx.write.workbook import write_workbook
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
    previous: Report | None = None,
    allow_placeholders: bool = False,
) -> Validation:
    """Parse (bytes, text) or take (a parsed JSON value, e.g. from a batch's JSON array) and
    validate a report, against last year's `previous` when given; never raises for bad input
    (problems are in the result). `allow_placeholders` is for the blank's own sample document
    only."""
    return load_report(
        raw,
        allow_inconsistent=allow_inconsistent,
        limits=limits,
        previous=previous,
        allow_placeholders=allow_placeholders,
    )


def read(data: bytes, *, imports: ImportLimits) -> Imported:
    """Read an uploaded document into the contract, unchecked; raises DocumentUnsupported or
    DocumentTooLarge."""
    return read_document(data, imports)


def import_document(
    data: bytes,
    *,
    imports: ImportLimits,
    limits: Limits | None = None,
    allow_inconsistent: bool = False,
    previous: Report | None = None,
) -> tuple[Imported, Validation | None]:
    """Read an uploaded document into the contract and validate what was read (None when the
    document is not a readable report). Raises DocumentUnsupported or DocumentTooLarge."""
    imported = read(data, imports=imports)
    if imported.report is None:
        return imported, None
    result = validate(
        imported.report, allow_inconsistent=allow_inconsistent, limits=limits, previous=previous
    )
    return imported, imported.located(result)


def validate_workbook(
    data: bytes,
    *,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    previous: Report | None = None,
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
) -> tuple[Validation, dict[str, Any]]:
    """Read a filled workbook (.xlsx: a batch input) and validate the report it holds: one
    result, the workbook's own problems (an unreadable cell, a missing sheet) and warnings
    first, every problem naming its sheet and cell; and the report as read (contract JSON,
    which names even an invalid report). Raises WorkbookUnreadable (a DocumentUnsupported) or
    DocumentTooLarge when the workbook cannot be read at all."""
    checked = check_workbook(
        data, allow_inconsistent=allow_inconsistent, limits=limits, previous=previous,
        imports=imports,
    )  # fmt: skip
    return checked.result, checked.document


@dataclass(frozen=True, slots=True)
class CheckedWorkbook:
    """A workbook read and validated (``check_workbook``)."""

    result: Validation
    document: dict[str, Any]
    """The report as read (contract JSON), even when invalid."""
    readable: bool
    """Whether the workbook was a readable report (False: a cell or sheet could not be read,
    nothing was validated)."""


def check_workbook(
    data: bytes,
    *,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    previous: Report | None = None,
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
) -> CheckedWorkbook:
    """validate_workbook, saying also whether the workbook could be read as a report; raises
    as it does."""
    reading = read_workbook(data, imports)
    imported = reading.imported()
    if imported.report is None:
        result = Validation(None, imported.errors, imported.warnings)
        return CheckedWorkbook(result, reading.document, False)
    result = imported.located(
        validate(
            imported.report,
            allow_inconsistent=allow_inconsistent,
            limits=limits,
            previous=previous,
        )
    )
    warnings = (*imported.warnings, *result.warnings)
    checked = Validation(result.report, result.errors, warnings)
    return CheckedWorkbook(checked, reading.document, True)


def blank_workbook(name: str) -> bytes:
    """The blank workbook (.xlsx) of format `name` for bureaus to fill in, built once per
    process; raises UnknownFormat."""
    return _blank_workbook(find(name).id)


@cache
def _blank_workbook(format_id: str) -> bytes:
    """The blank report of one format written as the workbook."""
    return write_workbook(json.loads(catalog.blank(format_id)))


def load_previous(
    data: bytes | object,
    *,
    imports: ImportLimits,
    limits: Limits | None = None,
) -> Report:
    """Last year's report, from its JSON (bytes or parsed) or its Word document, for the
    cross-year checks.

    Its own consistency (R1–R4) does not matter here; anything that keeps it from being read as
    a report raises PreviousUnusable, its problems' paths under ``previous.``.
    """
    raw: object = data
    if isinstance(data, bytes) and looks_like_document(data):
        try:
            imported = read(data, imports=imports)
        except (DocumentUnsupported, DocumentTooLarge) as exc:
            problem = Issue("previous", "previous_unreadable", exc.detail, _PREVIOUS)
            raise PreviousUnusable((problem,)) from None
        if imported.report is None:
            raise PreviousUnusable(tuple(_as_previous(issue) for issue in imported.errors))
        raw = imported.report
    result = load_report(raw, allow_inconsistent=True, limits=limits)
    if result.report is None:
        raise PreviousUnusable(tuple(_as_previous(issue) for issue in result.errors))
    return result.report


_PREVIOUS = FIELD_LABELS["previous"]
#: The keys of a body that carries last year's report beside this year's.
ENVELOPE_KEYS = frozenset({"report", "previous"})


def split_previous(
    raw: bytes, *, imports: ImportLimits, limits: Limits | None = None
) -> tuple[object, Report | None]:
    """A request body that is a report, or ``{"report": …, "previous": …}`` (last year's report
    beside it): the report (parsed, or the raw bytes when they are not JSON, for validation to
    report) and last year's report when given. Raises PreviousUnusable."""
    try:
        document = parse_json(raw, max_depth=(limits or DEFAULT_LIMITS).max_depth)
    except JSONProblem:
        return raw, None
    if not (
        isinstance(document, dict)
        and "report" in document
        and set(document) <= ENVELOPE_KEYS
        # An envelope with a repeated key is validated as it is: the duplicate is reported.
        and not getattr(document, "duplicates", ())
    ):
        # A parsed JSON string would be taken for text to parse: pass the bytes on instead.
        return (raw if isinstance(document, str) else document), None
    previous = document.get("previous")
    if previous is None:
        return document["report"], None
    return document["report"], load_previous(previous, imports=imports, limits=limits)


def _as_previous(issue: Issue) -> Issue:
    """A problem of last year's report, placed under ``previous``."""
    path = f"previous.{issue.path}" if issue.path else "previous"
    return Issue(path, issue.code, issue.message, _PREVIOUS + SEPARATOR + issue.label)


def prepare(template_dir: Path | None = None) -> None:
    """Prepare every format's Word template (once per process), from `template_dir` when given,
    else the shipped ones; raises TemplateProblem."""
    for format_id in FORMAT_IDS:
        prepared_template(template_path(format_id, template_dir))


def render(report: Report, template_dir: Path | None = None) -> bytes:
    """Render a validated report to .docx bytes (templates from `template_dir` when given);
    raises TemplateProblem or RenderFailed."""
    return render_report(report, template_dir)


class Converter(Protocol):
    """Turns a .docx into a PDF: the broker's client, or a converter pool in this process."""

    def convert(self, docx: bytes, pdfa: bool = False) -> bytes:
        """The PDF (PDF/A-2b when `pdfa`); raises PdfProblem."""

    def status(self) -> dict[str, Any]:
        """The converters' states, for /readyz; raises PdfProblem."""


def render_html(report: Report, *, fragment: bool = False) -> bytes:
    """The portal HTML of a validated report, UTF-8: a standalone page, or with `fragment`
    only the body with inline styles (for a CMS editor). Never raises for a valid report."""
    return (html_fragment(report) if fragment else html_page(report)).encode("utf-8")


def convert_pdf(docx: bytes, converter: Converter | None, *, pdfa: bool = False) -> bytes:
    """A rendered .docx as PDF (PDF/A-2b when `pdfa`); raises PdfUnavailable (no converter),
    PdfBusy, PdfTimeout or PdfFailed."""
    if converter is None:
        raise PdfUnavailable("本服务未配置 PDF 转换 / no PDF converter is configured")
    return converter.convert(docx, pdfa)


def render_output(
    report: Report,
    output: Output,
    *,
    converter: Converter | None = None,
    template_dir: Path | None = None,
    fragment: bool = False,
    pdfa: bool = False,
) -> bytes:
    """A validated report as `output` (`fragment` applies to HTML, `pdfa` to PDF); raises
    TemplateProblem or RenderFailed, and for PDF as convert_pdf."""
    if output == HTML:
        return render_html(report, fragment=fragment)
    document = render(report, template_dir)
    return convert_pdf(document, converter, pdfa=pdfa) if output == PDF else document


def generate(
    raw: bytes | str | object,
    *,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    template_dir: Path | None = None,
    previous: Report | None = None,
    allow_placeholders: bool = False,
    output: Output = DOCX,
    fragment: bool = False,
    pdfa: bool = False,
    converter: Converter | None = None,
) -> tuple[bytes, Validation]:
    """Validate (against last year's `previous` when given) then render as `output` (see
    render_output); returns (file, result).

    Raises ReportUnreadable (not one readable JSON object) or ReportInvalid when there are
    errors, TemplateProblem or RenderFailed when rendering fails, PdfProblem for a PDF.
    """
    result = validate(
        raw,
        allow_inconsistent=allow_inconsistent,
        limits=limits,
        previous=previous,
        allow_placeholders=allow_placeholders,
    )
    if result.report is None:
        problem = ReportUnreadable if result.unreadable else ReportInvalid
        raise problem(result.errors, result.warnings)
    data = render_output(
        result.report, output, converter=converter, template_dir=template_dir,
        fragment=fragment, pdfa=pdfa,
    )  # fmt: skip
    return data, result


def filename(report: Report, output: Output = DOCX) -> str:
    """Return ``{organization}{year}年政府信息公开工作年度报告.docx`` (or ``.html``, ``.pdf``
    for another `output`), safe as a file name.

    Characters no file system takes become ``_``; a very long organization is shortened so the
    name stays within FILENAME_MAX_BYTES of UTF-8 (file systems refuse names over 255 bytes,
    and a batch may add a ``（N）`` to a repeated name).
    """
    return _named(report.organization, f"{report.year}年政府信息公开工作年度报告{output.extension}")


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
