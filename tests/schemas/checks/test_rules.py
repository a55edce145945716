"""The consistency rules R1–R4 and the warnings, each passing and failing."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import load_report
from tests.conftest import changed, removed


def found(result: Any) -> list[tuple[str, str]]:
    return [(issue.path, issue.code) for issue in (*result.errors, *result.warnings)]


def test_the_complete_example_satisfies_every_rule(example_2021):
    assert found(load_report(example_2021)) == []


def test_r1_names_the_column_and_both_sides(example_2021):
    document = changed(example_2021, "applications.carried_forward.research", 2)
    document = changed(document, "applications.carried_forward.total", 13)
    result = load_report(document)
    assert found(result) == [
        ("applications.carried_forward.research", "R1"),
        ("applications.carried_forward.total", "R1"),
    ]
    message = result.errors[0].message
    assert "第一项加第二项之和为 165" in message and "为 166" in message and "(R1)" in message
    assert result.errors[0].label.endswith("四、结转下年度继续办理 · 法人或其他组织 · 科研机构")


def test_r2_a_given_row_total_must_be_the_sum(example_2021):
    path = "applications.withheld.state_secret.total"
    result = load_report(changed(example_2021, path, 1))
    assert ("applications.withheld.state_secret.total", "R2") in found(result)
    message = next(issue.message for issue in result.errors if issue.code == "R2")
    assert message.startswith("总计 为 1，但本行六个申请人栏之和为 ")


def test_r2_an_absent_row_total_is_computed(example_2021):
    document = removed(example_2021, "applications.withheld.state_secret.total")
    result = load_report(document)
    assert result.valid
    expected = example_2021["applications"]["withheld"]["state_secret"]["total"]
    assert result.report.applications.withheld.state_secret.total == expected


def test_r3_names_both_values(example_2021):
    document = changed(example_2021, "applications.total_processed.natural_person", 20)
    result = load_report(document)
    r3 = [issue for issue in result.errors if issue.code == "R3"]
    assert [issue.path for issue in r3] == ["applications.total_processed.natural_person"]
    assert r3[0].message.startswith("（七）总计 为 20，但各办理结果之和为 501（R3） / ")
    assert r3[0].message.endswith("total_processed is 20 but the result rows add up to 501 (R3)")
    assert r3[0].label.endswith("（七）总计 · 自然人")


def test_r3_total_processed_is_computed_cell_by_cell(example_2021):
    document = removed(example_2021, "applications.total_processed")
    report = load_report(document).report
    assert report.applications.total_processed.natural_person == 501
    assert report.applications.total_processed.total == 1347
    partial = changed(document, "applications.total_processed", {"research": 164})
    assert load_report(partial).report.applications.total_processed.total == 1347


def test_r4_each_group(example_2021):
    document = changed(example_2021, "review_litigation.litigation_after_review.total", 4)
    result = load_report(document)
    assert found(result) == [("review_litigation.litigation_after_review.total", "R4")]
    assert "总计 为 4" in result.errors[0].message and "之和为 5" in result.errors[0].message
    fixed = removed(document, "review_litigation.litigation_after_review.total")
    assert load_report(fixed).report.review_litigation.litigation_after_review.total == 5


def test_allow_inconsistent_turns_rules_into_warnings_and_prints_given_totals(example_2021):
    document = changed(example_2021, "review_litigation.review.total", 99)
    refused = load_report(document)
    assert refused.report is None and [i.code for i in refused.errors] == ["R4"]
    allowed = load_report(document, allow_inconsistent=True)
    assert allowed.valid and [i.code for i in allowed.warnings] == ["R4"]
    assert allowed.report.review_litigation.review.total == 99


def test_rule_errors_come_with_the_warnings(example_2021):
    document = changed(example_2021, "review_litigation.review.total", 99)
    document = changed(document, "title", "某局报告")
    result = load_report(document)
    assert [i.code for i in result.errors] == ["R4"]
    assert [i.code for i in result.warnings] == ["title_year_mismatch"]


# (change to the 2021 example, warning path, warning code)
def bumped(document: dict[str, Any], paths: list[str], delta: int) -> dict[str, Any]:
    """A copy with ``delta`` added to the count at each path."""
    for path in paths:
        node: Any = document
        for key in path.split("."):
            node = node[key]
        document = changed(document, path, node + delta)
    return document


WARNINGS = [
    ({"other_matters.paragraphs": ["无。"]}, "other_matters", "fee_not_reported"),
    ({"problems.items.1.paragraphs": ["。"]}, "problems.items.1.paragraphs.0", "short_paragraph"),
    ({"title": "某局政府信息公开工作年度报告"}, "title", "title_year_mismatch"),
    ({"signature.date": "2021-12-31"}, "signature.date", "date_before_period_end"),
]


@pytest.mark.parametrize(("changes", "path", "code"), WARNINGS)
def test_each_warning(example_2021, changes, path, code):
    document = example_2021
    for key, value in changes.items():
        document = changed(document, key, value)
    result = load_report(document)
    assert result.valid
    assert (path, code) in found(result)
    assert all(issue.message.count(" / ") >= 1 for issue in result.warnings)


def test_other_handling_above_ten_percent(example_2021):
    cells = [
        f"applications.{row}.{column}"
        for row in ("other_handling.other", "total_processed", "new_received")
        for column in ("natural_person", "total")
    ]
    result = load_report(bumped(example_2021, cells, 500))
    assert found(result) == [
        ("applications.other_handling", "other_handling_high"),
        # The example's text says 收到政府信息公开申请1350件: 500 more no longer agree.
        ("overview.items.1.paragraphs.0", "text_table_mismatch"),
    ]
    assert "超过（七）总计 1847 件的 10%" in result.warnings[0].message


def test_a_format_the_year_does_not_use(example_2019):
    document = changed(example_2019, "format", "2021")
    document = changed(document, "active_disclosure", {"fee_amount": 0})
    result = load_report(document)
    assert found(result) == [
        ("format", "format_year_mismatch"),
        ("other_matters", "fee_not_reported"),
    ]
    assert result.report.format == "2021"


def test_warnings_at_their_thresholds_stay_silent(example_2021):
    document = changed(example_2021, "signature.date", "2022-01-01")
    document = changed(document, "problems.items.1.paragraphs", ["。。"])
    document = changed(
        document,
        "other_matters",
        {"items": [{"heading": "信息处理费收取情况", "paragraphs": ["未收取。"]}]},
    )
    assert found(load_report(document)) == []


def test_other_handling_at_exactly_ten_percent_is_no_warning(example_2019):
    document = changed(example_2019, "applications.granted.natural_person", 9)
    document = changed(document, "applications.other_handling.natural_person", 1)
    document = changed(document, "applications.new_received.natural_person", 10)
    assert found(load_report(document)) == []
    document = changed(document, "applications.other_handling.natural_person", 2)
    document = changed(document, "applications.new_received.natural_person", 11)
    assert found(load_report(document)) == [("applications.other_handling", "other_handling_high")]


def test_the_fee_warning_is_for_the_2021_format_only(example_2019):
    assert "fee_not_reported" not in [i.code for i in load_report(example_2019).warnings]
