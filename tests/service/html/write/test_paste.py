"""The HTML fragment pasted (a real Ctrl+V) into a rich-text editor in Chromium keeps the official
grids, the labels, the numbers and the inline styles."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
import pytest
from playwright.sync_api import Browser, Page

from schemas.model.layout import tables
from schemas.registry import FORMAT_IDS
from service import documents
from service.catalog import example
from service.html import fragment

#: What a CMS's rich-text editor is, at its core: a contenteditable element.
EDITOR = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>编辑器</title>
</head><body><div id="editor" contenteditable="true" style="min-height:20em"></div></body></html>"""
URL = "http://localhost/editor"


@pytest.fixture(scope="module")
def editor(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin="http://localhost")
    page = context.new_page()
    page.route(URL, lambda route: route.fulfill(body=EDITOR, content_type="text/html"))
    yield page
    context.close()


def paste(page: Page, html: str) -> str:
    """Put `html` on the clipboard as text/html, press Ctrl+V in the editor; its HTML after."""
    page.goto(URL)
    page.evaluate("""async (html) => {
        const item = new ClipboardItem({
            "text/html": new Blob([html], {type: "text/html"}),
            "text/plain": new Blob(["(plain text)"], {type: "text/plain"}),
        });
        await navigator.clipboard.write([item]);
    }""", html)
    page.click("#editor")
    page.keyboard.press("Control+V")
    page.wait_for_function("document.querySelector('#editor table') !== null")
    return str(page.inner_html("#editor"))


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_pasted_tables_keep_the_official_grids(editor: Page, format_id: str) -> None:
    report = documents.validate(example(format_id)).report
    assert report is not None
    pasted = lxml.html.fragment_fromstring(paste(editor, fragment(report)), create_parent="div")
    html_tables = pasted.findall(".//table")
    assert len(html_tables) == 3
    original = lxml.html.fragment_fromstring(fragment(report))
    for name, pasted_table, source in zip(("table2", "table3", "table4"), html_tables,
                                          original.findall(".//table"), strict=True):
        layout = tables(format_id)[name]
        rows = pasted_table.findall(".//tr")
        assert len(rows) == len(layout.rows)
        for row, official in zip(rows, layout.rows, strict=True):
            cells = row.findall("*")
            assert [(int(c.get("colspan", 1)), int(c.get("rowspan", 1))) for c in cells] == [
                (cell.colspan, cell.rowspan) for cell in official]
        assert ([c.text_content() for c in pasted_table.iter("td", "th")]
                == [c.text_content() for c in source.iter("td", "th")])
        assert all("border" in (cell.get("style") or "") for cell in pasted_table.iter("td"))
    assert pasted.findtext(".//h1") == report.title
    assert pasted.find(".//h2").text_content() == "一、总体情况"
