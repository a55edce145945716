"""The interactive API docs' assets (Swagger UI), served from the installed package: no CDN."""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path
from werkzeug.exceptions import NotFound

#: The files flask-smorest's Swagger UI page loads; nothing else of the bundle is served.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"})

bp = Blueprint("docs_assets", __name__)


@bp.get("/<name>")
def asset(name: str) -> Response:
    """Return one Swagger UI asset; raises NotFound for anything else."""
    if name not in ASSETS:
        raise NotFound()
    return send_from_directory(swagger_ui_path, name, max_age=86400)
