"""Workbooks for the tests: filling the blank the way a person does (by the labels on the sheets,
never by the service's own placement), rewriting a part of an .xlsx, reading a cell back."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from schemas.model.layout import SEPARATOR
from schemas.registry import find

TABLE_SHEETS = {"table2": "表二", "table3": "表三", "table4": "表四"}
SHEETS = ["基本信息", "正文", "表二", "表三", "表四"]
CHAPTERS = {
    "preamble": "前言",
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}


def squeezed(value: object) -> str:
    return "".join(str(value).split()) if value is not None else ""


def cells_with(sheet: Worksheet, text: str) -> list[Cell]:
    """Every cell whose text is `text` (white space ignored), top to bottom."""
    wanted = squeezed(text)
    return [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell, Cell) and squeezed(cell.value) == wanted
    ]


def merged_width(sheet: Worksheet, cell: Cell) -> range:
    """The columns a (possibly merged) cell spans."""
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            return range(merged.min_col, merged.max_col + 1)
    return range(cell.column, cell.column + 1)


def data_cell(sheet: Worksheet, label: str) -> Cell:
    """The cell a person fills for the official `label` (``table · row labels · column labels``):
    in the row of the last row label (a label left of and below the column's header), under the
    nearest header above it; table 4 (no row labels): the first row under the headers, in the
    group's column."""
    parts = label.split(SEPARATOR)[1:]
    column_text = parts[-1]
    headers = cells_with(sheet, column_text)
    if parts[0] in ("行政复议", "行政诉讼"):
        group = cells_with(sheet, parts[-2])[0]
        columns = merged_width(sheet, group)
        header = next(c for c in headers if c.column in columns and c.row > group.row)
        last_header = max(c.row for c in cells_with(sheet, "结果维持"))
        return _cell(sheet, last_header + 1, header.column)
    for position in range(len(parts) - 2, -1, -1):
        rows = [
            cell
            for cell in cells_with(sheet, parts[position])
            if any(h.row < cell.row and h.column > cell.column for h in headers)
        ]
        if rows:
            break
    # A row label used twice (信息内容 is no row label; none is, today) follows its caption.
    row = rows[0].row if len(rows) == 1 else _under(sheet, parts[position - 1], rows)
    header = max((h for h in headers if h.row < row), key=lambda h: h.row)
    return _cell(sheet, row, header.column)


def _cell(sheet: Worksheet, row: int, column: int) -> Cell:
    cell = sheet.cell(row, column)
    assert isinstance(cell, Cell)
    return cell


def _under(sheet: Worksheet, caption_text: str, candidates: list[Cell]) -> int:
    """The row of the first of `candidates` below the caption `caption_text`."""
    caption = cells_with(sheet, caption_text)[0]
    return min(c.row for c in candidates if c.row > caption.row)


def fill_by_label(blank: bytes, report: Mapping[str, Any]) -> bytes:
    """The blank workbook filled with `report` (contract JSON) as a person would: 基本信息 by
    its labels, 正文 row by row under its header, every table value typed over the cell its
    labels point at (totals left as the formulas they are)."""
    book = openpyxl.load_workbook(io.BytesIO(blank))
    info = book["基本信息"]
    signature = report.get("signature") or {}
    for text, value in (
        ("机关名称", report["organization"]),
        ("年度", report["year"]),
        ("标题", report.get("title")),
        ("落款机关", signature.get("organization")),
        ("成文日期", signature.get("date")),
    ):
        (label,) = cells_with(info, text)
        info.cell(label.row, label.column + 1).value = value
    text_sheet = book["正文"]
    text_sheet.delete_rows(2, text_sheet.max_row)
    for row in text_rows(report):
        text_sheet.append(list(row))
    spec = find(report["format"])
    values = dict(table_values(report))
    for table, layout in spec.tables.items():
        sheet = book[TABLE_SHEETS[table]]
        for cell in layout.data_cells():
            assert cell.key is not None and cell.label is not None
            if cell.print == "computed_if_absent":
                continue
            value = values.get(cell.key, 0)
            if cell.print == "amount_with_unit":
                value = f"{value}{values.get('active_disclosure.procurement.amount_unit', '元')}"
            elif cell.print == "decimal_as_given":
                value = Decimal(str(value))
            data_cell(sheet, cell.label).value = value
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def text_rows(report: Mapping[str, Any]) -> Iterator[tuple[str, str | None, str | None]]:
    """The 正文 rows of a report: (章节, 小标题, 段落)."""
    for paragraph in report.get("preamble", ()):
        yield CHAPTERS["preamble"], None, paragraph
    for key in ("overview", "problems", "other_matters"):
        section = report.get(key) or {}
        for paragraph in section.get("paragraphs", ()):
            yield CHAPTERS[key], None, paragraph
        for item in section.get("items", ()):
            paragraphs = item.get("paragraphs") or [None]
            yield CHAPTERS[key], item["heading"], paragraphs[0]
            for paragraph in paragraphs[1:]:
                yield CHAPTERS[key], None, paragraph


def table_values(report: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, value) of every value in the report's tables."""
    for key, value in report.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            if prefix or key in ("active_disclosure", "applications", "review_litigation"):
                yield from table_values(value, path)
        elif prefix:
            yield path, value


def edited(workbook: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    """`workbook` opened with openpyxl, changed by `change`, saved again."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    change(book)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def rewritten(
    workbook: bytes,
    changes: Mapping[str, Callable[[bytes], bytes]] | None = None,
    extra: Mapping[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """`workbook` with some parts changed (by name) and others added, zipped again."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(output, "w", compression) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            change = (changes or {}).get(info.filename)
            target.writestr(info.filename, change(data) if change else data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return output.getvalue()


def sheet_part(workbook: bytes, title: str) -> str:
    """The zip part of the sheet called `title`."""
    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    index = book.sheetnames.index(title)
    book.close()
    return f"xl/worksheets/sheet{index + 1}.xml"
