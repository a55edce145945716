"""service.docx.read.reader: Word reports read back into the contract — the service's own (every
version of its templates) and the official template filled in by hand, both formats."""

from __future__ import annotations

import copy
import io
import itertools
import zipfile
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from schemas import load_report
from schemas.model.report import Item, Report, Section, Signature
from service import documents
from service.docx.ns import W
from service.docx.xml import paragraph_text
from tests.conftest import REPO
from tests.handfilled import (
    Filling,
    cycling,
    example_model,
    filled_in,
    read,
    read_model,
)

DATA = REPO / "tests/data"
#: Earlier versions of the service's Word templates, as they were committed.
OLD_TEMPLATES = sorted((DATA / "templates").iterdir())

FILLINGS = {
    "typed plainly": Filling(split_runs=False),
    "every typing habit, Word lists, nested table, tracked changes": Filling(
        habit=cycling(),
        auto_numbered=True,
        nested=frozenset({"table3"}),
        tracked_changes=True,
    ),
    "lists from heading styles, title on one line": Filling(
        auto_numbered=True, numbered_by_style=True
    ),
    "tables 2 and 4 nested": Filling(habit=cycling(), nested=frozenset({"table2", "table4"})),
}


@pytest.mark.parametrize("format_id", ["2019", "2021"])
@pytest.mark.parametrize("name", FILLINGS)
def test_a_hand_filled_template_reads_as_the_report_typed_into_it(format_id, name):
    report = example_model(format_id)
    filling = FILLINGS[name]
    if "one line" in name:
        filling = replace(filling, title_lines=(report.title,))
    assert read_model(filled_in(report, filling)) == report


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_documents_of_every_version_of_our_templates_read_back(format_id, tmp_path):
    report = example_model(format_id)
    for folder in [None, *OLD_TEMPLATES]:
        document = documents.render(report, folder)
        assert read_model(document) == report, folder


def test_the_format_comes_from_the_tables_not_the_year():
    report = of_year(example_model("2019"), 2021)  # a 2021 report in the 2019 tables
    imported = read(filled_in(report))
    assert imported.report is not None
    assert imported.report["format"] == "2019" and imported.report["year"] == 2021
    codes = [issue.code for issue in load_report(imported.report).warnings]
    assert "format_year_mismatch" in codes


def of_year(report: Report, year: int) -> Report:
    """`report` as its organization's report of `year`, under the default title."""
    title = f"{report.organization}{year}年政府信息公开工作年度报告"
    rest = title.removeprefix(report.organization)
    return replace(report, year=year, title=title, title_lines=(report.organization, rest))


# --- what people type into cells ------------------------------------------------------------

COUNT = "active_disclosure.licensing_decisions"
FEE = "active_disclosure.fee_amount"
CHANGE = "active_disclosure.licensing.change"
PROCUREMENT = "active_disclosure.procurement.amount"


def value_at(report: dict, path: str) -> object:
    node: object = report
    for key in path.split("."):
        assert isinstance(node, dict)
        node = node[key]
    return node


@pytest.mark.parametrize(
    ("format_id", "key", "typed", "expected"),
    [
        ("2021", COUNT, "3456", 3456),
        ("2021", COUNT, "３４５６", 3456),
        ("2021", COUNT, "3,456", 3456),
        ("2021", COUNT, "3456件", 3456),
        ("2021", COUNT, "3 456".replace(" ", ""), 3456),
        ("2021", COUNT, "\u3000\u30003456", 3456),
        ("2021", COUNT, "3456\u3000", 3456),
        ("2021", FEE, "96171.60", "96171.60"),
        ("2021", FEE, "９６１７１．６０", "96171.60"),
        ("2021", FEE, "96,171.60", "96171.60"),
        ("2021", FEE, "96171.60万元", "96171.60"),
        ("2021", FEE, "24252.311082", "24252.311082"),
        ("2019", CHANGE, "-18", -18),
        ("2019", CHANGE, "－18", -18),
        ("2019", CHANGE, "+3", 3),
        ("2019", PROCUREMENT, "345000元", "345000"),
        ("2019", PROCUREMENT, "432.52万元", "432.52"),
        ("2019", "active_disclosure.procurement.projects", "10件次", 10),
    ],
)
def test_a_typed_cell_is_read_as_the_number_it_means(format_id, key, typed, expected):
    imported = read(filled_in(example_model(format_id), Filling(typed={key: typed})))
    assert imported.report is not None, imported.errors
    assert value_at(imported.report, key) == expected
    if key == PROCUREMENT:
        unit = "万元" if typed.endswith("万元") else "元"
        assert value_at(imported.report, "active_disclosure.procurement.amount_unit") == unit


@pytest.mark.parametrize("blank", ["", "\u3000", "—", "-", "/", "无", "——"])
def test_blank_and_dash_cells_are_0_with_one_warning_naming_them(blank):
    keys = ("applications.carried_over.research", "review_litigation.review.other")
    typed = dict.fromkeys(keys, blank)
    imported = read(filled_in(example_model("2021"), Filling(typed=typed)))
    assert imported.report is not None
    assert [value_at(imported.report, key) for key in keys] == [0, 0]
    warnings = [issue for issue in imported.warnings if issue.code == "blank_cells"]
    assert len(warnings) == 1
    assert "二、上年结转政府信息公开申请数量：科研机构" in warnings[0].message
    assert "行政复议：其他结果" in warnings[0].message


@pytest.mark.parametrize(
    ("key", "typed", "label"),
    [
        (
            "applications.new_received.natural_person",
            "约12",
            "一、本年新收政府信息公开申请数量 · 自然人",
        ),
        ("applications.granted.total", "1.5", "（一）予以公开 · 总计"),
        ("active_disclosure.rules.issued", "-2", "规章 · 本年制发件数"),
        ("active_disclosure.fee_amount", "9116.36元", "本年收费金额（单位：万元）"),
        ("review_litigation.litigation_direct.pending", "见附件", "未经复议直接起诉 · 尚未审结"),
    ],
)
def test_a_cell_that_cannot_be_read_is_an_error_naming_its_label_and_text(key, typed, label):
    imported = read(filled_in(example_model("2021"), Filling(typed={key: typed})))
    assert imported.report is None
    [error] = imported.errors
    assert (error.path, error.code) == (key, "cell_unreadable")
    assert label in error.label and typed in error.message


def test_a_cell_of_thousands_of_digits_is_an_error_not_a_crash():
    key = "applications.new_received.natural_person"
    imported = read(filled_in(example_model("2021"), Filling(typed={key: "9" * 5_000})))
    assert [(error.path, error.code) for error in imported.errors] == [(key, "cell_unreadable")]


# --- the text --------------------------------------------------------------------------------


def with_text(report: Report, **changes: object) -> Report:
    return replace(report, **changes)


@pytest.mark.parametrize(
    ("lines", "organization", "year", "title"),
    [
        (("某市生态环境局", "2022年政府信息公开工作年度报告"), "某市生态环境局", 2022, None),
        (("某市生态环境局2022年政府信息公开工作年度报告",), "某市生态环境局", 2022, None),
        (
            ("某市生态环境局2022年度政府信息公开工作年度报告",),
            "某市生态环境局",
            2022,
            "某市生态环境局2022年度政府信息公开工作年度报告",
        ),
        (
            ("2022年度某市生态环境局", "政府信息公开工作年度报告"),
            "某市生态环境局",
            2022,
            "2022年度某市生态环境局政府信息公开工作年度报告",
        ),
        (
            ("某市生态环境局关于2022年度政府信息公开工作情况的报告",),
            "某市生态环境局",
            2022,
            "某市生态环境局关于2022年度政府信息公开工作情况的报告",
        ),
        (
            ("某市生态环境局政府信息公开工作年度报告（2022年度）",),
            "某市生态环境局",
            2022,
            "某市生态环境局政府信息公开工作年度报告（2022年度）",
        ),
        (
            ("某市生态环境局 ", "２０２２年政府信息公开工作年度报告"),
            "某市生态环境局",
            2022,
            "某市生态环境局２０２２年政府信息公开工作年度报告",
        ),
    ],
)
def test_year_and_organization_come_from_the_title(lines, organization, year, title):
    report = of_year(replace(example_model("2021"), organization="某市生态环境局"), 2022)
    imported = read(filled_in(report, Filling(title_lines=lines)))
    assert imported.report is not None, imported.errors
    assert (imported.report["organization"], imported.report["year"]) == (organization, year)
    assert imported.report.get("title") == title


def test_a_title_without_organization_or_year_is_an_error():
    report = example_model("2021")
    lines = ("政府信息公开工作年度报告格式模板",)  # the template's own title left in place
    imported = read(filled_in(report, Filling(title_lines=lines, signature=False)))
    assert imported.report is None
    assert [(issue.path, issue.code) for issue in imported.errors] == [
        ("title", "title_unreadable")
    ]
    assert "政府信息公开工作年度报告格式模板" in imported.errors[0].message  # what it found


def test_the_preamble_is_what_lies_between_title_and_chapter_one():
    report = example_model("2021")
    assert report.preamble  # the example has two preamble paragraphs, one with line breaks
    imported = read(filled_in(report))
    assert imported.report is not None
    assert imported.report["preamble"] == list(report.preamble)


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("2022年1月20日", "2022-01-20"),
        ("２０２２年１月２０日", "2022-01-20"),
        ("二〇二二年一月二十日", "2022-01-20"),
        ("2022 年 12 月 31 日", "2022-12-31"),
    ],
)
def test_the_signature_is_the_organization_and_date_lines_at_the_end(date_line, expected):
    report = example_model("2021")
    document = _replace_text(filled_in(report), "2022年1月20日", date_line)
    imported = read(document)
    assert imported.report is not None
    assert imported.report["signature"] == {"organization": report.organization, "date": expected}
    assert imported.report["other_matters"] == {
        "paragraphs": list(report.other_matters.paragraphs)
    }


def test_an_organization_line_not_aligned_right_is_the_signature_when_it_names_the_report():
    report = example_model("2021")

    def left_aligned(root):
        from service.docx.xml import paragraph_text

        for paragraph in root.iter(f"{W}p"):
            if paragraph_text(paragraph) == report.organization:
                paragraph.find(f"{W}pPr/{W}jc").set(f"{W}val", "left")

    imported = read(_edit(filled_in(report, Filling(split_runs=False)), left_aligned))
    assert imported.report is not None
    assert imported.report["signature"]["organization"] == report.organization


def test_a_note_after_the_date_is_left_out_with_a_warning():
    report = example_model("2021")
    date = "2022年1月20日"
    document = _replace_text(filled_in(report), date, date, after="（此件公开发布）")
    imported = read(document)
    assert imported.report is not None
    assert imported.report["signature"]["date"] == "2022-01-20"
    assert [(w.code, w.label) for w in imported.warnings] == [
        ("text_ignored", f"第{_paragraph_count(document)}段“（此件公开发布）”")
    ]


def test_a_left_placeholder_is_dropped_with_a_warning():
    report = example_model("2021")
    imported = read(filled_in(report, Filling(leave_placeholders=frozenset({"other_matters"}))))
    assert imported.report is not None
    assert "other_matters" not in imported.report  # the contract's default: 无。
    [warning] = [issue for issue in imported.warnings if issue.code == "placeholder_left"]
    assert "（文字描述，收取信息处理费情况在此处报告。）" in warning.label


def test_an_empty_required_chapter_is_left_for_validation_to_name():
    report = example_model("2021")
    imported = read(filled_in(report, Filling(leave_placeholders=frozenset({"problems"}))))
    assert imported.report is not None and imported.report["problems"] == {}
    errors = load_report(imported.report).errors
    assert [(issue.path, issue.code) for issue in errors] == [("problems", "empty_section")]


def test_text_beside_the_tables_is_left_out_with_a_warning():
    imported = read(filled_in(example_model("2021"), Filling(table_note="单位：件")))
    assert imported.report is not None
    [warning] = imported.warnings
    assert (warning.code, warning.path) == ("text_ignored", "")
    assert "单位：件" in warning.label and "三、" in warning.message


def item_report(items: tuple[Item, ...], paragraphs: tuple[str, ...] = ()) -> Report:
    report = example_model("2021")
    return replace(report, overview=Section(paragraphs, items))


@pytest.mark.parametrize(
    ("typed", "heading", "paragraphs"),
    [
        ("（一）主动公开情况。公开信息12条。", "主动公开情况。", ["公开信息12条。"]),
        ("（一）主动公开：通过网站公开信息12条。", "主动公开：", ["通过网站公开信息12条。"]),
        ("(一)主动公开情况。正文。", "主动公开情况。", ["正文。"]),
        ("（一） 主动公开情况", "主动公开情况", []),
        ("（一）主动公开。一是公开。二是解读。", "主动公开。", ["一是公开。二是解读。"]),
    ],
)
def test_an_item_heading_runs_to_its_first_full_stop_or_colon(typed, heading, paragraphs):
    report = item_report((Item("（一）", "占位。", ("占位正文。",)),))
    placeholder = "（一）占位。占位正文。"
    document = _replace_text(filled_in(report, Filling(split_runs=False)), placeholder, typed)
    imported = read(document)
    assert imported.report is not None
    item = imported.report["overview"]["items"][0]
    assert item["heading"] == heading and item.get("paragraphs", []) == paragraphs


def test_a_paragraph_with_a_number_out_of_turn_stays_a_paragraph():
    items = (Item("（一）", "主动公开。", ("第一段。", "（三）不是第二项。")),)
    imported = read(filled_in(item_report(items), Filling(split_runs=False)))
    assert imported.report is not None
    assert imported.report["overview"]["items"] == [
        {"heading": "主动公开。", "paragraphs": ["第一段。", "（三）不是第二项。"]}
    ]


def test_in_our_documents_the_styles_decide_what_is_an_item():
    # A paragraph of text that starts with （一） before the items is still a paragraph.
    report = item_report(
        (Item("（一）", "主动公开。", ("正文。",)),), paragraphs=("（一）开头的普通段落。",)
    )
    assert read_model(documents.render(report)) == report


# --- tables that are not what they should be -------------------------------------------------


def test_a_missing_table_is_an_error_naming_its_chapter():
    document = _drop_table(filled_in(example_model("2021")), "行政复议")
    imported = read(document)
    assert imported.report is None
    assert [(e.path, e.code) for e in imported.errors] == [("review_litigation", "table_missing")]
    assert imported.errors[0].label == "四、政府信息公开行政复议、行政诉讼情况"


def test_a_label_with_a_typo_is_a_warning_and_the_cells_are_read():
    report = example_model("2021")
    typo = _replace_text(filled_in(report), "5.属于三类内部事务信息", "5.属于三类内容事务信息")
    imported = read(typo)
    assert imported.report is not None
    assert [issue.code for issue in imported.warnings] == ["label_differs"]
    assert load_report(imported.report).report == report


@pytest.mark.parametrize(
    ("official", "typed"),
    [
        ("其他", "其它"),
        ("1.属于国家秘密", "1、属于国家秘密"),
        ("3.危及“三安全一稳定”", '3.危及"三安全一稳定"'),
        ("第二十条第（五）项", "第二十条第(五)项"),
    ],
)
def test_variants_common_in_published_tables_are_the_same_label(official, typed):
    report = example_model("2021")
    imported = read(_replace_text(filled_in(report), official, typed))
    assert imported.report is not None and imported.warnings == ()
    assert load_report(imported.report).report == report


def test_another_label_where_one_belongs_is_an_error_naming_the_place():
    filled = filled_in(example_model("2021"))
    document = _replace_text(filled, "2.重复申请", "2.其他法律行政法规禁止公开")
    imported = read(document)
    assert imported.report is None
    [error] = imported.errors
    assert (error.path, error.code) == ("applications", "table_layout")
    assert "第20行第1个单元格" in error.message and "2.重复申请" in error.message


def test_a_table_whose_grid_word_split_reads_the_same():
    # Dragging one column border in Word splits the grid: every gridSpan changes, the table
    # does not. Here every grid column of table 3 is split in two.
    def split_grid(root):
        from service.docx.xml import cell_paragraphs_text

        for table in root.iter(f"{W}tbl"):
            first = table.find(f"{W}tr/{W}tc")
            if first is None or "勾稽关系" not in cell_paragraphs_text(first):
                continue
            grid = table.find(f"{W}tblGrid")
            for column in list(grid):
                width = str(int(column.get(f"{W}w", "800")) // 2)
                column.set(f"{W}w", width)
                column.addnext(copy.deepcopy(column))
            for cell in table.iter(f"{W}tc"):
                properties = cell.find(f"{W}tcPr")
                span = properties.find(f"{W}gridSpan")
                if span is None:
                    span = etree.SubElement(properties, f"{W}gridSpan")
                    span.set(f"{W}val", "1")
                span.set(f"{W}val", str(int(span.get(f"{W}val")) * 2))

    report = example_model("2021")
    assert read_model(_edit(filled_in(report), split_grid)) == report


def _split_table(
    document: bytes,
    first_label: str,
    at: tuple[int, ...],
    *,
    between: str = "page break",
    repeat_header: int = 0,
) -> bytes:
    """Split the table that starts with `first_label` before each row number in `at` (a page
    break or a blank paragraph between the parts), each new part starting with the table's
    first `repeat_header` rows again, as a table pasted from a PDF page by page does."""

    def change(root):
        table = _table_starting(root, first_label)
        rows = table.findall(f"{W}tr")
        header = [copy.deepcopy(row) for row in rows[:repeat_header]]
        bounds = (*at, len(rows))
        current = table
        for start, end in itertools.pairwise(bounds):
            part = copy.deepcopy(table)
            for row in part.findall(f"{W}tr"):
                part.remove(row)
            for row in [*copy.deepcopy(header), *rows[start:end]]:
                part.append(row)
            gap = etree.Element(f"{W}p")
            if between == "page break":
                etree.SubElement(etree.SubElement(gap, f"{W}r"), f"{W}br").set(f"{W}type", "page")
            elif between != "blank paragraph":
                run = etree.SubElement(etree.SubElement(gap, f"{W}r"), f"{W}t")
                run.text = between
            current.addnext(gap)
            gap.addnext(part)
            current = part
        for row in rows[at[0]:]:
            if row.getparent() is table:
                table.remove(row)

    return _edit(document, change)


@pytest.mark.parametrize("format_id", ["2019", "2021"])
@pytest.mark.parametrize(
    ("first_label", "at"),
    [
        ("勾稽关系", (1,)),  # only the first header row on the first page
        ("勾稽关系", (12,)),  # inside the vertically merged 三、本年度办理结果
        ("勾稽关系", (8, 20)),  # three pages
        ("勾稽关系", (27,)),  # only 总计 on the next page
        ("第二十条第（一）项", (5,)),
        ("行政复议", (2,)),
    ],
)
@pytest.mark.parametrize("between", ["page break", "blank paragraph", "（续表）"])
def test_a_table_split_in_two_reads_as_one(format_id, first_label, at, between):
    """Defect: a page break or a blank line typed into a table (or a table pasted from a PDF
    page by page) made two tables: the first was too short, the second text left out."""
    report = example_model(format_id)
    document = _split_table(filled_in(report), first_label, at, between=between)
    imported = read(document)
    # A 续表 line is typesetting, not text left out: no warning.
    assert imported.errors == () and imported.warnings == ()
    assert read_model(document) == report


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_header_rows_repeated_on_the_next_page_are_read_once(format_id):
    report = example_model(format_id)
    document = _split_table(filled_in(report), "勾稽关系", (15,), repeat_header=3)
    imported = read(document)
    assert imported.errors == () and imported.warnings == ()
    assert read_model(document) == report


@pytest.mark.parametrize("first_label", ["第二十条第（一）项", "勾稽关系", "行政复议"])
@pytest.mark.parametrize("extra", [1, 3])
def test_empty_rows_left_at_the_end_of_a_table_are_not_its_rows(first_label, extra):
    """Defect: an empty row left under a table (Tab in its last cell, or a row added to fill
    the page) made it one row too long for either format."""

    def add_rows(root):
        table = _table_starting(root, first_label)
        last = table.findall(f"{W}tr")[-1]
        for _ in range(extra):
            row = copy.deepcopy(last)
            for text in row.iter(f"{W}t"):
                text.text = ""
            table.append(row)

    report = example_model("2021")
    document = _edit(filled_in(report), add_rows)
    assert read(document).errors == ()
    assert read_model(document) == report


def test_an_empty_row_of_numbers_in_table_4_is_still_its_row_of_numbers():
    def blank_numbers(root):
        for text in _table_starting(root, "行政复议").findall(f"{W}tr")[-1].iter(f"{W}t"):
            text.text = ""

    imported = read(_edit(filled_in(example_model("2021")), blank_numbers))
    assert imported.errors == ()
    # Its three 总计 are empty (computed, 0 each), its twelve other cells blank (read as 0).
    assert [w.code for w in imported.warnings] == ["total_empty"] * 3 + ["blank_cells"]
    assert imported.report is not None
    assert imported.report["review_litigation"]["review"]["upheld"] == 0


@pytest.mark.parametrize(
    ("line", "continued"),
    [
        ("（续表）", True),
        ("续表1", True),
        ("续表三：", True),
        ("表三（续）", True),
        (" ( 续表 ) ", True),
        ("持续改进", False),
        ("继续办理", False),
        ("手续费", False),
        ("续", False),
    ],
)
def test_a_continued_table_line_is_known_by_its_words(line, continued):
    from service.reading.text import continued_table_line

    assert continued_table_line(line) is continued


def test_a_short_paragraph_of_text_between_the_tables_is_still_said_to_be_left_out():
    document = _split_table(filled_in(example_model("2021")), "勾稽关系", (12,), between="持续改进")
    imported = read(document)
    assert [w.code for w in imported.warnings].count("text_ignored") >= 1
    assert any("持续改进" in w.label for w in imported.warnings)


def test_a_table_is_not_continued_across_text():
    """Only an empty paragraph may stand between two parts of one table: with text between,
    the first part is a short table (an error) and the second is text left out (a warning)."""
    note = "注：以上数据截至本年12月31日。"
    document = _split_table(filled_in(example_model("2021")), "勾稽关系", (12,), between=note)
    imported = read(document)
    assert imported.report is None
    assert [(e.path, e.code) for e in imported.errors] == [("applications", "table_layout")]
    assert {w.code for w in imported.warnings} == {"text_ignored"}


def test_a_whole_table_is_never_lengthened_by_the_table_after_it():
    note = "填表人：张三　联系电话：12345678"

    def add_table(root):
        table = _table_starting(root, "行政复议")
        extra = etree.fromstring(
            f'<w:tbl xmlns:w="{W[1:-1]}"><w:tr><w:tc><w:p><w:r><w:t>{note}</w:t></w:r></w:p>'
            "</w:tc></w:tr></w:tbl>"
        )
        table.addnext(extra)

    report = example_model("2021")
    document = _edit(filled_in(report), add_table)
    imported = read(document)
    assert imported.errors == ()
    assert [w.code for w in imported.warnings] == ["text_ignored"]
    assert read_model(document) == report


def test_one_official_table_does_not_continue_another():
    """Table 2 cut short right before table 3: table 3 is read as itself, table 2 is short."""
    report = example_model("2021")

    def cut(root):
        table = _table_starting(root, "第二十条第（一）项")
        for row in table.findall(f"{W}tr")[5:]:
            table.remove(row)
        following = table.getnext()
        while following is not None and following.tag != f"{W}tbl":
            nxt = following.getnext()
            following.getparent().remove(following)
            following = nxt

    imported = read(_edit(filled_in(report), cut))
    assert [(e.path, e.code) for e in imported.errors] == [("active_disclosure", "table_layout")]


def test_a_document_with_neither_chapters_nor_tables_is_not_a_report():
    imported = read(_minimal_docx("<w:p><w:r><w:t>会议纪要</w:t></w:r></w:p>"))
    assert imported.report is None
    assert [(e.path, e.code) for e in imported.errors] == [("", "not_a_report")]


@given(st.sampled_from(["2019", "2021"]), st.integers(0, 3))
def test_any_single_number_typed_into_any_cell_is_read_back(format_id, seed):
    report = example_model(format_id)
    from schemas.model.layout import tables

    cells = [cell for table in tables(format_id).values() for cell in table.data_cells()]
    cell = cells[(seed * 37) % len(cells)]
    assert cell.key is not None
    imported = read(filled_in(report, Filling(typed={cell.key: "7"})))
    assert imported.report is not None
    if cell.print in {"amount_with_unit", "decimal_as_given"}:
        assert value_at(imported.report, cell.key) == "7"
    else:
        assert value_at(imported.report, cell.key) == 7


# --- helpers: edits a person makes in Word ---------------------------------------------------


def _edit(document: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    change(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return output.getvalue()


def _table_starting(root: etree._Element, first_label: str) -> etree._Element:
    """The first table of a document whose first cell holds `first_label`."""
    from service.docx.xml import cell_paragraphs_text

    return next(
        table
        for table in root.iter(f"{W}tbl")
        if first_label in cell_paragraphs_text(table.find(f"{W}tr/{W}tc"))
    )


def _replace_text(document: bytes, old: str, new: str, after: str | None = None) -> bytes:
    """Retype the paragraph whose text is `old` (optionally add a paragraph after it)."""

    def change(root):
        from service.docx.xml import paragraph_text

        for paragraph in root.iter(f"{W}p"):
            if paragraph_text(paragraph) == old:
                runs = paragraph.findall(f"{W}r")
                for run in runs[1:]:
                    paragraph.remove(run)
                for extra in list(paragraph):
                    if extra.tag in {f"{W}proofErr", f"{W}bookmarkStart", f"{W}bookmarkEnd"}:
                        paragraph.remove(extra)
                texts = runs[0].findall(f"{W}t")
                for t in texts[1:]:
                    runs[0].remove(t)
                for br in runs[0].findall(f"{W}br"):
                    runs[0].remove(br)
                texts[0].text = new
                if after is not None:
                    more = copy.deepcopy(paragraph)
                    more.find(f"{W}r/{W}t").text = after
                    paragraph.addnext(more)
                return
        raise AssertionError(f"no paragraph {old!r}")

    return _edit(document, change)


def _drop_table(document: bytes, first_label: str) -> bytes:
    def change(root):
        from service.docx.xml import cell_paragraphs_text

        for table in root.iter(f"{W}tbl"):
            if cell_paragraphs_text(table.find(f"{W}tr/{W}tc")) == first_label:
                table.getparent().remove(table)
                return
        raise AssertionError(first_label)

    return _edit(document, change)


def _paragraph_count(document: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return len(root.find(f"{W}body").findall(f"{W}p"))


def _minimal_docx(body: str) -> bytes:
    output = io.BytesIO()
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W[1:-1]}"><w:body>{body}</w:body></w:document>',
        )
    return output.getvalue()


def test_signature_stays_out_of_the_last_chapter():
    report = example_model("2021")
    assert report.signature == Signature(report.organization, report.signature.date)
    imported = read(filled_in(report))
    assert imported.report is not None
    assert report.other_matters.paragraphs[-1] == imported.report["other_matters"]["paragraphs"][-1]


def nested_tables(depth: int, paragraphs: int, first_label: str | None) -> etree._Element:
    """A body of `depth` tables each nested in the one around it, and `paragraphs` paragraphs
    in the innermost: with a `first_label`, tables starting with it, nested in their second
    row; without, tables nested in their first cell."""
    content = "<w:p><w:r><w:t>1</w:t></w:r></w:p>" * paragraphs
    for _ in range(depth):
        rows = f"<w:tr><w:tc>{content}</w:tc></w:tr>"
        if first_label is not None:
            rows = f"<w:tr><w:tc><w:p><w:r><w:t>{first_label}</w:t></w:r></w:p></w:tc></w:tr>{rows}"
        content = f"<w:tbl>{rows}</w:tbl><w:p/>"
    body = f'<w:document xmlns:w="{W[1:-1]}"><w:body>{content}</w:body></w:document>'
    return etree.fromstring(body)


@pytest.mark.parametrize("first_label", ["行政复议", None])
def test_tables_nested_deep_are_read_in_linear_time(monkeypatch, first_label):
    """Defect: every table's first cell, and every official table's grid, read all the tables
    nested in it: 80 tables nested around 100,000 paragraphs (3.4 MB) took 30 s."""
    from service.docx import tables as word
    from service.docx import xml
    from service.reading import statistics

    calls = 0

    def counting(paragraph: etree._Element) -> str:
        nonlocal calls
        calls += 1
        return paragraph_text(paragraph)

    monkeypatch.setattr(xml, "paragraph_text", counting)
    monkeypatch.setattr(word, "paragraph_text", counting)
    tables = statistics.read_tables(word.word_tables(nested_tables(30, 1_000, first_label)))
    assert calls < 3_000  # each paragraph read a few times, not once per table around it
    repeated = ["table_repeated"] if first_label else []
    assert [warning.code for warning in tables.warnings] == repeated


def test_many_empty_tables_after_a_short_table_are_read_in_linear_time(monkeypatch):
    """A short official table followed by thousands of empty tables (each a possible second
    part): the table is compared with its layouts only when a part added rows, not once per
    table that follows."""
    from service.reading import statistics

    compared = 0
    compare = statistics.compare_rows

    def counting(*args, **kwargs):
        nonlocal compared
        compared += 1
        return compare(*args, **kwargs)

    def add_empty_tables(root):
        table = _table_starting(root, "勾稽关系")
        for row in table.findall(f"{W}tr")[12:]:
            table.remove(row)
        for _ in range(5_000):
            table.addnext(etree.Element(f"{W}tbl"))

    monkeypatch.setattr(statistics, "compare_rows", counting)
    imported = read(_edit(filled_in(example_model("2021")), add_empty_tables))
    assert [(e.path, e.code) for e in imported.errors] == [("applications", "table_layout")]
    assert compared < 20


# --- fidelity: read what Word shows (issue 20) ---------------------------------------------------


def _with_hidden_one(markup: str) -> bytes:
    """The 2021 example typed by hand with `markup` (a run Word does not show) before the 3456
    of 行政许可."""

    def change(root):
        for text in root.iter(f"{W}t"):
            if text.text == "3456":
                run = text.getparent()
                run.addprevious(etree.fromstring(
                    f'<w:wrap xmlns:w="{W[1:-1]}">{markup}</w:wrap>'
                )[0])
                return
        raise AssertionError("3456 not found")

    return _edit(filled_in(example_model("2021"), Filling(split_runs=False)), change)


@pytest.mark.parametrize(
    "markup",
    [
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r>",
        '<w:r><w:rPr><w:vanish w:val="true"/></w:rPr><w:t>1</w:t></w:r>',
        "<w:r><w:rPr><w:specVanish/></w:rPr><w:t>1</w:t></w:r>",
        '<w:del w:id="9" w:author="x"><w:r><w:t>1</w:t></w:r></w:del>',
        '<w:del w:id="9" w:author="x"><w:r><w:delText>1</w:delText></w:r></w:del>',
    ],
    ids=["vanish", "vanish true", "specVanish", "w:t in a deletion", "delText"],
)
def test_hidden_and_deleted_text_is_not_read_as_part_of_a_number(markup):
    """Defect: a hidden 1 before a visible 3456 in 行政许可 was read as 13456, valid and
    silent; Word shows 3456."""
    assert read_model(_with_hidden_one(markup)) == example_model("2021")


def test_text_shown_again_by_vanish_false_is_read():
    markup = '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>1</w:t></w:r>'
    imported = read(_with_hidden_one(markup))
    assert imported.report is not None
    assert imported.report["active_disclosure"]["licensing_decisions"] == 13456


def test_an_embedded_document_word_shows_is_not_dropped_silently():
    """Defect: the text of an altChunk (a document embedded in the body, which Word shows) was
    dropped with no warning."""

    def change(root):
        body = root.find(f"{W}body")
        chunk = etree.SubElement(body, f"{W}altChunk")
        chunk.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", "rIdX")
        body.remove(chunk)
        body.insert(3, chunk)

    imported = read(_edit(filled_in(example_model("2021")), change))
    assert imported.report is not None
    [warning] = [w for w in imported.warnings if w.code == "text_ignored"]
    assert "嵌入" in warning.message
