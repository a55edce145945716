from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service import create_app, documents
from service.config import Settings
from service.errors import TemplateProblem


def test_liveness(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_ready_when_templates_are_prepared(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ready"})


def test_not_ready_is_a_503_problem_until_templates_can_be_prepared(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(path: object) -> None:
        raise TemplateProblem("模板缺失 / template missing")

    monkeypatch.setattr(documents, "prepared_template", broken)
    client = create_app(Settings.for_tests()).test_client()  # starts all the same
    assert "templates not ready" in caplog.text
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json(force=True)
    assert body["type"] == "urn:gov-report:problem:not-ready"
    assert body["detail"] == "模板缺失 / template missing"
    assert client.get("/healthz").status_code == 200
    monkeypatch.undo()
    assert client.get("/readyz").status_code == 200
