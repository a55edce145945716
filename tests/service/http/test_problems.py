from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.http.problems import PROBLEM_MIME, TYPE_PREFIX


@pytest.mark.parametrize(
    ("method", "url", "status", "slug"),
    [
        ("get", "/nowhere", 404, "not-found"),
        ("get", "/api/v2/reports", 404, "not-found"),
        ("get", "/api/v1/reports/", 404, "not-found"),
        ("post", "/healthz", 405, "method-not-allowed"),
        ("post", "/api/v1/formats", 405, "method-not-allowed"),
    ],
)
def test_routing_errors_are_problems(
    client: FlaskClient, method: str, url: str, status: int, slug: str
) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response.mimetype == PROBLEM_MIME
    body = response.get_json(force=True)
    assert body == {
        "type": TYPE_PREFIX + slug,
        "title": body["title"],
        "status": status,
        "detail": body["detail"],
        "instance": url,
    }
    assert " / " in body["title"]


def test_unexpected_exceptions_are_a_generic_500_with_the_cause_logged(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/explode")
    def explode() -> str:
        raise ValueError("database password is hunter2")

    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert response.mimetype == PROBLEM_MIME
    body = response.get_json(force=True)
    assert body["type"] == TYPE_PREFIX + "internal-error"
    assert "hunter2" not in response.get_data(as_text=True)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info and "hunter2" in str(errors[0].exc_info[1])
