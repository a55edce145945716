"""service.xlsx.write.workbook: the blank workbook, reopened and checked sheet by sheet, cell by
cell."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from schemas import load_report
from schemas.model.totals import computed_totals
from schemas.registry import FORMAT_IDS, find
from service.catalog import blank
from service.documents import blank_workbook
from service.xlsx.read.formulas import evaluate
from service.xlsx.write.workbook import write_workbook
from tests.conftest import EXAMPLES
from tests.xlsx_support import SHEETS, TABLE_SHEETS

GRID_TOP = 3


@pytest.fixture(scope="module", params=FORMAT_IDS)
def book(request: pytest.FixtureRequest) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(blank_workbook(request.param)))


def _format(book: openpyxl.Workbook) -> str:
    value = book["基本信息"]["B4"].value
    assert isinstance(value, str)
    return value


def test_sheets_are_named_exactly(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_basic_information_rows(book: openpyxl.Workbook) -> None:
    sheet = book["基本信息"]
    labels = [sheet.cell(row, 1).value for row in range(2, 8)]
    assert labels == ["机关名称", "年度", "格式", "标题", "落款机关", "成文日期"]
    values = {label: sheet.cell(row, 2) for row, label in enumerate(labels, 2)}
    report = json.loads(blank(_format(book)))
    assert values["机关名称"].value == report["organization"]
    assert values["年度"].value == report["year"]
    for label, cell in values.items():
        assert cell.protection.locked is (label == "格式")
    assert sheet.cell(2, 1).protection.locked
    assert sheet.protection.sheet and not sheet.protection.password


def test_text_sheet_has_the_header_and_the_blank_texts(book: openpyxl.Workbook) -> None:
    sheet = book["正文"]
    assert [c.value for c in sheet[1]] == ["章节", "小标题", "段落"]
    assert sheet["A1"].protection.locked and not sheet["C2"].protection.locked
    report = json.loads(blank(_format(book)))
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ("一、总体情况", None, report["overview"]["paragraphs"][0]),
        ("五、存在的主要问题及改进情况", None, report["problems"]["paragraphs"][0]),
        ("六、其他需要报告的事项", None, report["other_matters"]["paragraphs"][0]),
    ]
    # Rows may be added (protection allows it) and take the columns' unlocked style.
    assert sheet.protection.sheet and not sheet.protection.insertRows
    assert sheet.column_dimensions["C"].protection.locked is False


def _merges(sheet: Worksheet) -> dict[str, tuple[int, int]]:
    return {
        f"{r.start_cell.coordinate}": (r.max_col - r.min_col + 1, r.max_row - r.min_row + 1)
        for r in sheet.merged_cells.ranges
    }


def test_tables_are_the_official_grids_cell_for_cell(book: openpyxl.Workbook) -> None:
    spec = find(_format(book))
    for table, layout in spec.tables.items():
        sheet = book[TABLE_SHEETS[table]]
        assert sheet.cell(1, 1).value == layout.heading
        assert sheet.cell(GRID_TOP, 1).value == layout.first_label
        merges = _merges(sheet)
        for place in layout.placed():
            cell = sheet.cell(GRID_TOP + place.row, 1 + place.column)
            assert isinstance(cell, Cell)
            span = (place.cell.colspan, place.cell.rowspan)
            assert merges.get(cell.coordinate, (1, 1)) == span, cell.coordinate
            if place.cell.key is None:
                assert cell.value == place.cell.text
                assert cell.protection.locked
            elif place.cell.print == "computed_if_absent":
                assert isinstance(cell.value, str) and cell.value.startswith("=SUM(")
                assert cell.protection.locked
            else:
                assert not cell.protection.locked, cell.coordinate
                assert cell.value in (0, "0元") or cell.number_format == 'General"元"'
        assert sheet.protection.sheet and not sheet.protection.password


def _rules(sheet: Worksheet) -> dict[str, Any]:
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in rule.sqref.ranges:
            for row in sheet.iter_rows(
                min_row=cells.min_row,
                max_row=cells.max_row,
                min_col=cells.min_col,
                max_col=cells.max_col,
            ):
                for cell in row:
                    found[cell.coordinate] = rule
    return found


def test_data_cells_carry_data_validation(book: openpyxl.Workbook) -> None:
    spec = find(_format(book))
    for table, layout in spec.tables.items():
        sheet = book[TABLE_SHEETS[table]]
        rules = _rules(sheet)
        for place in layout.placed():
            if place.cell.key is None or place.cell.print == "computed_if_absent":
                continue
            coordinate = sheet.cell(GRID_TOP + place.row, 1 + place.column).coordinate
            rule = rules[coordinate]
            assert rule.showErrorMessage and rule.error
            kind = place.cell.print
            if kind is None:
                assert (rule.type, rule.formula1, rule.formula2) == ("whole", "0", "10000000")
            elif kind == "signed":
                assert (rule.type, rule.formula1) == ("whole", "-10000000")
            elif kind == "decimal_as_given":
                assert (rule.type, rule.formula1) == ("decimal", "0")
            else:
                assert rule.type == "custom" and "万元" in rule.formula1


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_total_formulas_add_up_what_the_service_computes(format_id: str) -> None:
    """The =SUM of each 总计 cell, computed over the filled example, equals the model's total."""
    data = json.loads(EXAMPLES[format_id].read_bytes())
    report = load_report(data).report
    assert report is not None
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(data)))
    totals = computed_totals(report)
    checked = 0
    for table, layout in find(format_id).tables.items():
        sheet = book[TABLE_SHEETS[table]]

        def number_at(at: tuple[int, int], sheet: Worksheet = sheet) -> int | float | None:
            value = sheet.cell(*at).value  # （七）总计's 总计 adds up the column totals above it
            if isinstance(value, str):
                return evaluate(value, number_at)
            return value if isinstance(value, int | float) else 0 if value is None else None

        for place in layout.placed():
            if place.cell.print != "computed_if_absent":
                continue
            formula = sheet.cell(GRID_TOP + place.row, 1 + place.column).value
            assert isinstance(formula, str) and place.cell.key is not None
            assert evaluate(formula, number_at) == totals[place.cell.key], place.cell.key
            checked += 1
    assert checked == len(totals)


def test_every_sheet_prints_on_a4_as_wide_as_the_page(book: openpyxl.Workbook) -> None:
    for sheet in book.worksheets:
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert book["表四"].page_setup.orientation == "landscape"
    assert book["表三"].print_title_rows == "$3:$5"
    for name in TABLE_SHEETS.values():
        widths = [d.width for d in book[name].column_dimensions.values()]
        assert widths and all(width >= 6 for width in widths)


def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = json.loads(EXAMPLES["2021"].read_bytes())
    data["organization"] = "=HYPERLINK(\"x\")"
    data.pop("preamble")
    data["overview"]["paragraphs"] = ["=1+1", "+86 0573"]
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(data)))
    assert book["基本信息"]["B2"].data_type == "s"
    assert book["正文"]["C2"].data_type == "s"
    assert book["正文"]["C2"].value == "=1+1"


def test_the_blank_is_built_once_per_format() -> None:
    assert blank_workbook("2021") is blank_workbook("2021")
