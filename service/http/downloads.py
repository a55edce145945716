"""The files the HTTP layer sends (a report's .docx, HTML or PDF, a batch zip, a blank
workbook, report JSON): MIME types and file names.

Shared by the API and the staff page, so a document downloads under the same name and headers
whichever way it was asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from flask import Response, send_file
from werkzeug.wrappers import Response as BaseResponse

from schemas import Report
from service import documents
from service.http.body import JSON_MIME
from service.outputs import DOCX, HTML, Output

DOCX_MIME = DOCX.media_type
#: What an HTML report may do when opened from this service: show itself with its inline
#: styles; nothing loads, nothing runs (its text is escaped; this holds even if that failed).
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"
R = TypeVar("R", bound=BaseResponse)

ZIP_NAME = "政府信息公开工作年度报告.zip"


def attachment(name: str, fallback: str | None = None) -> str:
    """``attachment`` naming `name` in RFC 5987 form, with an ASCII `fallback` for old clients
    (default: `name` itself, which must then be ASCII)."""
    return f"attachment; filename=\"{fallback or name}\"; filename*=UTF-8''{quote(name)}"


def json_file(data: bytes, name: str, fallback: str | None = None) -> Response:
    """JSON bytes (a report, a draft, a blank) as the file `name`, with an ASCII `fallback`
    for old clients (default: `name`, which must then be ASCII)."""
    response = Response(data, mimetype=JSON_MIME)
    response.headers["Content-Disposition"] = attachment(name, fallback)
    return response


def docx_download(document: bytes, report: Report, name: str | None = None) -> Response:
    """The .docx of `report`, named ``{organization}{year}年政府信息公开工作年度报告.docx``
    unless an (ASCII) `name` is given."""
    return report_download(document, report, DOCX, name)


def report_download(
    data: bytes, report: Report, output: Output, name: str | None = None
) -> Response:
    """`report` as the file `data` of kind `output`, named
    ``{organization}{year}年政府信息公开工作年度报告.{docx,html,pdf}`` unless an (ASCII) `name`
    is given; an HTML file carries HTML_POLICY."""
    response = Response(data, mimetype=output.media_type)
    fallback = f"report-{report.year}{output.extension}"
    disposition = (
        attachment(name) if name else attachment(documents.filename(report, output), fallback)
    )
    response.headers["Content-Disposition"] = disposition
    if output == HTML:
        response.headers["Content-Security-Policy"] = HTML_POLICY
    return private(response)


def zip_download(body: bytes | Iterable[bytes]) -> Response:
    """A batch zip (whole, or streamed as chunks), named ZIP_NAME."""
    response = Response(body, mimetype=ZIP_MIME)
    response.headers["Content-Disposition"] = attachment(ZIP_NAME, "reports.zip")
    return private(response)


def zip_file(path: Path) -> Response:
    """A batch zip on disk (a job's result), sent from the file, named ZIP_NAME."""
    response = send_file(path, mimetype=ZIP_MIME, conditional=False, max_age=0)
    response.headers["Content-Disposition"] = attachment(ZIP_NAME, "reports.zip")
    return private(response)


def private(response: R) -> R:
    """Forbid storing `response` anywhere (documents and pages holding a CSRF token are the
    staff member's alone: no shared proxy cache, no browser history copy)."""
    response.headers["Cache-Control"] = "no-store"
    return response


def workbook_download(workbook: bytes, format_id: str) -> Response:
    """The blank workbook of a format, named ``年报数据（{format}格式）.xlsx``."""
    response = Response(workbook, mimetype=XLSX_MIME)
    name = f"年报数据（{format_id}格式）.xlsx"
    response.headers["Content-Disposition"] = attachment(name, f"workbook-{format_id}.xlsx")
    return response
