"""``review.xlsx``: sheet 概览 (one row per input: state, counts, the problems as text; prints on
A4), 合计 (the district's sums of tables 3 and 4 in the official grids, this year and last) and
明细 (every data cell per report: frozen headers, filters).

概览 and 明细 are written as reports come (openpyxl's write-only sheets spool their rows to
temporary files), 合计 at the end: memory does not grow with the number of reports. Every text
is stored as text (``service.sheetcells``). Raises OSError from the stream or the temporary files.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from schemas.model.figures import data_columns, data_headers
from schemas.model.layout import TableLayout
from schemas.registry import find
from service.review.measures import SUM_TABLES, Sums
from service.review.rows import STATE_TEXT, Reviewed, in_words
from service.sheetcells import Value, row_cells

OVERVIEW = "概览"
SUMS = "合计"
DETAIL = "明细"
_OVERVIEW_HEADER = (
    "序号", "文件", "机关名称", "年度", "格式", "状态", "错误数", "提示数",
    "错误（须改正后发布）", "提示", "上年度报告的机关名称",
)  # fmt: skip
_OVERVIEW_WIDTHS = (6, 22, 24, 7, 7, 9, 7, 7, 60, 48, 22)
_DETAIL_IDENTITY = ("序号", "文件", "机关名称", "年度", "格式", "状态")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_A4 = 9  # the paperSize code of A4 in SpreadsheetML


class ReviewWorkbook:
    """The workbook, filled as reports come; ``finish`` writes it."""

    def __init__(self) -> None:
        self._book = Workbook(write_only=True)
        self._overview = self._book.create_sheet(OVERVIEW)
        self._sums = self._book.create_sheet(SUMS)
        self._detail = self._book.create_sheet(DETAIL)
        self._overview_rows = 0
        self._detail_rows = 0
        _start(self._overview, _OVERVIEW_HEADER, _OVERVIEW_WIDTHS, "D2")
        _landscape(self._overview)
        detail_header = (*_DETAIL_IDENTITY, *data_headers())
        widths = (6, 22, 24, 7, 7, 9, *(14 for _ in data_columns()))
        _start(self._detail, detail_header, widths, "D2")

    def add(self, row: Reviewed) -> None:
        """Write one input's rows (明细 only for a report whose tables were read)."""
        previous = row.previous.organization if row.previous is not None else None
        values: tuple[Value, ...] = (
            row.index + 1, row.input, row.organization, row.year, row.format,
            STATE_TEXT[row.state], len(row.must_fix()), len(row.remarks()),
            _numbered(row.must_fix()), _numbered(row.remarks()), previous,
        )  # fmt: skip
        cells = row_cells(self._overview, values)
        for cell in cells:
            cell.alignment = _WRAP
        self._overview.append(cells)
        self._overview_rows += 1
        if row.figures is not None:
            identity = (row.index + 1, row.input, row.organization, row.year, row.format,
                        STATE_TEXT[row.state])  # fmt: skip
            self._detail.append(row_cells(self._detail, (*identity, *row.figures)))
            self._detail_rows += 1

    def finish(self, sums: Sums, compared: bool, stream: IO[bytes]) -> None:
        """Write 合计 and the whole workbook to `stream`."""
        _filter(self._overview, len(_OVERVIEW_HEADER), self._overview_rows)
        _filter(self._detail, len(_DETAIL_IDENTITY) + len(data_columns()), self._detail_rows)
        _write_sums(self._sums, sums, compared)
        self._book.save(stream)

    def discard(self) -> None:
        """Remove the sheets' temporary files without writing the workbook."""
        for sheet in self._book.worksheets:
            writer: Any = getattr(sheet, "_writer", None)
            if writer is not None:
                with contextlib.suppress(OSError, ValueError):
                    writer.close()
                    writer.cleanup()


def _numbered(issues: Sequence[Any]) -> str:
    """Problems as numbered lines a clerk reads (labels, no paths)."""
    return "\n".join(f"{number}. {in_words(issue)}" for number, issue in enumerate(issues, 1))


def _start(
    sheet: WriteOnlyWorksheet, header: Sequence[str], widths: Sequence[int], freeze: str
) -> None:
    """Widths, frozen panes and the bold wrapped header row (before any other row: a
    write-only sheet writes its top when the first row comes)."""
    settings: Any = sheet  # set up at run time; the type stubs do not know these
    for number, width in enumerate(widths, 1):
        settings.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = freeze
    cells = row_cells(sheet, header)
    for cell in cells:
        cell.font, cell.alignment = _BOLD, _WRAP
    sheet.append(cells)


def _landscape(sheet: WriteOnlyWorksheet) -> None:
    """Print on A4 landscape, as wide as the page, the header row on every page."""
    settings: Any = sheet
    settings.page_setup.orientation = "landscape"
    settings.page_setup.paperSize = _A4
    settings.page_setup.fitToWidth = 1
    settings.page_setup.fitToHeight = 0
    settings.sheet_properties.pageSetUpPr.fitToPage = True
    settings.print_title_rows = "1:1"


def _filter(sheet: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    """Filters over the header and `rows` rows (written after the rows: a sheet's tail)."""
    settings: Any = sheet
    settings.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _write_sums(sheet: WriteOnlyWorksheet, sums: Sums, compared: bool) -> None:
    """合计: per format, tables 3 and 4 as the official grids, this year's sums (and last
    year's, and the change) in the data cells."""
    settings: Any = sheet
    _landscape(sheet)
    settings.column_dimensions["A"].width = 14
    for letter in ("B", "C"):
        settings.column_dimensions[letter].width = 22
    for number in range(4, 18):
        settings.column_dimensions[get_column_letter(number)].width = 11
    blocks: list[tuple[str, Callable[[str, str], int | None]]] = [
        ("本年合计", sums.this_year_value)
    ]
    if compared:
        blocks.append(("上年合计", lambda _, path: sums.last_year.get(path)))
        blocks.append(("增减", functools.partial(_difference, sums)))
    row = 1
    if not sums.this_year:
        sheet.append(row_cells(sheet, ("没有可以发布的报告，暂无合计。",)))
        return
    note = "本年合计只计入可以发布的报告；需要修改和无法读取的报告改正后重新审核即计入。"
    if compared:
        note += f"上年合计为上年度 {sums.last_reports} 份报告之和。"
    sheet.append(row_cells(sheet, (note,)))
    row += 1
    for report_format in sorted(sums.this_year):
        layouts = find(report_format).tables
        for table in SUM_TABLES:
            layout = layouts[table]
            for title, value in blocks:
                sheet.append([])
                heading = (f"{layout.heading}（{report_format} 格式，"
                           f"{sums.reports[report_format]} 份报告）— {title}")  # fmt: skip
                cells = row_cells(sheet, (heading,))
                cells[0].font = _BOLD
                sheet.append(cells)
                row += 2
                row = _grid(sheet, layout, row, functools.partial(value, report_format))


def _difference(sums: Sums, report_format: str, path: str) -> int | None:
    """This year's sum of a cell less last year's (None without last year's)."""
    before = sums.last_year.get(path)
    return None if before is None else sums.this_year_value(report_format, path) - before


def _grid(
    sheet: WriteOnlyWorksheet, layout: TableLayout, top: int, value: Callable[[str], int | None]
) -> int:
    """One official grid from row `top`: labels in their merged cells, data cells' values;
    returns the next free row."""
    height = len(layout.rows)
    grid: list[list[Value]] = [[None] * layout.grid_columns for _ in range(height)]
    kinds: list[list[str]] = [["" for _ in range(layout.grid_columns)] for _ in range(height)]
    settings: Any = sheet
    for placed in layout.placed():
        cell = placed.cell
        grid[placed.row][placed.column] = cell.text if cell.key is None else value(cell.key)
        for down in range(cell.rowspan):
            for across in range(cell.colspan):
                kinds[placed.row + down][placed.column + across] = (
                    "label" if cell.key is None else "data"
                )
        if cell.colspan > 1 or cell.rowspan > 1:
            settings.merged_cells.add(
                CellRange(min_col=placed.column + 1, min_row=top + placed.row,
                          max_col=placed.column + cell.colspan,
                          max_row=top + placed.row + cell.rowspan - 1)
            )  # fmt: skip
    for values, row_kinds in zip(grid, kinds, strict=True):
        cells = row_cells(sheet, values)
        for written, kind in zip(cells, row_kinds, strict=True):
            written.border = _BOX
            if kind == "label":
                written.alignment, written.fill = _CENTER, _LABEL_FILL
        sheet.append(cells)
    return top + height
