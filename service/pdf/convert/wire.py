"""The Unix-socket protocol between worker processes and the broker: frames and errors.

One connection per request. The worker sends a JSON header frame (``{"op": "convert",
"pdfa": false}`` then the .docx as a second frame, or ``{"op": "status"}``); the broker answers
with a JSON header frame (``{"ok": true}`` then the PDF as a second frame, an error, or the
status). Frames are ``multiprocessing.connection`` messages (length-prefixed bytes): no pickle.
"""

from __future__ import annotations

import json
from multiprocessing.connection import Connection
from typing import Any

from service.errors import PdfBusy, PdfFailed, PdfProblem, PdfTimeout, PdfUnavailable

SOCKET_NAME = "broker.sock"
MAX_HEADER_BYTES = 64 * 1024
#: Largest .docx or PDF a frame may carry (a report is tens of kilobytes; its PDF a few MB).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
_ERRORS: dict[str, type[PdfProblem]] = {
    error.slug: error for error in (PdfBusy, PdfFailed, PdfTimeout, PdfUnavailable)
}


def send_header(connection: Connection, header: dict[str, Any]) -> None:
    """Send one JSON header frame; raises OSError."""
    connection.send_bytes(json.dumps(header, ensure_ascii=False).encode())


def receive_header(connection: Connection) -> dict[str, Any]:
    """Receive one JSON header frame; raises EOFError, OSError or ValueError."""
    header = json.loads(connection.recv_bytes(MAX_HEADER_BYTES))
    if not isinstance(header, dict):
        raise ValueError("a header frame must be a JSON object")
    return header


def error_header(error: PdfProblem) -> dict[str, Any]:
    """The answer that carries `error` to the worker."""
    return {"error": error.slug, "detail": error.detail, "retry_after": error.retry_after}


def error_from(header: dict[str, Any]) -> PdfProblem:
    """The exception an error answer stands for (an unknown slug: PdfFailed)."""
    kind = _ERRORS.get(str(header.get("error")), PdfFailed)
    retry_after = header.get("retry_after")
    return kind(str(header.get("detail") or kind.title),
                retry_after if isinstance(retry_after, int) else None)
