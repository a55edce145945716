"""Reading a JSON request body as raw bytes, for the strict parser in schemas."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from service.errors import UnsupportedMediaType

JSON_MIME = "application/json"


def read_json_body() -> bytes:
    """Return the raw body of a JSON request; raises UnsupportedMediaType for other types.

    The bytes go to the strict parser unparsed (never Flask's get_json, which accepts duplicate
    keys and NaN). Raises RequestEntityTooLarge past MAX_CONTENT_LENGTH, chunked bodies
    included.
    """
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if request.mimetype != JSON_MIME or charset not in {"utf-8", "utf8"}:
        given = request.content_type or "（无 / none）"
        raise UnsupportedMediaType(
            f"请求体须为 UTF-8 编码的 JSON（Content-Type: application/json），收到 {given}"
            f" / the body must be UTF-8 JSON (Content-Type: application/json), got {given}"
        )
    return read_body()


def read_body() -> bytes:
    """Return the raw request body; raises RequestEntityTooLarge past MAX_CONTENT_LENGTH (or
    the request's own max_content_length), chunked bodies included."""
    body = request.get_data(cache=False)
    limit = request.max_content_length
    # A streamed (chunked) body is cut at the limit without an error by werkzeug; a body that
    # fills the limit may have been cut, so it is refused rather than read truncated.
    if request.content_length is None and limit is not None and len(body) >= limit:
        raise RequestEntityTooLarge()
    return body
