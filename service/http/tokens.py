"""Bearer tokens: the optional protection of the JSON API (on when GOV_REPORT_API_TOKENS is set),
and the constant-time comparison the staff sign-in uses too."""

from __future__ import annotations

import hmac

from flask import request

from service.errors import NotAuthenticated
from service.http.state import current_settings


def require_token() -> None:
    """Before-request hook: raises NotAuthenticated unless a configured token is presented."""
    tokens = current_settings().api_tokens
    if not tokens:
        return
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(presented.strip(), tokens):
        raise NotAuthenticated()


def token_matches(presented: str, tokens: tuple[str, ...]) -> bool:
    """True when `presented` equals one of `tokens`, compared in constant time against each."""
    candidate = presented.encode()
    matched = False
    for token in tokens:
        # No early exit: the time taken must not tell which token, or how many, came close.
        matched |= hmac.compare_digest(candidate, token.encode())
    return matched
