"""POST /api/v1/reports with Accept: text/html and application/pdf (and ?fragment, ?pdfa)."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from service import create_app
from service.config import Settings
from service.outputs import DOCX
from service.pdf.convert.client import BrokerClient
from tests.pdf_support import pdf_info, pdf_text

PDF = "application/pdf"
TITLE = "2021年政府信息公开工作年度报告"
HTML = "text/html"


def _post(client: FlaskClient, body: bytes, accept: str | None, query: str = ""):
    headers = {"Content-Type": "application/json"} | ({"Accept": accept} if accept else {})
    return client.post(f"/api/v1/reports{query}", data=body, headers=headers)


def test_html_page_with_its_name_and_policy(client: FlaskClient, example_2021_path: Path) -> None:
    response = _post(client, example_2021_path.read_bytes(), HTML)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    organization = json.loads(example_2021_path.read_bytes())["organization"]
    name = quote(f"{organization}2021年政府信息公开工作年度报告.html")
    assert response.headers["Content-Disposition"].endswith(f"filename*=UTF-8''{name}")
    assert "report-2021.html" in response.headers["Content-Disposition"]
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    page = response.get_data(as_text=True)
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert organization in page


def test_html_fragment_on_request(client: FlaskClient, example_2019_path: Path) -> None:
    response = _post(client, example_2019_path.read_bytes(), HTML, "?fragment=true")
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith('<div lang="zh-CN" style="')


@pytest.mark.parametrize(("accept", "expected"), [
    (None, DOCX.media_type),
    ("*/*", DOCX.media_type),
    ("application/json", DOCX.media_type),  # names none of them: the .docx, as before
    ("text/html;q=0.9, application/pdf;q=0.1", HTML),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX.media_type),
])
def test_accept_chooses_the_file(client: FlaskClient, example_2021_path: Path,
                                 accept: str | None, expected: str) -> None:
    response = _post(client, example_2021_path.read_bytes(), accept)
    assert response.status_code == 200
    assert response.mimetype == expected


def test_pdf_without_a_converter_is_503_pdf_unavailable(
    client: FlaskClient, example_2021_path: Path
) -> None:
    response = _post(client, example_2021_path.read_bytes(), PDF)
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["type"].endswith(":pdf-unavailable")


def test_an_invalid_report_is_422_whatever_is_asked(client: FlaskClient) -> None:
    response = _post(client, b'{"format": "2021"}', PDF)
    assert response.status_code == 422 and response.get_json()["errors"]


def test_the_pdf_of_a_report(pdf_client: FlaskClient, example_2021_path: Path) -> None:
    response = _post(pdf_client, example_2021_path.read_bytes(), PDF)
    assert response.status_code == 200, response.get_data()[:300]
    assert response.mimetype == PDF
    assert response.headers["Content-Disposition"].endswith(
        quote("2021年政府信息公开工作年度报告.pdf"))
    info = pdf_info(response.data)
    assert info["Page size"].startswith("595.") and 3 <= int(info["Pages"]) <= 6
    text = pdf_text(response.data)
    for expected in ("一、总体情况", "六、其他需要报告的事项", "嘉兴市秀洲区人民政府办公室"):
        assert expected in text
    assert b"pdfaid:part" not in response.data


def test_pdfa_on_request(pdf_client: FlaskClient, example_2019_path: Path) -> None:
    response = _post(pdf_client, example_2019_path.read_bytes(), PDF, "?pdfa=true")
    assert response.status_code == 200
    xmp = re.search(rb"<pdfaid:part>(\d)</pdfaid:part>\s*<pdfaid:conformance>(\w)", response.data)
    assert xmp is not None and xmp.groups() == (b"2", b"B")
    assert b"/OutputIntents" in response.data


def test_16_concurrent_pdf_requests_each_hold_only_their_own_report(
    pdf_converter: BrokerClient, example_2021_path: Path
) -> None:
    # One process serving 16 at once (gunicorn would spread them over its workers): all 16
    # reach the converter pool at once and share its queue.
    pdf_client = create_app(Settings.for_tests(), pdf_converter).test_client()
    base = json.loads(example_2021_path.read_bytes())
    markers = [f"并发测试第{number:02d}号机关" for number in range(16)]

    def request(marker: str) -> tuple[str, set[str]]:
        report = {**base, "organization": marker, "title": f"{marker}{TITLE}",
                  "signature": {**base["signature"], "organization": marker}}
        response = _post(pdf_client, json.dumps(report, ensure_ascii=False).encode(), PDF)
        assert response.status_code == 200, response.get_data()[:300]
        return marker, set(re.findall(r"并发测试第\d\d号机关", pdf_text(response.data)))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(request, markers))
    for marker, found in results:
        assert found == {marker}
