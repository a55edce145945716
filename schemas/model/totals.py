"""The 总计 cells of a report and their values (as given, or computed when absent)."""

from __future__ import annotations

from schemas.model.relations import cell_values, relations
from schemas.model.report import Report


def computed_totals(report: Report) -> dict[str, int]:
    """Every 总计 cell's contract path and its value (as given, or computed when absent)."""
    values = cell_values(report.applications, report.review_litigation)
    return {
        relation.path: values[relation.path]
        for relation in relations(report.format)
        if relation.computes
    }
