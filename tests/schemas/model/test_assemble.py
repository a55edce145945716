"""The model built from valid data: defaults, totals, numbering, signature, title."""

from __future__ import annotations

import datetime
from decimal import Decimal

from schemas import load_report
from schemas.model.report import Row, Section, Signature
from tests.conftest import changed, removed


def test_defaults_of_a_minimal_report():
    minimal = {
        "year": 2022,
        "organization": "某局",
        "overview": {"paragraphs": ["概况。"]},
        "active_disclosure": {},
        "applications": {},
        "review_litigation": {},
        "problems": {"items": [{"heading": "问题", "paragraphs": ["问题。"]}]},
    }
    report = load_report(minimal).report
    assert report.format == "2021"
    assert report.title == "某局2022年政府信息公开工作年度报告"
    assert report.title_lines == (report.title,)
    assert report.preamble == ()
    assert report.other_matters == Section(("无。",), ())
    assert report.signature is None
    assert report.active_disclosure.fee_amount_text == "0"
    assert report.applications.other_handling.overdue_fee == Row(0, 0, 0, 0, 0, 0, 0)
    assert report.review_litigation.litigation_direct.total == 0


def test_items_are_numbered_and_headings_resolved(example_2021):
    items = load_report(example_2021).report.overview.items
    assert [item.title for item in items] == [
        "（一）主动公开。",
        "（二）依申请公开。",
        "（三）政府信息管理。",
        "（四）平台建设：",
        "（五）监督保障。",
    ]
    assert items[0].paragraphs[1].startswith("围绕重点领域")


def test_line_breaks_and_tabs_inside_paragraphs_are_kept(example_2021):
    report = load_report(example_2021).report
    assert report.preamble[1].count("\n") == 2


def test_the_signature_organization_defaults_to_the_organization(example_2021):
    report = load_report(removed(example_2021, "signature.organization")).report
    assert report.signature == Signature("嘉兴市秀洲区人民政府办公室", datetime.date(2022, 1, 20))
    assert load_report(removed(example_2021, "signature.date")).report.signature.date_text == ""


def test_amounts_keep_their_digits(example_2019, example_2021):
    report = load_report(changed(example_2021, "active_disclosure.fee_amount", "0.50")).report
    assert report.active_disclosure.fee_amount_text == "0.50"
    number = changed(example_2021, "active_disclosure.fee_amount", Decimal("12.345678"))
    assert load_report(number).report.active_disclosure.fee_amount == Decimal("12.345678")
    document = changed(example_2019, "active_disclosure.procurement", {"amount": "12.5"})
    procurement = load_report(document).report.active_disclosure.procurement
    assert (procurement.projects, procurement.amount_text) == (0, "12.5元")
    unit = changed(example_2019, "active_disclosure.procurement.amount_unit", "万元")
    assert load_report(unit).report.active_disclosure.procurement.amount_text == "345000万元"


def test_missing_rows_and_groups_are_zero(example_2021):
    document = removed(example_2021, "applications.withheld")
    document = removed(document, "applications.granted")
    result = load_report(document, allow_inconsistent=True)
    applications = result.report.applications
    assert applications.withheld.administrative_inquiry == Row(0, 0, 0, 0, 0, 0, 0)
    assert applications.granted.total == 0
    assert applications.total_processed.total == 1347  # given, kept as given
    assert {issue.code for issue in result.warnings} == {"R3"}


def test_a_given_title_is_used(example_2019):
    report = load_report(example_2019).report
    assert report.title == "秀洲区退役军人事务局2020年度政府信息公开工作年度报告"
    assert report.title_lines == ("秀洲区退役军人事务局", "2020年度政府信息公开工作年度报告")
