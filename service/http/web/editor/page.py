"""The editor's page: the official grids laid out for the form, each problem on its field, R1–R4
as data for the page's live checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import render_template

from schemas import Issue, Report
from schemas.checks.placeholders import PLACEHOLDERS
from schemas.contract.parts import names
from schemas.model.cells import AMOUNT_UNITS, unit_path
from schemas.model.layout import FIELD_LABELS, TABLE_SECTIONS, TableLayout, label
from schemas.model.relations import relations
from schemas.registry import FORMATS, Format, find
from service.http.web import Notice, chinese, csrf
from service.http.web.editor.form import (
    SECTIONS,
    EditorState,
    computed_totals,
    texts,
    totalled,
)
from service.http.web.generated import Generated

#: Where each part is on the page, for listing problems in page order: the contract's order.
_PAGE_ORDER = names(Report)
#: Vertical merges this tall are set vertically, as in the Word table (三、本年度办理结果).
_VERTICAL_ROWS = 10
START_MODES = ("this", "next")


@dataclass
class Outcome:
    """What the page shows besides the form: a notice, the problems, a generated file."""

    notice: Notice | None = None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    generated: Generated | None = None
    left_out: tuple[str, ...] = ()
    focus: str | None = None
    """The id of the element to focus (after adding, removing or moving a paragraph)."""
    fresh: bool = False
    """A page not yet posted: the script offers a draft kept in the browser."""


def in_page_order(issues: list[Issue]) -> tuple[Issue, ...]:
    """`issues` by where their field is on the page (the rules' own order within a table)."""

    def rank(issue: Issue) -> int:
        head = issue.path.split(".")[0]
        return _PAGE_ORDER.index(head) if head in _PAGE_ORDER else len(_PAGE_ORDER)

    return tuple(sorted(issues, key=rank))


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of an official table as the page lays it out."""

    key: str | None
    text: str | None
    colspan: int
    rowspan: int
    label: str | None
    print: str | None
    row_label: bool
    """The label of the row's data cells (kept in view when the table scrolls sideways)."""
    vertical: bool
    unit: str | None
    """The path of the unit menu beside an amount (元 or 万元), None for other cells."""


@cache
def grids(report_format: Format) -> dict[str, list[list[GridCell]]]:
    """The page's grids of a format's three tables (computed once)."""
    return {name: grid(table) for name, table in find(report_format).tables.items()}


def grid(table: TableLayout) -> list[list[GridCell]]:
    """The rows of an official table with what the page needs to know of each cell."""
    rows: list[list[GridCell]] = []
    for row in table.rows:
        # A row of column labels has no row label (its last label is not one).
        first_data = next((index for index, cell in enumerate(row) if cell.key), 0)
        rows.append(
            [
                GridCell(
                    cell.key,
                    cell.text,
                    cell.colspan,
                    cell.rowspan,
                    cell.label,
                    cell.print,
                    cell.key is None and index == first_data - 1,
                    cell.key is None and cell.rowspan >= _VERTICAL_ROWS,
                    unit_path(cell),
                )
                for index, cell in enumerate(row)
            ]
        )
    return rows


def relations_data(state: EditorState) -> list[dict[str, Any]]:
    """R1–R4 of the state's format as the page's script reads them (Chinese messages)."""
    return [
        {
            "code": relation.code,
            "path": relation.path,
            "left": relation.left,
            "right": relation.right,
            "computes": relation.computes,
            "message": chinese(relation.message),
            "label": label(relation.path, state.format),
        }
        for relation in relations(state.format)
    ]


def editor_page(
    state: EditorState, outcome: Outcome | None = None, status: int = 200
) -> tuple[str, int]:
    """Render the editor for `state` with `outcome`."""
    outcome = outcome or Outcome()
    by_path: dict[str, list[Issue]] = defaultdict(list)
    for issue in (*outcome.errors, *outcome.warnings):
        by_path[issue.path].append(issue)
    broken = {(issue.path, issue.code) for issue in outcome.errors}
    involved = {
        path
        for relation in relations(state.format)
        if (relation.path, relation.code) in broken
        for path in (*relation.left, *relation.right)
    }
    spec = find(state.format)
    html = render_template(
        "web/editor.html",
        state=state,
        spec=spec,
        formats=FORMATS,
        tables=grids(state.format),
        headings={name: table.heading for name, table in spec.tables.items()},
        computed=computed_totals(state),
        totalled=totalled,
        texts=texts,
        sections=SECTIONS,
        titles=FIELD_LABELS,
        placeholders=PLACEHOLDERS,
        label=lambda path: label(path, state.format),
        units=AMOUNT_UNITS,
        outcome=outcome,
        by_path=by_path,
        error_paths={issue.path for issue in outcome.errors},
        table_errors={
            name: [issue for issue in outcome.errors if issue.path.startswith(root + ".")]
            for name, root in TABLE_SECTIONS.items()
        },
        roots=TABLE_SECTIONS,
        involved=involved,
        relations=relations_data(state),
        csrf_token=csrf.token(),
        csrf_field=csrf.FIELD,
        start_modes=START_MODES,
    )
    return html, status
