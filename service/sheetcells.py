"""Cells of a write-only openpyxl sheet from plain values, for every workbook the service writes
over many reports (the batch's summary, the review): numbers as numbers, every text as text.

A text starting with ``=`` ``+`` ``-`` ``@`` is never a formula (and carries Excel's quote
prefix, so that it stays text when the cell is edited); control characters and lone surrogates
are shown as ``\\x07``-style escapes; a text is cut at an Excel cell's length. Nothing raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from schemas.parsing.strict_json import echo

Value = int | Decimal | str | None
#: Text an Excel cell holds at most.
CELL_CHARS = 32_767
FORMULA_START = ("=", "+", "-", "@")


def row_cells(sheet: WriteOnlyWorksheet, values: Sequence[Value]) -> list[Cell]:
    """Cells for one row: numbers as numbers, every text as text (never a formula)."""
    cells = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, storable(value))
            cell.data_type = "s"  # openpyxl would store text starting with = as a formula
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        else:
            number: Any = value  # openpyxl writes a Decimal's digits as they are
            cell = WriteOnlyCell(sheet, number)
        cells.append(cell)
    return cells


def storable(text: str) -> str:
    """`text` as a cell can hold it: control characters and lone surrogates written as escapes
    (``\\x07``), at most an Excel cell's length (the manifest keeps every name whole)."""
    shown = echo(ILLEGAL_CHARACTERS_RE.sub(lambda found: f"\\x{ord(found.group()):02x}", text))
    if len(shown) > CELL_CHARS:
        return shown[: CELL_CHARS - 1] + "…"
    return shown
