"""POST /api/v1/reports (report JSON in; .docx, HTML or PDF out, by ``Accept``) and
POST /api/v1/reports/validate."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, request
from flask_smorest import Blueprint

from schemas import Issue, Report, Validation
from service import documents
from service.errors import PreviousUnusable, ReportUnreadable
from service.http.api.wire import (
    DocumentQuerySchema,
    RenderQuerySchema,
    ValidationResultSchema,
    problem,
    report_problems,
)
from service.http.body import JSON_MIME, read_json_body
from service.http.downloads import report_download
from service.http.rendering import generated
from service.http.request_log import note_report
from service.http.state import current_settings
from service.http.tokens import require_token
from service.outputs import DOCX, HTML, OUTPUTS, PDF, Output

WARNINGS_HEADER = "X-Report-Warnings"
_NOT_IN_CODE = re.compile(r"[^A-Za-z0-9_.-]")

blp = Blueprint("reports", __name__, description="生成与校验报告 / render and validate reports")
blp.before_request(require_token)

_REPORT_BODY = {
    "required": True,
    "description": "报告 JSON（契约 v1），或 {\"report\": 报告, \"previous\": 上年度报告}："
    "附上上年度报告时另作跨年度核对（X1 上年结转 = 上年度结转下年度，错误；X2 现行有效件数，"
    "提示）/ one report in the JSON contract v1, or {\"report\", \"previous\"} with last "
    "year's report for the cross-year checks X1 (error, downgraded by allow_inconsistent) and "
    "X2 (warning); a previous report of another year or organization is an error. A Word "
    "document of last year goes through POST /api/v1/imports first.",
    "content": {
        JSON_MIME: {
            "schema": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Report"},
                    {"$ref": "#/components/schemas/ReportWithPrevious"},
                ]
            }
        }
    },
}


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@blp.route("", methods=["POST"])
@blp.arguments(DocumentQuerySchema, location="query", as_kwargs=True, error_status_code=400)
@blp.doc(
    summary="生成报告文档 / render a report to .docx, HTML or PDF",
    description=(
        "`Accept` chooses the file: the .docx (default, also for `*/*` or anything else), "
        "`text/html` (the portal page; `?fragment=true`: only the body, inline styles) or "
        "`application/pdf` (`?pdfa=true`: PDF/A-2b). 503 `pdf-unavailable`, `busy` (with "
        "Retry-After) and `pdf-timeout` concern PDF only."
    ),
    requestBody=_REPORT_BODY,
    responses={
        200: {
            "description": "the file, as an attachment; warnings' codes in X-Report-Warnings",
            "content": {
                DOCX.media_type: _BINARY,
                HTML.media_type: {"schema": {"type": "string"}},
                PDF.media_type: _BINARY,
            },
            "headers": {
                WARNINGS_HEADER: {
                    "description": "comma-separated warning codes",
                    "schema": {"type": "string"},
                }
            },
        },
    },
)
@report_problems(blp)
@problem(blp, 422, "报告有误，列出全部错误 / the report has errors, all listed")
@problem(blp, 500, "PDF 转换失败 / the PDF conversion failed twice (pdf-failed)")
@problem(blp, 503, "生成或转换超时、繁忙或未就绪 / render or PDF conversion took too long, "
         "busy, not ready or no converter")
def render_report(allow_inconsistent: bool, fragment: bool, pdfa: bool) -> Response:
    """Validate and render one report as the file `Accept` asks for; raises ReportInvalid,
    RenderTimeout, TemplateProblem, PdfProblem…"""
    raw, previous = _report_and_previous()
    output = requested_output()
    data, result = generated(
        raw,
        output,
        fragment=fragment,
        pdfa=pdfa,
        allow_inconsistent=allow_inconsistent,
        limits=current_settings().limits,
        previous=previous,
    )
    assert result.report is not None  # generate raises unless the report is valid
    note_report(result.report)
    response = report_download(data, result.report, output)
    if result.warnings:
        response.headers[WARNINGS_HEADER] = warning_codes(result.warnings)
    return response


def requested_output() -> Output:
    """The output ``Accept`` prefers: .docx by default, and when it names none of them."""
    media_types = [output.media_type for output in OUTPUTS.values()]
    best = request.accept_mimetypes.best_match(media_types, default=DOCX.media_type)
    return next(output for output in OUTPUTS.values() if output.media_type == best)


@blp.route("/validate", methods=["POST"])
@blp.arguments(RenderQuerySchema, location="query", as_kwargs=True, error_status_code=400)
@blp.doc(summary="校验报告 / validate a report", requestBody=_REPORT_BODY)
@blp.response(200, ValidationResultSchema, description="200 也用于无效报告 / also when invalid")
@report_problems(blp)
def validate_report(allow_inconsistent: bool) -> dict[str, Any]:
    """Validate one report; the answer lists every problem (last year's report's among them,
    when it cannot be used). Raises ReportUnreadable."""
    try:
        raw, previous = _report_and_previous()
    except PreviousUnusable as exc:
        return Validation(None, exc.errors, exc.warnings).to_dict()
    result = documents.validate(
        raw, allow_inconsistent=allow_inconsistent, limits=current_settings().limits,
        previous=previous,
    )
    if result.unreadable:
        raise ReportUnreadable(result.errors, result.warnings)
    if result.report is not None:
        note_report(result.report)
    return result.to_dict()


def _report_and_previous() -> tuple[object, Report | None]:
    """The JSON body: a report, or a report with last year's; raises UnsupportedMediaType,
    PreviousUnusable."""
    settings = current_settings()
    return documents.split_previous(
        read_json_body(), imports=settings.imports, limits=settings.limits
    )


def warning_codes(warnings: tuple[Issue, ...]) -> str:
    """The distinct warning codes, comma-separated, in order of first appearance, ASCII only."""
    return ",".join(dict.fromkeys(_NOT_IN_CODE.sub("_", issue.code) for issue in warnings))
