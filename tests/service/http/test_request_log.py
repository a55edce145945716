from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "gov_report.access"
    ]


def test_one_json_line_per_request_with_the_report_but_never_its_text(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, example_2021_path: Path
) -> None:
    report = json.loads(example_2021_path.read_bytes())
    with caplog.at_level(logging.INFO, logger="gov_report.access"):
        client.post(
            "/api/v1/reports?allow_inconsistent=true",
            data=example_2021_path.read_bytes(),
            content_type="application/json",
        )
        client.get("/nowhere")
    render, missing = access_lines(caplog)
    assert render["method"] == "POST"
    assert render["path"] == "/api/v1/reports"
    assert render["status"] == 200
    assert isinstance(render["duration_ms"], float) and render["duration_ms"] > 0
    assert (render["organization"], render["year"]) == (report["organization"], report["year"])
    assert missing["status"] == 404
    assert "organization" not in missing
    text = caplog.text
    for paragraph in report["problems"].get("paragraphs", []) + report.get("preamble", []):
        assert paragraph not in text


def test_requests_ending_in_errors_are_logged_too(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="gov_report.access"):
        client.post("/api/v1/reports", data=b"{", content_type="application/json")
        client.post("/api/v1/reports", data=b"{}", content_type="text/plain")
    assert [line["status"] for line in access_lines(caplog)] == [400, 415]
