"""The 总计 cells of a report: where each table-3 row and table-4 group is, and their values."""

from __future__ import annotations

from collections.abc import Iterator

from schemas.common import names
from schemas.model import (
    APPLICANT_COLUMNS,
    Applications,
    Outcomes,
    Report,
    ReviewLitigation,
    Row,
)


def table3_rows(applications: Applications) -> Iterator[tuple[str, Row]]:
    """Yield (contract path, Row) for every table-3 row, sub-rows included, in table order."""
    for key in names(Applications):
        member = getattr(applications, key)
        path = f"applications.{key}"
        if isinstance(member, Row):
            yield path, member
        else:
            for name in names(type(member)):
                yield f"{path}.{name}", getattr(member, name)


def table4_groups(table: ReviewLitigation) -> Iterator[tuple[str, Outcomes]]:
    """Yield (contract path, Outcomes) for the three table-4 groups."""
    for name in names(ReviewLitigation):
        yield f"review_litigation.{name}", getattr(table, name)


def computed_totals(report: Report) -> dict[str, int]:
    """Every 总计 cell's contract path and its value (as given, or computed when absent)."""
    totals = {f"{path}.total": row.total for path, row in table3_rows(report.applications)}
    processed = report.applications.total_processed
    for column in APPLICANT_COLUMNS:
        totals[f"applications.total_processed.{column}"] = getattr(processed, column)
    totals.update(
        {f"{path}.total": group.total for path, group in table4_groups(report.review_litigation)}
    )
    return totals
