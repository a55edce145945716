"""What reading an uploaded document gives: the report and its problems, named by their cells.

Every reader (Word here, Excel in service/xlsx) returns an ``Imported``: the report as a dict in
the contract, or None when the document is not a readable report, with every problem as a
``schemas.Issue`` (path and Chinese label of the cell or paragraph concerned).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.model.layout import SEPARATOR
from schemas.model.result import Issue, Validation


@dataclass(frozen=True, slots=True)
class Imported:
    """A document read into the contract."""

    report: dict[str, Any] | None
    """The report in the contract (JSON-ready), None when the document is not a readable one."""
    errors: tuple[Issue, ...] = field(default=())
    """Why the document is not a readable report (empty when `report` is set)."""
    warnings: tuple[Issue, ...] = field(default=())
    """What was read with a guess or left out: blank cells read as 0, text outside the
    chapters, a template placeholder left in place, macros ignored."""
    kind: str = "docx"
    """The kind of document read: ``docx`` (or ``xlsx``)."""
    places: Mapping[str, str] = field(default_factory=dict)
    """Contract path → the cell it was read from (``表三!D6``), for a workbook: the problems
    validation finds in the report are named by their cells too (``located``)."""

    def located(self, result: Validation) -> Validation:
        """`result` with every problem's cell put before its label, where it has one."""
        return located_result(result, self.places)


def located_result(result: Validation, places: Mapping[str, str]) -> Validation:
    """`result` with every problem's cell (from `places`) put before its label."""
    if not places:
        return result
    return Validation(
        result.report,
        tuple(located(issue, places) for issue in result.errors),
        tuple(located(issue, places) for issue in result.warnings),
    )


def place_of(places: Mapping[str, str], path: str) -> str | None:
    """The cell of `path`, else of the first cell under it (a row, a group), else of the nearest
    path above it that has one; None when nothing near it was read from a cell."""
    if path in places:
        return places[path]
    under = next((place for key, place in places.items() if key.startswith(path + ".")), None)
    if under is not None or "." not in path:
        return under
    return place_of(places, path.rpartition(".")[0])


def located(issue: Issue, places: Mapping[str, str]) -> Issue:
    """`issue` with its cell put before its label (``表三!D6 · …``) when it has one."""
    place = place_of(places, issue.path) if issue.path else None
    if place is None or issue.label.startswith(place):
        return issue
    return Issue(issue.path, issue.code, issue.message, f"{place}{SEPARATOR}{issue.label}")
