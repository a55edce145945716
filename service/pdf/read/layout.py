"""A PDF's pages laid out again as a reader needs them: tables from their ruling lines, lines of
text, paragraphs rejoined across lines and pages.

Tables: the ruling lines of a page are snapped together (borders drawn a fraction of a point
apart are one line) and grouped where they cross; each group with two lines or more each way is
a table. Its grid is the lines' distinct positions; two neighbouring squares of the grid are one
cell unless a line is drawn between them, so merged cells come out with their colspan and
rowspan as in the document. A character belongs to the cell its middle is in.

Text outside the tables: characters on one baseline make a line; a page's header and footer
(page numbers such as ``— 2 —``, ``第2页``, ``2/6``; a line repeated at the same place on every
page) are not text of the report. Lines are rejoined into paragraphs as they were typeset: a
paragraph starts with an indented line (the first-line indent of official documents), a line
centred or set to the right, a change of type size or a blank line; a line that reaches the
right margin continues on the next (across pages too) with nothing between — a Chinese line
break is not a space; one that stops short ends in a line break of the paragraph.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from service.errors import DocumentTooLarge
from service.pdf.read.extract import Char, PageContent, Rule
from service.reading.grid import Fits, Grid, GridCell, Rows, Table

#: Positions closer than this are one (points).
SNAP = 2.0
#: Most ruling lines of one page built into tables (an official table has a few dozen once
#: joined, a few hundred drawn): more is not a report's page.
MOST_RULES = 20_000
#: Most joined lines one way on a page (a page of official tables has under a hundred).
MOST_LINES = 1_000
#: Most squares of one table's grid (table 3 has about 300): a larger grid is no table of a
#: report, and is not read as one.
MOST_SQUARES = 20_000
_PAGE_NUMBER = re.compile(
    r"[-—–－_~·.•\s]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?(?:\s*[/／]\s*[0-9]{1,4}|\s*共\s*[0-9]{1,4}\s*页)?"
    r"[-—–－_~·.•\s]*"
)
#: A table cell's inner margin (Word's and LibreOffice's default is 0.19 cm).
_CELL_PADDING = 6.0
_MARGIN = 0.1
"""Share of the page height at the top and at the bottom where headers and footers are."""


@dataclass(slots=True)
class TextLine:
    """Characters on one baseline."""

    chars: list[Char]
    page: int
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        self.chars.sort(key=lambda char: char.x0)
        self.text = "".join(char.text for char in self.chars)
        self.x0 = min(char.x0 for char in self.chars)
        self.x1 = max(char.x1 for char in self.chars)
        self.top = min(char.top for char in self.chars)
        self.bottom = max(char.bottom for char in self.chars)
        self.size = statistics.median(char.size for char in self.chars) or 1.0


def lines_of(chars: Sequence[Char]) -> list[TextLine]:
    """Characters grouped into lines (top to bottom), each left to right."""
    ordered = sorted(chars, key=lambda char: ((char.top + char.bottom) / 2, char.x0))
    lines: list[list[Char]] = []
    middle = 0.0
    for char in ordered:
        centre = (char.top + char.bottom) / 2
        height = max(char.bottom - char.top, 1.0)
        if lines and abs(centre - middle) <= height * 0.45:
            lines[-1].append(char)
        else:
            lines.append([char])
            middle = centre
    return [TextLine(line, 0) for line in lines]


def _snap(values: list[float]) -> list[float]:
    """Distinct positions: values closer than SNAP are one (their mean)."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= SNAP:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(group) / len(group) for group in groups]


@dataclass(slots=True)
class _Line:
    """A joined ruling line: `at` its position across, [start, end] along it."""

    at: float
    start: float
    end: float


def _joined(rules: list[Rule], horizontal: bool) -> list[_Line]:
    """The rules one way joined: collinear pieces that touch or overlap are one line."""
    pieces = sorted(
        (
            (rule.y0, rule.x0, rule.x1) if horizontal else (rule.x0, rule.y0, rule.y1)
            for rule in rules
            if rule.horizontal == horizontal
        ),
    )
    positions = _snap([at for at, _, _ in pieces])
    lines: list[_Line] = []
    by_position: dict[float, list[tuple[float, float]]] = {}
    for at, start, end in pieces:
        index = min(bisect.bisect_left(positions, at), len(positions) - 1)
        if index and at - positions[index - 1] < abs(positions[index] - at):
            index -= 1
        by_position.setdefault(positions[index], []).append((start, end))
    for at, spans in by_position.items():
        spans.sort()
        current = list(spans[0])
        for start, end in spans[1:]:
            if start <= current[1] + SNAP:
                current[1] = max(current[1], end)
            else:
                lines.append(_Line(at, current[0], current[1]))
                current = [start, end]
        lines.append(_Line(at, current[0], current[1]))
    return lines


def _by_position(lines: list[_Line], positions: list[float]) -> dict[int, list[_Line]]:
    """The lines by the index of the position they are at."""
    found: dict[int, list[_Line]] = {}
    for line in lines:
        index = bisect.bisect_left(positions, line.at - SNAP)
        if index < len(positions) and abs(positions[index] - line.at) <= SNAP:
            found.setdefault(index, []).append(line)
    return found


def _covered(lines: dict[int, list[_Line]], at: int, start: float, end: float) -> bool:
    """Whether some line at position index `at` runs from `start` to `end` (within SNAP)."""
    return any(
        line.start <= start + SNAP and line.end >= end - SNAP for line in lines.get(at, ())
    )


def _groups(across: list[_Line], down: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """The lines grouped into tables: lines that cross or touch are of one table."""
    parent = list(range(len(across) + len(down)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i, h in enumerate(across):
        for j, v in enumerate(down):
            if v.start - SNAP <= h.at <= v.end + SNAP and h.start - SNAP <= v.at <= h.end + SNAP:
                parent[find(i)] = find(len(across) + j)
    groups: dict[int, tuple[list[_Line], list[_Line]]] = {}
    for i, h in enumerate(across):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(down):
        groups.setdefault(find(len(across) + j), ([], []))[1].append(v)
    return [group for group in groups.values() if len(group[0]) >= 2 and len(group[1]) >= 2]


@dataclass(slots=True)
class PdfCell(GridCell):
    """A cell of a table on a PDF page, with its box (points from the page's top left)."""

    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0


class PdfGrid(Grid):
    """A table on one page of a PDF. Continued on the next page, the two parts join as the
    page break cut the table: between two rows; or through a row that may break across pages
    (Word's default), its text on both pages; and a cell merged down over the break goes on as
    an empty cell at the top of the next page. At each break the join that makes the rows so far
    begin the official table is taken (a row that went on, cells that went on, none)."""

    def __init__(self, table: FoundTable) -> None:
        super().__init__(table.rows, table)
        self.table = table

    def continued(self, parts: Sequence[tuple[Table, int]], fits: Fits) -> Rows:
        """The rows of this part and the parts after it, joined at each page break."""
        rows = [list(row) for row in _copied(self.table.rows)]
        bottom = self.table.bottom
        for part, repeated in parts:
            if not isinstance(part, PdfGrid):
                continue
            more = [list(row) for row in _copied(part.table.rows)][repeated:]
            if not more:
                continue
            joined = None
            for how in (_THROUGH_ROW, _MERGED_ABOVE, _MERGED):
                attempt = _joined_at_break(_copied(rows), _copied(more), bottom, how)
                if attempt is not None and fits(attempt[:-1]):
                    joined = attempt
                    break
            rows = joined if joined is not None else rows + more
            bottom = part.table.bottom
        return rows


def _copied(rows: Sequence[Sequence[PdfCell]]) -> list[list[PdfCell]]:
    """Rows of copies of the cells (joining changes them)."""
    return [[dataclasses.replace(cell) for cell in row] for row in rows]


#: How the cells at the top of a new page may go on from the page before: a row broken across
#: the pages (every cell under one that reaches the break); cells merged down over the break
#: (empty cells under one that began above the last row, or under any).
_THROUGH_ROW, _MERGED_ABOVE, _MERGED = "through row", "merged above", "merged"


def _joined_at_break(
    rows: list[list[PdfCell]], more: list[list[PdfCell]], bottom: float, how: str
) -> list[list[PdfCell]] | None:
    """`rows` continued by `more` across a page break, the cells of `more`'s first row that sit
    under a cell reaching the bottom of the page before (same columns) taken as that cell going
    on, as `how` says; None when no cell goes on."""
    last = {id(cell) for cell in rows[-1]}
    open_cells = [cell for row in rows for cell in row if abs(cell.bottom - bottom) <= SNAP]
    through = how == _THROUGH_ROW
    kept: list[PdfCell] = []
    joined = False
    for cell in more[0]:
        above = next(
            (other for other in open_cells
             if abs(other.left - cell.left) <= SNAP and abs(other.right - cell.right) <= SNAP),
            None,
        )
        goes_on = above is not None and (
            through
            or (not cell.text.strip() and (how == _MERGED or id(above) not in last))
        )
        if above is None or not goes_on:
            kept.append(cell)
            continue
        if cell.text.strip():
            above.text = f"{above.text}\n{cell.text}" if above.text.strip() else cell.text
        # Its rows on the new page; the first is the row before going on, when it broke.
        above.rowspan += cell.rowspan - (1 if through else 0)
        joined = True
    if not joined:
        return None
    return [*rows, *([kept] if kept else []), *more[1:]]


@dataclass(slots=True, eq=False)
class FoundTable:
    """A table found on a page: its outline, its rows of cells (text filled by `fill`)."""

    left: float
    top: float
    right: float
    bottom: float
    rows: list[list[PdfCell]]
    xs: list[float]
    ys: list[float]
    at: dict[tuple[int, int], PdfCell]
    """The cell covering each square of the grid (row, column)."""

    def fill(self, chars: list[Char]) -> list[Char]:
        """Put each character into the cell its middle is in (each cell's lines joined by
        line feeds); the characters outside the table are returned."""
        held: dict[int, tuple[PdfCell, list[Char]]] = {}
        rest = []
        for char in chars:
            x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
            column = bisect.bisect_right(self.xs, x) - 1
            row = bisect.bisect_right(self.ys, y) - 1
            cell = self.at.get((row, column))
            if cell is None:
                rest.append(char)
            else:
                held.setdefault(id(cell), (cell, []))[1].append(char)
        for cell, inside in held.values():
            cell.text = _cell_text(cell, lines_of(inside))
        return rest


def _cell_text(cell: PdfCell, lines: list[TextLine]) -> str:
    """A cell's lines as its text: a line that runs to the cell's right edge wrapped and goes
    on in the next with nothing between (a number too long for a narrow column); another ends
    in a line feed."""
    pieces: list[str] = []
    for index, line in enumerate(lines):
        pieces.append(line.text)
        if index + 1 < len(lines):
            wrapped = cell.right - line.x1 <= _CELL_PADDING + 1.5 * max(line.size, 1.0)
            pieces.append("" if wrapped else "\n")
    return "".join(pieces)


def tables_of(page: PageContent) -> list[FoundTable]:
    """The page's tables from its ruling lines; raises DocumentTooLarge for a page of too many
    lines (not a report's page)."""
    if len(page.rules) > MOST_RULES:
        raise _too_many(page.number)
    across, down = _joined(page.rules, True), _joined(page.rules, False)
    if len(across) > MOST_LINES or len(down) > MOST_LINES:
        raise _too_many(page.number)
    found = []
    for horizontal, vertical in _groups(across, down):
        table = _cells(horizontal, vertical)
        if table is not None:
            found.append(table)
    return found


def _too_many(number: int) -> DocumentTooLarge:
    """The refusal of a page with more lines than any report's page."""
    return DocumentTooLarge(
        f"PDF 第 {number} 页的线条过多，不是年度报告的页面 / page {number} has too many ruling "
        "lines for a report's page"
    )


def _cells(horizontal: list[_Line], vertical: list[_Line]) -> FoundTable | None:
    """A table's cells from its lines (see the module docstring)."""
    ys = _snap([line.at for line in horizontal])
    xs = _snap([line.at for line in vertical])
    rows, columns = len(ys) - 1, len(xs) - 1
    if rows < 1 or columns < 1 or rows * columns > MOST_SQUARES:
        return None
    across, down = _by_position(horizontal, ys), _by_position(vertical, xs)
    parent = list(range(rows * columns))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for r in range(rows):
        for c in range(columns):
            here = r * columns + c
            if c + 1 < columns and not _covered(down, c + 1, ys[r], ys[r + 1]):
                parent[find(here)] = find(here + 1)
            if r + 1 < rows and not _covered(across, r + 1, xs[c], xs[c + 1]):
                parent[find(here)] = find(here + columns)
    spans: dict[int, list[int]] = {}
    for r in range(rows):
        for c in range(columns):
            box = spans.setdefault(find(r * columns + c), [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
    by_row: dict[int, list[tuple[int, PdfCell]]] = {}
    at: dict[tuple[int, int], PdfCell] = {}
    for top, left, bottom, right in spans.values():
        enclosed = (
            _covered(across, top, xs[left], xs[right + 1])
            or _covered(across, bottom + 1, xs[left], xs[right + 1])
        ) and (
            _covered(down, left, ys[top], ys[bottom + 1])
            or _covered(down, right + 1, ys[top], ys[bottom + 1])
        )
        if not enclosed:  # outside the table's outline
            continue
        cell = PdfCell("", right - left + 1, bottom - top + 1, xs[left], xs[right + 1],
                       ys[top], ys[bottom + 1])
        by_row.setdefault(top, []).append((left, cell))
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                at[(r, c)] = cell
    if not by_row:
        return None
    grid = [[cell for _, cell in sorted(by_row[row], key=lambda pair: pair[0])]
            for row in sorted(by_row)]
    return FoundTable(xs[0], ys[0], xs[-1], ys[-1], grid, xs, ys, at)


def furniture(pages: Sequence[Sequence[TextLine]], heights: Sequence[float]) -> set[int]:
    """The ids of the lines that are a page's header or footer, not text of the report: a page
    number in the margins, or a line repeated in the margins of most pages."""
    marginal: list[TextLine] = []
    for lines, height in zip(pages, heights, strict=True):
        marginal.extend(
            line for line in lines
            if line.bottom <= height * _MARGIN or line.top >= height * (1 - _MARGIN)
        )
    counts = Counter((line.text.strip(), round(line.top)) for line in marginal)
    furnished = set()
    for line in marginal:
        text = line.text.strip()
        if _PAGE_NUMBER.fullmatch(text) or (
            len(pages) > 2 and counts[(text, round(line.top))] >= len(pages) - 1
        ):
            furnished.add(id(line))
    return furnished
