"""One JSON line per request: method, path, status, duration, and the report's organization/year.

Never the report's text: a log line must not carry what staff wrote.
"""

from __future__ import annotations

import json
import logging
import time

from flask import Flask, Response, g, request

from schemas import Report

log = logging.getLogger("gov_report.access")


def note_report(report: Report) -> None:
    """Remember which report the current request is about, for its log line."""
    g.report_label = {"organization": report.organization, "year": report.year}


def _start() -> None:
    """Before-request hook: start the request's clock."""
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    """After-request hook: write the request's log line (a streamed answer's once it ends)."""
    started = g.get("request_started", time.perf_counter())
    line = {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        **g.get("report_label", {}),
    }
    if response.is_streamed:
        # Timed to its end: the response starts long before its last byte is made.
        response.call_on_close(lambda: _write(line, started, streamed=True))
    else:
        _write(line, started)
    return response


def _write(line: dict[str, object], started: float, **extra: object) -> None:
    """Write one access line, its duration counted up to now."""
    duration = {"duration_ms": round((time.perf_counter() - started) * 1000, 2)}
    log.info(json.dumps({**line, **duration, **extra}, ensure_ascii=False))


def register(app: Flask) -> None:
    """Log every request `app` answers."""
    app.before_request(_start)
    app.after_request(_finish)
