"""A table's rows compared cell for cell with an official layout (``official_tables.json``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from schemas.model.layout import Cell, TableLayout
from service.reading.grid import CellLike, Rows

_WHITE_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Return `text` without any white space: labels may be typeset over several lines."""
    return _WHITE_SPACE.sub("", text)


def compare_rows(
    rows: Rows,
    layout: TableLayout,
    expected_data: Callable[[Cell], str] | None = None,
    *,
    columns: int | None = None,
    spans: bool = True,
    same_label: Callable[[str, str], bool] | None = None,
) -> list[str]:
    """Return every difference between a table's `rows` and `layout`, in Chinese, top to bottom.

    Labels are the same when `same_label(found, official)` says so (by default: equal without
    white space, as labels may be typeset over several lines). `expected_data` gives the text a
    data cell must show (compared exactly); without it data cells are not compared.
    ``spans=False`` leaves out the grid and the merges, comparing only the cells of each row in
    order; `columns` is the table's number of grid columns when the grid is compared.
    """
    problems: list[str] = []
    if spans and columns is not None and columns != layout.grid_columns:
        problems.append(f"网格列数应为 {layout.grid_columns}，实为 {columns}")
    if len(rows) != len(layout.rows):
        problems.append(f"行数应为 {len(layout.rows)}，实为 {len(rows)}")
    for number, (row, official) in enumerate(zip(rows, layout.rows, strict=False), 1):
        if len(row) != len(official):
            problems.append(f"第{number}行应有 {len(official)} 个单元格，实有 {len(row)} 个")
            continue
        for position, (cell, want) in enumerate(zip(row, official, strict=True), 1):
            where = f"第{number}行第{position}个单元格"
            problems.extend(
                where + problem
                for problem in _cell_problems(
                    cell, want, expected_data, spans, same_label or _same_without_spaces
                )
            )
    return problems


def _cell_problems(
    cell: CellLike,
    want: Cell,
    expected_data: Callable[[Cell], str] | None,
    spans: bool,
    same_label: Callable[[str, str], bool],
) -> list[str]:
    """Return the differences of one cell: merges, then label or data text."""
    problems = []
    if spans and (cell.colspan, cell.rowspan) != (want.colspan, want.rowspan):
        problems.append(
            f"合并应为 跨{want.colspan}列×跨{want.rowspan}行，实为 "
            f"跨{cell.colspan}列×跨{cell.rowspan}行"
        )
    if want.key is None:
        if not same_label(cell.text, want.text or ""):
            problems.append(f"文字应为“{want.text}”，实为“{squeeze(cell.text)}”")
    elif expected_data is not None and cell.text != expected_data(want):
        problems.append(f"应显示 {want.key} 的值“{expected_data(want)}”，实为“{cell.text}”")
    return problems


def _same_without_spaces(found: str, official: str) -> bool:
    """Labels compared without white space."""
    return squeeze(found) == squeeze(official)
