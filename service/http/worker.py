"""The gunicorn worker of the service: the sync worker, answering its own errors as problem+json.

gunicorn answers a request it cannot parse (bad request line, header too large, bad chunking)
itself, before the app sees it, with a small HTML page; here that answer is the same
``application/problem+json`` every other error of the service is.
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn.http import errors
from gunicorn.workers.sync import SyncWorker

from service.http.problems import HTTP_PROBLEMS, PROBLEM_MIME, TYPE_PREFIX

#: gunicorn's errors by the status they are answered with (the first that matches).
_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (errors.LimitRequestLine, 414),
    (errors.LimitRequestHeaders, 431),
    (errors.UnsupportedTransferCoding, 501),
    (errors.ParseException, 400),
)
_REASONS = {400: "Bad Request", 414: "URI Too Long", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 501: "Not Implemented"}


def problem_of(error: BaseException) -> tuple[int, str, str]:
    """Status, slug and title of the answer to an error gunicorn met before the app."""
    status = next((status for kind, status in _STATUS if isinstance(error, kind)), 500)
    return (status, *HTTP_PROBLEMS[status])


def problem_bytes(status: int, slug: str, title: str) -> bytes:
    """A complete HTTP/1.1 response carrying the problem document (the connection closes)."""
    body = json.dumps(
        {"type": TYPE_PREFIX + slug, "title": title, "status": status, "detail": title},
        ensure_ascii=False,
    ).encode()
    head = (
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
        f"Content-Type: {PROBLEM_MIME}\r\nContent-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


class ProblemWorker(SyncWorker):  # type: ignore[misc]
    """gunicorn's sync worker whose own error answers are problem+json."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """Log the error as gunicorn does and answer it with a problem document."""
        status, slug, title = problem_of(exc)
        if status >= 500:
            self.log.exception("Error handling request")
        else:
            self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            client.sendall(problem_bytes(status, slug, title))
        except OSError:
            self.log.debug("could not send the error answer")
