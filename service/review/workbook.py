"""``review.xlsx``: sheet 概览 (one row per input: state, counts, the problems as text; prints on
A4 landscape), 合计 (the district's sums of tables 3 and 4 in the official grids, this year and
last) and 明细 (every data cell per report: frozen headers, filters).

概览 and 明细 are written as reports come (``service.review.spreadsheet`` spools each sheet's
rows to a temporary file), 合计 at the end: memory does not grow with the number of reports.
Raises OSError from the stream or the temporary files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import IO, Any

from schemas.model.figures import data_columns, data_headers
from schemas.model.layout import TableLayout
from schemas.registry import find
from service.review.measures import SUM_TABLES, Sums
from service.review.rows import STATE_TEXT, Reviewed, in_words
from service.review.spreadsheet import Sheet, Spreadsheet, Style
from service.sheetcells import Value

OVERVIEW = "概览"
SUMS = "合计"
DETAIL = "明细"
_OVERVIEW_HEADER = (
    "序号", "文件", "机关名称", "年度", "格式", "状态", "错误数", "提示数",
    "错误（须改正后发布）", "提示", "上年度报告的机关名称",
)  # fmt: skip
_OVERVIEW_WIDTHS = (6, 22, 24, 7, 7, 9, 7, 7, 60, 48, 22)
_DETAIL_IDENTITY = ("序号", "文件", "机关名称", "年度", "格式", "状态")
#: 合计's columns: a grid's label columns, then its data columns.
_SUMS_WIDTHS = (14, 22, 22, *(11 for _ in range(14)))


class ReviewWorkbook:
    """The workbook, filled as reports come; ``finish`` writes it."""

    def __init__(self) -> None:
        self._book = Spreadsheet()
        self._overview = self._book.add(
            Sheet(OVERVIEW, _OVERVIEW_WIDTHS, freeze=(3, 1), landscape=True, title_row=True)
        )
        self._sums = self._book.add(Sheet(SUMS, _SUMS_WIDTHS, landscape=True))
        widths = (6, 22, 24, 7, 7, 9, *(14 for _ in data_columns()))
        self._detail = self._book.add(Sheet(DETAIL, widths, freeze=(3, 1)))
        self._overview.append(_OVERVIEW_HEADER, Style.HEADER)
        self._detail.append((*_DETAIL_IDENTITY, *data_headers()), Style.HEADER)

    def add(self, row: Reviewed) -> None:
        """Write one input's rows (明细 only for a report whose tables were read)."""
        previous = row.previous.organization if row.previous is not None else None
        values: tuple[Value, ...] = (
            row.index + 1, row.input, row.organization, row.year, row.format,
            STATE_TEXT[row.state], len(row.must_fix()), len(row.remarks()),
            _numbered(row.must_fix()), _numbered(row.remarks()), previous,
        )  # fmt: skip
        self._overview.append(values, Style.WRAP)
        if row.figures is not None:
            identity = (row.index + 1, row.input, row.organization, row.year, row.format,
                        STATE_TEXT[row.state])  # fmt: skip
            self._detail.append((*identity, *row.figures))

    def finish(self, sums: Sums, compared: bool, stream: IO[bytes]) -> None:
        """Write 合计 and the whole workbook to `stream`."""
        for sheet in (self._overview, self._detail):
            sheet.filter = sheet.reference(sheet.count, sheet.width)
        _write_sums(self._sums, sums, compared)
        self._book.save(stream)
        self.discard()

    def discard(self) -> None:
        """Remove the sheets' temporary files (after writing, or without writing)."""
        self._book.close()


def _numbered(issues: Sequence[Any]) -> str:
    """Problems as numbered lines a clerk reads (labels, no paths)."""
    return "\n".join(f"{number}. {in_words(issue)}" for number, issue in enumerate(issues, 1))


def _write_sums(sheet: Sheet, sums: Sums, compared: bool) -> None:
    """合计: per format, tables 3 and 4 as the official grids, this year's sums (and last
    year's, and the change) in the data cells."""
    if not sums.this_year:
        sheet.append(("没有可以发布的报告，暂无合计。",))
        return
    note = "本年合计只计入可以发布的报告；需要修改和无法读取的报告改正后重新审核即计入。"
    if compared:
        note += f"上年合计为上年度 {sums.last_reports} 份报告之和。"
    sheet.append((note,))
    blocks: list[tuple[str, Callable[[str, str], int | None]]] = [
        ("本年合计", sums.this_year_value)
    ]
    if compared:
        blocks.append(("上年合计", lambda _, path: sums.last_year.get(path)))
        blocks.append(("增减", functools.partial(_difference, sums)))
    for report_format in sorted(sums.this_year):
        layouts = find(report_format).tables
        for table in SUM_TABLES:
            layout = layouts[table]
            for title, value in blocks:
                sheet.append(())
                heading = (f"{layout.heading}（{report_format} 格式，"
                           f"{sums.reports[report_format]} 份报告）— {title}")  # fmt: skip
                sheet.append((heading,), Style.TITLE)
                _grid(sheet, layout, functools.partial(value, report_format))


def _difference(sums: Sums, report_format: str, path: str) -> int | None:
    """This year's sum of a cell less last year's (None without last year's)."""
    before = sums.last_year.get(path)
    return None if before is None else sums.this_year_value(report_format, path) - before


def _grid(sheet: Sheet, layout: TableLayout, value: Callable[[str], int | None]) -> None:
    """One official grid below the sheet's last row: labels in their merged cells, data
    cells' values, every cell boxed."""
    top = sheet.count + 1
    height = len(layout.rows)
    values: list[list[Value]] = [[None] * layout.grid_columns for _ in range(height)]
    styles = [[Style.BOXED] * layout.grid_columns for _ in range(height)]
    for placed in layout.placed():
        cell = placed.cell
        values[placed.row][placed.column] = cell.text if cell.key is None else value(cell.key)
        if cell.key is None:
            for down in range(cell.rowspan):
                for across in range(cell.colspan):
                    styles[placed.row + down][placed.column + across] = Style.LABEL
        if cell.colspan > 1 or cell.rowspan > 1:
            sheet.merge(
                top + placed.row, placed.column + 1,
                top + placed.row + cell.rowspan - 1, placed.column + cell.colspan,
            )  # fmt: skip
    for row_values, row_styles in zip(values, styles, strict=True):
        sheet.append(row_values, row_styles)
