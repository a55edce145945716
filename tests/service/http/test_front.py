"""The nginx front: its configuration, its own refusals as problem+json, a missing nginx."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings
from service.errors import ConfigInvalid
from service.http import front, server
from service.http.front import Front, nginx_config, start_nginx, stop
from service.http.problems import PROBLEM_MIME

NGINX = shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_the_configuration_bounds_clients_and_buffers_both_ways(tmp_path: Path) -> None:
    text = nginx_config(Front("0.0.0.0", 8000, tmp_path, 1234))
    for line in (
        "listen 0.0.0.0:8000",
        "client_max_body_size 1234;",
        "client_header_timeout 10s;",
        "client_body_timeout 20s;",
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        f"server unix:{tmp_path}/gunicorn.sock;",
        f"client_body_temp_path {tmp_path}/body;",
    ):
        assert line in text
    assert "listen [::1]:8000" in nginx_config(Front("::1", 8000, tmp_path, 1))


@pytest.fixture
def running(tmp_path: Path) -> Iterator[int]:
    if NGINX is None:
        pytest.skip("nginx is not installed (scripts/test.sh installs nginx-light)")
    port = free_port()
    process = start_nginx(Front("127.0.0.1", port, tmp_path, 1000))
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield port
    finally:
        stop(process)


@pytest.mark.parametrize(
    ("headers", "body", "status", "slug"),
    [
        ({}, None, 502, "not-ready"),  # no gunicorn behind it
        ({"X-Big": "a" * 20_000}, None, 431, "headers-too-large"),
        ({"Content-Type": "application/json"}, b"x" * 1001, 413, "body-too-large"),
    ],
)
def test_its_own_refusals_are_problems(
    running: int, headers: dict[str, str], body: bytes | None, status: int, slug: str
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", running, timeout=10)
    try:
        connection.request("POST" if body else "GET", "/healthz", body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
    finally:
        connection.close()
    assert response.status == status
    assert response.getheader("Content-Type", "").startswith(PROBLEM_MIME)
    assert response.getheader("Cache-Control") == "no-store"
    problem = json.loads(answer)
    assert (problem["status"], problem["type"].rsplit(":", 1)[1]) == (status, slug)


def test_a_missing_nginx_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(front.shutil, "which", lambda *_args, **_kwargs: None)
    with pytest.raises(ConfigInvalid, match="nginx"):
        start_nginx(Front("127.0.0.1", free_port(), tmp_path, 1000))


def test_serve_without_nginx_leaves_no_run_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect (review): the front's run directory was made before nginx started and removed
    only once gunicorn had run: each failed start left one in the temp dir."""
    made = tmp_path / "run"
    monkeypatch.setattr(front.shutil, "which", lambda *_args, **_kwargs: None)
    monkeypatch.setattr(server, "run_dir", lambda: made.mkdir() or made)
    with pytest.raises(ConfigInvalid, match="nginx"):
        server.serve(Settings.for_tests(pdf_pool_size=0), "127.0.0.1", free_port(), 1, "nginx")
    assert made.parent.exists() and not made.exists()
