from __future__ import annotations

import logging

import pytest

from service import create_app
from service.config import Settings


def test_a_configured_secret_key_signs_the_session(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="service.http.web"):
        app = create_app(Settings.for_tests(secret_key="configured"))
    assert app.secret_key == "configured"
    assert "GOV_REPORT_SECRET_KEY" not in caplog.text


def test_without_a_secret_key_a_random_one_is_used_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="service.http.web"):
        first = create_app(Settings.for_tests())
        second = create_app(Settings.for_tests())
    assert "GOV_REPORT_SECRET_KEY is not set" in caplog.text
    assert isinstance(first.secret_key, str) and len(first.secret_key) >= 32
    assert first.secret_key != second.secret_key


def test_the_api_keeps_its_problem_answers() -> None:
    client = create_app(Settings.for_tests()).test_client()
    response = client.get("/api/v1/nowhere")
    assert response.mimetype == "application/problem+json"
    assert "Content-Security-Policy" not in response.headers
