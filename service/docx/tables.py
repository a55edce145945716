"""Word tables found by their first label and compared cell for cell with the official layouts;
a Word table as the statistics reader sees it (``WordTable``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from lxml import etree

from schemas.model.layout import Cell, TableLayout
from service.docx.ns import W
from service.docx.xml import GridCell, grid_columns, grid_rows, own_children, paragraph_text
from service.reading.grid import Fits, Rows, Table
from service.reading.layouts import compare_rows, squeeze
from service.reading.text import continued_table_line

#: Body-level marks that hold no content: they may stand between the parts of a split table.
_NOTHING = frozenset(
    {f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}proofErr", f"{W}permStart", f"{W}permEnd"}
)


def find_table(tables: Iterable[etree._Element], layout: TableLayout) -> etree._Element | None:
    """Return the first table whose first cell carries the layout's first label."""
    for table in tables:
        rows = grid_rows(table)
        if rows and rows[0] and squeeze(rows[0][0].text) == squeeze(layout.first_label):
            return table
    return None


def compare(
    table: etree._Element,
    layout: TableLayout,
    expected_data: Callable[[Cell], str] | None = None,
    *,
    rows: list[list[GridCell]] | None = None,
    spans: bool = True,
    same_label: Callable[[str, str], bool] | None = None,
) -> list[str]:
    """Return every difference between `table` and `layout`, in Chinese, top to bottom (see
    ``service.reading.layouts.compare_rows``; the grid's columns are the table's w:gridCol).
    `rows` are the table's grid rows when the caller has them already."""
    return compare_rows(
        grid_rows(table) if rows is None else rows,
        layout,
        expected_data,
        columns=grid_columns(table),
        spans=spans,
        same_label=same_label,
    )


class WordTable(Table):
    """A w:tbl: its grid built only when asked for (a table's grid reads every table nested in
    it, so building each one's would be quadratic in the nesting)."""

    def __init__(self, element: etree._Element) -> None:
        self.source = self.element = element
        self._rows: list[list[GridCell]] | None = None

    def first_label(self) -> str:
        """The text of the first cell, read only up to a table nested in it (then "")."""
        for row in own_children(self.element, f"{W}tr"):
            for cell in own_children(row, f"{W}tc"):
                texts = []
                for element in cell.iter(f"{W}p", f"{W}tbl"):
                    if element.tag == f"{W}tbl":
                        return ""
                    texts.append(paragraph_text(element))
                return "\n".join(texts)
            return ""
        return ""

    def rows(self) -> Rows:
        """The grid rows (gridSpan, vMerge resolved)."""
        if self._rows is None:
            self._rows = grid_rows(self.element)
        return self._rows

    def following(self) -> Iterator[Table]:
        """The tables right after it with nothing between them but empty paragraphs (a page
        break, a blank line), a 续表 line and marks without content (bookmarks, proofing)."""
        sibling = self.element.getnext()
        while sibling is not None:
            if sibling.tag == f"{W}tbl":
                yield WordTable(sibling)
            elif sibling.tag not in _NOTHING and (
                sibling.tag != f"{W}p" or not _between_parts(paragraph_text(sibling))
            ):
                return
            sibling = sibling.getnext()

    def continued(self, parts: Sequence[tuple[Table, int]], fits: Fits) -> Rows:
        """The rows with the parts' w:tr after it, its vertical merges carrying on."""
        more = [
            list(own_children(table.element, f"{W}tr"))[repeated:]
            for table, repeated in parts
            if isinstance(table, WordTable)
        ]
        return grid_rows(self.element, *more)


def word_tables(document: etree._Element) -> list[Table]:
    """Every table of the document at any depth, in document order."""
    return [WordTable(element) for element in document.iter(f"{W}tbl")]


def _between_parts(text: str) -> bool:
    """Whether a paragraph between two tables may stand inside one table: empty, or a 续表
    line."""
    return not text.strip() or continued_table_line(text)
