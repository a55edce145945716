"""The Flask application factory: configuration, error mapping, logging, blueprints."""

from __future__ import annotations

import logging
import os

from flask import Flask

from service import documents
from service.config import Settings
from service.documents import Converter
from service.errors import TemplateProblem
from service.http import api, health, problems, request_log, web
from service.http.state import attach

log = logging.getLogger(__name__)


def create_app(config: Settings | None = None, converter: Converter | None = None) -> Flask:
    """Return the WSGI app configured by `config` (default: GOV_REPORT_* variables), making
    PDFs with `converter` (``gov-report serve`` passes the machine's pool; None: no PDF).

    Raises ConfigInvalid for an unusable environment variable. Templates are prepared here, so
    that gunicorn's preloaded master prepares them once before forking; when that fails the
    app still starts and /readyz answers 503 until they can be prepared.
    """
    settings = config or Settings.from_env(os.environ)
    app = Flask("service")
    app.config.update(TESTING=settings.testing, MAX_CONTENT_LENGTH=settings.max_body_bytes)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    # Reports keep the contract's key order (format, year, organization … signature).
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # No redirect for a doubled slash: werkzeug builds it as an absolute URL from the Host
    # header (an open redirect for ``//evil.example/…``), always with http:. It is a plain 404
    # problem instead. (No rule but "/" ends in a slash, so strict_slashes never redirects.)
    app.url_map.merge_slashes = False
    attach(app, settings, converter)
    problems.register(app)
    request_log.register(app)
    app.register_blueprint(health.bp)
    api.register(app, settings.limits)
    web.register(app, settings)
    try:
        documents.prepare(settings.template_dir)
    except TemplateProblem as exc:
        log.error("templates not ready: %s", exc.detail)
    return app
