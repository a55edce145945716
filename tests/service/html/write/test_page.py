"""service.html: the portal page and fragment: the tables cell for cell as the official grids."""

from __future__ import annotations

import re

import lxml.html
import pytest
from lxml import etree

from schemas.model.layout import FIELD_LABELS, tables
from schemas.registry import FORMAT_IDS
from service.docx.tables import find_table
from service.docx.write.sample import AWKWARD_TEXT, sample_report
from service.docx.xml import grid_rows
from service.html import fragment, page
from service.html.write.page import _colgroup, text
from tests.docx_support import (
    Rendered,
    body_texts,
    expected_value,
    load_blank,
    render_example,
    tables_of,
)

TABLES = ("table2", "table3", "table4")


@pytest.fixture(scope="module", params=FORMAT_IDS)
def example(request: pytest.FixtureRequest) -> Rendered:
    return render_example(request.param)


def _tree(html: str) -> etree._Element:
    return lxml.html.document_fromstring(html)


def _text(element: etree._Element) -> str:
    """The element's text with each <br> as a line feed, as the .docx holds it."""
    copy = lxml.html.fragment_fromstring(lxml.html.tostring(element, encoding="unicode"))
    for br in copy.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return str(copy.text_content())


def _html_tables(root: etree._Element) -> list[etree._Element]:
    return root.findall(".//table")


@pytest.mark.parametrize("name", TABLES)
def test_each_table_is_the_official_grid_cell_for_cell(example: Rendered, name: str) -> None:
    layout = tables(example.report.format)[name]
    table = _html_tables(_tree(page(example.report)))[TABLES.index(name)]
    rows = table.findall("tbody/tr")
    assert len(rows) == len(layout.rows)
    for number, (row, official) in enumerate(zip(rows, layout.rows, strict=True), 1):
        cells = row.findall("*")
        assert len(cells) == len(official), f"row {number}"
        for cell, want in zip(cells, official, strict=True):
            where = f"row {number}: {want.text or want.key}"
            assert int(cell.get("colspan", "1")) == want.colspan, where
            assert int(cell.get("rowspan", "1")) == want.rowspan, where
            if want.key is None:
                assert (cell.tag, cell.text_content()) == ("th", want.text), where
            else:
                assert cell.tag == "td", where


def test_numbers_are_those_of_the_docx_and_of_the_json(example: Rendered) -> None:
    """Every data cell shows what the .docx shows, and that is what the JSON says (totals
    computed from the JSON alone when absent, 0 where a count is missing)."""
    html_tables = _html_tables(_tree(page(example.report)))
    word_tables = tables_of(example.document)
    for position, name in enumerate(TABLES):
        layout = tables(example.report.format)[name]
        word = find_table(word_tables, layout)
        assert word is not None
        word_rows = grid_rows(word)
        html_rows = html_tables[position].findall("tbody/tr")
        for official, word_row, html_row in zip(layout.rows, word_rows, html_rows, strict=True):
            for cell, word_cell, html_cell in zip(official, word_row, html_row, strict=True):
                if cell.key is not None:
                    shown = html_cell.text_content()
                    assert shown == word_cell.text == expected_value(example.raw, cell.key)


def test_a_blank_report_prints_zero_never_an_empty_cell() -> None:
    report = load_blank("2021")
    for cell in _tree(page(report)).iter("td"):
        assert cell.text_content() != ""
    assert {cell.text_content() for cell in _tree(page(report)).iter("td")} >= {"0"}


def test_text_in_the_order_and_numbering_of_the_docx(example: Rendered) -> None:
    root = _tree(fragment(example.report))
    assert root.findtext(".//h1") == example.report.title
    shown = [_text(element) for element in root.iter("p", "h2")]
    # The paragraphs of the Word document (whose order and numbering tests/test_docx_render.py
    # checks against the report), after its title lines and without its blank lines.
    word = [text for text in body_texts(example.document)[len(example.report.title_lines):]
            if text]
    assert shown == word
    run_ins = [span.text_content() for span in root.iter("span")]
    items = [*example.report.overview.items, *example.report.problems.items,
             *example.report.other_matters.items]
    assert run_ins == [item.title for item in items]
    layouts = tables(example.report.format)
    assert [h2.text_content() for h2 in root.iter("h2")] == [
        FIELD_LABELS["overview"], *(layouts[name].heading for name in TABLES),
        FIELD_LABELS["problems"], FIELD_LABELS["other_matters"]]


def test_the_page_is_standalone_utf8_chinese_and_loads_nothing(example: Rendered) -> None:
    html = page(example.report)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    root = _tree(html)
    assert root.find("head/meta[@charset='utf-8']") is not None
    assert root.findtext("head/title") == example.report.title
    assert root.find(".//script") is None and root.find(".//link") is None
    assert not re.search(r"\b(src|href)=|url\(|@import|https?:", html)


def test_the_fragment_has_only_inline_styles(example: Rendered) -> None:
    html = fragment(example.report)
    assert html.startswith('<div lang="zh-CN" style="') and html.rstrip().endswith("</div>")
    assert "<style" not in html and "class=" not in html and "<html" not in html
    styled = ("div", "h1", "h2", "p", "span", "table", "th", "td")
    root = lxml.html.fragment_fromstring(html)
    for element in root.iter(*styled):
        assert element.get("style"), element.tag
    assert fragment(example.report) in page(example.report)


def test_awkward_text_stays_text_and_breaks_become_br() -> None:
    report = sample_report("2021")
    html = page(report)
    root = _tree(html)
    assert "<script" not in html.lower()
    assert any(AWKWARD_TEXT in _text(p) for p in root.iter("p"))
    breaks = [p for p in root.iter("p") if p.find("br") is not None]
    assert breaks, "a paragraph's line feed is a <br>"
    assert "{{" in html  # template syntax in the data is printed, not evaluated


def test_a_carriage_return_is_a_break_too() -> None:
    assert str(text("一\r\n二\r三\n<四>")) == "一<br>二<br>三<br>&lt;四&gt;"


def test_number_columns_share_the_width_and_labels_keep_theirs() -> None:
    layouts = tables("2021")
    assert _colgroup(layouts["table4"]).count("width:6.67%") == 15
    group = _colgroup(layouts["table3"])
    assert group.count("width:8.57%") == 7 and group.count("<col>") == 3
    assert _colgroup(layouts["table2"]).count("width:20.00%") == 3
