"""Round two: invisible text, line separators in names, line breaks per paragraph, and the
HTTP edges (redirects, gunicorn's own errors, streamed batches' log lines).

Each test names the defect the second attack found, and failed before its fix.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from gunicorn.http import errors as gunicorn_errors

from schemas import load_report
from schemas.contract.limits import DEFAULT_LIMITS, Limits
from service import documents
from service.http.problems import PROBLEM_MIME
from service.http.worker import ProblemWorker, problem_bytes, problem_of
from tests.hostile.payloads import dumps, example, with_value

INVISIBLE = {
    "zero-width-space": "\u200b",
    "word-joiner": "\u2060",
    "soft-hyphen": "\u00ad",
    "hangul-filler": "\u3164",
    "braille-blank": "\u2800",
    "lone-combining-mark": "\u0301",
    "mixed": "\u200b \u2060\u3000\u00ad",
}


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize("path", ["organization", "overview.paragraphs.0", "title"])
def test_invisible_required_text_is_empty(text: str, path: str) -> None:
    """Defect: an organization of U+200B (and the like) was accepted and started the file name."""
    report = with_value(example(), path, text)
    errors = load_report(dumps(report)).errors
    assert [(issue.path, issue.code) for issue in errors] == [(path, "empty")]


def test_visible_text_with_invisible_characters_stays_as_written() -> None:
    report = with_value(example(), "organization", "\u200b某某局\u2060")
    result = load_report(dumps(report))
    assert result.report is not None
    assert result.report.organization == "\u200b某某局\u2060"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_separators_never_reach_a_file_name(separator: str) -> None:
    """Defect: U+2028/U+2029 passed the file-name sanitiser (a name on two lines)."""
    report = load_report(dumps(with_value(example(), "organization", f"某{separator}局"))).report
    assert report is not None
    assert documents.filename(report).startswith("某_局")


@pytest.mark.parametrize("breaks", [DEFAULT_LIMITS.paragraph_line_breaks, 5_000])
def test_line_breaks_per_paragraph_have_a_limit(breaks: int) -> None:
    """Defect: a paragraph of 5,000 line breaks was legal and became hundreds of pages."""
    text = "\n".join(["行"] * (breaks + 1))
    limits = Limits(paragraph_chars=20_000)
    errors = load_report(dumps(with_value(example(), "overview.paragraphs.0", text)), limits=limits)
    codes = [issue.code for issue in errors.errors]
    if breaks <= DEFAULT_LIMITS.paragraph_line_breaks:
        assert codes == []
    else:
        assert codes == ["too_many_line_breaks"]
        assert str(DEFAULT_LIMITS.paragraph_line_breaks) in errors.errors[0].message


@pytest.mark.parametrize("path", ["//evil.example/healthz", "/api/v1//formats"])
def test_doubled_slashes_are_not_redirected_to_the_host_header(
    client: FlaskClient, path: str
) -> None:
    """Defect: ``//`` paths were redirected to http://<Host header>/… (an open redirect)."""
    response = client.get(path, headers={"Host": "evil.example"})
    assert "Location" not in response.headers
    assert response.status_code in {200, 404}  # the test client reads //x as host x


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def warning(self, message: str, *args: Any) -> None:
        self.lines.append(message % args)

    def exception(self, message: str, *args: Any) -> None:
        self.lines.append(message % args)

    def debug(self, message: str, *args: Any) -> None:
        self.lines.append(message % args)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (gunicorn_errors.InvalidRequestLine("GET"), 400),
        (gunicorn_errors.LimitRequestLine(9000, 4094), 414),
        (gunicorn_errors.LimitRequestHeaders("too many"), 431),
        (RuntimeError("boom"), 500),
    ],
)
def test_gunicorns_own_errors_are_problem_json(error: Exception, status: int) -> None:
    """Defect: gunicorn's own 400/431/500 answers were HTML pages."""
    worker = ProblemWorker.__new__(ProblemWorker)
    worker.log = _Log()
    server, client = socket.socketpair()
    with server, client:
        worker.handle_error(None, server, ("127.0.0.1", 1), error)
        server.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode())
    assert f"Content-Type: {PROBLEM_MIME}".encode() in head
    assert json.loads(body)["status"] == status
    assert problem_of(error)[0] == status
    assert problem_bytes(*problem_of(error)) == answer


def test_streamed_batch_is_logged_when_it_ends(
    make_client: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture
) -> None:
    """Defect: a streamed batch's access line was written at its start, with its setup time."""
    client = make_client()
    body = b"[" + b",".join([dumps(example())] * 3) + b"]"
    with caplog.at_level(logging.INFO, logger="gov_report.access"), client.post(
        "/api/v1/batches?stream=true", data=body, content_type="application/json"
    ) as response:
        assert not [r for r in caplog.records if "batches" in r.getMessage()]
        response.get_data()
    [line] = [json.loads(r.getMessage()) for r in caplog.records if "batches" in r.getMessage()]
    assert line["streamed"] is True
    assert line["status"] == 200
