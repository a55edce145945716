"""service.xlsx.read.reader through documents.validate_workbook: blank → filled by label → read back
equals the report; what people type; totals and formulas; problems named by sheet, cell, label."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from schemas import Validation, load_report
from schemas.model.report import APPLICANT_COLUMNS
from schemas.registry import FORMAT_IDS, find
from service import documents
from service.documents import blank_workbook
from tests.conftest import EXAMPLES
from tests.xlsx_support import data_cell, edited, fill_by_label, rewritten, sheet_part

Change = Callable[[openpyxl.Workbook], None]


def example(format_id: str) -> dict[str, Any]:
    document = json.loads(EXAMPLES[format_id].read_bytes())
    assert isinstance(document, dict)
    return document


def filled(format_id: str) -> bytes:
    return fill_by_label(blank_workbook(format_id), example(format_id))


FILLED = {format_id: filled(format_id) for format_id in FORMAT_IDS}


def read(workbook: bytes) -> Validation:
    result, _ = documents.validate_workbook(workbook)
    return result


def read_changed(format_id: str, change: Change) -> Validation:
    return read(edited(FILLED[format_id], change))


def label_of(format_id: str, key: str) -> str:
    for layout in find(format_id).tables.values():
        for cell in layout.data_cells():
            if cell.key == key:
                assert cell.label is not None
                return cell.label
    raise KeyError(key)


def without_totals(node: Any) -> Any:
    """A copy of report data without any given 总计 (the workbook's are formulas)."""
    if isinstance(node, dict):
        return {
            k: without_totals(v) for k, v in node.items() if k not in ("total", "total_processed")
        }
    return node


def balanced(format_id: str, key: str, value: Any) -> dict[str, Any]:
    """The example with `value` at `key`; a result row's change is added to 一、本年新收 too,
    so that R1 still holds (every total computed)."""
    data = example(format_id)
    *owners, last = key.split(".")
    node = data
    for owner in owners:
        node = node.setdefault(owner, {})
    before = node.get(last, 0)
    node[last] = str(value) if isinstance(value, Decimal) else value
    if owners[0] == "applications":
        data["applications"]["new_received"][last] += value - before
    return {
        **data,
        "applications": without_totals(data["applications"]),
        "review_litigation": without_totals(data["review_litigation"]),
    }


def typed_into(format_id: str, key: str, value: object) -> Change:
    """A change typing `value` into the data cell of `key`, found by its labels."""
    sheet = {"active_disclosure": "表二", "applications": "表三"}.get(key.split(".")[0], "表四")

    def change(book: openpyxl.Workbook) -> None:
        data_cell(book[sheet], label_of(format_id, key)).value = value

    return change


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_blank_filled_by_label_reads_back_as_the_report(format_id: str) -> None:
    result = read(FILLED[format_id])
    expected = load_report(example(format_id))
    assert result.errors == ()
    assert result.report == expected.report
    assert [w.code for w in result.warnings] == [w.code for w in expected.warnings]


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_the_blank_itself_reads_as_the_blank_report(format_id: str) -> None:
    from service.catalog import blank

    result, document = documents.validate_workbook(blank_workbook(format_id))
    # refused for its placeholders only, as the blank JSON is
    assert {issue.code for issue in result.errors} == {"placeholder"}
    as_read = load_report(document, allow_placeholders=True).report
    assert (
        as_read is not None
        and as_read == load_report(blank(format_id), allow_placeholders=True).report
    )


def _insert_everywhere(book: openpyxl.Workbook) -> None:
    book["表二"].insert_rows(1, 4)  # the whole table moves down …
    book["表二"].insert_cols(1, 2)  # … and right
    book["表三"].insert_rows(12, 2)  # rows inside （三）不予公开
    book["表三"]["C12"] = "（本行为插入的说明）"
    book["表四"].insert_cols(8, 1)  # a column inside 未经复议直接起诉
    book["正文"].insert_rows(3, 2)  # empty rows between paragraphs
    book["基本信息"].insert_rows(1, 3)


def test_inserted_rows_and_columns_and_a_moved_table_still_read() -> None:
    result = read_changed("2021", _insert_everywhere)
    assert result.errors == ()
    assert result.report == load_report(example("2021")).report


@pytest.mark.parametrize(
    ("format_id", "key", "typed", "expected"),
    [
        ("2021", "applications.granted.natural_person", "１２", 12),
        ("2021", "applications.granted.natural_person", "1,200", 1200),
        ("2021", "applications.granted.natural_person", "12件", 12),
        ("2021", "applications.granted.natural_person", " 12 ", 12),
        ("2021", "applications.granted.natural_person", 12.0, 12),
        ("2019", "active_disclosure.licensing.change", "-18", -18),
        ("2019", "active_disclosure.licensing.change", -18, -18),
        ("2021", "active_disclosure.fee_amount", 96171.6, Decimal("96171.6")),
        ("2021", "active_disclosure.fee_amount", 0.1 + 0.2, Decimal("0.3")),
        ("2021", "active_disclosure.fee_amount", "96171.60", Decimal("96171.60")),
        ("2021", "active_disclosure.fee_amount", "９６，１７１．６万元", Decimal("96171.6")),
        ("2021", "active_disclosure.fee_amount", 24252, Decimal(24252)),
    ],
)
def test_what_people_type_is_read(format_id: str, key: str, typed: object, expected: Any) -> None:
    data = balanced(format_id, key, expected)
    workbook = fill_by_label(blank_workbook(format_id), data)
    result = read(edited(workbook, typed_into(format_id, key, typed)))
    assert result.errors == (), result.errors
    assert result.report == load_report(data).report


def test_procurement_amount_keeps_its_unit() -> None:
    result = read_changed(
        "2019", typed_into("2019", "active_disclosure.procurement.amount", "34.5万元")
    )
    assert result.report is not None
    assert result.report.active_disclosure.procurement.amount_text == "34.5万元"  # type: ignore[union-attr]


def test_a_dash_is_zero_with_a_warning() -> None:
    key = "applications.withheld.state_secret.other_org"
    data = balanced("2021", key, 0)
    workbook = fill_by_label(blank_workbook("2021"), data)
    result = read(edited(workbook, typed_into("2021", key, "—")))
    assert result.errors == ()
    (warning,) = [w for w in result.warnings if w.code == "blank_cell"]
    assert warning.path == key
    assert warning.label.startswith("表三!I10 · 三、收到和处理政府信息公开申请情况")


@pytest.mark.parametrize(
    ("key", "typed", "code", "message"),
    [
        ("applications.withheld.state_secret.natural_person", "12x", "not_an_integer", "不是整数"),
        ("applications.withheld.state_secret.natural_person", 3.5, "not_an_integer", "不是整数"),
        ("applications.withheld.state_secret.natural_person", True, "not_an_integer", "逻辑值"),
        (
            "applications.withheld.state_secret.natural_person",
            datetime.datetime(2021, 1, 2),
            "not_an_integer",
            "日期",
        ),
        ("applications.withheld.state_secret.natural_person", "-3", "not_an_integer", "非负"),
        ("active_disclosure.fee_amount", "9116.36元", "not_a_number", "非负金额"),
        ("active_disclosure.fee_amount", -1, "not_a_number", "非负"),
    ],
)
def test_unreadable_cells_name_sheet_cell_and_label(
    key: str, typed: object, code: str, message: str
) -> None:
    result = read_changed("2021", typed_into("2021", key, typed))
    assert result.report is None
    first = result.errors[0]
    assert (first.path, first.code) == (key, code)
    assert message in first.message
    sheet = "表二" if key.startswith("active") else "表三"
    assert first.label.startswith(f"{sheet}!")
    assert first.label.endswith(label_of("2021", key))
    # the cell's problem is reported once, and no rule runs on a value that was not read
    assert [e.path for e in result.errors].count(key) == 1
    assert not any(e.code.startswith("R") for e in result.errors)


def test_a_total_formula_is_not_given_and_a_typed_total_is_checked() -> None:
    key = "applications.granted.total"
    result = read_changed("2021", typed_into("2021", key, 5))
    assert result.report is None
    error, then = result.errors  # the row's 总计 (R2), and so （七）总计's (R3)
    assert (error.path, error.code) == (key, "R2")
    assert error.label == f"表三!J8 · {label_of('2021', key)}"
    assert (then.path, then.code) == ("applications.total_processed.total", "R3")
    assert then.label.startswith("表三!J29 · ")
    right = sum(example("2021")["applications"]["granted"][c] for c in APPLICANT_COLUMNS)
    assert read_changed("2021", typed_into("2021", key, right)).valid


def _with_cell_xml(format_id: str, sheet: str, coordinate: str, xml: str) -> bytes:
    """The filled workbook with the cell `coordinate` of `sheet` replaced by `xml`."""
    import re

    def change(data: bytes) -> bytes:
        text = data.decode()
        cell = re.compile(rf'<c r="{coordinate}"[^>]*?(/>|>.*?</c>)')
        assert cell.search(text), coordinate
        return cell.sub(xml, text, count=1).encode()

    workbook = FILLED[format_id]
    return rewritten(workbook, {sheet_part(workbook, sheet): change})


def test_a_formula_counts_by_its_cached_result() -> None:
    # 表二 B5 is 规章 · 本年制发件数 (2 in the example)
    workbook = _with_cell_xml("2021", "表二", "B5", '<c r="B5"><f>1+1</f><v>2</v></c>')
    assert read(workbook).report == load_report(example("2021")).report


def test_a_sum_without_a_result_is_computed() -> None:
    # 12 = 规范性文件 本年制发件数; 表二 B6 := B5 * 6 via a sum of six cells is not possible,
    # so B6 sums two cells that hold 5 and 7 in a spare corner of the sheet.
    workbook = _with_cell_xml("2021", "表二", "B6", '<c r="B6"><f>SUM(F30:G30)</f></c>')
    workbook = edited(workbook, lambda book: _spare(book, {"F30": 5, "G30": 7}))
    assert read(workbook).report == load_report(example("2021")).report


def _spare(book: openpyxl.Workbook, values: dict[str, int]) -> None:
    for coordinate, value in values.items():
        book["表二"][coordinate] = value


@pytest.mark.parametrize(
    ("xml", "code", "shown"),
    [
        ('<c r="B6"><f>AVERAGE(F30:G30)</f></c>', "formula_without_value", "AVERAGE"),
        ('<c r="B6"><f>SUM(A1:XFD1048576)</f></c>', "formula_without_value", "SUM"),
        ('<c r="B6" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "formula_error", "#DIV/0!"),
    ],
)
def test_a_formula_that_cannot_be_read_names_its_cell(xml: str, code: str, shown: str) -> None:
    result = read(_with_cell_xml("2021", "表二", "B6", xml))
    assert result.report is None
    (error,) = result.errors
    key = "active_disclosure.normative_documents.issued"
    assert (error.path, error.code) == (key, code)
    assert shown in error.message
    assert error.label == f"表二!B6 · {label_of('2021', key)}"


def test_a_missing_sheet_and_a_missing_label_are_errors() -> None:
    def damage(book: openpyxl.Workbook) -> None:
        del book["表四"]
        book["表三"]["C10"] = "1.国家秘密"  # was 1.属于国家秘密

    result = read_changed("2021", damage)
    assert result.report is None
    codes = {(e.code, e.label.split(" · ")[0]) for e in result.errors}
    assert ("missing_sheet", "表四") in codes
    (missing,) = [e for e in result.errors if e.code == "missing_label"]
    assert "1.属于国家秘密" in missing.message
    assert missing.path.startswith("applications.withheld.state_secret")


def _text_rows(rows: list[tuple[object, object, object]]) -> Change:
    def change(book: openpyxl.Workbook) -> None:
        sheet = book["正文"]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(list(row))

    return change


def test_text_rows_make_intro_paragraphs_items_and_their_continuations() -> None:
    rows: list[tuple[object, object, object]] = [
        ("前言", None, "依据条例编制。"),
        ("一、总体情况", None, "总述。"),
        (None, "主动公开", "第一段。"),  # 章节 empty: as above (merged cells read this way)
        (None, None, "第二段。"),
        ("一、总体情况", "依申请公开", 2021),  # a number is text as Excel shows it
        ("总体情况", "管理", None),  # the name without its numeral; an item without text yet
        (None, None, "管理段落。"),
        ("五、存在的主要问题及改进情况", None, "问题。"),
        ("六、其他需要报告的事项", None, "未收取信息处理费。"),
    ]
    result = read_changed("2021", _text_rows(rows))
    assert result.errors == ()
    report = result.report
    assert report is not None
    assert report.preamble == ("依据条例编制。",)
    assert report.overview.paragraphs == ("总述。",)
    assert [(i.title, i.paragraphs) for i in report.overview.items] == [
        ("（一）主动公开。", ("第一段。", "第二段。")),
        ("（二）依申请公开。", ("2021",)),
        ("（三）管理。", ("管理段落。",)),
    ]
    assert report.problems.paragraphs == ("问题。",)


@pytest.mark.parametrize(
    ("rows", "code", "where"),
    [
        ([("第七章", None, "x")], "invalid_choice", "正文!A2"),
        ([(None, None, "没有章节的段落")], "required", "正文!A2"),
        ([("前言", "小标题", "段落")], "unknown_field", "正文!B2"),
    ],
)
def test_text_rows_that_cannot_be_placed_are_errors(
    rows: list[tuple[object, object, object]], code: str, where: str
) -> None:
    result = read_changed("2021", _text_rows(rows))
    assert result.report is None
    assert (result.errors[0].code, result.errors[0].label) == (code, where)


def test_contract_errors_in_text_name_their_cell() -> None:
    long = "长" * 5001
    result = read_changed("2021", _text_rows([("一、总体情况", None, long)]))
    errors = {e.path: e for e in result.errors}
    assert errors["overview.paragraphs.0"].label.startswith("正文!C2 · 一、总体情况")
    assert "problems" in errors  # required section missing


@pytest.mark.parametrize(
    ("label", "value", "path", "expected"),
    [
        ("成文日期", datetime.datetime(2022, 1, 20), "signature.date", datetime.date(2022, 1, 20)),
        ("成文日期", "2022-01-20", "signature.date", datetime.date(2022, 1, 20)),
        ("年度", "2021年", "year", 2021),
        ("年度", "２０２１", "year", 2021),
        ("标题", "=秀洲区年报2021", "title", "=秀洲区年报2021"),
    ],
)
def test_basic_information_values(label: str, value: object, path: str, expected: object) -> None:
    def change(book: openpyxl.Workbook) -> None:
        sheet = book["基本信息"]
        row = next(c.row for c in sheet["A"] if c.value == label)
        sheet.cell(row, 2).value = value
        if label == "标题":
            sheet.cell(row, 2).data_type = "s"

    result = read_changed("2021", change)
    assert result.report is not None, result.errors
    node: Any = result.report
    for attribute in path.split("."):
        node = getattr(node, attribute)
    assert node == expected


def test_an_unknown_date_is_an_error_at_its_cell() -> None:
    def change(book: openpyxl.Workbook) -> None:
        book["基本信息"]["B7"] = "2022年13月1日"

    result = read_changed("2021", change)
    (error,) = result.errors
    assert (error.path, error.code) == ("signature.date", "invalid_date")
    assert error.label.startswith("基本信息!B7 · ")


def test_without_a_format_the_tables_tell_it() -> None:
    def change(book: openpyxl.Workbook) -> None:
        book["基本信息"]["B4"] = None
        book["基本信息"]["B3"] = 2021  # a 2019-format workbook used for 2021

    result = read_changed("2019", change)
    assert result.report is not None and result.report.format == "2019"
    (mismatch,) = [w for w in result.warnings if w.code == "format_year_mismatch"]
    assert mismatch.path == "format"  # read from the tables, not from a cell


def test_the_report_as_read_names_an_invalid_workbook() -> None:
    workbook = edited(FILLED["2021"], typed_into("2021", "applications.granted.total", 1))
    result, document = documents.validate_workbook(workbook)
    assert not result.valid
    assert (document["organization"], document["year"]) == ("嘉兴市秀洲区人民政府办公室", 2021)


def test_text_with_no_place_in_the_report_is_a_warning_not_dropped_silently() -> None:
    def change(book: openpyxl.Workbook) -> None:
        book["正文"]["D3"] = "写在第四列的一段话"
        book["正文"]["F9"] = "备注"
        info = book["基本信息"]
        info.append(["联系人", "张三"])

    result = read_changed("2021", change)
    assert result.report == load_report(example("2021")).report
    not_read = {w.label: w.message for w in result.warnings if w.code == "cell_not_read"}
    assert set(not_read) == {"正文", "基本信息"}
    assert not_read["正文"].startswith("D3、F9的内容")
    assert not_read["基本信息"].startswith("A8的内容")


# --- fidelity: read what Excel shows (issue 20) -------------------------------------------------


def _hidden_duplicate_row(book: openpyxl.Workbook) -> None:
    """A hidden copy of the 行政许可 row, with 1 where the visible row has 3456, above it."""
    sheet = book["表二"]
    visible = data_cell(sheet, label_of("2021", "active_disclosure.licensing_decisions"))
    hidden = visible.row
    sheet.insert_rows(hidden, 1)  # the visible row moves down by one
    for column in range(1, sheet.max_column + 1):
        sheet.cell(hidden, column).value = sheet.cell(hidden + 1, column).value
    sheet.cell(hidden, visible.column).value = 1
    sheet.row_dimensions[hidden].hidden = True


def test_a_hidden_row_is_not_read() -> None:
    """Defect: a hidden duplicate 行政许可 row gave 1 instead of the 3456 Excel shows, silently."""
    result = read_changed("2021", _hidden_duplicate_row)
    assert result.report is not None, result.errors
    assert result.report.active_disclosure.licensing_decisions == 3456
    [hidden] = [warning for warning in result.warnings if warning.code == "hidden_cells"]
    assert "隐藏的行或列" in hidden.message and hidden.label.startswith("表二")


@pytest.mark.parametrize("state", ["veryHidden", "hidden"])
def test_a_hidden_sheet_is_not_read_and_says_so(state: str) -> None:
    """Defect: a very hidden sheet (not even listed by Excel's Unhide) was read as the table."""

    def hide(book: openpyxl.Workbook) -> None:
        shown = book.copy_worksheet(book["表四"])
        book["表四"].title = "表四（旧）"
        shown.title = "表四"
        book["表四（旧）"].sheet_state = state
        book.move_sheet("表四", offset=-1)
        book["表四"].sheet_state = state

    result = read_changed("2021", hide)
    assert result.report is None
    [error] = [error for error in result.errors if error.code == "missing_sheet"]
    assert "隐藏" in error.message and "表四" in error.message
