"""POST /api/v1/imports: a Word report, a filled workbook or a report as published (its PDF, its
portal web page) in — the file as the body, or a multipart upload —, the report in the contract
out, read and checked.

Reading runs through the render time budget like a render (the document, and last year's
beside it, each): a huge or hostile document is bounded in time as well as in size
(GOV_REPORT_IMPORT_* and the batch zip limits).
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_smorest import Blueprint

from schemas import Report
from service import documents
from service.errors import InputError, NotAReport, UnsupportedMediaType
from service.http.api.wire import UNAUTHORIZED, ImportResultSchema, RenderQuerySchema, problem
from service.http.body import read_body
from service.http.downloads import DOCX_MIME, XLSX_MIME
from service.http.request_log import note_report
from service.http.state import current_budget, current_settings
from service.http.tokens import require_token
from service.outputs import HTML, PDF

MULTIPART_MIME = "multipart/form-data"
#: The media types a document may be sent as, the body being the file.
DOCUMENT_MIMES = (DOCX_MIME, XLSX_MIME, PDF.media_type, HTML.media_type, "application/xhtml+xml")
#: Room for the multipart boundaries and headers around the files.
_MULTIPART_SLACK = 64 * 1024
_BINARY = {"type": "string", "format": "binary"}

blp = Blueprint(
    "imports", __name__,
    description="读取 Word 报告、数据工作簿、PDF 或门户网页 / read a Word report, a workbook, "
    "a PDF or a portal web page",
)  # fmt: skip
blp.before_request(require_token)


@blp.route("", methods=["POST"])
@blp.arguments(RenderQuerySchema, location="query", as_kwargs=True, error_status_code=400)
@blp.doc(
    summary="读取年度报告（Word、数据工作簿、PDF、网页） / read a report into the contract",
    description=(
        "本服务生成的文档，或按官方模板（2019、2021 格式）在 Word/WPS 中填写的文档；填好的数据"
        "工作簿（.xlsx，见 /formats/{format}/workbook，问题注明工作表与单元格）；或发布的报告："
        "文字版 PDF（WPS、Word、LibreOffice 导出）、门户网站的网页（整页或正文，UTF-8 或 GBK）。"
        "扫描件、加密的 PDF、不是年度报告的网页会被拒绝并说明原因。多部分上传时可另附 previous"
        "（上年度报告，同样的格式或 .json）作跨年度核对 / a document made by this service or the "
        "official template filled in by hand; a filled workbook (.xlsx, see "
        "/formats/{format}/workbook; problems name their sheet and cell); or the report as "
        "published: a text PDF (WPS, Word, LibreOffice exports) or the portal's web page (the "
        "whole page or the article, UTF-8 or GBK). A scan, an encrypted PDF and a page that is "
        "not a report are refused saying so. A multipart upload may add `previous` (last year's "
        "report, any of these or .json) for the cross-year checks X1 and X2."
    ),
    requestBody={
        "required": True,
        "content": {
            **{mime: {"schema": _BINARY} for mime in DOCUMENT_MIMES},
            MULTIPART_MIME: {
                "schema": {
                    "type": "object",
                    "required": ["document"],
                    "properties": {"document": _BINARY, "previous": _BINARY},
                }
            },
        },
    },
)
@blp.response(
    200, ImportResultSchema, description="已读取（报告可能仍有错误） / read (it may have errors)"
)
@problem(blp, 400, "多部分上传缺少 document / the multipart upload has no document")
@problem(blp, 401, UNAUTHORIZED)
@problem(blp, 413, "文件超出限制 / over GOV_REPORT_IMPORT_* or the zip limits")
@problem(blp, 415, "不是可读取的文档（.doc、.xls、加密、扫描件 PDF…）/ not readable")
@problem(blp, 422, "文档或工作簿不是可读取的年度报告，或上年度报告无法使用 / not a readable report")
@problem(blp, 503, "读取超时或繁忙 / reading took too long, or busy")
def import_report(allow_inconsistent: bool) -> dict[str, Any]:
    """Read the uploaded document; raises UnsupportedMediaType, DocumentUnsupported,
    DocumentTooLarge, NotAReport, PreviousUnusable, RenderTimeout."""
    settings = current_settings()
    data, previous_data = _upload(settings.imports.max_document_bytes)
    previous: Report | None = None
    if previous_data is not None:
        previous = current_budget().run(
            documents.load_previous,
            previous_data,
            imports=settings.imports,
            limits=settings.limits,
        )
    imported, result = current_budget().run(
        documents.import_document,
        data,
        imports=settings.imports,
        limits=settings.limits,
        allow_inconsistent=allow_inconsistent,
        previous=previous,
    )
    if imported.report is None or result is None:
        raise NotAReport(imported.errors, imported.warnings)
    if result.report is not None:
        note_report(result.report)
    return {
        "report": imported.report,
        "valid": result.valid,
        "errors": [issue.to_dict() for issue in result.errors],
        "warnings": [issue.to_dict() for issue in (*imported.warnings, *result.warnings)],
    }


def _upload(limit: int) -> tuple[bytes, bytes | None]:
    """The document (and last year's report, multipart only) from the body; raises
    UnsupportedMediaType, InputError, RequestEntityTooLarge."""
    if request.mimetype in DOCUMENT_MIMES:
        request.max_content_length = limit
        return read_body(), None
    if request.mimetype == MULTIPART_MIME:
        request.max_content_length = 2 * limit + _MULTIPART_SLACK
        request.max_form_memory_size = _MULTIPART_SLACK
        document = request.files.get("document")
        if document is None:
            raise InputError(
                "多部分上传中没有名为 document 的文件 / the multipart upload has no file named "
                "document"
            )
        previous = request.files.get("previous")
        return document.read(), None if previous is None else previous.read()
    given = request.content_type or "（无 / none）"
    raise UnsupportedMediaType(
        f"请求体须为 .docx（Content-Type: {DOCX_MIME}）、.xlsx（{XLSX_MIME}）、PDF（"
        f"{PDF.media_type}）、网页（{HTML.media_type}）或多部分上传（{MULTIPART_MIME}），收到 "
        f"{given} / the body must be a .docx, an .xlsx, a PDF, a web page or a multipart upload, "
        f"got {given}"
    )
