"""The staff web pages, / (upload), /editor (the report editor) and /reviews (审核多份报告): one
blueprint with its own templates, CSS and JavaScript (no CDN)."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, Response, request

from service.config import Settings
from service.http.downloads import private
from service.http.web import editor, reviews, signin  # noqa: F401  (their views join the blueprint)
from service.http.web.views import bp

log = logging.getLogger(__name__)

#: Nothing on the page comes from elsewhere, nothing inline runs, and no site may frame it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
#: What the blueprint serves that holds nothing of anyone's (its CSS, JS and icon): cacheable.
PUBLIC_FILES = frozenset({"web.static", "web.favicon"})


def register(app: Flask, settings: Settings) -> None:
    """Mount the page on `app`, with the session key that signs its CSRF token."""
    if settings.secret_key:
        app.secret_key = settings.secret_key
    else:
        # One key per process start: forms open across a restart must be submitted again.
        log.warning(
            "GOV_REPORT_SECRET_KEY is not set: using a random key; forms opened before a "
            "restart, or served by another process without a preloaded app, will be refused"
        )
        app.secret_key = secrets.token_hex(32)
    app.config.update(
        SESSION_COOKIE_NAME="gov_report_session",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
    )
    app.register_blueprint(bp)


#: Every page and file of the blueprint, those added later included, needs a sign-in.
bp.before_request(signin.require_sign_in)
bp.add_url_rule("/sign-in", "sign_in", signin.sign_in_page, methods=["GET", "POST"])
bp.add_url_rule("/sign-out", "sign_out", signin.sign_out, methods=["POST"])


@bp.after_request
def security_headers(response: Response) -> Response:
    """Add the page's security headers to every answer of the blueprint; pages and files are
    never stored (they hold the CSRF token, or a staff member's documents), but for
    PUBLIC_FILES."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint not in PUBLIC_FILES:
        private(response)
    return response
