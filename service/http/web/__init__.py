"""The staff web pages: one blueprint with its own templates, CSS and JavaScript (no CDN), one
module per page, and what the pages share.

- ``start``: ``/``, the start page (check, generate, or queue several reports as a job);
- ``editor/``: ``/editor``, the whole report as one form in the official table layout;
- ``jobs``: ``/jobs/<id>``, a job the start page or 审核多份报告 queued, then its result: the
  review in a frame, and the downloads;
- ``reviews``: ``/reviews``, 审核多份报告: every bureau's report (and last year's) as a review job;
- ``preview``: ``/preview``, a report as it will be published, in the pages' preview frame;
- ``samples``: the blank and example reports of each format as JSON, Word and Excel files;
- ``signin``: ``/sign-in`` and ``/sign-out``; every page of the blueprint is behind it.

Shared by the pages: the blueprint, the notice at the top of a page, the ``chinese`` filter,
sizes for people, the security headers; ``csrf``, ``inputs`` (the reports a form post holds)
and ``generated`` (a file handed back inside the page) beside them.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, request

from service.config import Settings
from service.http.downloads import private

log = logging.getLogger(__name__)

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/web-static",
)

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
_KIB = 1024
_MIB = 1024 * _KIB


@dataclass(frozen=True, slots=True)
class Notice:
    """The message at the top of a page: ``kind`` is error, warning or success."""

    kind: str
    text: str


@bp.app_template_filter("chinese")
def chinese(message: str) -> str:
    """The Chinese part of a bilingual ``中文 / English`` message (the whole of any other)."""
    return message.partition(" / ")[0]


def size_text(size: int) -> str:
    """A byte count for people: ``8 MB``, ``1.5 MB``, ``195 KB``, ``500 字节``."""
    if size >= _MIB:
        return f"{size / _MIB:.1f}".removesuffix(".0") + " MB"
    if size >= _KIB:
        return f"{size // _KIB} KB"
    return f"{size} 字节"


def register(app: Flask, settings: Settings) -> None:
    """Mount the pages on `app`, with the session key that signs their CSRF token."""
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


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The page's icon where browsers look for it unasked (the SVG: they all show it)."""
    assert bp.static_folder is not None
    icon = (Path(bp.static_folder) / "favicon.svg").read_bytes()
    response = Response(icon, mimetype="image/svg+xml")
    response.cache_control.max_age = 86400
    return response


# The pages join the blueprint when their modules are imported; they use what is above.
from service.http.web import (  # noqa: E402, F401
    editor,
    jobs,
    preview,
    reviews,
    samples,
    signin,
    start,
)

#: Every page and file of the blueprint, those added later included, needs a sign-in.
bp.before_request(signin.require_sign_in)
bp.add_url_rule("/sign-in", "sign_in", signin.sign_in_page, methods=["GET", "POST"])
bp.add_url_rule("/sign-out", "sign_out", signin.sign_out, methods=["POST"])
