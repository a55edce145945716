"""service.xlsx.write.summary: the summary workbook's rows, figures, sheets, and text that stays
text."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from schemas import Issue, load_report
from schemas.model.figures import data_columns, figures
from schemas.model.totals import computed_totals
from schemas.registry import FORMAT_IDS, FORMATS
from service.xlsx.write.summary import (
    KEY_FIGURES,
    SummaryRow,
    SummaryWriter,
    first_problem,
)
from tests.conftest import EXAMPLES


def report(format_id: str):  # type: ignore[no-untyped-def]
    result = load_report(EXAMPLES[format_id].read_bytes())
    assert result.report is not None
    return result.report


def row(name: str, organization: str | None = "甲局", format_id: str | None = "2021") -> SummaryRow:
    values = figures(report(format_id)) if format_id else None
    return SummaryRow(
        input=name,
        organization=organization,
        year=2021,
        format=format_id,
        status="成功" if values else "失败",
        output=f"{name}.docx" if values else None,
        errors=0 if values else 1,
        warnings=0,
        first_problem="" if values else "输入文件：不是 .xlsx 工作簿",
        figures=values,
    )


def written(rows: list[SummaryRow]) -> bytes:
    writer = SummaryWriter()
    for each in rows:
        writer.add(each)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_every_data_cell_of_every_format_is_a_column_once() -> None:
    keys = {c.key for spec in FORMATS for t in spec.tables.values() for c in t.data_cells()}
    columns = data_columns()
    assert len(columns) == len(set(columns))
    assert set(columns) == keys | {"active_disclosure.procurement.amount_unit"}


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_figures_are_the_reports_values_and_totals(format_id: str) -> None:
    model = report(format_id)
    values = dict(zip(data_columns(), figures(model), strict=True))
    for path, total in computed_totals(model).items():
        assert values[path] == total
    other = next(spec for spec in FORMATS if spec.id != format_id)
    only_other = {c.key for t in other.tables.values() for c in t.data_cells()} - {
        c.key for t in model_tables(format_id) for c in t.data_cells()
    }
    assert only_other and all(values[key] is None for key in only_other)
    if format_id == "2021":
        assert values["active_disclosure.fee_amount"] == Decimal("9116.36")


def model_tables(format_id: str):  # type: ignore[no-untyped-def]
    return next(spec for spec in FORMATS if spec.id == format_id).tables.values()


def test_both_sheets_list_what_they_should() -> None:
    rows = [
        row("a.xlsx", format_id="2019"),
        row("b.json", organization=None, format_id=None),
        row("c.xlsx"),
    ]
    data = written(rows)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["汇总", "数据"]
    overview, values = book["汇总"], book["数据"]
    assert [c.value for c in overview["A"]][1:] == ["a.xlsx", "b.json", "c.xlsx"]
    assert [c.value for c in values["A"]][1:] == ["a.xlsx", "c.xlsx"]  # valid reports only
    header = [c.value for c in overview[1]]
    totals = computed_totals(report("2021"))
    last = overview.max_row
    for heading, path in KEY_FIGURES:
        expected = totals.get(path, 9116.36)  # the fee: its digits, read back as Excel does
        assert overview.cell(last, header.index(heading) + 1).value == expected
    assert overview.cell(3, header.index("第一条问题") + 1).value == "输入文件：不是 .xlsx 工作簿"
    assert (overview.freeze_panes, values.freeze_panes) == ("B2", "C2")
    assert overview.auto_filter.ref == f"A1:{overview.cell(1, len(header)).column_letter}4"
    assert values.auto_filter.ref.endswith("3")
    assert overview.column_dimensions["A"].width == 28
    data_header = [c.value for c in values[1]]
    assert data_header[4] == "二、主动公开政府信息情况 · 第二十条第（一）项 · 规章 · 本年制发件数"


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", "=1+1", "+1", "-1", "@SUM(1)", "=HYPERLINK(\"http://x\")"]
)
def test_text_that_looks_like_a_formula_is_stored_as_text(text: str) -> None:
    data = written([row(text, organization=text)])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    book = openpyxl.load_workbook(io.BytesIO(data))
    for cell in (book["汇总"]["A2"], book["汇总"]["B2"], book["数据"]["A2"]):
        assert cell.value == text and cell.data_type == "s"
        assert cell.quotePrefix


@pytest.mark.parametrize(
    ("name", "shown"),
    [("a\x07b.xlsx", "a\\x07b.xlsx"), ("a\udcffb.xlsx", "a\\udcffb.xlsx"), ("x" * 40000, None)],
)
def test_names_a_cell_cannot_hold_are_shown_safely(name: str, shown: str | None) -> None:
    data = written([row(name)])
    value = openpyxl.load_workbook(io.BytesIO(data))["汇总"]["A2"].value
    if shown is None:
        assert value == "x" * 32766 + "…"
    else:
        assert value == shown


def test_first_problem_is_the_first_error_else_the_first_warning() -> None:
    error = Issue("a", "R1", "不平", "表三!D6 · 标签")
    warning = Issue("b", "short_paragraph", "太短", "")
    assert first_problem([error], [warning]) == "表三!D6 · 标签：不平"
    assert first_problem([], [warning]) == "太短"
    assert first_problem([], []) == ""


def test_discarding_drops_the_spooled_rows() -> None:
    writer = SummaryWriter()
    writer.add(row("a.xlsx"))
    writer.discard()
    with pytest.raises(ValueError):
        writer.add(row("b.xlsx"))
