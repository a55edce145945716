"""service.html.read: a report read back from its web page — the service's own page, the same
page after a CMS stripped its styles, LibreOffice's HTML export of the .docx, and pages in the
styles portals publish (GBK, layout tables, navigation and footers around, split tables) —
exactly: every cell, organization, year, chapters; and what is not a report, named."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings

from schemas import load_report
from service import documents
from service.html.write.page import fragment, page
from tests.conftest import EXAMPLES
from tests.handfilled import (
    cycling,
    example_model,
    filled_in,
    full_width,
    plain,
    with_jian,
)
from tests.portal_pages import fragment_page, layout_table_page, trs_page
from tests.reading_support import exported, read, read_back
from tests.schemas.test_properties import consistent_reports

FORMAT_IDS = sorted(EXAMPLES)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
@pytest.mark.parametrize("whole", [True, False], ids=["page", "fragment"])
def test_the_services_own_page_reads_back_as_the_report(format_id, whole):
    report = example_model(format_id)
    written = page(report) if whole else fragment(report)
    assert read_back(written.encode()) == report


@settings(max_examples=25, deadline=None)
@given(consistent_reports())
def test_random_reports_read_back_from_their_page(document):
    original = load_report(document).report
    assert original is not None
    assert read_back(page(original).encode()) == original


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_the_page_with_its_styles_stripped_by_a_cms_still_reads(format_id):
    report = example_model(format_id)
    stripped = re.sub(r' style="[^"]*"', "", page(report))
    assert read_back(stripped.encode()) == report


@pytest.fixture(scope="module")
def libreoffice_html() -> dict[str, bytes]:
    """LibreOffice's HTML export of both examples' .docx and of the official template filled
    in by hand (2021)."""
    words = {
        f"ours-{format_id}": documents.render(example_model(format_id))
        for format_id in FORMAT_IDS
    }
    words["handfilled-2021"] = filled_in(example_model("2021"))
    return exported(words, "html")


@pytest.mark.parametrize("name", ["ours-2019", "ours-2021", "handfilled-2021"])
def test_libreoffice_html_export_of_the_docx_reads_back(libreoffice_html, name):
    format_id = name.rpartition("-")[2]
    imported = read(libreoffice_html[name])
    assert read_back(libreoffice_html[name]) == example_model(format_id)
    # The export's page footer (— 3 —) is the word processor's, not text of the report.
    assert not [w for w in imported.warnings if w.code == "text_ignored"]


PORTALS = {
    "TRS page, GB2312": lambda report, habit: trs_page(report, habit, "gb2312"),
    "TRS page, GBK": lambda report, habit: trs_page(report, habit, "gbk"),
    "TRS page, UTF-8": lambda report, habit: trs_page(report, habit, "utf-8"),
    "nested layout tables": layout_table_page,
    "article alone, split table": fragment_page,
}


@pytest.mark.parametrize("format_id", FORMAT_IDS)
@pytest.mark.parametrize("portal", PORTALS)
def test_a_portal_page_reads_back_exactly(format_id, portal):
    report = example_model(format_id)
    data = PORTALS[portal](report, cycling((plain, full_width, with_jian)))
    assert read_back(data) == report
    imported = read(data)
    # The site around the article (navigation, metadata, footers, scripts) is not reported.
    assert not [w for w in imported.warnings if w.code == "text_ignored"], imported.warnings


def test_a_gbk_page_is_decoded_by_its_meta_and_without_one():
    report = example_model("2021")
    declared = trs_page(report, plain, "gbk")
    assert b"charset=gbk" in declared and "嘉兴".encode("gbk") in declared
    assert read_back(declared) == report
    undeclared = declared.replace(b"charset=gbk", b"")
    assert read_back(undeclared) == report


def test_a_utf16_page_with_its_bom_reads():
    report = example_model("2021")
    assert read_back("\ufeff".encode("utf-16-le") + page(report).encode("utf-16-le")) == report


def test_text_a_browser_does_not_show_is_not_read():
    report = example_model("2021")
    written = page(report).replace(
        ">3456<", '><span style="display:none">1</span>3456<', 1
    ).replace("<h2", '<p hidden>一、总体情况</p><h2', 1)
    assert read_back(written.encode()) == report


def test_a_number_typed_in_another_row_breaks_the_rule_and_is_not_repaired():
    report = example_model("2021")
    data = trs_page(report, plain, "utf-8").replace(b">1350<", b">1351<", 1)
    imported = read(data)
    assert imported.report is not None
    assert imported.report["applications"]["new_received"]["total"] == 1351
    result = load_report(json.dumps(imported.report))
    assert any(error.code.startswith("R") for error in result.errors)


def test_an_unreadable_cell_is_named_by_its_label():
    report = example_model("2021")
    data = trs_page(report, plain, "utf-8").replace(b">3456<", b">\xe5\xbe\x85\xe5\xae\x9a<", 1)
    imported = read(data)
    assert imported.report is None
    [error] = imported.errors
    assert error.code == "cell_unreadable" and "行政许可" in error.label and "待定" in error.message


def test_a_page_without_tables_is_not_a_report_and_says_so():
    imported = read(b"<html><head><title>\xe9\xa6\x96\xe9\xa1\xb5</title></head>"
                    b"<body><p>hello</p></body></html>")
    [error] = imported.errors
    assert error.code == "not_a_report"
    assert "没有任何表格" in error.message and "首页" in error.message


def test_a_page_with_other_tables_says_they_are_not_the_official_ones():
    data = ("<html><body><table><tr><td>姓名</td><td>电话</td></tr></table>"
            "<table><tr><td>a</td></tr></table></body></html>").encode()
    [error] = read(data).errors
    assert error.code == "not_a_report"
    assert "2 个表格" in error.message and "不是官方统计表格" in error.message


def test_a_table_of_the_report_that_is_not_official_is_left_out_with_a_warning():
    report = example_model("2021")
    written = page(report).replace(
        "<h2", "<table><tr><td>附表：公开目录</td><td>12</td></tr></table><h2", 1
    )
    imported = read(written.encode())
    assert imported.report is not None
    assert [w.label for w in imported.warnings if w.code == "text_ignored"] == [
        "表格“附表：公开目录12”"
    ]


def test_the_title_may_come_from_the_page_title_alone():
    report = example_model("2021")
    body = fragment(report)
    without = re.sub(r"<h1[^>]*>.*?</h1>", "", body)
    data = (f"<html><head><title>{report.title} - 嘉兴市秀洲区人民政府</title></head>"
            f"<body>{without}</body></html>").encode()
    assert read_back(data) == report


def test_a_signature_and_a_heading_in_one_paragraph_with_line_breaks_are_split():
    report = example_model("2021")
    data = trs_page(report, plain, "utf-8").decode()
    organization = report.signature.organization
    date = report.signature.date_text
    data = data.replace(
        f'<p style="text-align:right">{organization}</p>\n<p style="text-align:right">{date}',
        f'<p style="text-align:right">{organization}<br/>{date}',
    )
    assert read_back(data.encode()) == report


def test_paragraphs_a_cms_joined_with_line_breaks_are_told_apart():
    """Items, a chapter heading and the 落款 joined into one <p> by <br> (old CMS editors) are
    paragraphs of their own; a line break inside a paragraph stays one."""
    report = example_model("2021")
    body = re.sub(r' style="[^"]*"', "", fragment(report))
    body = body.replace("</p>\n<p><span>（", "<br><span>（")
    assert body.count("<br><span>（") >= 5
    assert read_back(body.encode()) == report
