"""Turn schema-checked report data (plain dicts, only given keys) into the ``Report`` model.

Defaults are filled in here (missing counts 0, title, other_matters ``无。``), totals computed
where absent and kept as given where present, items numbered and headings punctuated. Nothing is
checked here: the data has passed the schema; the rules run on the model afterwards.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from schemas.common import APPLICATION_GROUPS, names
from schemas.model import (
    APPLICANT_COLUMNS,
    Applications,
    Disclosure2019,
    Disclosure2021,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems,
    Format,
    Item,
    ItemCounts,
    OtherHandling2021,
    Outcomes,
    Procurement,
    Report,
    ReviewLitigation,
    Row,
    Section,
    Signature,
)
from schemas.numbering import heading_text, item_number, title_lines

Data = dict[str, Any]
OUTCOME_PARTS = ("upheld", "corrected", "other", "pending")
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
    groups = (
        applications.withheld,
        applications.unable_to_provide,
        applications.not_processed,
        applications.other_handling,
    )
    rows = [applications.granted, applications.partially_granted]
    for group in groups:
        rows.extend([group] if isinstance(group, Row) else group_rows(group))
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
    handling = data.get("other_handling")
    members["other_handling"] = (
        row(handling) if report_format == "2019" else _group(OtherHandling2021, handling)
    )
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


def disclosure(data: Data, report_format: Format) -> Disclosure2019 | Disclosure2021:
    """Table 2 in the report's format."""
    if report_format == "2021":
        return Disclosure2021(
            rules=counts(DocumentCounts2021, data.get("rules")),
            normative_documents=counts(DocumentCounts2021, data.get("normative_documents")),
            licensing_decisions=data.get("licensing_decisions", 0),
            penalty_decisions=data.get("penalty_decisions", 0),
            coercion_decisions=data.get("coercion_decisions", 0),
            fee_amount=data.get("fee_amount", _ZERO),
        )
    procurement = data.get("procurement") or {}
    return Disclosure2019(
        rules=counts(DocumentCounts2019, data.get("rules")),
        normative_documents=counts(DocumentCounts2019, data.get("normative_documents")),
        licensing=counts(ItemCounts, data.get("licensing")),
        other_services=counts(ItemCounts, data.get("other_services")),
        penalty=counts(ItemCounts, data.get("penalty")),
        coercion=counts(ItemCounts, data.get("coercion")),
        fees=counts(FeeItems, data.get("fees")),
        procurement=Procurement(
            projects=procurement.get("projects", 0),
            amount=procurement.get("amount", _ZERO),
            amount_unit=procurement.get("amount_unit", "元"),
        ),
    )


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


def report(data: Data, report_format: Format) -> Report:
    """The whole Report model from schema-checked data."""
    organization: str = data["organization"]
    year: int = data["year"]
    title: str = data.get("title", f"{organization}{year}年政府信息公开工作年度报告")
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
