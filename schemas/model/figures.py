"""Every data cell of a validated report as one row of values: the columns of every format's
three tables in table order, and a report's value in each (a cell of another format is None).

The batch's summary workbook and the review (its sums, its per-bureau figures and its detail
sheet) read reports this way, so a report travels back from a worker process as one small tuple.
Nothing here raises for a validated report.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from operator import attrgetter

from schemas.model.cells import unit_path
from schemas.model.layout import label
from schemas.model.report import Report
from schemas.registry import FORMATS, find

Value = int | Decimal | str | None

@cache
def data_columns() -> tuple[str, ...]:
    """The contract path of every data cell of every format, in table order (the current
    format's cells first where they differ), plus the procurement unit after its amount."""
    paths: list[str] = []
    for table in ("table2", "table3", "table4"):
        for spec in reversed(FORMATS):
            for cell in spec.tables[table].data_cells():
                assert cell.key is not None
                if cell.key not in paths:
                    paths.append(cell.key)
                unit = unit_path(cell)
                if unit is not None and unit not in paths:
                    paths.append(unit)
    return tuple(paths)


@cache
def column_index() -> dict[str, int]:
    """The position of each path of ``data_columns`` in a row of figures."""
    return {path: index for index, path in enumerate(data_columns())}


@cache
def data_headers() -> tuple[str, ...]:
    """The header of each data column: the cell's official label in the newest format that
    has it."""
    headers = []
    for path in data_columns():
        spec = next(s for s in reversed(FORMATS) if has(s.id, path))
        headers.append(label(path, spec.id))
    return tuple(headers)


@cache
def format_paths(format_id: str) -> frozenset[str]:
    """The data paths the tables of format `format_id` have; raises KeyError for an unknown
    format."""
    spec = find(format_id)
    keys = {c.key for t in spec.tables.values() for c in t.data_cells() if c.key is not None}
    return frozenset(keys | set(spec.unit_paths))


def has(format_id: str, path: str) -> bool:
    """Whether format `format_id` has the data cell `path`."""
    return path in format_paths(format_id)


def figures(report: Report) -> tuple[Value, ...]:
    """The report's value of every data column (None for a cell of another format): counts as
    given or computed, amounts exact, the procurement unit as text."""
    values: tuple[Value, ...] = _getter(report.format)(report)
    return values


@cache
def _getter(format_id: str) -> Callable[[Report], tuple[Value, ...]]:
    """Reads every data column of a report of format `format_id` at once (attrgetter walks
    the dotted paths in C: a review reads three reports' figures per bureau)."""
    paths = [path for path in data_columns() if has(format_id, path)]
    read = attrgetter(*paths)
    where = [column_index()[path] for path in paths]
    width = len(data_columns())

    def values(report: Report) -> tuple[Value, ...]:
        row: list[Value] = [None] * width
        for place, value in zip(where, read(report), strict=True):
            row[place] = value
        return tuple(row)

    return values
