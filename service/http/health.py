"""GET /healthz (the process answers) and GET /readyz (it can render: templates prepared)."""

from __future__ import annotations

from flask import Blueprint

from service import documents
from service.errors import NotReady, TemplateProblem

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: always ``{"status": "ok"}`` while the process serves requests."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> dict[str, str]:
    """Readiness: ``{"status": "ready"}``; raises NotReady when the templates are not prepared."""
    try:
        documents.prepare()
    except TemplateProblem as exc:
        raise NotReady(exc.detail) from exc
    return {"status": "ready"}
