"""The interactive API docs' assets (Swagger UI), served from the installed package: no CDN; and
the language of the docs page itself."""

from __future__ import annotations

from flask import Blueprint, Response, request, send_from_directory
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


#: flask-smorest's Swagger UI page, whose ``<html>`` names no language.
DOCS_PAGE = "api-docs.openapi_swagger_ui"
#: The language of the docs page: Swagger UI's own words are English.
DOCS_LANGUAGE = b'<html lang="en">'


def declare_language(response: Response) -> Response:
    """Name the docs page's language (screen readers pick their voice by it)."""
    if request.endpoint == DOCS_PAGE and response.mimetype == "text/html":
        response.set_data(response.get_data().replace(b"<html>", DOCS_LANGUAGE, 1))
    return response
