"""schemas.checks.crossyear through load_report(previous=…): X1 (error, downgradable), X2 (warning),
and a previous report of another year or organization refused, not compared."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schemas import Report, load_report
from schemas.model.report import APPLICANT_COLUMNS
from tests.conftest import EXAMPLES, changed


def example(format_id: str = "2021") -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLES[format_id].read_bytes())
    return document


def previous_of(document: dict[str, Any], **changes: Any) -> Report:
    """Last year's report of the same organization: its 结转下年度 is this year's 上年结转."""
    last = dict(document, year=document["year"] - 1, format=document.get("format", "2021"))
    last.pop("title", None)
    last = changed(
        last, "applications.carried_forward", dict(document["applications"]["carried_over"])
    )
    for path, value in changes.items():
        last = changed(last, path.replace("__", "."), value)
    result = load_report(last, allow_inconsistent=True)
    assert result.report is not None, result.errors
    return result.report


def codes(result: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    return (
        [(issue.path, issue.code) for issue in result.errors],
        [(issue.path, issue.code) for issue in result.warnings],
    )


def test_a_report_that_follows_last_years_passes():
    document = example()
    last = previous_of(
        document,
        active_disclosure__rules__in_force=14,  # 14 + 2 issued - 1 repealed = 15
        active_disclosure__normative_documents__in_force=80,  # 80 + 12 - 5 = 87
    )
    result = load_report(document, previous=last)
    assert codes(result) == ([], [])


@pytest.mark.parametrize("column", [*APPLICANT_COLUMNS, "total"])
def test_x1_names_each_column_whose_carry_over_differs(column):
    document = example()
    last = previous_of(document)
    forward = dict(document["applications"]["carried_over"])
    forward[column] += 1
    if column != "total":
        forward["total"] += 1
    last = previous_of(document, applications__carried_forward=forward)
    result = load_report(document, previous=last)
    expected = [(f"applications.carried_over.{column}", "X1")]
    if column != "total":
        expected.append(("applications.carried_over.total", "X1"))
    assert codes(result)[0] == expected
    first = result.errors[0]
    value = document["applications"]["carried_over"][column]
    assert "本年 二、上年结转政府信息公开申请数量" in first.message
    assert f"为 {value}，但 2020 年度报告 四、结转下年度继续办理" in first.message
    assert f"为 {value + 1}（X1）" in first.message
    assert first.to_dict()["code"] == "X1"


def test_x1_is_downgraded_like_r1_to_r4():
    document = example()
    forward = dict(document["applications"]["carried_over"], natural_person=99, total=104)
    last = previous_of(document, applications__carried_forward=forward)
    result = load_report(document, previous=last, allow_inconsistent=True)
    assert result.valid and result.report is not None
    assert ("applications.carried_over.natural_person", "X1") in codes(result)[1]


def test_x1_holds_across_the_2020_to_2021_format_change():
    this_year = example("2021")
    last_year = example("2019")  # the 2020 report, 2019 format
    last_year["organization"] = this_year["organization"]
    last_year["applications"]["carried_forward"] = dict(
        this_year["applications"]["carried_over"]
    )
    last_year.pop("title")
    previous = load_report(last_year, allow_inconsistent=True).report
    assert previous is not None and previous.format == "2019"
    result = load_report(this_year, previous=previous)
    assert codes(result)[0] == []
    assert "X2" not in {code for _, code in codes(result)[1]}  # 2019 counts documents otherwise


def test_x2_warns_when_in_force_does_not_follow_with_all_three_numbers():
    document = example()
    last = previous_of(
        document,
        active_disclosure__rules__in_force=14,
        active_disclosure__normative_documents__in_force=100,
    )
    result = load_report(document, previous=last)
    assert result.valid
    [warning] = [issue for issue in result.warnings if issue.code == "X2"]
    assert warning.path == "active_disclosure.normative_documents.in_force"
    expected = "为 87，按 2020 年度的 100 件加本年制发 12 件、减本年废止 5 件应为 107"
    assert expected in warning.message


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        ({"year": 2019}, "previous_wrong_year", "previous.year"),
        ({"year": 2021}, "previous_wrong_year", "previous.year"),
        ({"organization": "另一个机关"}, "previous_other_organization", "previous.organization"),
    ],
)
def test_a_previous_report_of_another_year_or_organization_is_an_error_not_a_comparison(
    change, code, path
):
    document = example()
    last = previous_of(document, **change)
    forward = dict(document["applications"]["carried_over"], natural_person=0)
    different = previous_of(document, applications__carried_forward=forward, **change)
    for previous in (last, different):
        result = load_report(document, previous=previous)
        assert codes(result)[0] == [(path, code)]  # no X1 however the numbers differ
        assert result.errors[0].label.startswith("上年度报告")


def test_organizations_are_the_same_whatever_their_width_and_spacing():
    document = example()
    document["organization"] = "嘉兴市秀洲区人民政府办公室（本级）"
    last = previous_of(document, organization="嘉兴市秀洲区 人民政府办公室(本级)")
    assert codes(load_report(document, previous=last))[0] == []


#: Last year's 现行有效件数 that this year's example follows (X2 holds).
IN_FORCE = {
    "active_disclosure__rules__in_force": 14,
    "active_disclosure__normative_documents__in_force": 80,
}


@pytest.mark.parametrize(
    ("last_name", "this_name", "change"),
    [
        ("洪泽区人民政府", "淮安市洪泽区人民政府", "名称前加了上级名称“淮安市”"),
        ("淮安市洪泽区人民政府", "洪泽区人民政府", "名称前去掉了上级名称“淮安市”"),
        ("洪泽区财政局", "江苏省淮安市洪泽区财政局", "名称前加了上级名称“江苏省淮安市”"),
        ("洪泽区 财政局", "洪泽区财政局", "仅空格、全角半角或括号的写法不同"),
        ("洪泽区财政局(本级)", "洪泽区财政局【本级】", "仅空格、全角半角或括号的写法不同"),
        ("ＡＢ市财政局", "AB市财政局", "仅空格、全角半角或括号的写法不同"),
        ("海西州财政局", "青海省海西州财政局", "名称前加了上级名称“青海省”"),
    ],
)
def test_a_bureau_named_from_another_level_is_compared_with_a_warning(
    last_name, this_name, change
):
    document = example()
    document["organization"] = this_name
    last = previous_of(document, organization=last_name, **IN_FORCE)
    result = load_report(document, previous=last)
    assert codes(result) == ([], [("previous.organization", "previous_organization_renamed")])
    warning = result.warnings[0]
    expected = f"上年度报告的机关名称为“{last_name}”，本报告为“{this_name}”（{change}）"
    assert expected in warning.message
    # Compared: a carry-over that differs is found under the new name too.
    forward = dict(document["applications"]["carried_over"], natural_person=0)
    forward["total"] = sum(value for key, value in forward.items() if key != "total")
    other = previous_of(document, organization=last_name, applications__carried_forward=forward)
    assert ("applications.carried_over.natural_person", "X1") in codes(
        load_report(document, previous=other)
    )[0]


@pytest.mark.parametrize(
    ("last_name", "this_name"),
    [
        ("清河区人民政府", "洪泽区人民政府"),  # two districts of one city
        # The city's office, not the district's:
        ("淮安市人民政府办公室", "淮安市洪泽区人民政府办公室"),
        ("淮安市财政局", "洪泽区财政局"),
        ("市财政局", "淮安市财政局"),  # 淮安 alone is not a division's name
        ("洪泽区财政局", "洪泽区财政局办公室"),
        ("洪泽区商务局", "洪泽区商务局（粮食和物资储备局）"),  # more than brackets
    ],
)
def test_another_bureau_stays_an_error(last_name, this_name):
    document = example()
    document["organization"] = this_name
    last = previous_of(document, organization=last_name)
    result = load_report(document, previous=last)
    assert codes(result)[0] == [("previous.organization", "previous_other_organization")]
    assert codes(result)[1] == []


def test_the_same_name_gives_no_renaming_warning():
    document = example()
    last = previous_of(document)
    assert "previous_organization_renamed" not in {
        code for _, code in codes(load_report(document, previous=last))[1]
    }
