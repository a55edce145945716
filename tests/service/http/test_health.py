from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service import create_app, documents
from service.config import Settings
from service.errors import PdfUnavailable, TemplateProblem
from service.pdf.convert.pool import ConverterPool


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


# --- with PDF converters ----------------------------------------------------------------------


class _Pool:
    """A converter pool that only answers status (as the broker's client does)."""

    def __init__(self, status: dict[str, object] | Exception) -> None:
        self._status = status

    def convert(self, docx: bytes, pdfa: bool = False) -> bytes:
        raise AssertionError("no conversion here")

    def status(self) -> dict[str, object]:
        if isinstance(self._status, Exception):
            raise self._status
        return self._status


@pytest.mark.parametrize(("status", "code"), [
    ({"starting": True, "ready": 0, "total": 2}, 200),  # .docx and HTML need no converter
    ({"starting": False, "ready": 1, "total": 2}, 200),
    ({"starting": False, "ready": 0, "total": 2}, 200),  # all down later: .docx still served
    (PdfUnavailable("PDF 转换服务未运行 / the converter pool is not running"), 503),
])
def test_readiness_reports_the_converters_and_needs_the_pool_to_answer(
    status: dict[str, object] | Exception, code: int
) -> None:
    client = create_app(Settings.for_tests(), converter=_Pool(status)).test_client()
    response = client.get("/readyz")
    assert response.status_code == code
    if code == 200:
        assert response.get_json() == {"status": "ready", "pdf": status}
    else:
        assert response.get_json(force=True)["type"].endswith(":not-ready")


def test_converters_that_cannot_start_leave_the_service_ready_without_pdf(
    tmp_path: Path, example_2021_path: Path
) -> None:
    pool = ConverterPool.local(1, tmp_path, 18196, "/no/such/python", timeout=5.0, queue=2,
                               restart_after=10)
    pool.start()
    try:
        client = create_app(Settings.for_tests(), converter=pool).test_client()
        deadline = time.monotonic() + 10
        while client.get("/readyz").get_json()["pdf"]["starting"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        converter = client.get("/readyz").get_json()["pdf"]["converters"][0]
        assert converter["state"] == "down" and "python" in converter["last_problem"]
        started = time.monotonic()
        response = client.post("/api/v1/reports", data=example_2021_path.read_bytes(),
                               headers={"Content-Type": "application/json",
                                        "Accept": "application/pdf"})
        assert response.status_code == 503 and time.monotonic() - started < 2
        assert response.get_json()["type"].endswith(":pdf-unavailable")
        assert "Retry-After" in response.headers
    finally:
        pool.close()
