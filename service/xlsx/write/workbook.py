"""The workbook bureaus fill in: a report's data (the blank's, or any report's) written into the
sheets of ``service.xlsx.sheets``.

The blank workbook is the blank report of a format written this way (every count 0, every text
a placeholder; ``service.documents.blank_workbook``); tests and benchmarks write filled ones.
Label cells are locked and the sheets protected without a password (against accidents, not
people); data cells are unlocked, with data validation; every 总计 is a ``=SUM(…)`` formula so
staff see the totals (the reader computes them itself). Column widths, wrapping, row heights
and page setup print each sheet on A4.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from schemas.contract.limits import DEFAULT_LIMITS
from schemas.model.cells import DEFAULT_UNIT, unit_path
from schemas.model.layout import TABLE_SECTIONS, TableLayout
from schemas.model.paths import json_value
from schemas.model.relations import RESULT_GROUPS
from schemas.registry import find
from service.reading.limits import DEFAULT_IMPORT_LIMITS
from service.xlsx import sheets

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
#: The light blue of the 第二十条 caption rows in the official 2019 template.
_CAPTION_FILL = PatternFill("solid", fgColor="C6D9F1")
_TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
_FONT = Font(name="宋体", size=10.5)
_BOLD = Font(name="宋体", size=10.5, bold=True)
_HEADING_FONT = Font(name="黑体", size=14)
_NOTE_FONT = Font(name="宋体", size=9, color="595959")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_UNLOCKED = Protection(locked=False)
#: Points per line of 10.5 pt text, and the padding of a row.
_LINE_POINTS, _ROW_PADDING = 14.0, 5.0

#: Column widths (characters) of each table's grid columns: labels wide, counts narrow.
_TABLE_WIDTHS = {
    "table2": (26, 18, 18, 18),
    "table3": (6, 9, 36, 8, 8, 8, 11, 11, 8, 8),
    "table4": (8,) * 15,
}
_LANDSCAPE = frozenset({"table4"})
_NOTE = "白色单元格填写数字；灰色为表格标签，黄色为自动合计（公式），均已锁定。"
#: 采购总金额 shows its unit; a number typed there is in 元 (the contract's default unit).
_YUAN_FORMAT = 'General"元"'
_TEXT_WIDTHS = (26, 24, 90)
_INFO_WIDTHS = (14, 48, 46)


def write_workbook(data: Mapping[str, Any]) -> bytes:
    """The workbook holding report `data` (contract JSON, its ``format`` given) as .xlsx; raises
    KeyError for an unknown format."""
    spec = find(data["format"])
    book = Workbook()
    info = book.active
    assert isinstance(info, Worksheet)
    _info_sheet(info, data)
    _text_sheet(book.create_sheet(sheets.TEXT_SHEET), data)
    values = dict(_table_values(data))
    for name, layout in spec.tables.items():
        _table_sheet(book.create_sheet(sheets.TABLE_SHEETS[name]), name, layout, values)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _table_values(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(contract path, value) of every table value given in `data`."""
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from _table_values(value, path)
        elif prefix or key in TABLE_SECTIONS.values():
            yield path, value


def _protect(sheet: Worksheet, *, rows_editable: bool = False) -> None:
    """Protect `sheet` without a password; columns and rows may still be resized."""
    sheet.protection = SheetProtection(
        sheet=True,
        formatColumns=False,
        formatRows=False,
        insertRows=not rows_editable,
        deleteRows=not rows_editable,
    )


def _a4(sheet: Worksheet, *, landscape: bool = False) -> None:
    """Print `sheet` on A4, as wide as the page, as many pages down as it needs."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True


def _widths(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    """Set the widths (in characters) of the first columns of `sheet`."""
    for number, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes in a cell `width` characters wide (CJK characters count 2)."""
    lines = text.split("\n")
    wide = (sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in ln) for ln in lines)
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(length / usable)) for length in wide)


def _height(lines: int) -> float:
    """Row height in points for `lines` lines of table text."""
    return lines * _LINE_POINTS + _ROW_PADDING


def _header(sheet: Worksheet, row: int, column: int, text: str) -> SheetCell:
    """A locked, shaded label cell."""
    cell = sheet.cell(row, column, text)
    cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _LABEL_FILL, _BORDER, _CENTER
    return cell


def _cell(sheet: Worksheet, row: int, column: int) -> SheetCell:
    """The cell at (`row`, `column`) of `sheet`, never one inside a merge."""
    cell = sheet.cell(row, column)
    assert isinstance(cell, SheetCell)
    return cell


def _text(cell: SheetCell, value: Any) -> None:
    """Put `value` into `cell`; text starting with ``=`` stays text, never a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _info_sheet(sheet: Worksheet, data: Mapping[str, Any]) -> None:
    """基本信息: a label, a value and a hint per row; only the values are editable."""
    sheet.title = sheets.INFO_SHEET
    _widths(sheet, _INFO_WIDTHS)
    for column, text in enumerate(("项目", "填写内容", "说明"), 1):
        _header(sheet, 1, column, text)
    for row, info in enumerate(sheets.INFO_ROWS, 2):
        _header(sheet, row, 1, info.label)
        value = json_value(data, info.path)
        cell = _cell(sheet, row, 2)
        _text(cell, value)
        cell.font, cell.border, cell.alignment = _FONT, _BORDER, _LEFT
        if info.path == "format":
            cell.fill = _LABEL_FILL  # the tables below are this format's: not to be changed
        else:
            cell.protection = _UNLOCKED
        if info.path == "signature.date":
            cell.number_format = "yyyy-mm-dd"
        if info.path == "year":
            year = DataValidation(
                type="whole",
                operator="between",
                formula1=str(DEFAULT_LIMITS.min_year),
                formula2="2100",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="年度有误",
                error=f"请填写 {DEFAULT_LIMITS.min_year} 年以后的年度，如 2021",
            )
            year.add(cell.coordinate)
            sheet.add_data_validation(year)
        hint = sheet.cell(row, 3, info.hint)
        hint.font, hint.alignment = _NOTE_FONT, _LEFT
        sheet.row_dimensions[row].height = _height(max(1, _lines(str(value or ""), 48)))
    _a4(sheet)
    _protect(sheet)




def _text_rows(data: Mapping[str, Any]) -> Iterator[tuple[str, str | None, str | None]]:
    """(章节, 小标题, 段落) rows of the report's free text, chapter by chapter."""
    for chapter in sheets.CHAPTERS:
        given = data.get(chapter.key)
        if chapter.key == "preamble":
            yield from ((chapter.name, None, text) for text in given or ())
            continue
        section = given or {}
        yield from ((chapter.name, None, text) for text in section.get("paragraphs", ()))
        for item in section.get("items", ()):
            paragraphs = item.get("paragraphs") or [None]
            yield chapter.name, item["heading"], paragraphs[0]
            yield from ((chapter.name, None, text) for text in paragraphs[1:])


def _text_sheet(sheet: Worksheet, data: Mapping[str, Any]) -> None:
    """正文: the header, then a row per paragraph; rows may be added, the header is locked."""
    _widths(sheet, _TEXT_WIDTHS)
    for column, text in enumerate((sheets.CHAPTER, sheets.HEADING, sheets.PARAGRAPH), 1):
        _header(sheet, 1, column, text)
        # New rows typed below take the column's style: unlocked and wrapped.
        dimension = sheet.column_dimensions[get_column_letter(column)]
        dimension.protection, dimension.alignment = _UNLOCKED, _TOP_LEFT
    sheet.freeze_panes = "A2"
    for row, values in enumerate(_text_rows(data), 2):
        for column, value in enumerate(values, 1):
            cell = _cell(sheet, row, column)
            _text(cell, value)
            cell.font, cell.alignment, cell.protection = _FONT, _TOP_LEFT, _UNLOCKED
        lines = max(
            _lines(value or "", width) for value, width in zip(values, _TEXT_WIDTHS, strict=True)
        )
        sheet.row_dimensions[row].height = _height(lines)
    chapters = DataValidation(
        type="list",
        formula1='"' + ",".join(chapter.name for chapter in sheets.CHAPTERS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="章节有误",
        error="请从下拉列表中选择章节",
    )
    chapters.add(f"A2:A{DEFAULT_IMPORT_LIMITS.max_sheet_rows}")
    sheet.add_data_validation(chapters)
    _a4(sheet)
    _protect(sheet, rows_editable=True)


def _count_rule(low: int, high: int) -> DataValidation:
    """Whole numbers `low` … `high`, with a Chinese message when something else is typed."""
    return DataValidation(
        type="whole",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="数字有误",
        error=f"请填写 {low} 到 {high} 之间的整数",
    )


def _amount_rule() -> DataValidation:
    """Non-negative decimals (the fee, in 万元)."""
    return DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2=str(DEFAULT_LIMITS.max_amount),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="金额有误",
        error=f"请填写非负数，最多 {DEFAULT_LIMITS.amount_decimals} 位小数",
    )


def _amount_with_unit_rule(coordinate: str) -> DataValidation:
    """A non-negative number, or text ending in 元 or 万元 whose rest is a number."""
    bare = f'SUBSTITUTE(SUBSTITUTE({coordinate},"万元",""),"元","")'
    return DataValidation(
        type="custom",
        formula1=f"OR(AND(ISNUMBER({coordinate}),{coordinate}>=0),ISNUMBER(VALUE({bare})))",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="金额有误",
        error="请填写非负金额，可带单位“元”或“万元”，如 345000 或 34.5万元",
    )


def _table_sheet(
    sheet: Worksheet, name: str, layout: TableLayout, values: Mapping[str, Any]
) -> None:
    """One official table, cell for cell from its grid's top-left at row GRID_TOP."""
    widths = _TABLE_WIDTHS[name]
    _widths(sheet, widths)
    last = layout.grid_columns
    for row, text, font in ((1, layout.heading, _HEADING_FONT), (2, _NOTE, _NOTE_FONT)):
        sheet.cell(row, 1, text).font = font
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    counts = _count_rule(0, DEFAULT_LIMITS.max_count)
    signed = _count_rule(-DEFAULT_LIMITS.max_count, DEFAULT_LIMITS.max_count)
    amounts = _amount_rule()
    rules = {None: counts, "signed": signed, "decimal_as_given": amounts}
    placed = layout.placed()
    where = {p.cell.key: (sheets.GRID_TOP + p.row, 1 + p.column) for p in placed if p.cell.key}
    lines: dict[int, int] = {}
    for place in placed:
        cell = place.cell
        row, column = sheets.GRID_TOP + place.row, 1 + place.column
        target = _merged(sheet, row, column, cell.rowspan, cell.colspan)
        if cell.key is None:
            assert cell.text is not None
            caption = cell.colspan == layout.grid_columns
            target.value = cell.text
            target.font = _BOLD if caption else _FONT
            target.fill = _CAPTION_FILL if caption else _LABEL_FILL
            target.alignment = _LEFT if caption else _CENTER
            width = sum(widths[place.column : place.column + cell.colspan])
            share = math.ceil(_lines(cell.text, width) / cell.rowspan)
            for down in range(cell.rowspan):
                lines[row + down] = max(lines.get(row + down, 1), share)
            continue
        target.font, target.alignment = _FONT, _CENTER
        if cell.print == "computed_if_absent":
            target.value, target.fill = _total_formula(cell.key, where), _TOTAL_FILL
            continue
        target.protection = _UNLOCKED
        value = values.get(cell.key, 0)
        unit_key = unit_path(cell)
        if unit_key is not None:
            unit = values.get(unit_key, DEFAULT_UNIT)
            if unit == DEFAULT_UNIT:
                target.value, target.number_format = Decimal(str(value)), _YUAN_FORMAT
            else:
                target.value = f"{value}{unit}"
            rule = _amount_with_unit_rule(target.coordinate)
            rule.add(target.coordinate)
            sheet.add_data_validation(rule)
            continue
        target.value = Decimal(str(value)) if cell.print == "decimal_as_given" else value
        rules[cell.print].add(target.coordinate)
    for rule in (counts, signed, amounts):
        if rule.sqref:
            sheet.add_data_validation(rule)
    for row, count in lines.items():
        sheet.row_dimensions[row].height = _height(count)
    header_rows = max(p.row + p.cell.rowspan for p in placed if p.row == 0)
    sheet.print_title_rows = f"{sheets.GRID_TOP}:{sheets.GRID_TOP + header_rows - 1}"
    _a4(sheet, landscape=name in _LANDSCAPE)
    _protect(sheet)


def _merged(sheet: Worksheet, row: int, column: int, rowspan: int, colspan: int) -> SheetCell:
    """The top-left cell of a merge of `rowspan` × `colspan` cells, every one bordered."""
    if rowspan > 1 or colspan > 1:
        sheet.merge_cells(
            start_row=row,
            start_column=column,
            end_row=row + rowspan - 1,
            end_column=column + colspan - 1,
        )
    for down in range(rowspan):
        for across in range(colspan):
            sheet.cell(row + down, column + across).border = _BORDER
    return _cell(sheet, row, column)


def _total_formula(key: str, where: Mapping[str, tuple[int, int]]) -> str:
    """``=SUM(…)`` of the cells a 总计 adds up: its row's (or group's) parts, or for （七）总计
    the same column of every result row （一）…（六）."""
    owner, _, name = key.rpartition(".")
    if name == "total":
        parts = [k for k in where if k.rpartition(".")[0] == owner and not k.endswith(".total")]
    else:
        parts = [k for k in where if k.endswith("." + name) and k.split(".")[1] in RESULT_GROUPS]
    rows = sorted({where[part][0] for part in parts})
    columns = sorted({where[part][1] for part in parts})
    first, last = get_column_letter(columns[0]), get_column_letter(columns[-1])
    return f"=SUM({first}{rows[0]}:{last}{rows[-1]})"
