"""The staff page takes a Word report wherever it takes JSON: read, checked, kept on the page as
JSON, downloadable as JSON, regenerated as the official document — in the browser too."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Page

from schemas import load_report
from service.http.downloads import DOCX_MIME
from tests.handfilled import Filling, example_model, filled_in
from tests.hostile import pdfs
from tests.service.http.web.test_browser import base_url, generate, page  # noqa: F401 (the browser fixtures; browser: conftest)
from tests.service.http.web.test_start import post
from tests.service.http.web.test_start import text as page_text
from tests.web_helpers import CHROMIUM, generated


def word(name: str, data: bytes) -> tuple[io.BytesIO, str, str]:
    return (io.BytesIO(data), name, DOCX_MIME)


def hand_filled() -> bytes:
    """The 2021 example typed into the official template: 其他结果 left as “—” (its 总计 typed to
    match) and a note under 三、."""
    report = example_model("2021")
    review = report.review_litigation.review
    typed = {
        "review_litigation.review.other": "—",
        "review_litigation.review.total": str(review.total - review.other),
    }
    return filled_in(report, Filling(typed=typed, table_note="单位：件"))


def test_a_checked_word_report_is_listed_and_kept_as_json(client: FlaskClient) -> None:
    response = post(client, "check", files=[word("秀洲2021.docx", hand_filled())])
    assert response.status_code == 200
    shown = page_text(response)
    assert "秀洲2021.docx" in shown and "已从 Word 文档读取为报告数据（JSON）" in shown
    assert "下载 JSON" in shown
    assert "空白单元格" in shown and "行政复议：其他结果" in shown  # the reading warnings
    assert "单位：件" in shown
    kept = shown.split('name="kept_text"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert json.loads(kept)["organization"] == example_model("2021").organization


def test_the_kept_json_is_downloaded_under_the_documents_name(client: FlaskClient) -> None:
    shown = page_text(post(client, "check", files=[word("秀洲2021.docx", hand_filled())]))
    kept = shown.split('name="kept_text"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    response = post(
        client, "check", download_json="秀洲2021.docx", kept_name="秀洲2021.docx", kept_text=kept
    )
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "filename*=UTF-8''%E7%A7%80%E6%B4%B22021.json" in response.headers["Content-Disposition"]
    assert load_report(response.data).report is not None


def test_a_word_report_is_regenerated_as_the_official_document(client: FlaskClient) -> None:
    report = example_model("2019")
    response = post(client, "generate", files=[word("2020.docx", filled_in(report))])
    assert response.status_code == 200
    _, mime, data = generated(response.get_data(as_text=True))
    assert mime == DOCX_MIME
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert report.organization in text and "六、其他需要报告的事项" in text


def test_a_word_document_that_is_not_a_report_lists_why(client: FlaskClient) -> None:
    bad = filled_in(example_model("2021"), Filling(typed={"applications.granted.total": "见附件"}))
    response = post(client, "generate", files=[word("报告.docx", bad)])
    assert response.status_code == 422
    shown = page_text(response)
    assert "（一）予以公开 · 总计" in shown and "“见附件”不是整数" in shown
    assert "也不是可读取的 Word 年度报告" in shown


def test_a_download_of_a_file_no_longer_there_says_so(client: FlaskClient) -> None:
    response = post(client, "check", download_json="旧.docx")
    assert response.status_code == 404 and "没有找到“旧.docx”的报告内容" in page_text(response)


# --- in the browser ---------------------------------------------------------------------------

browser_only = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
)


@browser_only
def test_a_person_uploads_a_word_report_and_gets_json_and_a_document(
    page: Page, tmp_path: Path  # noqa: F811 (the imported fixture)
) -> None:
    page.set_input_files(
        "#files", {"name": "秀洲2021.docx", "mimeType": DOCX_MIME, "buffer": hand_filled()}
    )
    page.click('button[value="check"]')
    page.wait_for_selector("text=已从 Word 文档读取为报告数据")
    with page.expect_download() as download_info:
        page.click("text=下载 JSON")
    saved = tmp_path / "report.json"
    download_info.value.save_as(saved)
    assert download_info.value.suggested_filename == "秀洲2021.json"
    assert load_report(saved.read_bytes()).report is not None
    document = generate(page)  # without JavaScript: one more click on the page's link
    assert document.suggested_filename.endswith("2021年政府信息公开工作年度报告.docx")


# --- reports as published: a PDF, a portal page ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "filename", "mime", "says"),
    [("pdf-2021", "秀洲2021.pdf", "application/pdf", "已从 PDF 读取为报告数据（JSON）"),
     ("gbk-2019", "退役军人事务局.html", "text/html", "已从网页读取为报告数据（JSON）")],
)
def test_a_published_report_is_read_kept_as_json_and_regenerated(
    client: FlaskClient, published: dict[str, bytes], name: str, filename: str, mime: str,
    says: str,
) -> None:
    report = example_model(name.rpartition("-")[2])
    shown = page_text(post(client, "check", files=[(io.BytesIO(published[name]), filename, mime)]))
    assert says in shown and "通过校验" in shown
    kept = shown.split('name="kept_text"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert load_report(kept.encode()).report == report
    response = post(client, "generate", files=[(io.BytesIO(published[name]), filename, mime)])
    _, document_mime, data = generated(response.get_data(as_text=True))
    assert document_mime == DOCX_MIME
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    assert report.organization in "\n".join(paragraph.text for paragraph in paragraphs)


@pytest.mark.parametrize(
    ("data", "filename", "says"),
    [(pdfs.scan(), "扫描件.pdf", "这是扫描件 PDF"),
     (b"<html><body><p>\xe9\xa6\x96\xe9\xa1\xb5</p></body></html>", "首页.html", "没有任何表格")],
)
def test_a_published_file_that_cannot_be_read_says_what_it_is(
    client: FlaskClient, data: bytes, filename: str, says: str
) -> None:
    response = post(client, "check", files=[(io.BytesIO(data), filename, "application/pdf")])
    assert says in page_text(response)


@browser_only
def test_a_person_uploads_a_published_pdf_and_a_portal_page(
    page: Page, published: dict[str, bytes]  # noqa: F811 (the imported fixture)
) -> None:
    pdf = {"name": "秀洲2021年报.pdf", "mimeType": "application/pdf",
           "buffer": published["pdf-2021"]}
    portal = {"name": "退役军人事务局.html", "mimeType": "text/html",
              "buffer": published["gbk-2019"]}
    page.set_input_files("#files", [pdf, portal])
    page.click('button[value="check"]')
    page.wait_for_selector("text=已从 PDF 读取为报告数据")
    page.wait_for_selector("text=已从网页读取为报告数据")
    assert page.locator(".badge-ok").count() == 2
