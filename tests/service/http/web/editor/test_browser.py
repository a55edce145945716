"""The report editor in headless Chromium, with JavaScript on and off, against a live server."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import (
    Browser,
    Download,
    Page,
    expect,
)

from schemas.registry import find
from service.catalog.blank import default_year
from service.cli import main
from tests.web_helpers import CHROMIUM, axe_violations, served, watched_page

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
)

T3 = "三、收到和处理政府信息公开申请情况 · "
NEW = T3 + "一、本年新收政府信息公开申请数量 · "
FORWARD = T3 + "四、结转下年度继续办理 · "


base_url = pytest.fixture(scope="module")(served)


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Opens watched pages (``web_helpers.watched_page``); each is closed after the test, which
    fails on console problems other than the `expected` ones."""
    with contextlib.ExitStack() as pages:

        def open_one(url: str, javascript: bool = True, **options: Any) -> Page:
            return pages.enter_context(watched_page(browser, url, javascript, **options))

        yield open_one


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Page]:
    with watched_page(browser, base_url + "/editor", request.param) as page:
        yield page


def javascript(page: Page) -> bool:
    return page.locator("html.js").count() == 1


def cell(page: Page, label: str) -> Any:
    """The input named exactly `label` (what a screen reader user would find)."""
    return page.get_by_label(label, exact=True)


def press(page: Page, name: str) -> None:
    """Click a button by its name and wait for the answer (a new page, or the script's)."""
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_selector("#notice:not(.notice-busy)")


def generate(page: Page) -> Download:
    """生成: with JavaScript the document is saved at once, without it one click on its link."""
    with page.expect_download() as download:
        page.get_by_role("button", name="生成", exact=True).click()
        if not javascript(page):
            page.click("#generated")
    return download.value


def texts_of(data: bytes) -> list[str]:
    opened = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return [paragraph.text for paragraph in opened.paragraphs] + cells


def rendered(document: dict[str, Any], tmp_path: Path) -> bytes:
    """`gov-report render` of `document`."""
    source, output = tmp_path / "same.json", tmp_path / "same.docx"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert main(["render", str(source), "-o", str(output)]) == 0
    return output.read_bytes()


def fill_cells(page: Page, document: dict[str, Any]) -> None:
    """Type every count and amount of `document`'s tables into its cell, found by label; the
    总计 cells are left to the page."""
    for table in find(document["format"]).tables.values():
        for data_cell in table.data_cells():
            assert data_cell.key is not None and data_cell.label is not None
            if data_cell.print == "computed_if_absent":
                continue
            value: Any = document
            for key in data_cell.key.split("."):
                value = value[key]
            cell(page, data_cell.label).fill(str(value))


def test_a_complete_2021_report_is_filled_from_a_blank_by_the_labels(
    page: Page, example_2021: dict[str, Any], tmp_path: Path
) -> None:
    report = copy.deepcopy(example_2021)
    report.update(
        organization="某县人民政府办公室",
        year=2025,
        preamble=[],
        overview={
            "paragraphs": ["2025年，我办依法公开政府信息。"],
            "items": [{"heading": "主动公开", "paragraphs": ["主动公开政府信息1268条。"]}],
        },
        problems={"paragraphs": ["公开质量有待提高。"]},
        other_matters={"paragraphs": ["本年度未收取信息处理费。"]},
        signature={"date": "2026-01-20"},
    )
    del report["title"]
    page.get_by_label("机关名称", exact=True).fill(report["organization"])
    page.get_by_label("年度", exact=True).fill("2025")
    page.get_by_label("一、总体情况 · 第1段", exact=True).fill(report["overview"]["paragraphs"][0])
    page.get_by_role("button", name="＋ 添加小标题（（一）（二）…） · 一、总体情况").click()
    page.get_by_label("一、总体情况 · （一）小标题", exact=True).fill("主动公开")
    page.get_by_label("一、总体情况 · （一） · 第1段", exact=True).fill("主动公开政府信息1268条。")
    fill_cells(page, report)
    page.get_by_label("五、存在的主要问题及改进情况 · 第1段", exact=True).fill("公开质量有待提高。")
    page.get_by_label("六、其他需要报告的事项 · 第1段", exact=True).fill("本年度未收取信息处理费。")
    page.get_by_label("成文日期（可不填）").fill("2026-01-20")
    total = cell(page, NEW + "总计").input_value()
    if javascript(page):
        assert total == "1350"  # computed as the cells were typed
    download = generate(page)
    assert download.suggested_filename == "某县人民政府办公室2025年政府信息公开工作年度报告.docx"
    assert texts_of(Path(download.path()).read_bytes()) == texts_of(rendered(report, tmp_path))


def test_the_seed_opened_edited_and_generated_equals_the_render_of_the_same_json(
    page: Page, example_2021_path: Path, example_2021: dict[str, Any], tmp_path: Path
) -> None:
    page.set_input_files("#f-upload", example_2021_path)
    press(page, "打开")
    assert cell(page, NEW + "总计").input_value() == "1350"
    cell(page, NEW + "自然人").fill("504")
    cell(page, FORWARD + "自然人").fill(
        str(example_2021["applications"]["carried_forward"]["natural_person"] + 1)
    )
    page.get_by_label("五、存在的主要问题及改进情况 · （一） · 第1段", exact=True).fill(
        "改写后的问题。"
    )
    if not javascript(page):
        press(page, "校验")
    assert cell(page, NEW + "总计").input_value() == "1351"
    edited = copy.deepcopy(example_2021)
    applications = edited["applications"]
    applications["new_received"]["natural_person"] = 504
    applications["carried_forward"]["natural_person"] += 1
    del applications["new_received"]["total"], applications["carried_forward"]["total"]
    edited["problems"]["items"][0]["paragraphs"][0] = "改写后的问题。"
    download = generate(page)
    assert texts_of(Path(download.path()).read_bytes()) == texts_of(rendered(edited, tmp_path))


def test_a_broken_rule_marks_every_cell_it_adds_up(
    page: Page, example_2021_path: Path, example_2021: dict[str, Any]
) -> None:
    page.set_input_files("#f-upload", example_2021_path)
    press(page, "打开")
    cell(page, FORWARD + "自然人").fill("99")
    if not javascript(page):
        press(page, "校验")
    involved = [
        NEW + "自然人",
        T3 + "二、上年结转政府信息公开申请数量 · 自然人",
        T3 + "三、本年度办理结果 · （七）总计 · 自然人",
        FORWARD + "自然人",
    ]
    for name in involved:
        assert cell(page, name).get_attribute("aria-invalid") == "true", name
    assert (
        cell(page, T3 + "三、本年度办理结果 · （一）予以公开 · 自然人").get_attribute(
            "aria-invalid"
        )
        is None
    )
    rules = page.locator("#rules-table3").inner_text()
    assert "第一项加第二项之和为 506，但第三项（七）总计加第四项之和为 600（R1）" in rules
    assert page.locator("#summary-title").inner_text().endswith("处错误")
    right = example_2021["applications"]["carried_forward"]["natural_person"]
    cell(page, FORWARD + "自然人").fill(str(right))
    if not javascript(page):
        press(page, "校验")
    assert cell(page, NEW + "自然人").get_attribute("aria-invalid") is None


def test_last_year_s_report_starts_the_next_with_its_balance(
    page: Page, example_2021_path: Path, example_2021: dict[str, Any]
) -> None:
    page.set_input_files("#f-upload", example_2021_path)
    page.get_by_label("上年报告：新建下一年度（上年结转等自动填入）").check()
    press(page, "打开")
    assert page.get_by_label("年度", exact=True).input_value() == "2022"
    forward = example_2021["applications"]["carried_forward"]
    carried = T3 + "二、上年结转政府信息公开申请数量 · "
    assert cell(page, carried + "自然人").input_value() == str(forward["natural_person"])
    assert cell(page, carried + "总计").input_value() == str(forward["total"])
    assert page.locator(".carried").count() > 10
    paragraph = page.get_by_label("五、存在的主要问题及改进情况 · （一） · 第1段", exact=True)
    paragraph.fill("今年的问题。")
    if not javascript(page):
        press(page, "校验")
    assert page.locator("[id='carried-problems.items.0.paragraphs.0']").count() == 0
    assert page.locator("[id='carried-problems.items.1.paragraphs.0']").count() == 1


def test_choosing_a_file_to_open_is_not_an_edit_of_the_blank(
    open_page: Callable[..., Page], base_url: str, example_2021_path: Path
) -> None:
    """Defect: choosing the file (before 打开) checked the blank still on the page, which
    greeted the clerk with 3 处错误 (机关名称 不能为空 …) for a form not yet touched."""
    page = open_page(base_url + "/editor")
    page.set_input_files("#f-upload", example_2021_path)
    page.get_by_label("上年报告：新建下一年度（上年结转等自动填入）").check()
    page.wait_for_timeout(1500)  # longer than the check's delay after an edit (700 ms)
    assert page.locator("#summary").is_hidden()
    assert page.locator("[aria-invalid='true']").count() == 0


def test_enter_never_submits(page: Page) -> None:
    url = page.url
    posted: list[str] = []
    page.on(
        "request", lambda request: posted.append(request.url) if request.method == "POST" else None
    )
    page.get_by_label("机关名称", exact=True).fill("某局")
    page.get_by_label("机关名称", exact=True).press("Enter")
    cell(page, NEW + "自然人").press("Enter")
    page.get_by_label("年度", exact=True).press("Enter")
    page.wait_for_timeout(300)
    assert [address for address in posted if address.endswith("/editor")] == []
    assert page.url == url and page.get_by_label("机关名称", exact=True).input_value() == "某局"


def test_keyboard_only_follows_the_table_and_generates(
    open_page: Callable[..., Page], base_url: str, example_2021_path: Path
) -> None:
    page = open_page(base_url + "/editor")
    page.set_input_files("#f-upload", example_2021_path)
    page.get_by_role("button", name="打开", exact=True).press("Enter")
    page.wait_for_selector("#notice:not(.notice-busy)")
    cell(page, NEW + "自然人").focus()
    names = []
    for _ in range(8):
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        page.keyboard.press("Tab")
    assert names[0].endswith("自然人") and names[1].endswith("商业企业")
    assert names[6] == NEW + "总计"
    assert names[7] == T3 + "二、上年结转政府信息公开申请数量 · 自然人"
    page.keyboard.press("Enter")  # from 二、上年结转 · 商业企业 on to the next cell, never submits
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == T3 + "二、上年结转政府信息公开申请数量 · 法人或其他组织 · 科研机构"
    page.get_by_role("button", name="生成", exact=True).focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith("2021年政府信息公开工作年度报告.docx")


def test_a_draft_survives_a_reload(open_page: Callable[..., Page], base_url: str) -> None:
    page = open_page(base_url + "/editor")
    page.get_by_label("机关名称", exact=True).fill("草稿测试局")
    cell(page, NEW + "自然人").fill("7")
    page.get_by_label("一、总体情况 · 第1段", exact=True).fill("还没写完的总体情况")
    expect(page.locator("#draft-state")).to_contain_text("草稿已保存在本浏览器")
    page.reload()
    assert page.get_by_label("机关名称", exact=True).input_value() == ""
    page.get_by_role("button", name="恢复草稿", exact=False).first.click()
    page.wait_for_selector("#notice:not(.notice-busy)")
    assert page.get_by_label("机关名称", exact=True).input_value() == "草稿测试局"
    assert cell(page, NEW + "自然人").input_value() == "7"
    assert cell(page, NEW + "总计").input_value() == "7"
    assert (
        page.get_by_label("一、总体情况 · 第1段", exact=True).input_value() == "还没写完的总体情况"
    )


def test_a_pasted_row_fills_the_row(open_page: Callable[..., Page], base_url: str) -> None:
    page = open_page(base_url + "/editor")
    cell(page, NEW + "自然人").focus()
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const event = {clipboardData: data, bubbles: true, cancelable: true};
            document.activeElement.dispatchEvent(new ClipboardEvent("paste", event));
        }""",
        "5\t1\t0\t2\t0\t0\t8\n3 1 0 0 0 0",
    )
    row = [
        cell(page, NEW + column).input_value()
        for column in (
            "自然人",
            "法人或其他组织 · 商业企业",
            "法人或其他组织 · 社会公益组织",
            "总计",
        )
    ]
    assert row == ["5", "1", "2", "8"]
    carried = T3 + "二、上年结转政府信息公开申请数量 · "
    assert cell(page, carried + "自然人").input_value() == "3"
    assert cell(page, carried + "总计").input_value() == "4"


def test_at_phone_width_the_tables_scroll_and_their_row_labels_stay(
    open_page: Callable[..., Page], base_url: str
) -> None:
    page = open_page(base_url + "/editor", viewport={"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    scroller = page.locator(".grid-table3").locator("xpath=..")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    scroller.evaluate("e => { e.scrollLeft = 300; }")
    label = page.locator(".grid-table3 th.row-label", has_text="一、本年新收政府信息公开申请数量")
    box, frame = label.bounding_box(), scroller.bounding_box()
    assert box is not None and frame is not None
    assert abs(box["x"] - frame["x"]) < 12  # still at the left edge, in view
    cell(page, NEW + "自然人").fill("3")
    assert cell(page, NEW + "总计").input_value() == "3"


@pytest.mark.parametrize("path", ["/", "/editor", "/editor?format=2019"])
def test_axe_finds_nothing_serious(
    open_page: Callable[..., Page], base_url: str, path: str
) -> None:
    page = open_page(base_url + path)
    assert axe_violations(page) == []
    if path.startswith("/editor"):
        cell(page, FORWARD + "自然人").fill("9")  # a broken rule, and errors from the server
        page.get_by_role("button", name="校验", exact=True).click()
        page.wait_for_selector("#notice:not(.notice-busy)")
        assert page.locator("[aria-invalid=true]").count() > 0
        assert axe_violations(page) == []


def test_nothing_is_loaded_from_another_origin(
    open_page: Callable[..., Page], base_url: str
) -> None:
    page = open_page(base_url + "/editor")
    origins = page.evaluate(
        "performance.getEntriesByType('resource').map(entry => new URL(entry.name).origin)"
    )
    assert set(origins) <= {base_url}


def test_a_failed_post_or_an_expired_page_keeps_what_was_typed(
    open_page: Callable[..., Page], base_url: str
) -> None:
    page = open_page(base_url + "/editor", expected=("status of 502", "status of 400"))
    page.get_by_label("机关名称", exact=True).fill("不会丢的机关")
    cell(page, NEW + "自然人").fill("4")
    page.route("**/editor", lambda route: route.fulfill(status=502, body="bad gateway"))
    press(page, "生成")
    assert "填写的内容都还在" in page.inner_text("#notice")
    assert page.get_by_label("机关名称", exact=True).input_value() == "不会丢的机关"
    page.unroute("**/editor")
    page.context.clear_cookies()  # the session, and with it the form's token, is gone
    press(page, "校验")
    assert "页面已过期" in page.inner_text("#notice")
    assert page.get_by_label("机关名称", exact=True).input_value() == "不会丢的机关"
    assert cell(page, NEW + "自然人").input_value() == "4"
    press(page, "校验")  # the fresh token came with the page
    assert "页面已过期" not in page.inner_text("#notice")


def test_save_draft_downloads_the_json_even_when_not_valid(page: Page) -> None:
    page.get_by_label("机关名称", exact=True).fill("草稿局")
    cell(page, NEW + "自然人").fill("12x")
    with page.expect_download() as download:
        page.get_by_role("button", name="保存草稿", exact=True).click()
    name = f"草稿局{default_year(find('2021'))}年政府信息公开工作年度报告（草稿）.json"
    assert download.value.suggested_filename == name
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved["applications"]["new_received"]["natural_person"] == "12x"
    assert page.get_by_label("机关名称", exact=True).input_value() == "草稿局"


def test_the_preview_shows_the_report_below_the_form(page: Page, example_2021_path: Path) -> None:
    page.set_input_files("#f-upload", example_2021_path)
    press(page, "打开")
    page.get_by_label("标题（可不填，默认如下）").fill("预览测试局2021年政府信息公开工作年度报告")
    page.get_by_role("button", name="预览", exact=True).click()
    frame = page.frame_locator('iframe[name="preview"]')
    expect(frame.locator("body")).to_contain_text("预览测试局2021年政府信息公开工作年度报告")
    title = page.get_by_label("标题（可不填，默认如下）").input_value()
    assert title == "预览测试局2021年政府信息公开工作年度报告"  # the form is kept
