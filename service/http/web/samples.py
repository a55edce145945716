"""The blank and example reports of each format, as the start page and the editor offer them:
JSON, a Word document and the blank Excel workbook to fill in."""

from __future__ import annotations

from flask import Response

from service import catalog, documents
from service.http.downloads import docx_download, json_file, workbook_download
from service.http.rendering import generated
from service.http.web import bp
from service.outputs import DOCX


@bp.get("/downloads/<any(blank, example):kind>-<name>.json")
def sample_json(kind: str, name: str) -> Response:
    """The blank or example report of a format, as a JSON file; raises UnknownFormat."""
    data = catalog.blank(name) if kind == "blank" else catalog.example(name)
    return json_file(data, f"{kind}-{name}.json")


@bp.get("/downloads/<any(blank, example):kind>-<name>.docx")
def sample_docx(kind: str, name: str) -> Response:
    """The blank or example report of a format, as a Word document; raises UnknownFormat…"""
    data = catalog.blank(name) if kind == "blank" else catalog.example(name)
    # The blank's Word document shows its placeholders: it is a form to fill, not a report.
    document, result = generated(data, DOCX, allow_placeholders=kind == "blank")
    assert result.report is not None  # generate raises unless the report is valid
    return docx_download(document, result.report, f"{kind}-{name}.docx")


@bp.get("/downloads/blank-<name>.xlsx")
def blank_workbook(name: str) -> Response:
    """The blank workbook of a format for bureaus to fill in; raises UnknownFormat."""
    return workbook_download(documents.blank_workbook(name), catalog.find(name).id)
