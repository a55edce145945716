"""Turn schema-checked report data (plain dicts, only given keys) into the ``Report`` model.

Defaults are filled in here (missing counts 0, title, other_matters ``无。``), totals computed
where absent and kept as given where present, items numbered and headings punctuated. Nothing is
checked here: the data has passed the schema; the rules run on the model afterwards.
"""

from __future__ import annotations

import dataclasses
import typing
from decimal import Decimal
from functools import cache
from typing import Any

from schemas.contract.parts import APPLICATION_GROUPS, names
from schemas.model.numbering import heading_text, item_number, title_lines
from schemas.model.relations import OUTCOME_PARTS, RESULT_GROUPS
from schemas.model.report import (
    APPLICANT_COLUMNS,
    Applications,
    Item,
    Outcomes,
    Report,
    ReviewLitigation,
    Row,
    Section,
    Signature,
)
from schemas.registry import Format, find

Data = dict[str, Any]
NO_OTHER_MATTERS: Data = {"paragraphs": ["无。"]}
_ZERO = Decimal(0)


def counts(model: type, data: Data | None) -> Any:
    """Build a dataclass of counts; a missing count is 0."""
    data = data or {}
    return model(**{name: data.get(name, 0) for name in names(model)})


def row(data: Data | None) -> Row:
    """A table-3 Row; 总计 kept when given, else the sum of the six applicant columns."""
    data = data or {}
    columns: dict[str, int] = {column: data.get(column, 0) for column in APPLICANT_COLUMNS}
    return Row(**columns, total=data.get("total", sum(columns.values())))


def outcomes(data: Data | None) -> Outcomes:
    """A table-4 group; 总计 kept when given, else 维持 + 纠正 + 其他 + 尚未审结."""
    data = data or {}
    values: dict[str, int] = {name: data.get(name, 0) for name in OUTCOME_PARTS}
    return Outcomes(**values, total=data.get("total", sum(values.values())))


def result_rows(applications: Applications) -> tuple[Row, ...]:
    """Every result row （一）…（六） with all sub-rows: the rows （七）总计 adds up."""
    rows: list[Row] = []
    for name in RESULT_GROUPS:
        member = getattr(applications, name)
        rows.extend([member] if isinstance(member, Row) else group_rows(member))
    return tuple(rows)


def group_rows(group: object) -> tuple[Row, ...]:
    """The Rows of a table-3 group dataclass, in order."""
    return tuple(getattr(group, name) for name in names(type(group)))


def _group(model: type, data: Data | None) -> Any:
    """A table-3 group (e.g. （三）不予公开) of Rows."""
    data = data or {}
    return model(**{name: row(data.get(name)) for name in names(model)})


def applications(data: Data, report_format: Format) -> Applications:
    """Table 3, （七）总计 computed cell by cell where absent."""
    members: dict[str, Any] = {
        key: row(data.get(key)) if group is Row else _group(group, data.get(key))
        for key, group in APPLICATION_GROUPS.items()
    }
    handling, model = data.get("other_handling"), find(report_format).other_handling_model
    members["other_handling"] = row(handling) if model is Row else _group(model, handling)
    draft = Applications(**members)
    given = data.get("total_processed") or {}
    sums = {
        column: sum(getattr(result, column) for result in result_rows(draft))
        for column in APPLICANT_COLUMNS
    }
    columns = {column: given.get(column, sums[column]) for column in APPLICANT_COLUMNS}
    total = given.get("total", sum(columns.values()))
    members["total_processed"] = Row(**columns, total=total)
    return Applications(**members)


def review_litigation(data: Data) -> ReviewLitigation:
    """Table 4."""
    return ReviewLitigation(**{name: outcomes(data.get(name)) for name in names(ReviewLitigation)})


def disclosure(data: Data, report_format: Format) -> Any:
    """Table 2 in the report's format (the registry names its model)."""
    return filled(find(report_format).disclosure_model, data)


def filled(model: type, data: Data | None) -> Any:
    """A table-2 dataclass from its data: a missing count or amount is 0, a missing choice (an
    amount's unit) its first option; nested dataclasses are filled the same way."""
    data = data or {}
    values: dict[str, Any] = {}
    for name, hint in _hints(model).items():
        if dataclasses.is_dataclass(hint):
            values[name] = filled(hint, data.get(name))  # type: ignore[arg-type]
        elif name in data:
            values[name] = data[name]
        else:
            values[name] = _zero(hint)
    return model(**values)


@cache
def _hints(model: type) -> dict[str, Any]:
    """The field types of a model dataclass, in field order."""
    hints = typing.get_type_hints(model)
    return {name: hints[name] for name in names(model)}


def _zero(hint: Any) -> Any:
    """The value of an absent table field of type `hint`."""
    if typing.get_origin(hint) is typing.Literal:
        return typing.get_args(hint)[0]
    if hint is Decimal:
        return _ZERO
    if hint is int:
        return 0
    raise TypeError(f"no default for a table field of type {hint!r}")


def section(data: Data) -> Section:
    """A text chapter: items numbered （一）… and headings punctuated."""
    items = tuple(
        Item(
            number=item_number(position),
            heading=heading_text(item["heading"]),
            paragraphs=tuple(item.get("paragraphs", ())),
        )
        for position, item in enumerate(data.get("items", ()), 1)
    )
    return Section(paragraphs=tuple(data.get("paragraphs", ())), items=items)


def default_title(organization: str, year: int) -> str:
    """The title a report has when it gives none: ``{机关名称}{年度}年政府信息公开工作年度报告``."""
    return f"{organization}{year}年政府信息公开工作年度报告"


def report(data: Data, report_format: Format) -> Report:
    """The whole Report model from schema-checked data."""
    organization: str = data["organization"]
    year: int = data["year"]
    title: str = data.get("title", default_title(organization, year))
    signature = data.get("signature")
    return Report(
        format=report_format,
        year=year,
        organization=organization,
        title=title,
        title_lines=title_lines(title, organization, year),
        preamble=tuple(data.get("preamble", ())),
        overview=section(data["overview"]),
        active_disclosure=disclosure(data["active_disclosure"], report_format),
        applications=applications(data["applications"], report_format),
        review_litigation=review_litigation(data["review_litigation"]),
        problems=section(data["problems"]),
        other_matters=section(data.get("other_matters", NO_OTHER_MATTERS)),
        signature=None
        if signature is None
        else Signature(
            organization=signature.get("organization", organization),
            date=signature.get("date"),
        ),
    )
