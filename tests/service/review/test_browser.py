"""The review page as a person and a screen reader meet it: opened in Chromium from the file
(nothing loaded from anywhere, no console message), clean for axe-core (no violation of any
impact), usable by keyboard (a skip link, every link reachable), printed to A4 landscape."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from service.cli import main
from tests.review_support import district
from tests.web_helpers import AXE, watched_page

#: The landscape A4 page in PDF points.
A4_LANDSCAPE = (841.89, 595.28)


@pytest.fixture(scope="module")
def review_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district")
    made = district(folder)
    page = folder / "review.html"
    main([
        "review", str(made.this_year), "--previous", str(made.last_year), "-o", str(page),
        "--jobs", "1",
    ])  # fmt: skip
    return page


@pytest.fixture
def page(browser: Browser, review_file: Path) -> Iterator[Page]:
    with watched_page(browser, review_file.as_uri(), javascript=True) as opened:
        yield opened


def all_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of every impact (minor included) on the page as it is."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )
    return found


def test_axe_finds_nothing_on_the_review_page(page: Page) -> None:
    assert all_violations(page) == []


def test_nothing_is_loaded_from_anywhere(browser: Browser, review_file: Path) -> None:
    requested: list[str] = []
    context = browser.new_context()
    opened = context.new_page()
    opened.on("request", lambda request: requested.append(request.url))
    opened.goto(review_file.as_uri())
    context.close()
    assert requested == [review_file.as_uri()]
    html = review_file.read_text("utf-8")
    assert "<script" not in html and "http://" not in html.replace(
        "http://www.w3.org/2000/svg", ""
    ) and "https://" not in html


def test_a_keyboard_reaches_the_main_part_and_every_chart_is_named(page: Page) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for index in range(3):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        title, description = chart.get_attribute("aria-labelledby").split()
        assert page.locator(f"#{title}").text_content()
        assert page.locator(f"#{description}").text_content()
        # The numbers are also a table beside the drawing.
        assert chart.locator("xpath=following-sibling::table[1]//tbody/tr").count() >= 6


def test_the_page_looks_right_and_prints_on_a4_landscape(page: Page, tmp_path: Path) -> None:
    shot = tmp_path / "review.png"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    pdf = tmp_path / "review.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert size is not None
    assert (float(size.group(1)), float(size.group(2))) == pytest.approx(A4_LANDSCAPE, abs=1)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert 5 <= pages <= 20
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
    for heading in ("一、逐份审核", "二、值得一看", "三、本年与上年", "四、全区合计", "五、图表"):
        assert heading in printed
    assert "在编辑器中打开" not in printed  # links to the service are not printed
