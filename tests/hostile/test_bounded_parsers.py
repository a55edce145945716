"""Round two: every parser linear and bounded before it does work; answers bounded by a cap.

Each test names the defect the second attack found, and failed before its fix.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from schemas import load_report
from schemas.contract.limits import DEFAULT_LIMITS, Limits
from schemas.loader import MORE_ISSUES_CODE, PATH_MAX_CHARS
from service.batch.limits import BatchLimits
from service.http.problems import PROBLEM_MIME
from tests.hostile.payloads import dumps, example, with_value

RENDER = "/api/v1/reports"
BATCHES = "/api/v1/batches"


class CountingDict(dict[str, Any]):
    """A dict that counts how many times anything walks over its keys."""

    walks = 0

    def __iter__(self) -> Iterator[str]:
        CountingDict.walks += 1
        return super().__iter__()


def test_error_ordering_is_linear_in_the_unknown_keys() -> None:
    """Defect: ``_position`` listed the keys once per key (40,000 keys took 16 s)."""
    report = CountingDict(example())
    report.update({f"unknown{n}": 0 for n in range(2_000)})
    CountingDict.walks = 0
    result = load_report(report)
    assert not result.valid
    assert CountingDict.walks < 50  # once per stage, not once per key (2,000 before the fix)


def test_errors_are_listed_up_to_the_cap_then_counted() -> None:
    """Defect: 174,195 duplicate keys made a 29.8 MB problem body."""
    body = b'{"a": 1' + b', "a": 1' * 5_000 + b"}"
    result = load_report(body)
    assert len(result.errors) == DEFAULT_LIMITS.max_issues + 1
    last = result.errors[-1]
    assert last.code == MORE_ISSUES_CODE
    more = int(last.message.rsplit("and ", 1)[1].split()[0])
    assert more >= 5_000 - DEFAULT_LIMITS.max_issues
    assert all(issue.code == "duplicate_key" for issue in result.errors[:-1])


@pytest.mark.parametrize("count", [3, 4])
def test_issue_cap_at_and_over_the_limit(count: int) -> None:
    report = example()
    report.update({f"x{n}": 0 for n in range(count)})
    result = load_report(dumps(report), limits=Limits(max_issues=3))
    codes = [issue.code for issue in result.errors]
    assert codes == ["unknown_field"] * 3 + ([MORE_ISSUES_CODE] if count == 4 else [])


def test_errors_stay_in_document_order_within_the_cap() -> None:
    report = example()
    report.update({f"z{n:04d}": 0 for n in range(150)})
    paths = [issue.path for issue in load_report(dumps(report)).errors[:-1]]
    assert paths == [f"z{n:04d}" for n in range(100)]


def test_a_huge_key_is_shown_cut() -> None:
    """Defect: an issue's path echoed a key of any length (megabytes) into the answer."""
    report = example()
    report["k" * 100_000] = 1
    [issue] = load_report(dumps(report)).errors
    assert issue.path == "k" * PATH_MAX_CHARS + "…"


def test_problem_body_is_bounded_whatever_the_input(client: FlaskClient) -> None:
    body = b'{"a": 1' + b', "a": 1' * 174_195 + b"}"
    response = client.post(RENDER, data=body, content_type="application/json")
    assert (response.status_code, response.mimetype) == (400, PROBLEM_MIME)
    assert len(response.get_data()) < 64 * 1024
    assert len(response.get_json()["errors"]) == DEFAULT_LIMITS.max_issues + 1


def test_staff_page_is_bounded_whatever_the_files(client: FlaskClient) -> None:
    """Defect: three files of duplicate keys made a 148 MB page."""
    page = client.get("/")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    body = b', "a": 1' * 100_000 + b"}"
    # Three different files (the same text twice would count once).
    files = [FileStorage(io.BytesIO(b'{"%d": 1' % n + body), f"dup{n}.json") for n in range(3)]
    fields: dict[str, Any] = {"csrf_token": token, "mode": "check", "files": files}
    # Encoded here, in memory: the test client would spool a large form to a file it never closes.
    boundary, data = encode_multipart(MultiDict(fields))
    answer = client.post("/", data=data, content_type=f"multipart/form-data; boundary={boundary}")
    assert answer.status_code == 200
    html = answer.get_data()
    assert html.count(b'<li class="issue">') == 3 * (DEFAULT_LIMITS.max_issues + 1)
    # The page keeps each file's text (HTML-escaped) for resubmission; the rest is small.
    assert len(html) < 3 * 2 * (len(body) + 8) + 512 * 1024


def test_json_array_batch_is_counted_before_it_is_kept(
    make_client: Callable[..., FlaskClient],
) -> None:
    """Defect: a 256 MiB array of ``{}`` was parsed whole before the report count was checked
    (the worker reached 6.8 GB). Here: 2,000,000 elements, a limit of 10."""
    client = make_client(batch=BatchLimits(max_reports=10), batch_max_body_bytes=64 * 1024 * 1024)
    body = b"[" + b"{}," * 2_000_000 + b"{}]"
    tracemalloc.start()
    try:
        response = client.post(BATCHES, data=body, content_type="application/json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert "11 reports" in response.get_json()["detail"]  # stopped at the 11th element
    assert peak < len(body) + 8 * 1024 * 1024  # the body once, not two million objects


def test_over_limit_chunked_array_is_413_not_422(make_client: Callable[..., FlaskClient]) -> None:
    """Defect: a chunked array over the body limit was cut at the limit and read as bad JSON."""
    client = make_client(batch_max_body_bytes=1000)
    body = json.dumps([{}] * 1000).encode()
    response = client.post(
        BATCHES,
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn says of a chunked body
    )
    assert response.status_code == 413
    assert response.get_json()["type"].endswith(("body-too-large", "batch-too-large"))


def test_reports_and_batches_agree_on_the_largest_report(
    make_client: Callable[..., FlaskClient],
) -> None:
    """Defect: /reports took 2 MiB, a batch report 5 MiB: the same report passed one and not
    the other."""
    client = make_client(max_body_bytes=20_000)
    big = dumps(with_value(example(), "overview.paragraphs.0", "段" * 4_000))
    assert len(big) > 20_000
    assert client.post(RENDER, data=big, content_type="application/json").status_code == 413
    status = client.application.extensions["gov_report"].settings.batch
    assert status.max_report_bytes == 20_000
