from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import docx
import pytest
from flask.testing import FlaskClient

from schemas.contract.limits import DEFAULT_LIMITS
from service import documents
from service.errors import RenderFailed, TemplateProblem
from service.http.downloads import DOCX_MIME
from service.http.problems import PROBLEM_MIME, TYPE_PREFIX

RENDER = "/api/v1/reports"
VALIDATE = "/api/v1/reports/validate"


def post(client: FlaskClient, url: str, body: bytes | dict[str, Any], **kwargs: Any) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    kwargs.setdefault("content_type", "application/json")
    return client.post(url, data=data, **kwargs)


def assert_problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.mimetype == PROBLEM_MIME
    body: dict[str, Any] = response.get_json(force=True)
    assert body["type"] == TYPE_PREFIX + slug
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def broken_r4(example: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(example.read_bytes())
    report["review_litigation"]["review"]["total"] += 1
    return report


# --- POST /api/v1/reports -------------------------------------------------------------------


@pytest.mark.parametrize("example", ["example_2019_path", "example_2021_path"])
def test_renders_the_examples_to_word(
    client: FlaskClient, example: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(example)
    source = json.loads(path.read_bytes())
    response = post(client, RENDER, path.read_bytes())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == DOCX_MIME
    name = f"{source['organization']}{source['year']}年政府信息公开工作年度报告.docx"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"report-{source['year']}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert source["organization"] in text


def test_warnings_reach_the_caller_as_ascii_codes(
    client: FlaskClient, example_2021_path: Path
) -> None:
    report = json.loads(example_2021_path.read_bytes())
    report["format"] = "2021"
    report["year"] = 2020  # the 2021 format for a 2020 report earns format_year_mismatch
    response = post(client, RENDER, report)
    assert response.status_code == 200, response.get_data(as_text=True)
    codes = response.headers["X-Report-Warnings"].split(",")
    assert "format_year_mismatch" in codes
    assert len(codes) == len(set(codes))
    assert response.headers["X-Report-Warnings"].isascii()


def test_a_report_without_warnings_has_no_warnings_header(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, example_2021_path: Path
) -> None:
    validate = documents.validate

    def without_warnings(raw: bytes, **kwargs: Any) -> Any:
        result = validate(raw, **kwargs)
        return type(result)(result.report, result.errors, ())

    monkeypatch.setattr(documents, "validate", without_warnings)
    response = post(client, RENDER, example_2021_path.read_bytes())
    assert response.status_code == 200
    assert "X-Report-Warnings" not in response.headers


def test_inconsistent_report_is_refused_with_every_rule_broken(
    client: FlaskClient, example_2021_path: Path
) -> None:
    report = broken_r4(example_2021_path)
    report["review_litigation"]["litigation_direct"]["total"] += 1
    body = assert_problem(post(client, RENDER, report), 422, "invalid-report")
    assert {(issue["code"], issue["path"]) for issue in body["errors"]} == {
        ("R4", "review_litigation.review.total"),
        ("R4", "review_litigation.litigation_direct.total"),
    }
    assert all(set(issue) == {"path", "code", "message", "label"} for issue in body["errors"])
    assert isinstance(body["warnings"], list)


def test_a_report_breaking_the_contract_is_refused_with_every_error(
    client: FlaskClient, example_2021_path: Path
) -> None:
    report = json.loads(example_2021_path.read_bytes())
    report["year"] = "2021"
    report["organization"] = " "
    report["applications"]["granted"]["natural_person"] = 1.5
    report["typo"] = 1
    body = assert_problem(post(client, RENDER, report), 422, "invalid-report")
    assert {(issue["code"], issue["path"]) for issue in body["errors"]} >= {
        ("not_an_integer", "year"),
        ("empty", "organization"),
        ("not_an_integer", "applications.granted.natural_person"),
        ("unknown_field", "typo"),
    }


def test_allow_inconsistent_downgrades_the_rules_to_warnings(
    client: FlaskClient, example_2021_path: Path
) -> None:
    report = broken_r4(example_2021_path)
    assert post(client, RENDER, report).status_code == 422
    response = post(client, RENDER + "?allow_inconsistent=true", report)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "R4" in response.headers["X-Report-Warnings"].split(",")


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("url", [RENDER, VALIDATE])
@pytest.mark.parametrize(
    ("body", "code", "path"),
    [
        (b"", "invalid_json", ""),
        (b"{", "invalid_json", ""),
        (b"{'year': 2020}", "invalid_json", ""),
        (b"\xff\xfe{}", "invalid_json", ""),
        (b'{"year": NaN}', "invalid_json", ""),
        (b'{"year": Infinity}', "invalid_json", ""),
        (b'{"year": -Infinity}', "invalid_json", ""),
        (DEEP, "invalid_json", ""),
        (b'{"a":' * 1000 + b"1" + b"}" * 1000, "invalid_json", ""),
        (b"[]", "not_an_object", ""),
        (b'"report"', "not_an_object", ""),
        (b"null", "not_an_object", ""),
        (b'{"year": 2020, "year": 2021}', "duplicate_key", "year"),
    ],
)
def test_unreadable_input_is_a_400_problem_listing_the_issue(
    client: FlaskClient, url: str, body: bytes, code: str, path: str
) -> None:
    problem = assert_problem(post(client, url, body), 400, "bad-input")
    assert (code, path) in {(issue["code"], issue["path"]) for issue in problem["errors"]}


@pytest.mark.parametrize("url", [RENDER, VALIDATE])
@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        "application/jsonp",
    ],
)
def test_a_body_not_declared_as_utf8_json_is_a_415_problem(
    client: FlaskClient, url: str, content_type: str | None, example_2021_path: Path
) -> None:
    response = client.post(url, data=example_2021_path.read_bytes(), content_type=content_type)
    assert_problem(response, 415, "unsupported-media-type")


@pytest.mark.parametrize("content_type", ["application/json; charset=UTF-8", "Application/JSON"])
def test_json_content_type_variants_are_accepted(
    client: FlaskClient, content_type: str, example_2021_path: Path
) -> None:
    response = post(client, VALIDATE, example_2021_path.read_bytes(), content_type=content_type)
    assert response.status_code == 200


@pytest.mark.parametrize("url", [RENDER, VALIDATE])
@pytest.mark.parametrize("flag", ["maybe", "2", ""])
def test_a_bad_query_flag_is_a_400_problem(client: FlaskClient, url: str, flag: str) -> None:
    body = assert_problem(
        post(client, f"{url}?allow_inconsistent={flag}", b"{}"), 400, "bad-request"
    )
    assert "allow_inconsistent" in body["detail"]


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
@pytest.mark.parametrize("url", [RENDER, VALIDATE])
def test_other_methods_are_a_405_problem(client: FlaskClient, method: str, url: str) -> None:
    response = getattr(client, method)(url)
    body = assert_problem(response, 405, "method-not-allowed")
    assert "POST" in response.headers["Allow"]
    assert "POST" in body["detail"]


def test_body_at_the_size_limit_is_read_and_one_byte_more_is_a_413_problem(
    make_client: Callable[..., FlaskClient], example_2021_path: Path
) -> None:
    raw = example_2021_path.read_bytes()
    limit = len(raw) + 100
    client = make_client(max_body_bytes=limit)
    at_limit = raw + b" " * (limit - len(raw))
    assert post(client, VALIDATE, at_limit).status_code == 200
    body = assert_problem(post(client, VALIDATE, at_limit + b" "), 413, "body-too-large")
    assert str(limit) in body["detail"]


def chunked(client: FlaskClient, body: bytes) -> Any:
    return client.post(
        VALIDATE,
        input_stream=io.BytesIO(body),
        content_type="application/json",
        # What gunicorn sets for a chunked request: no Content-Length, a terminated stream.
        environ_overrides={"wsgi.input_terminated": True},
        headers={"Transfer-Encoding": "chunked"},
    )


def test_chunked_body_below_the_limit_is_read_and_at_the_limit_is_a_413_problem(
    make_client: Callable[..., FlaskClient], example_2021_path: Path
) -> None:
    raw = example_2021_path.read_bytes()
    client = make_client(max_body_bytes=len(raw) + 1)
    assert chunked(client, raw).get_json()["valid"] is True
    assert_problem(chunked(client, raw + b" "), 413, "body-too-large")
    assert_problem(chunked(client, raw + b" " * 5000), 413, "body-too-large")


def longest_string(node: object) -> int:
    if isinstance(node, str):
        return len(node)
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return max((longest_string(child) for child in children), default=0)


@pytest.mark.parametrize("url", [RENDER, VALIDATE])
def test_configured_text_limit_is_enforced_at_its_boundary(
    make_client: Callable[..., FlaskClient], example_2021_path: Path, url: str
) -> None:
    report = json.loads(example_2021_path.read_bytes())
    limit = longest_string(report)  # every other paragraph of the example fits
    client = make_client(limits=replace(DEFAULT_LIMITS, paragraph_chars=limit))
    report["problems"] = {"paragraphs": ["问" * limit]}
    at_limit = post(client, url, report)
    assert at_limit.status_code == 200, at_limit.get_data(as_text=True)
    report["problems"] = {"paragraphs": ["问" * (limit + 1)]}
    over = post(client, url, report)
    errors = (
        over.get_json()["errors"]
        if url == VALIDATE
        else assert_problem(over, 422, "invalid-report")["errors"]
    )
    assert ("too_long", "problems.paragraphs.0") in {(e["code"], e["path"]) for e in errors}


def test_render_past_its_time_budget_is_a_503_problem(
    make_client: Callable[..., FlaskClient],
    monkeypatch: pytest.MonkeyPatch,
    example_2021_path: Path,
) -> None:
    render = documents.render

    def slow(report: Any, template_dir: Any = None) -> bytes:
        time.sleep(0.5)
        return render(report)

    monkeypatch.setattr(documents, "render", slow)
    client = make_client(render_timeout_seconds=0.05)
    assert_problem(post(client, RENDER, example_2021_path.read_bytes()), 503, "render-timeout")


@pytest.mark.parametrize(
    ("error", "status", "slug"),
    [
        (TemplateProblem("模板损坏 / broken template"), 500, "template-error"),
        (RenderFailed(), 500, "render-failed"),
        (RuntimeError("secret internals"), 500, "internal-error"),
        (MemoryError(), 500, "internal-error"),
    ],
)
def test_failures_inside_the_service_are_500_problems_without_internals(
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    example_2021_path: Path,
    error: BaseException,
    status: int,
    slug: str,
) -> None:
    def fail(report: Any, template_dir: Any = None) -> bytes:
        raise error

    monkeypatch.setattr(documents, "render", fail)
    response = post(client, RENDER, example_2021_path.read_bytes())
    assert_problem(response, status, slug)
    assert b"secret" not in response.data
    assert b"Traceback" not in response.data


# --- POST /api/v1/reports/validate ----------------------------------------------------------


def test_validate_a_valid_report(client: FlaskClient, example_2021_path: Path) -> None:
    response = post(client, VALIDATE, example_2021_path.read_bytes())
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"valid", "errors", "warnings", "computed"}
    assert body["valid"] is True
    assert body["errors"] == []
    assert all(isinstance(value, int) for value in body["computed"].values())


def test_validate_fills_in_missing_totals(client: FlaskClient, example_2021_path: Path) -> None:
    report = json.loads(example_2021_path.read_bytes())
    review = report["review_litigation"]["review"]
    expected = review.pop("total")
    body = post(client, VALIDATE, report).get_json()
    assert body["valid"] is True
    assert body["computed"]["review_litigation.review.total"] == expected


def test_validate_an_invalid_report_answers_200_with_every_error(
    client: FlaskClient, example_2021_path: Path
) -> None:
    report = json.loads(example_2021_path.read_bytes())
    report["organization"] = ""
    report["year"] = 1.5
    response = post(client, VALIDATE, report)
    assert response.status_code == 200
    body = response.get_json()
    assert body["valid"] is False
    assert {(issue["code"], issue["path"]) for issue in body["errors"]} == {
        ("empty", "organization"),
        ("not_an_integer", "year"),
    }
    assert body["computed"] == {}
    relaxed = post(client, VALIDATE + "?allow_inconsistent=1", broken_r4(example_2021_path))
    assert relaxed.get_json()["valid"] is True
    assert "R4" in {issue["code"] for issue in relaxed.get_json()["warnings"]}
