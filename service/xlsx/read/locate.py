"""Finding a table's data cells on a sheet by the official labels, not by fixed addresses.

The labels are looked up in reading order (row by row, left to right), each after the one
before it, so a label that occurs twice (信息内容, 本年处理决定数量, 结果维持, 总计) is told apart
by its place. A data cell is then in the row of the label heading its row (the rightmost
one-row label left of it; table 4 has none, its data row is that far below its column label)
and in the column of the label above it. Rows or columns inserted anywhere, and a table moved
on its sheet, still read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from schemas.model.layout import Placed
from schemas.registry import Format, find
from service.xlsx.read.sheet import Sheet
from service.xlsx.sheets import label_key


@dataclass(frozen=True, slots=True)
class _Anchors:
    """Where a data cell is relative to the labels: indexes into the table's label list."""

    key: str
    row_label: int
    """The label whose row the cell is in, or (with ``rows_below``) the one above it."""
    rows_below: int
    column_label: int
    columns_right: int


@dataclass(frozen=True, slots=True)
class Located:
    """Where a table's data cells are on a sheet, and the labels that could not be found."""

    cells: dict[str, tuple[int, int]]
    """Data key → (row, column) on the sheet."""
    missing: dict[str, tuple[str, ...]]
    """Label text not found → the data keys it would have placed."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """A table's labels in reading order and every data cell's anchors among them."""

    labels: tuple[Placed, ...]
    anchors: tuple[_Anchors, ...]


@cache
def _plan(report_format: Format, table: str) -> _Plan:
    """The plan of one official table (computed once per process)."""
    placed = find(report_format).tables[table].placed()
    labels = tuple(p for p in placed if p.cell.key is None)
    anchors = []
    for data in (p for p in placed if p.cell.key is not None):
        above = [
            index
            for index, label in enumerate(labels)
            if label.row < data.row
            and label.column <= data.column < label.column + label.cell.colspan
        ]
        column_label = max(above, key=lambda index: labels[index].row)
        beside = [
            index
            for index, label in enumerate(labels)
            if label.row == data.row and label.cell.rowspan == 1 and label.column < data.column
        ]
        row_label = max(beside, key=lambda index: labels[index].column, default=column_label)
        assert data.cell.key is not None
        anchors.append(
            _Anchors(
                key=data.cell.key,
                row_label=row_label,
                rows_below=data.row - labels[row_label].row,
                column_label=column_label,
                columns_right=data.column - labels[column_label].column,
            )
        )
    return _Plan(labels, tuple(anchors))


def locate(sheet: Sheet, report_format: Format, table: str) -> Located:
    """Find the data cells of `table` (``table2``…) of `report_format` on `sheet`."""
    plan = _plan(report_format, table)
    texts = [(position, label_key(text)) for position, text in sheet.text_cells()]
    found: dict[int, tuple[int, int]] = {}
    start = 0
    for index, label in enumerate(plan.labels):
        assert label.cell.text is not None
        wanted = label_key(label.cell.text)
        for position in range(start, len(texts)):
            if texts[position][1] == wanted:
                found[index] = texts[position][0]
                start = position + 1
                break
    cells: dict[str, tuple[int, int]] = {}
    missing: dict[str, list[str]] = {}
    for anchor in plan.anchors:
        row_at, column_at = found.get(anchor.row_label), found.get(anchor.column_label)
        if row_at is None or column_at is None:
            absent = anchor.row_label if row_at is None else anchor.column_label
            text = plan.labels[absent].cell.text
            assert text is not None
            missing.setdefault(text, []).append(anchor.key)
            continue
        cells[anchor.key] = (row_at[0] + anchor.rows_below, column_at[1] + anchor.columns_right)
    return Located(cells, {text: tuple(keys) for text, keys in missing.items()})
