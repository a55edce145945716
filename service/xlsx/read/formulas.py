"""Computing the one kind of formula the workbook has: sums of cells on the same sheet.

A workbook saved by Excel or LibreOffice Calc carries each formula's last result, which the
reader takes. One written by a program may not; then ``=SUM(D6:I6)``, ``=SUM(D6,F6:G6)`` or
``=D6+E6`` over numbers on the same sheet are computed here. Anything else, a sum over a cell
that is not a number (text, another formula without a result), or one adding up more than
MAX_TERMS cells is left to the reader to report (None), so the work stays small whatever the
formula says.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from openpyxl.utils.cell import column_index_from_string

_REFERENCE = r"\$?([A-Z]{1,3})\$?([0-9]{1,7})"
_AREA = re.compile(rf"{_REFERENCE}(?::{_REFERENCE})?\Z")
_SUM = re.compile(r"SUM\((.*)\)\Z")

#: The number in the cell at (row, column): 0 when empty, None when it is not a number.
NumberAt = Callable[[tuple[int, int]], "int | float | None"]
#: Most cells one formula may add up (the workbook's own sums add up at most 22).
MAX_TERMS = 1_000


def evaluate(formula: str, number_at: NumberAt) -> int | float | None:
    """The value of `formula` (``=…``), or None when this module does not compute it."""
    body = formula.removeprefix("=").replace(" ", "").upper()
    summed = _SUM.match(body)
    parts = summed.group(1).split(",") if summed else body.split("+")
    positions: list[tuple[int, int]] = []
    for part in parts:
        bounds = _bounds(part)
        if bounds is None:
            return None
        top, left, bottom, right = bounds
        if len(positions) + (bottom - top + 1) * (right - left + 1) > MAX_TERMS:
            return None
        positions.extend(
            (row, column) for row in range(top, bottom + 1) for column in range(left, right + 1)
        )
    total: int | float = 0
    for position in positions:
        value = number_at(position)
        if value is None:
            return None
        total += value
    return total


def _bounds(area: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of ``D6`` or ``D6:I9``, or None."""
    matched = _AREA.match(area)
    if matched is None:
        return None
    first_column, first_row, last_column, last_row = matched.groups()
    top, left = int(first_row), column_index_from_string(first_column)
    if last_row is None:
        return top, left, top, left
    bottom, right = int(last_row), column_index_from_string(last_column)
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)
