"""Sign-in of the staff pages: everything the web blueprint serves is behind it.

Who may use the pages (``web_access`` of the settings):
- ``open``: anyone who reaches them — no API tokens set, or ``GOV_REPORT_WEB_OPEN=true`` saying
  so on purpose;
- ``header``: requests carrying ``GOV_REPORT_WEB_AUTH_HEADER`` (e.g. ``X-Remote-User``), set by
  the intranet's single sign-on proxy in front of the service, which must strip it from what
  clients send;
- ``token``: with ``GOV_REPORT_API_TOKENS`` set, one of those tokens entered once on the sign-in
  page and kept in the signed session cookie (as a keyed fingerprint: removing the token from
  the configuration signs its sessions out).

The check is the blueprint's before-request hook, so every page and download added to the
blueprint is covered without more work; only the sign-in page and the static files are not.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from service.config import Settings
from service.errors import NotSignedIn
from service.http.downloads import private
from service.http.state import current_settings
from service.http.tokens import token_matches
from service.http.web import csrf

_SESSION_KEY = "signed_in"
#: Endpoints open before sign-in: the sign-in page itself, the CSS/JS it loads, and the icon
#: browsers ask for unprompted.
_OPEN_ENDPOINTS = frozenset({"web.sign_in", "web.static", "web.favicon"})
#: What a sign-in target never holds: a backslash (browsers read it as a slash), control
#: characters and white space (browsers drop tabs and line breaks, so ``/<tab>/evil.example``
#: is ``//evil.example``; a line break cannot go into the Location header).
_NOT_IN_TARGET = re.compile(r"[\\\x00-\x20\x7f]")


def access(settings: Settings) -> str:
    """How the staff pages are protected: ``open``, ``header`` or ``token``."""
    if settings.web_open:
        return "open"
    if settings.web_auth_header:
        return "header"
    return "token" if settings.api_tokens else "open"


def require_sign_in() -> Response | None:
    """Before-request hook: None when the request may go on, else the way to sign in.

    Raises NotSignedIn (401) in header mode when the trusted header is missing.
    """
    settings = current_settings()
    mode = access(settings)
    if mode == "open" or request.endpoint in _OPEN_ENDPOINTS:
        return None
    if mode == "header":
        if request.headers.get(settings.web_auth_header, "").strip():
            return None
        raise NotSignedIn()
    if session.get(_SESSION_KEY) in {_fingerprint(token) for token in settings.api_tokens}:
        return None
    target = request.full_path if request.method == "GET" else request.path
    return redirect(url_for("web.sign_in", next=target.rstrip("?")))


def sign_in_page() -> Response | tuple[str, int]:
    """GET: the sign-in form; POST: check the token, then go where the person was going."""
    settings = current_settings()
    target = _safe_target(request.values.get("next", "/"))
    if access(settings) != "token":
        return redirect(target)
    status, failed = 200, False
    if request.method == "POST":
        csrf.check_origin()
        csrf.check_token(request.form.get(csrf.FIELD))
        if token_matches(request.form.get("token", "").strip(), settings.api_tokens):
            session[_SESSION_KEY] = _fingerprint(request.form["token"].strip())
            return redirect(target)
        status, failed = 401, True
    html = render_template(
        "web/signin.html",
        csrf_token=csrf.token(),
        csrf_field=csrf.FIELD,
        target=target,
        failed=failed,
    )
    return html, status


def sign_out() -> Response:
    """Forget the session's sign-in."""
    session.pop(_SESSION_KEY, None)
    return private(redirect(url_for("web.sign_in")))


def _fingerprint(token: str) -> str:
    """A keyed digest of `token` to keep in the cookie (the token itself never is)."""
    key = str(current_app.secret_key).encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def _safe_target(target: str) -> str:
    """`target` when it is a path of this site, else ``/`` (no open redirect after sign-in)."""
    if target.startswith("/") and not target.startswith("//") and not _NOT_IN_TARGET.search(target):
        return target
    return "/"
