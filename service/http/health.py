"""GET /healthz (the process answers) and GET /readyz (it can render: templates prepared)."""

from __future__ import annotations

from flask import Blueprint

from service import documents
from service.errors import NotReady, TemplateProblem
from service.http.state import current_settings

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: always ``{"status": "ok"}`` while the process serves requests."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> dict[str, str]:
    """Readiness: ``{"status": "ready"}``; raises NotReady when the templates are not prepared."""
    try:
        documents.prepare(current_settings().template_dir)
    except TemplateProblem as exc:
        raise NotReady(exc.detail) from exc
    return {"status": "ready"}
