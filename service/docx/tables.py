"""Word tables read back as HTML-style grids and compared with the official layouts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from schemas.layout import Cell, TableLayout
from schemas.model import Procurement, Report, decimal_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WHITE_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class GridCell:
    """A logical cell of a Word table: its text and how many columns and rows it covers."""

    text: str
    colspan: int
    rowspan: int


def paragraph_text(paragraph: etree._Element) -> str:
    """Return a paragraph's text with w:br as a line feed and w:tab as a tab."""
    pieces = []
    for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}tab"):
        if node.tag == f"{W}t":
            pieces.append(node.text or "")
        elif node.tag == f"{W}br":
            pieces.append("\n")
        else:
            pieces.append("\t")
    return "".join(pieces)


def cell_text(cell: etree._Element) -> str:
    """Return a cell's text, paragraphs joined by line feeds."""
    return "\n".join(paragraph_text(p) for p in cell.iter(f"{W}p"))


def grid_rows(table: etree._Element) -> list[list[GridCell]]:
    """Return the table's rows with merges resolved: w:gridSpan is colspan, w:vMerge rowspan.

    A cell covered by a merge (a vMerge continuation) is not listed, as in HTML.
    """
    rows: list[list[GridCell]] = []
    open_merges: dict[int, GridCell] = {}
    for tr in table.iter(f"{W}tr"):
        row: list[GridCell] = []
        column = 0
        for tc in tr.iterchildren(f"{W}tc"):
            span_element = tc.find(f"{W}tcPr/{W}gridSpan")
            span = int(span_element.get(f"{W}val", "1")) if span_element is not None else 1
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                if column in open_merges:
                    open_merges[column].rowspan += 1
            else:
                cell = GridCell(cell_text(tc), span, 1)
                row.append(cell)
                if merge is not None:
                    open_merges[column] = cell
                else:
                    open_merges.pop(column, None)
            column += span
        rows.append(row)
    return rows


def squeeze(text: str) -> str:
    """Return `text` without any white space: labels may be typeset over several lines."""
    return _WHITE_SPACE.sub("", text)


def find_table(tables: Iterable[etree._Element], layout: TableLayout) -> etree._Element | None:
    """Return the first table whose first cell carries the layout's first label."""
    for table in tables:
        rows = grid_rows(table)
        if rows and rows[0] and squeeze(rows[0][0].text) == squeeze(layout.first_label):
            return table
    return None


def compare(
    table: etree._Element, layout: TableLayout, expected_data: Callable[[Cell], str]
) -> list[str]:
    """Return every difference between `table` and `layout`, in Chinese, top to bottom.

    `expected_data` gives the text a data cell must show (labels are compared without white
    space, data exactly).
    """
    problems: list[str] = []
    columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
    if columns != layout.grid_columns:
        problems.append(f"网格列数应为 {layout.grid_columns}，实为 {columns}")
    rows = grid_rows(table)
    if len(rows) != len(layout.rows):
        problems.append(f"行数应为 {len(layout.rows)}，实为 {len(rows)}")
    for number, (row, official) in enumerate(zip(rows, layout.rows, strict=False), 1):
        if len(row) != len(official):
            problems.append(f"第{number}行应有 {len(official)} 个单元格，实有 {len(row)} 个")
            continue
        for position, (cell, want) in enumerate(zip(row, official, strict=True), 1):
            where = f"第{number}行第{position}个单元格"
            problems.extend(f"{where}{problem}" for problem in _cell_problems(cell, want,
                                                                               expected_data))
    return problems


def _cell_problems(cell: GridCell, want: Cell, expected_data: Callable[[Cell], str]) -> list[str]:
    """Return the differences of one cell: merges, then label or data text."""
    problems = []
    if (cell.colspan, cell.rowspan) != (want.colspan, want.rowspan):
        problems.append(
            f"合并应为 跨{want.colspan}列×跨{want.rowspan}行，实为 "
            f"跨{cell.colspan}列×跨{cell.rowspan}行"
        )
    if want.key is None:
        if squeeze(cell.text) != squeeze(want.text or ""):
            problems.append(f"文字应为“{want.text}”，实为“{squeeze(cell.text)}”")
    elif cell.text != expected_data(want):
        problems.append(f"应显示 {want.key} 的值“{expected_data(want)}”，实为“{cell.text}”")
    return problems


def data_text(report: Report, cell: Cell) -> str:
    """Return the text the data cell `cell` shows for `report` (see official_tables.json)."""
    assert cell.key is not None
    *owners, name = cell.key.split(".")
    owner: object = report
    for attribute in owners:
        owner = getattr(owner, attribute)
    if cell.print == "amount_with_unit":
        assert isinstance(owner, Procurement)
        return owner.amount_text
    value = getattr(owner, name)
    return decimal_text(value) if isinstance(value, Decimal) else str(value)
