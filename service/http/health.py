"""GET /healthz (the process answers) and GET /readyz (it can render: templates prepared, and
the PDF converter pool answering when there is one, its converters' state reported)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from service import documents
from service.errors import NotReady, PdfProblem, TemplateProblem
from service.http.state import current_converter, current_settings

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: always ``{"status": "ok"}`` while the process serves requests."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> dict[str, Any]:
    """Readiness: ``{"status": "ready"}``, with ``pdf`` (every converter's state, ``starting``
    while they start) when PDFs are made. Raises NotReady while the templates are not prepared,
    or while the converter pool does not answer. Converters that are starting, restarting or
    down keep the service ready: .docx and HTML need none, and a PDF request meanwhile waits in
    the pool's queue or gets 503 ``busy``/``pdf-unavailable`` with Retry-After."""
    try:
        documents.prepare(current_settings().template_dir)
    except TemplateProblem as exc:
        raise NotReady(exc.detail) from exc
    converter = current_converter()
    if converter is None:
        return {"status": "ready"}
    try:
        pdf = converter.status()
    except PdfProblem as exc:
        raise NotReady(exc.detail) from exc
    return {"status": "ready", "pdf": pdf}
