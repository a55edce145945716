"""The HTTP boundary for errors: every 4xx/5xx becomes ``application/problem+json`` here, once.

The service's own exceptions (service.errors) carry their status and a message safe to show;
werkzeug's HTTP errors get a bilingual title; anything else is a 500 with a generic message and
its cause logged.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException

from service.errors import GovReportError, ReportInvalid

PROBLEM_MIME = "application/problem+json"
TYPE_PREFIX = "urn:gov-report:problem:"

log = logging.getLogger(__name__)

#: Bilingual titles and stable slugs for the HTTP errors werkzeug raises itself.
#: The same table serves the answers given before the app sees a request: gunicorn's
#: (service.http.worker) and nginx's (service.http.front).
HTTP_PROBLEMS: dict[int, tuple[str, str]] = {
    400: ("bad-request", "请求有误 / bad request"),
    404: ("not-found", "找不到该资源 / not found"),
    405: ("method-not-allowed", "不支持该请求方法 / method not allowed"),
    408: ("request-timeout", "请求发送过慢，连接已关闭 / the request was sent too slowly"),
    413: ("body-too-large", "请求体过大 / request body too large"),
    414: ("uri-too-long", "请求行过长 / request line too long"),
    415: ("unsupported-media-type", "请求体类型不支持 / unsupported media type"),
    422: ("bad-request", "请求参数有误 / invalid request parameters"),
    431: ("headers-too-large", "请求头过大或过多 / request header fields too large"),
    500: ("internal-error", "服务内部错误 / internal error"),
    501: ("not-implemented", "不支持该传输编码 / unsupported transfer coding"),
    502: ("not-ready", "服务尚未就绪 / the service is not ready"),
    504: ("upstream-timeout", "服务响应超时 / the service took too long"),
}


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Return one RFC 9457 problem document as a Flask response."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **(extra or {}),
    }
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MIME)
    response.headers.update(headers or {})
    return response


def handle_service_error(error: GovReportError) -> Response:
    """Map one of the service's own exceptions to its problem document."""
    extra: dict[str, Any] = {}
    if isinstance(error, ReportInvalid):
        extra["errors"] = [issue.to_dict() for issue in error.errors]
        extra["warnings"] = [issue.to_dict() for issue in error.warnings]
    return problem_response(
        error.status, error.slug, error.title, error.detail, extra, dict(error.headers)
    )


def handle_http_error(error: HTTPException) -> Response:
    """Map a werkzeug HTTP error (404, 405, 413, query-parameter errors…) to a problem."""
    status = error.code or 500
    if status >= 500:
        return handle_unexpected(error)
    slug, title = HTTP_PROBLEMS.get(status, ("http-error", error.name))
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return problem_response(status, slug, title, _http_detail(error), headers=headers)


def _http_detail(error: HTTPException) -> str:
    """The safe detail of an HTTP error: webargs' parameter messages, else a generic sentence."""
    messages = getattr(error, "data", {}).get("messages")
    if messages:
        return "参数有误 / invalid parameters: " + json.dumps(messages, ensure_ascii=False)
    if error.code == 413:
        limit = request.max_content_length
        return f"请求体超过 {limit} 字节 / the request body exceeds {limit} bytes"
    if error.code == 405:
        allowed = getattr(error, "valid_methods", None) or []
        return f"{request.method} 不可用，可用 / not allowed, use: {', '.join(allowed)}"
    if error.code == 404:
        return f"{request.path} 不存在 / does not exist"
    return error.name


def handle_unexpected(error: BaseException) -> Response:
    """Log an exception nobody expected and answer with a generic 500 problem."""
    log.error("unexpected error on %s %s", request.method, request.path, exc_info=error)
    internal = GovReportError()
    return problem_response(500, internal.slug, internal.title, internal.detail)


def register(app: Flask) -> None:
    """Install the problem+json handlers on `app` (overriding flask-smorest's own)."""
    app.register_error_handler(GovReportError, handle_service_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
