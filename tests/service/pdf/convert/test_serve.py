"""``gov-report serve`` with its converter pool: /readyz reports it, PDFs over HTTP, and no soffice
(nor the broker) is left behind when the service stops or its master is killed."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.catalog import example
from tests.pdf_support import kill_quietly, pdf_text, processes_mentioning, wait_until

SCRIPT = Path(sys.executable).parent / "gov-report"
HTTP_PORT = 18154


def _call(method: str, path: str, body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _ready() -> dict[str, object] | None:
    try:
        status, body = _call("GET", "/readyz")
    except OSError:
        return None
    return json.loads(body) if status == 200 else None


def _pdf_ready() -> bool:
    ready = _ready()
    return ready is not None and ready["pdf"]["ready"] == 1  # type: ignore[index]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGKILL of the master"])
def test_serve_runs_the_pool_and_leaves_nothing_behind(tmp_path: Path, stop: str) -> None:
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith("GOV_REPORT_")}
    # TMPDIR: the broker's folder and the converters' profiles are made under tmp_path, so
    # every process of this service names it on its command line.
    environ |= {"TMPDIR": str(tmp_path), "GOV_REPORT_PDF_POOL_SIZE": "1",
                "GOV_REPORT_PDF_PORT_BASE": "18152"}
    server = subprocess.Popen([str(SCRIPT), "serve", "--port", str(HTTP_PORT), "--workers", "2"],
                              env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        # Ready at once for .docx and HTML; the converter then reports itself ready.
        assert wait_until(lambda: _pdf_ready() or server.poll() is not None, 90)
        ready = _ready()
        assert ready is not None, "not ready"
        assert ready["pdf"]["ready"] == 1  # type: ignore[index]
        status, pdf = _call("POST", "/api/v1/reports", example("2021"),
                            {"Content-Type": "application/json", "Accept": "application/pdf"})
        assert status == 200 and "嘉兴市秀洲区人民政府办公室" in pdf_text(pdf)
        ours = processes_mentioning(str(tmp_path))
        assert any("service.pdf.convert.broker" in command for _, _, command in ours)
        assert any("soffice.bin" in command for _, _, command in ours)
        workers = [pid for pid in _children(server.pid) if pid not in {
            pid for pid, _, command in ours if "service.pdf.convert.broker" in command}]
        # A worker leaving (gunicorn recycles them) leaves the pool alone: only the master stops it.
        kill_quietly(workers[0], signal.SIGTERM)
        assert wait_until(lambda: workers[0] not in _children(server.pid), 30)
        status, pdf = _call("POST", "/api/v1/reports", example("2021"),
                            {"Content-Type": "application/json", "Accept": "application/pdf"})
        assert status == 200 and pdf.startswith(b"%PDF")
        assert processes_mentioning("service.pdf.convert.broker " + str(tmp_path))
        workers = _children(server.pid)
        if stop == "SIGTERM":
            server.send_signal(signal.SIGTERM)
            assert server.wait(60) == 0
            assert processes_mentioning(str(tmp_path)) == []
        else:
            server.send_signal(signal.SIGKILL)
            server.wait()
            # The broker sees its parent gone within a second and stops its converters.
            assert wait_until(lambda: processes_mentioning(str(tmp_path)) == [], 15)
        assert list(tmp_path.glob("gov-report-pdf-*")) == []
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in workers:  # gunicorn's own workers, orphaned by the kill: not under test
            kill_quietly(pid, signal.SIGKILL)
        for pid, _, _ in processes_mentioning(str(tmp_path)):
            kill_quietly(pid, signal.SIGKILL)
        time.sleep(0.1)
