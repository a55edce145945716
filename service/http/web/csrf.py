"""CSRF protection of the staff form: a per-session token in the signed session cookie.

Every form post must carry the session's token, and when the browser says where the post came
from (Origin, else Referer) that must be this host: a page on another site can make a browser
post here but can read neither the token nor the cookie.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import request, session

from service.errors import FormRefused

FIELD = "csrf_token"
_SESSION_KEY = "csrf"


def token() -> str:
    """Return this session's token, creating it (and the session cookie) on first use."""
    value = session.get(_SESSION_KEY)
    if not isinstance(value, str):
        value = secrets.token_urlsafe(32)
        session[_SESSION_KEY] = value
    return value


def check_origin() -> None:
    """Raise FormRefused when Origin (or, without it, Referer) names another host."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source is None:
        return  # some privacy settings send neither; the token still has to match
    if urlsplit(source).netloc != request.host:
        raise FormRefused()


def check_token(sent: str | None) -> None:
    """Raise FormRefused unless `sent` is this session's token."""
    expected = session.get(_SESSION_KEY)
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a TypeError, 500).
    if not (
        isinstance(expected, str)
        and sent
        and hmac.compare_digest(sent.encode("utf-8", "surrogatepass"), expected.encode())
    ):
        raise FormRefused()
