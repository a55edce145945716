"""GET /healthz (the process answers) and GET /readyz (it can render: templates prepared, and
the PDF converter pool started when there is one)."""

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
    """Readiness: ``{"status": "ready"}``, with ``pdf`` (every converter's state) when PDFs are
    made. Raises NotReady while the templates are not prepared, and while the converter pool
    does not answer or is still starting up (until a converter is ready, or each has failed to
    start: a converter that is down or restarting later keeps the service ready, since .docx and
    HTML need none; a PDF request then waits or gets 503)."""
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
    if pdf["starting"]:
        raise NotReady("PDF 转换进程正在启动 / the PDF converters are starting")
    return {"status": "ready", "pdf": pdf}
