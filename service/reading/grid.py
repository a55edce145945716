"""Tables as every reader gives them to the statistics reader: rows of cells with their merges.

A reader wraps each table of its file in a ``Table``: its first label (read cheaply, to find the
official tables), its rows with merges resolved (a cell covered by a merge is not listed, as in
HTML), the tables right after it (a table split in two is read as one), and how its rows are
continued by theirs.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol


class CellLike(Protocol):
    """A logical cell of a table: what it shows and how many columns and rows it covers."""

    @property
    def text(self) -> str: ...  # noqa: D102

    @property
    def colspan(self) -> int: ...  # noqa: D102

    @property
    def rowspan(self) -> int: ...  # noqa: D102


Rows = Sequence[Sequence[CellLike]]
"""A table's rows of logical cells, top to bottom."""
Fits = Callable[[Rows], bool]
"""Whether rows are the first rows of a table as its official layout has them."""


@dataclass(slots=True)
class GridCell:
    """A logical cell of a table read from a web page or a PDF."""

    text: str
    colspan: int = 1
    rowspan: int = 1


class Table(abc.ABC):
    """One table of a document, as its reader found it."""

    source: object
    """What the reader knows the table by (its element), for telling which tables were read."""

    @abc.abstractmethod
    def first_label(self) -> str:
        """The text of its first cell; "" when that cell holds a table of its own."""

    @abc.abstractmethod
    def rows(self) -> Rows:
        """Its rows of logical cells."""

    @abc.abstractmethod
    def following(self) -> Iterator[Table]:
        """The tables right after it with nothing between them but blank lines, a 续表 line or
        what a page break leaves (a page's footer and header)."""

    @abc.abstractmethod
    def continued(self, parts: Sequence[tuple[Table, int]], fits: Fits) -> Rows:
        """Its rows followed by the rows of each of `parts` less its first `n` (repeated
        header rows), as one table. `fits` says whether rows begin the table as its official
        layout does (a reader that must choose how two parts join asks it)."""


class Grid(Table):
    """A table given as its rows (web pages, PDFs): continued by plain concatenation."""

    def __init__(self, rows: Sequence[Sequence[GridCell]], source: object = None) -> None:
        self._rows = rows
        self.source = self if source is None else source
        self.after: Callable[[], Iterator[Table]] = lambda: iter(())
        """The tables right after it (set by the reader once it has them all; looked for only
        when asked, for the official tables)."""

    def first_label(self) -> str:
        """The first cell's text ("" for an empty table)."""
        return self._rows[0][0].text if self._rows and self._rows[0] else ""

    def rows(self) -> Rows:
        """Its rows."""
        return self._rows

    def following(self) -> Iterator[Table]:
        """The tables right after it."""
        return self.after()

    def continued(self, parts: Sequence[tuple[Table, int]], fits: Fits) -> Rows:
        """Its rows, then each part's rows less the repeated ones."""
        rows: list[Sequence[CellLike]] = list(self._rows)
        for table, repeated in parts:
            rows.extend(table.rows()[repeated:])
        return rows


def link_following(blocks: Sequence[object], between: Callable[[object], bool]) -> None:
    """Let each Grid among a document's `blocks` find, when asked, the Grids right after it
    with only blocks between that `between` allows (a blank line, a 续表 line)."""
    for index, block in enumerate(blocks):
        if isinstance(block, Grid):
            block.after = _after(blocks, between, index)


def _after(
    blocks: Sequence[object], between: Callable[[object], bool], index: int
) -> Callable[[], Iterator[Table]]:
    """The Grids after the one at `index` (see link_following)."""

    def tables() -> Iterator[Table]:
        for later in range(index + 1, len(blocks)):
            block = blocks[later]
            if isinstance(block, Grid):
                yield block
            elif not between(block):
                return

    return tables
