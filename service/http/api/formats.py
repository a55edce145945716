"""GET /api/v1/formats, GET /api/v1/formats/{format}/example and …/{format}/workbook."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask_smorest import Blueprint

from service import catalog, documents
from service.http.api.wire import FormatSchema, problem
from service.http.body import JSON_MIME
from service.http.downloads import XLSX_MIME, workbook_download
from service.http.tokens import require_token

blp = Blueprint("formats", __name__, description="官方格式与示例 / official formats and examples")
blp.before_request(require_token)


@blp.route("", methods=["GET"])
@blp.doc(summary="可用的报告格式 / the formats the service renders")
@blp.response(200, FormatSchema(many=True))
def list_formats() -> list[dict[str, Any]]:
    """List the official formats with their document numbers and default years."""
    return [
        {
            "format": spec.id,
            "name": spec.name,
            "document_number": spec.document_number,
            "notice": spec.notice,
            "first_year": spec.first_year,
            "last_year": spec.last_year,
            "example": url_for("formats.example_report", name=spec.id),
            "workbook": url_for("formats.blank_workbook", name=spec.id),
        }
        for spec in catalog.FORMATS
    ]


@blp.route("/<name>/example", methods=["GET"])
@blp.doc(
    summary="某格式的完整示例报告 / a complete example report",
    responses={
        200: {
            "description": "a complete, valid report in that format",
            "content": {JSON_MIME: {"schema": {"$ref": "#/components/schemas/Report"}}},
        },
    },
)
@problem(blp, 404, "没有这种格式 / unknown format")
def example_report(name: str) -> Response:
    """Return the shipped example of format `name`; raises UnknownFormat."""
    return Response(catalog.example(name), mimetype=JSON_MIME)


@blp.route("/<name>/workbook", methods=["GET"])
@blp.doc(
    summary="某格式的空白数据工作簿 / the blank workbook bureaus fill in",
    description=(
        "工作表：基本信息、正文、表二、表三、表四（官方表格逐格排布，合计为公式）。填好后可通过"
        "批量接口（zip 中的 .xlsx）提交。 / Sheets 基本信息, 正文, 表二, 表三, 表四 (the official "
        "grids cell for cell, totals as formulas); filled in, it is accepted in batches."
    ),
    responses={
        200: {
            "description": "the blank workbook (.xlsx)",
            "content": {XLSX_MIME: {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
@problem(blp, 404, "没有这种格式 / unknown format")
def blank_workbook(name: str) -> Response:
    """Return the blank workbook of format `name`; raises UnknownFormat."""
    return workbook_download(documents.blank_workbook(name), catalog.find(name).id)
