"""The staff page's 下载 PDF and 预览: the preview frame shows the portal HTML at once and the PDF's
pages when a converter is there; in Chromium, with JavaScript on and off."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page

from service import create_app
from service.config import Settings
from service.pdf.convert.client import BrokerClient
from tests.pdf_support import pdf_text
from tests.web_helpers import generated, live_server, three_errors, watched_page

PREVIEW_PORT = 18156


def token(client: FlaskClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))
    assert found
    return found.group(1)


def post(client: FlaskClient, path: str, mode: str, *files: tuple[str, bytes]) -> Any:
    data = {"csrf_token": token(client), "mode": mode,
            "files": [(io.BytesIO(body), name, "application/json") for name, body in files]}
    return client.post(path, data=data, content_type="multipart/form-data",
                       headers={"Origin": "http://localhost"})


def test_the_page_offers_pdf_and_a_preview_frame(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'value="pdf"' in page and "下载 PDF" in page
    assert 'formaction="/preview" formtarget="preview"' in page
    assert re.search(r'<iframe name="preview"[^>]* sandbox', page)


def test_download_pdf_of_one_report(pdf_client: FlaskClient, example_2019_path: Path) -> None:
    response = post(pdf_client, "/", "pdf", ("a.json", example_2019_path.read_bytes()))
    assert response.status_code == 200  # a fresh page holding the PDF, as 生成 the .docx
    name, mime, data = generated(response.get_data(as_text=True))
    assert name == "秀洲区退役军人事务局2020年政府信息公开工作年度报告.pdf"
    assert mime == "application/pdf"
    assert "秀洲区退役军人事务局" in pdf_text(data)


def test_download_pdf_of_several_reports_says_one_at_a_time(pdf_client: FlaskClient,
                                                            example_2019_path: Path,
                                                            example_2021_path: Path) -> None:
    response = post(pdf_client, "/", "pdf", ("a.json", example_2019_path.read_bytes()),
                    ("b.json", example_2021_path.read_bytes()))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "一次生成一份报告，本次有 2 份" in body and "a.json" in body  # the reports stay listed


def test_download_pdf_without_a_converter_says_so_on_the_page(client: FlaskClient,
                                                              example_2021_path: Path) -> None:
    response = post(client, "/", "pdf", ("a.json", example_2021_path.read_bytes()))
    assert response.status_code == 503
    assert "未配置 PDF 转换" in response.get_data(as_text=True)


def test_the_preview_is_a_framed_page_with_its_own_policy(pdf_client: FlaskClient,
                                                           example_2021_path: Path) -> None:
    response = post(pdf_client, "/preview", "preview", ("a.json", example_2021_path.read_bytes()))
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "img-src data:" in policy
    assert "script-src" not in policy and "default-src 'none'" in policy
    body = response.get_data(as_text=True)
    assert body.count("<html") == 1 and body.rstrip().endswith("</html>")
    assert '<div lang="zh-CN" style="' in body  # the portal fragment
    images = re.findall(r'src="data:image/png;base64,', body)
    assert len(images) == int(re.search(r"共 (\d+) 页", body).group(1)) >= 3


def test_the_preview_of_a_report_with_errors_says_so(client: FlaskClient,
                                                     example_2019_path: Path) -> None:
    response = post(client, "/preview", "preview", ("bad.json", three_errors(example_2019_path)))
    body = response.get_data(as_text=True)
    assert "有 3 处错误，无法预览" in body and "<img" not in body


def test_the_preview_without_a_converter_shows_the_html(client: FlaskClient,
                                                        example_2021_path: Path) -> None:
    response = post(client, "/preview", "preview", ("a.json", example_2021_path.read_bytes()))
    body = response.get_data(as_text=True)
    assert "<h1" in body and "PDF 分页预览暂不可用" in body and "<img" not in body


# --- in Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(pdf_converter: BrokerClient) -> Iterator[str]:
    app = create_app(Settings.for_tests(secret_key="preview-tests"), pdf_converter)
    with live_server(app, PREVIEW_PORT) as url:
        yield url


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Page]:
    # A policy violation (the frame's or the page's) fails the test.
    with watched_page(browser, base_url + "/", request.param,
                      viewport={"width": 1280, "height": 1000}) as page:
        yield page


def test_preview_in_the_browser(page: Page, example_2021_path: Path) -> None:
    page.set_input_files("#files", str(example_2021_path))
    page.click("button[value=preview]")
    # Located through its element: while the frame navigates, Playwright may hold no frame by
    # that name for a moment.
    frame = page.frame_locator("iframe[name=preview]")
    frame.locator("figure img").first.wait_for(timeout=60_000)
    assert "政府信息公开工作年度报告" in frame.locator("h1").inner_text()
    assert frame.locator("table").count() == 3
    assert frame.locator("figure img").count() >= 3
    # every page image was decoded (a broken one has no natural width)
    widths = frame.locator("figure img").evaluate_all("images => images.map(i => i.naturalWidth)")
    assert widths and all(width > 400 for width in widths)  # an A4 page at screen resolution


def test_download_pdf_in_the_browser(page: Page, example_2021_path: Path, tmp_path: Path) -> None:
    page.set_input_files("#files", str(example_2021_path))
    with page.expect_download(timeout=60_000) as info:
        page.click("button[value=pdf]")
        if page.locator("html.js").count() == 0:  # one more click on the answering page's link
            page.click("#generated", timeout=60_000)
    download = info.value
    assert download.suggested_filename.endswith("2021年政府信息公开工作年度报告.pdf")
    target = tmp_path / "report.pdf"
    download.save_as(target)
    assert "嘉兴市秀洲区人民政府办公室" in pdf_text(target.read_bytes())
