"""Screenshots of the staff pages (/ and /editor) in each state, for a person to look at (not a
test).

Run: ``.venv/bin/python -m tests.web_screenshots [folder]`` (default /tmp/web-shots).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from service import create_app, documents
from service.config import Settings
from tests.handfilled import Filling, example_model, filled_in
from tests.hostile import pdfs
from tests.portal_pages import trs_page
from tests.reading_support import exported
from tests.web_helpers import launch, live_server, three_errors, with_warning

EXAMPLE = Path(__file__).resolve().parents[1] / "service" / "examples" / "2019.json"
EXAMPLE_2021 = EXAMPLE.with_name("2021.json")


def inconsistent(example: Path) -> bytes:
    """The example with a wrong 总计 in table 4 (R4)."""
    report = json.loads(example.read_bytes())
    report["review_litigation"]["review"] = {"upheld": 1, "total": 5}
    return json.dumps(report, ensure_ascii=False).encode()


def upload(page: Page, name: str, data: bytes, mode: str) -> None:
    """Choose one file and press 校验 or 生成并下载."""
    mime = {"pdf": "application/pdf", "html": "text/html"}.get(
        name.rpartition(".")[2], "application/json"
    )
    page.set_input_files("#files", {"name": name, "mimeType": mime, "buffer": data})
    page.click(f'button[value="{mode}"]')


def _published() -> dict[str, bytes]:
    """The 2021 example as published: LibreOffice's PDF of its .docx, a GBK portal page."""
    [pdf] = exported({"r": documents.render(example_model("2021"))}, "pdf").values()
    return {"pdf": pdf, "html": trs_page(example_model("2021"), charset="gbk")}


def main(folder: Path) -> None:
    """Write empty.png, errors.png, warnings.png, success.png, word.png (a hand-filled Word
    report read), pdf.png and portal-page.png (the report as published, read), scan.png (a
    scanned PDF refused), invalid-json.png and inconsistent-allowed.png."""
    folder.mkdir(parents=True, exist_ok=True)
    published = _published()
    app = create_app(Settings.for_tests())
    with live_server(app) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
        page = context.new_page()
        shots = {
            "empty": None,
            "errors": ("有错误.json", three_errors(EXAMPLE), "check"),
            "warnings": ("有提示.json", with_warning(EXAMPLE), "check"),
            "success": ("秀洲.json", EXAMPLE.read_bytes(), "generate"),
            "word": ("秀洲2020.docx", _hand_filled(), "check"),
            "pdf": ("秀洲2021年报.pdf", published["pdf"], "check"),
            "portal-page": ("秀洲2021年报.html", published["html"], "check"),
            "scan": ("扫描件.pdf", pdfs.scan(), "check"),
        }
        for name, action in shots.items():
            page.goto(url + "/")
            if action is not None:
                if action[2] == "generate":
                    with page.expect_download():
                        upload(page, *action)
                else:
                    upload(page, *action)
                page.wait_for_selector("#notice:not(.notice-busy)")
            page.screenshot(path=folder / f"{name}.png", full_page=True)
        page.goto(url + "/")
        page.fill("#pasted", '{\n  "year": 2021，\n  "organization": "某局"\n}')
        page.click('button[value="check"]')
        page.wait_for_selector("#notice:not(.notice-busy)")
        page.screenshot(path=folder / "invalid-json.png", full_page=True)
        page.goto(url + "/")
        page.check('input[name="allow_inconsistent"]')
        upload(page, "不一致.json", inconsistent(EXAMPLE), "check")
        page.wait_for_selector("#notice:not(.notice-busy)")
        page.screenshot(path=folder / "inconsistent-allowed.png", full_page=True)
        context.close()
        editor(browser, url, folder, published["pdf"])
        browser.close()


def editor(browser: Browser, url: str, folder: Path, pdf: bytes) -> None:
    """Write editor-blank.png, editor-rules.png (a broken R1), editor-next-year.png,
    editor-pdf-next-year.png (last year's published PDF opened to start this year) and
    editor-phone.png (390 px wide, table 3 scrolled sideways)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(url + "/editor")
    page.screenshot(path=folder / "editor-blank.png")
    page.set_input_files("#f-upload", EXAMPLE_2021)
    page.get_by_role("button", name="打开", exact=True).click()
    page.wait_for_selector("#notice:not(.notice-busy)")
    forward = "三、收到和处理政府信息公开申请情况 · 四、结转下年度继续办理 · 自然人"
    page.get_by_label(forward, exact=True).fill("99")
    page.locator("#h-table3").scroll_into_view_if_needed()
    page.screenshot(path=folder / "editor-rules.png")
    page.goto(url + "/editor")
    page.set_input_files("#f-upload", EXAMPLE_2021)
    page.get_by_label("上年报告：新建下一年度（上年结转等自动填入）").check()
    page.get_by_role("button", name="打开", exact=True).click()
    page.wait_for_selector("#notice:not(.notice-busy)")
    page.screenshot(path=folder / "editor-next-year.png")
    page.goto(url + "/editor")
    page.set_input_files(
        "#f-upload", {"name": "秀洲2021年报.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_label("上年报告：新建下一年度（上年结转等自动填入）").check()
    page.get_by_role("button", name="打开", exact=True).click()
    page.wait_for_selector("#notice:not(.notice-busy)")
    page.screenshot(path=folder / "editor-pdf-next-year.png")
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    page.goto(url + "/editor")
    page.locator("#h-table3").scroll_into_view_if_needed()
    page.locator(".grid-table3").locator("xpath=..").evaluate("e => { e.scrollLeft = 260; }")
    page.screenshot(path=folder / "editor-phone.png")
    phone.close()


def _hand_filled() -> bytes:
    """The 2019 example typed into the official template with people's typing habits."""
    return filled_in(example_model("2019"), Filling(table_note="单位：件"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/web-shots"))
