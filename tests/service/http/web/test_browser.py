"""End to end in headless Chromium, with JavaScript on and off, against a live server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Browser, Download, Page

from service import create_app
from service.config import Settings
from tests.web_helpers import (
    CHROMIUM,
    THREE_ERRORS,
    live_server,
    served,
    three_errors,
    watched_page,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
)

DONE = "#notice:not(.notice-busy)"


base_url = pytest.fixture(scope="module")(served)


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Page]:
    with watched_page(browser, base_url + "/", request.param) as page:
        yield page


def generate(page: Page) -> Download:
    """Click 生成并下载; without JavaScript the answering page's link is one more click."""
    with page.expect_download() as download_info:
        page.click('button[value="generate"]')
        if page.locator("html.js").count() == 0:
            page.click("#generated")
    return download_info.value


def test_the_example_uploaded_downloads_a_word_document(
    page: Page, example_2019_path: Path, tmp_path: Path
) -> None:
    page.fill("#pasted", three_errors(example_2019_path).decode())
    page.click('button[value="check"]')
    page.wait_for_selector(DONE)
    assert page.locator(".issues-error .issue").count() == 3
    page.fill("#pasted", "")
    page.set_input_files("#files", example_2019_path)
    download = generate(page)
    assert page.locator(".issues-error .issue").count() == 0  # the old list is gone
    assert "已生成" in page.inner_text(DONE)
    organization = json.loads(example_2019_path.read_bytes())["organization"]
    assert download.suggested_filename == f"{organization}2020年政府信息公开工作年度报告.docx"
    saved = tmp_path / "report.docx"
    download.save_as(saved)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(saved)).paragraphs)
    assert organization in text
    assert "一、总体情况" in text


def test_the_example_downloads_with_a_confirmation_when_javascript_runs(
    browser: Browser, base_url: str, example_2019_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(base_url + "/")
    page.set_input_files("#files", example_2019_path)
    assert example_2019_path.name in page.inner_text("#chosen")
    with page.expect_download():
        page.click('button[value="generate"]')
    name = "秀洲区退役军人事务局2020年政府信息公开工作年度报告.docx"
    assert f"已生成“{name}”" in page.inner_text(DONE)
    context.close()


def test_three_errors_are_listed_and_the_file_is_kept_for_another_try(
    page: Page, example_2019_path: Path
) -> None:
    data = three_errors(example_2019_path)
    page.set_input_files(
        "#files", {"name": "有错误.json", "mimeType": "application/json", "buffer": data}
    )
    page.click('button[value="check"]')
    page.wait_for_selector(DONE)
    for attempt in range(2):  # the second time without choosing the file again
        issues = page.locator(".issues-error .issue")
        assert issues.count() == 3, attempt
        for index, (path, label) in enumerate(THREE_ERRORS):
            assert label in issues.nth(index).locator(".issue-label").inner_text()
            assert issues.nth(index).locator("code").inner_text() == path
        assert "有错误.json" in page.inner_text(".kept")
        assert "无需重新选择" in page.inner_text(".kept")
        page.click('button[value="check"]')
        page.wait_for_selector(DONE)


def test_invalid_json_pasted_gets_a_clear_message_and_is_kept(page: Page) -> None:
    pasted = '{"year": 2021, "organization": "某局",'
    page.fill("#pasted", pasted)
    page.click('button[value="check"]')
    page.wait_for_selector(DONE)
    message = page.inner_text(".issues-error .issue-message")
    assert message.startswith("不是有效的 JSON：第 1 行")
    assert "校验未通过" in page.inner_text(DONE)
    assert page.input_value("#pasted") == pasted


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_upload_over_the_size_limit_gets_a_chinese_message(
    browser: Browser, javascript: bool
) -> None:
    app = create_app(Settings.for_tests(secret_key="browser-tests", form_max_body_bytes=200_000))
    with live_server(app) as url:
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(url + "/")
        big = {"name": "big.json", "mimeType": "application/json", "buffer": b" " * 300_000}
        page.set_input_files("#files", big)
        page.click('button[value="check"]')
        assert "提交的内容超过 195 KB 的上限" in page.inner_text(DONE)
        context.close()
