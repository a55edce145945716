"""The real thing: ``gov-report serve`` (gunicorn) on loopback, spoken to over HTTP."""

from __future__ import annotations

import http.client
import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import docx
import pytest

from service.config import Settings
from service.http import gunicorn_conf
from service.http.server import Server as GunicornServer

SCRIPT = Path(sys.executable).parent / "gov-report"


class Server(NamedTuple):
    port: int
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def call(
    port: int, method: str, path: str, body: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_ready(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gov-report serve exited with {process.returncode}")
        try:
            if call(port, "GET", "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("gov-report serve did not become ready within 60 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "stdout.log"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOV_REPORT_")}
    environ["GOV_REPORT_PDF_POOL_SIZE"] = "0"  # no converters here: tests/test_pdf_serve.py
    with log.open("wb") as stdout:
        process = subprocess.Popen(
            [str(SCRIPT), "serve", "--port", str(port), "--workers", "2"],
            stdout=stdout,
            stderr=subprocess.DEVNULL,
            env=environ,
        )
    try:
        wait_until_ready(process, port)
        yield Server(port, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize("example", ["example_2019_path", "example_2021_path"])
def test_renders_each_example_over_http(
    server: Server, example: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(example)
    source = json.loads(path.read_bytes())
    status, headers, body = call(server.port, "POST", "/api/v1/reports", path.read_bytes())
    assert status == 200, body[:500]
    assert headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(body))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert source["organization"] in text
    assert len(document.tables) == 3


def test_problems_and_access_log_over_http(server: Server) -> None:
    status, headers, body = call(server.port, "POST", "/api/v1/reports/validate", b"{")
    assert status == 400
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["errors"][0]["code"] == "invalid_json"
    status, _, _ = call(server.port, "GET", "/api/v1/formats")
    assert status == 200
    time.sleep(0.2)
    lines = [json.loads(line) for line in server.log.read_text().splitlines() if line]
    assert {"method": "GET", "path": "/api/v1/formats", "status": 200} in [
        {key: line[key] for key in ("method", "path", "status")} for line in lines
    ]


@pytest.mark.parametrize(
    ("variable", "value", "accepts"),
    [
        ("GOV_REPORT_MAX_BODY_BYTES", "huge", "a positive integer"),
        # Was a traceback from inside Limits: a limit's own range check names the variable too.
        ("GOV_REPORT_LIMIT_PARAGRAPH_CHARS", "0", "a positive integer"),
        ("GOV_REPORT_LIMIT_ITEMS_PER_SECTION", "100", "an integer from 1 to 99"),
        ("GOV_REPORT_BATCH_MAX_REPORTS", "-3", "a positive integer"),
        ("GOV_REPORT_TEMPLATE_DIR", "/no/such/folder", "an existing folder"),
    ],
)
def test_serve_refuses_an_unusable_configuration_in_one_line(
    variable: str, value: str, accepts: str
) -> None:
    result = subprocess.run(
        [str(SCRIPT), "serve", "--port", str(free_port())],
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"{variable}={value!r}" in result.stderr
    assert accepts in result.stderr


@pytest.mark.parametrize(("given", "expected"), [(None, gunicorn_conf.workers), (3, 3)])
def test_workers_default_to_one_per_core_unless_given(given: int | None, expected: int) -> None:
    # The command line's absent --workers (None) once replaced the per-core default: one worker.
    server = GunicornServer(Settings.for_tests(), {"bind": "127.0.0.1:0", "workers": given})
    assert server.cfg.workers == expected
    assert gunicorn_conf.workers == len(os.sched_getaffinity(0))


def test_a_chunked_body_over_the_limit_is_a_413_problem(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        chunks = (b" " * 65536 for _ in range(40))  # 2.5 MiB, over the 2 MiB default
        connection.request(
            "POST",
            "/api/v1/reports/validate",
            body=chunks,
            headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        assert response.status == 413
        assert response.getheader("Content-Type") == "application/problem+json"
        assert json.loads(response.read())["type"].endswith("body-too-large")
    finally:
        connection.close()
