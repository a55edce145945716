from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.http.problems import PROBLEM_MIME
from service.http.tokens import token_matches

TOKENS = ("first-token", "second-token")


@pytest.fixture
def guarded(make_client: Callable[..., FlaskClient]) -> FlaskClient:
    return make_client(api_tokens=TOKENS)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong",
        "Bearer first-token-and-more",
        "Bearer first",
        "Basic Zmlyc3QtdG9rZW4=",
        "first-token",
        "Token first-token",
    ],
)
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/formats"),
        ("get", "/api/v1/formats/2021/example"),
        ("post", "/api/v1/reports"),
        ("post", "/api/v1/reports/validate"),
        ("post", "/api/v1/imports"),
    ],
)
def test_api_refuses_requests_without_a_valid_token(
    guarded: FlaskClient, authorization: str | None, method: str, url: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = getattr(guarded, method)(url, headers=headers)
    assert response.status_code == 401
    assert response.mimetype == PROBLEM_MIME
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="gov-report"'
    assert response.get_json(force=True)["type"].endswith("not-authenticated")


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("scheme", ["Bearer", "bearer"])
def test_any_configured_token_opens_the_api(
    guarded: FlaskClient, token: str, scheme: str, example_2021_path: Path
) -> None:
    headers = {"Authorization": f"{scheme} {token}"}
    assert guarded.get("/api/v1/formats", headers=headers).status_code == 200
    response = guarded.post(
        "/api/v1/reports",
        data=example_2021_path.read_bytes(),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/healthz",
        "/readyz",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/api/v1/docs/assets/swagger-ui-bundle.js",
    ],
)
def test_health_and_docs_stay_open(guarded: FlaskClient, url: str) -> None:
    with guarded.get(url) as response:
        assert response.status_code == 200


def test_without_configured_tokens_the_api_is_open(client: FlaskClient) -> None:
    assert client.get("/api/v1/formats").status_code == 200


@pytest.mark.parametrize(
    ("presented", "expected"),
    [
        ("second-token", True),
        ("first-token", True),
        ("", False),
        ("second-toke", False),
        ("令牌", False),
    ],
)
def test_token_matches(presented: str, expected: bool) -> None:
    assert token_matches(presented, TOKENS) is expected
