"""Hostile input to the JSON API: every bad body gets its problem (type, code, path), never a
500; awkward but valid text comes out of the document, its properties and its file name intact."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from flask.testing import FlaskClient

from service.http.downloads import DOCX_MIME
from service.http.problems import PROBLEM_MIME, TYPE_PREFIX
from tests.hostile.payloads import (
    AWKWARD,
    INVALID,
    STRING_FIELDS,
    UNREADABLE,
    Bad,
    company,
    core_properties,
    dumps,
    example,
    expected_text,
    illegal_character_cases,
    paragraph_texts,
    with_value,
)

RENDER = "/api/v1/reports"
VALIDATE = "/api/v1/reports/validate"
#: RFC 6266 with an RFC 5987 ``filename*``: only attr-chars and %-escapes, no CR/LF, ASCII.
CONTENT_DISPOSITION = re.compile(
    r"attachment; filename=\"report-[0-9]{4}\.docx\"; "
    r"filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)\Z"
)


def post(client: FlaskClient, url: str, body: bytes, content_type: str = "application/json") -> Any:
    return client.post(url, data=body, content_type=content_type)


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM_MIME
    body: dict[str, Any] = response.get_json(force=True)
    assert body["type"] == TYPE_PREFIX + slug
    assert body["status"] == status
    return body


def issues(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(issue["code"], issue["path"]) for issue in body["errors"]]


# --- unreadable bodies and bad values -------------------------------------------------------


@pytest.mark.parametrize("bad", UNREADABLE, ids=lambda bad: bad.id)
@pytest.mark.parametrize("url", [RENDER, VALIDATE])
def test_unreadable_body_is_a_400_naming_the_problem(
    client: FlaskClient, url: str, bad: Bad
) -> None:
    body = problem(post(client, url, bad.body), 400, "bad-input")
    assert issues(body)[0] == (bad.code, bad.path)
    assert body["detail"] == body["errors"][0]["message"]


@pytest.mark.parametrize("bad", INVALID, ids=lambda bad: bad.id)
def test_bad_value_is_a_422_listing_it(client: FlaskClient, bad: Bad) -> None:
    body = problem(post(client, RENDER, bad.body), 422, "invalid-report")
    assert (bad.code, bad.path) in issues(body)
    answer = post(client, VALIDATE, bad.body)
    assert answer.status_code == 200
    assert answer.get_json()["valid"] is False
    assert (bad.code, bad.path) in issues(answer.get_json())


@pytest.mark.parametrize(
    ("field", "char", "body", "path"),
    illegal_character_cases(),
    ids=[f"{field}-{char}" for field, char, _, _ in illegal_character_cases()],
)
def test_character_a_document_cannot_hold_is_refused_at_its_path(
    client: FlaskClient, field: str, char: str, body: bytes, path: str
) -> None:
    answer = problem(post(client, RENDER, body), 422, "invalid-report")
    assert issues(answer) == [("invalid_character", path)]
    assert "第 3 个字符 U+" in answer["errors"][0]["message"]


# --- Content-Type, size, method, query ------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "status", "slug"),
    [
        (None, 415, "unsupported-media-type"),
        ("text/plain", 415, "unsupported-media-type"),
        ("application/x-www-form-urlencoded", 415, "unsupported-media-type"),
        ("multipart/form-data; boundary=x", 415, "unsupported-media-type"),
        ("application/json-patch+json", 415, "unsupported-media-type"),
        ("application/json; charset=latin-1", 415, "unsupported-media-type"),
        ("application/json; charset=utf-16", 415, "unsupported-media-type"),
        ("application/json;;;", 200, None),
        ("APPLICATION/JSON; CHARSET=UTF-8", 200, None),
    ],
)
def test_content_type_must_be_utf8_json(
    client: FlaskClient, content_type: str | None, status: int, slug: str | None
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = client.post(RENDER, data=dumps(example()), headers=headers)
    if slug is None:
        assert response.status_code == status, response.get_data(as_text=True)[:300]
        assert response.mimetype == DOCX_MIME
    else:
        problem(response, status, slug)


def test_body_at_the_limit_is_read_and_one_byte_more_is_413(
    make_client: Callable[..., FlaskClient],
) -> None:
    report = dumps(example())
    limit = len(report) + 100
    client = make_client(max_body_bytes=limit)
    padded = report + b" " * (limit - len(report))
    assert post(client, RENDER, padded).status_code == 200
    problem(post(client, RENDER, padded + b" "), 413, "body-too-large")


def test_ten_megabyte_string_is_413_by_default_and_too_long_when_allowed_in(
    client: FlaskClient, make_client: Callable[..., FlaskClient]
) -> None:
    body = dumps(with_value(example(), "overview.paragraphs.0", "长" * 10_000_000))
    problem(post(client, RENDER, body), 413, "body-too-large")
    roomy = make_client(max_body_bytes=len(body) + 1)
    answer = problem(post(roomy, RENDER, body), 422, "invalid-report")
    assert issues(answer) == [("too_long", "overview.paragraphs.0")]
    assert len(answer["errors"][0]["message"]) < 200  # the value is not echoed back


@pytest.mark.parametrize(
    ("method", "url", "query", "status", "slug"),
    [
        ("GET", RENDER, "", 405, "method-not-allowed"),
        ("PUT", VALIDATE, "", 405, "method-not-allowed"),
        ("POST", RENDER, "?allow_inconsistent=maybe", 400, "bad-request"),
        ("POST", RENDER, "?allow_inconsistent=%ED%A0%80", 400, "bad-request"),
        ("POST", "/api/v1/reports/%ED%A0%80", "", 404, "not-found"),
        ("POST", "/api/v1/reports/..%2F..%2Fetc", "", 404, "not-found"),
    ],
)
def test_wrong_method_path_or_query_is_a_problem(
    client: FlaskClient, method: str, url: str, query: str, status: int, slug: str
) -> None:
    response = client.open(
        url + query, method=method, data=dumps(example()), content_type="application/json"
    )
    problem(response, status, slug)


# --- awkward but valid text -----------------------------------------------------------------


def awkward_report(value: str, *, own_signature: bool) -> dict[str, Any]:
    """The example with `value` (behind a prefix) in every string field."""
    report = example()
    for name, path in STRING_FIELDS.items():
        report = with_value(report, path, f"{name}{value}")
    report["title"] = f"标题{value}"  # no organization or year in it: printed on one line
    if not own_signature:
        del report["signature"]["organization"]  # the 落款 is then the organization
    return report


def heading_line(number: str, item: dict[str, Any]) -> str:
    """The run-in heading paragraph: number, heading with its full stop, first paragraph."""
    heading = expected_text(item["heading"])
    stop = "" if heading.endswith(("。", "：", ":")) else "。"
    return f"（{number}）{heading}{stop}{expected_text(item['paragraphs'][0])}"


def file_name_of(response: Any) -> str:
    header = response.headers["Content-Disposition"]
    found = CONTENT_DISPOSITION.match(header)
    assert found, header
    return unquote(found.group(1), errors="strict")


@pytest.mark.parametrize("own_signature", [True, False], ids=["signature", "no-signature"])
@pytest.mark.parametrize("value", AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_text_reaches_the_document_exactly(
    client: FlaskClient, value: str, own_signature: bool
) -> None:
    report = awkward_report(value, own_signature=own_signature)
    response = post(client, RENDER, dumps(report))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    texts = paragraph_texts(response.data)
    organization = expected_text(report["organization"])
    signer = report["signature"].get("organization", report["organization"])
    wanted = [
        expected_text(report["title"]),
        expected_text(report["preamble"][0]),
        expected_text(report["overview"]["paragraphs"][0]),
        heading_line("一", report["overview"]["items"][0]),
        heading_line("二", report["problems"]["items"][1]),
        expected_text(report["other_matters"]["paragraphs"][0]),
        expected_text(signer),
    ]
    for text in wanted:
        assert text in texts
    properties = core_properties(response.data)
    assert properties.title == expected_text(report["title"])
    assert properties.author == organization
    assert properties.last_modified_by == organization
    assert company(response.data) == organization


#: Characters a file name must not carry: controls, path separators, and bidi controls, which
#: can make ``…\u202excod.docx`` display as ``…docx.exe``.
_NOT_IN_FILE_NAME = re.compile(
    '[\x00-\x1f\x7f\x85/\\\\:*?"<>|\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]'
)


@pytest.mark.parametrize("value", AWKWARD.values(), ids=AWKWARD.keys())
def test_file_name_is_a_safe_rfc5987_header(client: FlaskClient, value: str) -> None:
    report = with_value(example(), "organization", f"机关{value}")
    response = post(client, RENDER, dumps(report))
    assert response.status_code == 200
    name = file_name_of(response)
    organization = _NOT_IN_FILE_NAME.sub("_", expected_text(report["organization"]))
    assert name == f"{organization}2021年政府信息公开工作年度报告.docx"


# --- past the render budget ------------------------------------------------------------------


def test_render_over_its_budget_is_stopped_and_answered_503(
    make_client: Callable[..., FlaskClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect: an overrunning render kept a thread and, two of them, every later render was 503
    busy for minutes. Now it is stopped at its deadline in the worker's own thread."""
    client = make_client(render_timeout_seconds=0.2)

    def endless(*_args: object) -> bytes:
        while True:
            pass

    monkeypatch.setattr("service.documents.render", endless)
    started = time.monotonic()
    response = post(client, RENDER, dumps(example()))
    assert time.monotonic() - started < 5
    problem(response, 503, "render-timeout")
    monkeypatch.undo()
    assert post(client, RENDER, dumps(example())).status_code == 200
