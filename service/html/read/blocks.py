"""A parsed web page as a reader sees it: its paragraphs and tables in order, and the article.

Text is laid out as a browser lays it out: a block element (``<p>``, ``<div>``, ``<h1>``, a
table cell…) starts a new paragraph; white space in the source collapses to one space, and a
line break in the source between two Chinese characters is no space at all (CSS Text: a
segment break between wide characters is removed); ``&nbsp;`` and the ideographic space stay.
``<br>`` is a line break inside the paragraph.

Tables: an official statistics table, or any table without a table inside it, is a table
(``Grid``: its ``<tr>``, ``<td>``/``<th>`` with ``colspan``/``rowspan``, each cell's paragraphs
and ``<br>`` as line feeds). A table holding other tables, or the report's chapters, is a
layout table — portals put whole articles in them — and its cells are read as the page's own
paragraphs and tables.

The article is the smallest part of the page that holds every chapter heading and official
table; what lies outside it — the portal's navigation, breadcrumbs, footers — is the site, not
the report, and is left out (with the title, which portals often put above the article).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from service.html.read.tree import Node
from service.reading.grid import Grid, GridCell

#: Elements that start a paragraph of their own.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
     "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
     "section", "summary", "ul", "table", "tr", "td", "th", "caption", "thead", "tbody",
     "tfoot", "body", "legend", "option"}
)  # fmt: skip
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})
#: A line break marker inside collected text (the parser never gives NUL: it is U+FFFD).
BREAK = "\x00"
_SOURCE_SPACE = re.compile(r"[ \t\n\r\f]+")
#: Most columns or rows one cell may span (the HTML standard's colspan limit is 1,000; an
#: official table has 13 columns and 28 rows).
MAX_SPAN = 64
_ALIGN = re.compile(r"(?:^|;)\s*text-align\s*:\s*([a-z-]+)", re.I)


@dataclass(slots=True, eq=False)
class Scope:
    """A block element as a place in the page: its block parent, and when the walk entered and
    left it (a scope is inside another when its walk is inside the other's)."""

    parent: Scope | None
    depth: int
    entered: int
    left: int = 1 << 62

    def within(self, other: Scope) -> bool:
        """Whether this scope is `other` or inside it."""
        return other.entered <= self.entered and self.left <= other.left


def common_scope(scopes: Sequence[Scope]) -> Scope:
    """The innermost scope that holds all of `scopes` (walking up from each: the few marks of a
    report, each at most the page's depth)."""
    common = scopes[0]
    for scope in scopes[1:]:
        while not scope.within(common):
            assert common.parent is not None  # the body's scope holds every scope
            common = common.parent
    return common


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the page as collected: its text (line breaks as BREAK), the block element
    it is in (for its style), the run-in span at its start, and where it is in the page."""

    text: str
    element: Node
    run_in: Node | None
    path: Scope
    """The block element around it."""


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table of the page and where it is."""

    table: Grid
    path: Scope


Item = Paragraph | TableBlock


def wide(char: str) -> bool:
    """Whether a character is East Asian wide (CJK, full-width forms, CJK punctuation)."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFF60
        or 0xFFE0 <= code <= 0xFFE6
        or 0x20000 <= code <= 0x3FFFF
    )


def collapse(text: str) -> str:
    """Source white space as a browser shows it: one space, none for a line break between two
    wide characters; a BREAK splits the text into lines, each trimmed of source white space."""
    lines = []
    for line in text.split(BREAK):
        pieces = []
        last = 0
        for match in _SOURCE_SPACE.finditer(line):
            pieces.append(line[last : match.start()])
            before = line[match.start() - 1] if match.start() else ""
            after = line[match.end()] if match.end() < len(line) else ""
            between_wide = before and after and wide(before) and wide(after)
            pieces.append("" if "\n" in match.group(0) and between_wide else " ")
            last = match.end()
        pieces.append(line[last:])
        lines.append("".join(pieces).strip(" "))
    return "\n".join(lines)


def text_of(node: Node) -> str:
    """All the text of an element, block elements and ``<br>`` as line breaks, as shown."""
    pieces: list[str] = []
    stack: list[Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
            continue
        if item.tag == "br":
            pieces.append(BREAK)
            continue
        if item.tag in BLOCK_TAGS and item is not node:
            pieces.append(BREAK)
            stack.append(BREAK)
        stack.extend(reversed(item.children))
    lines = [line for line in collapse("".join(pieces)).split("\n")]
    return "\n".join(_without_blank_edges(lines))


def _without_blank_edges(lines: list[str]) -> list[str]:
    """Lines without the empty ones at the start and the end (block boundaries)."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _span(node: Node, name: str) -> int:
    """A cell's colspan or rowspan: 1 when absent or not a sensible number."""
    value = node.attributes.get(name, "1").strip()
    return int(value) if value.isdigit() and 0 < int(value) <= MAX_SPAN else 1


def _rows(table: Node) -> Iterator[Node]:
    """A table's own rows (also inside thead, tbody, tfoot)."""
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                yield child
            elif child.tag in _ROW_GROUPS:
                yield from (row for row in child.children
                            if isinstance(row, Node) and row.tag == "tr")


def grid(table: Node) -> Grid:
    """A table's rows of cells with their merges and texts."""
    rows = [
        [
            GridCell(text_of(cell), _span(cell, "colspan"), _span(cell, "rowspan"))
            for cell in row.children
            if isinstance(cell, Node) and cell.tag in _CELLS
        ]
        for row in _rows(table)
    ]
    return Grid(rows, table)


def _is_layout(table: Node) -> bool:
    """Whether a table lays out the page rather than holds data: it holds tables, or the
    report's chapters (总体情况)."""
    return table.tables_inside or "总体情况" in text_of(table).replace("\n", "")


@dataclass(frozen=True, slots=True)
class _End:
    """Where a block element ends: the paragraph's element and path outside it again."""

    element: Node | None
    path: Scope
    inner: Scope
    """The scope that ends here."""


def items(body: Node) -> list[Item]:
    """The page's paragraphs and tables in document order (see the module docstring)."""
    found: list[Item] = []
    pieces: list[str] = []
    element: Node | None = None
    run_in: Node | None = None
    counter = 0
    path = Scope(None, 0, counter)

    def flush() -> None:
        nonlocal run_in
        text = "".join(pieces)
        if text.replace(BREAK, "").strip():
            found.append(Paragraph(collapse(text), element or body, run_in, path))
        pieces.clear()
        run_in = None

    stack: list[Node | str | _End] = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, _End):
            flush()
            counter += 1
            item.inner.left = counter
            element, path = item.element, item.path
        elif isinstance(item, str):
            if pieces or item.strip(" \t\r\n\f"):
                pieces.append(item)
        elif item.tag == "br":
            pieces.append(BREAK)
        elif item.tag not in BLOCK_TAGS:
            if item.tag == "span" and run_in is None and not "".join(pieces).strip():
                run_in = item
            stack.extend(reversed(item.children))
        else:
            flush()
            counter += 1
            inner = Scope(path, path.depth + 1, counter)
            if item.tag == "table" and not _is_layout(item):
                counter += 1
                inner.left = counter
                found.append(TableBlock(grid(item), inner))
                continue
            stack.append(_End(element, path, inner))
            element, path = item, inner
            stack.extend(reversed(item.children))
    flush()
    return found


def alignment(node: Node) -> str | None:
    """A block element's own alignment (``align`` or ``text-align``), None when it has none."""
    style = node.attributes.get("style", "")
    match = _ALIGN.search(style)
    if match is not None:
        return match.group(1).lower()
    align = node.attributes.get("align")
    return align.lower() if align else None
