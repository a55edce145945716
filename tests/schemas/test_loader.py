"""load_report end to end: the examples, bad values of every field type, paths and codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from schemas import load_report
from schemas.model.report import Disclosure2021, OtherHandling2021, Row
from tests.conftest import changed, removed


def codes(result: Any) -> list[tuple[str, str]]:
    return [(issue.path, issue.code) for issue in result.errors]


def test_the_2019_example_is_valid(example_2019_path):
    result = load_report(example_2019_path.read_bytes())
    assert result.errors == ()
    assert result.warnings == ()
    report = result.report
    assert report.format == "2019"
    assert report.applications.total_processed == Row(0, 0, 0, 0, 0, 0, 0)
    assert report.review_litigation.review.total == 0
    assert report.active_disclosure.procurement.amount_text == "345000元"


def test_the_2021_example_is_valid(example_2021_path):
    result = load_report(example_2021_path.read_bytes())
    assert (result.errors, result.warnings) == ((), ())
    report = result.report
    assert isinstance(report.active_disclosure, Disclosure2021)
    assert report.active_disclosure.fee_amount_text == "9116.36"
    assert isinstance(report.applications.other_handling, OtherHandling2021)
    assert report.signature.date_text == "2022年1月20日"


def test_str_and_parsed_input_give_the_same_report(example_2021_path, example_2021):
    raw = example_2021_path.read_bytes()
    assert load_report(raw.decode()).report == load_report(raw).report
    assert load_report(example_2021).report == load_report(raw).report


# (path, bad value, expected code): every field type's bad values, 2021 example as base.
BAD_VALUES_2021 = [
    ("applications.withheld.state_secret.natural_person", 1.5, "not_an_integer"),
    ("applications.withheld.state_secret.natural_person", Decimal("1.5"), "not_an_integer"),
    ("applications.withheld.state_secret.natural_person", Decimal("3.0"), "not_an_integer"),
    ("applications.withheld.state_secret.natural_person", "3", "not_an_integer"),
    ("applications.withheld.state_secret.natural_person", True, "not_an_integer"),
    ("applications.withheld.state_secret.natural_person", None, "null"),
    ("applications.withheld.state_secret.natural_person", -1, "out_of_range"),
    ("applications.withheld.state_secret.natural_person", 10**400, "out_of_range"),
    ("applications.withheld.state_secret.natural_person", 10_000_001, "out_of_range"),
    ("applications.withheld.state_secret.natural_person", float("nan"), "not_an_integer"),
    ("review_litigation.review.pending", [1], "not_an_integer"),
    ("active_disclosure.rules.issued", {}, "not_an_integer"),
    ("active_disclosure.licensing_decisions", "", "not_an_integer"),
    ("active_disclosure.fee_amount", "9116.3600001", "too_many_decimals"),
    ("active_disclosure.fee_amount", Decimal("0.0000001"), "too_many_decimals"),
    ("active_disclosure.fee_amount", "-1", "not_a_number"),
    ("active_disclosure.fee_amount", Decimal("-1"), "out_of_range"),
    ("active_disclosure.fee_amount", Decimal("1E+400"), "out_of_range"),
    ("active_disclosure.fee_amount", "1e3", "not_a_number"),
    ("active_disclosure.fee_amount", "NaN", "not_a_number"),
    ("active_disclosure.fee_amount", Decimal("NaN"), "not_a_number"),
    ("active_disclosure.fee_amount", "9,116.36", "not_a_number"),
    ("active_disclosure.fee_amount", True, "not_a_number"),
    ("active_disclosure.fee_amount", None, "null"),
    ("year", 2018, "out_of_range"),
    ("year", 3000, "out_of_range"),
    ("year", "2021", "not_an_integer"),
    ("format", "2020", "invalid_choice"),
    ("format", 2021, "not_a_string"),
    ("organization", "", "empty"),
    ("organization", " \u3000\n", "empty"),
    ("organization", 7, "not_a_string"),
    ("organization", "机" * 101, "too_long"),
    ("title", "标" * 201, "too_long"),
    ("preamble", "本报告…", "not_a_list"),
    ("preamble.0", "", "empty"),
    ("preamble.0", ["a"], "not_a_string"),
    ("overview", [], "not_an_object"),
    ("overview.paragraphs.0", "x" * 5001, "too_long"),
    ("overview.items", {}, "not_a_list"),
    ("overview.items.0", "主动公开", "not_an_object"),
    ("overview.items.0.heading", "", "empty"),
    ("overview.items.0.heding", "主动公开", "unknown_field"),
    ("overview.items.1.paragraf", ["第二段"], "unknown_field"),
    ("problems.extra", [], "unknown_field"),
    ("applications.withheld.state_secre", {}, "unknown_field"),
    ("applications.withheld.state_secret.natural_persons", 1, "unknown_field"),
    ("applications.granted", 5, "not_an_object"),
    ("review_litigation.review.upheld", "1", "not_an_integer"),
    ("review_litigation.appeal", {}, "unknown_field"),
    ("signature.date", "2022-02-30", "invalid_date"),
    ("signature.date", "2022-2-3", "invalid_date"),
    ("signature.date", 20220203, "not_a_string"),
    ("signature.organization", "", "empty"),
    ("signature.seal", "x", "unknown_field"),
    ("colour", "red", "unknown_field"),
    ("applications.other_handling.natural_person", 1, "wrong_format"),
    ("active_disclosure.licensing", {}, "wrong_format"),
]
for path in (
    "organization",
    "title",
    "overview.paragraphs.0",
    "overview.items.0.heading",
    "signature.organization",
    "preamble.1",
    "other_matters.paragraphs.0",
):
    BAD_VALUES_2021 += [
        (path, f"a{char}b", "invalid_character")
        for char in (
            "\x00",
            "\x07",
            "\x1b",
            "\x7f",
            "\x85",
            "\x9f",
            "\ud800",
            "\udfff",
            "\ufffe",
            "\uffff",
        )
    ]


@pytest.mark.parametrize(("path", "value", "code"), BAD_VALUES_2021)
def test_a_bad_value_gives_one_error_at_its_path(example_2021, path, value, code):
    result = load_report(changed(example_2021, path, value))
    expected_path = path.rsplit(".", 1)[0] if code == "wrong_format" else path
    assert codes(result) == [(expected_path, code)]
    assert result.report is None
    message = result.errors[0].message
    assert " / " in message and message.split(" / ")[0].strip()


BAD_VALUES_2019 = [
    ("active_disclosure.licensing.change", -10_000_001, "out_of_range"),
    ("active_disclosure.licensing.change", 1.0, "not_an_integer"),
    ("active_disclosure.procurement.amount", "345000.1234567", "too_many_decimals"),
    ("active_disclosure.procurement.amount_unit", "美元", "invalid_choice"),
    ("active_disclosure.fees.decisions", 1, "unknown_field"),
    ("applications.other_handling.other", {}, "wrong_format"),
    ("active_disclosure.fee_amount", "1", "wrong_format"),
]


@pytest.mark.parametrize(("path", "value", "code"), BAD_VALUES_2019)
def test_a_bad_2019_value_gives_one_error_at_its_path(example_2019, path, value, code):
    result = load_report(changed(example_2019, path, value))
    expected_path = path.rsplit(".", 1)[0] if code == "wrong_format" else path
    assert codes(result) == [(expected_path, code)]


@pytest.mark.parametrize(
    "path",
    [
        "year",
        "organization",
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
        "problems",
        "overview.items.0.heading",
    ],
)
def test_a_missing_required_key_is_named(example_2021, path):
    assert codes(load_report(removed(example_2021, path))) == [(path, "required")]


@pytest.mark.parametrize(
    "path",
    [
        "format",
        "title",
        "preamble",
        "other_matters",
        "signature",
        "signature.date",
        "signature.organization",
        "overview.items",
        "overview.paragraphs",
    ],
)
def test_optional_keys_may_be_left_out(example_2021, path):
    assert load_report(removed(example_2021, path)).errors == ()


def test_changes_with_the_signed_change_column(example_2019):
    report = load_report(changed(example_2019, "active_disclosure.licensing.change", -18)).report
    assert report.active_disclosure.licensing.change == -18


def test_all_errors_are_reported_at_once(example_2021):
    document = changed(example_2021, "year", "2021")
    document = changed(document, "overview.items.2.heading", "a\x00")
    document = changed(document, "applications.carried_over.research", -3)
    assert codes(load_report(document)) == [
        ("year", "not_an_integer"),
        ("overview.items.2.heading", "invalid_character"),
        ("applications.carried_over.research", "out_of_range"),
    ]


def test_rule_errors_come_with_errors_elsewhere(example_2021):
    document = changed(example_2021, "review_litigation.review.total", 1)
    document = changed(document, "organization", "")
    assert codes(load_report(document)) == [
        ("organization", "empty"),
        ("review_litigation.review.total", "R4"),
    ]
    allowed = load_report(document, allow_inconsistent=True)
    assert codes(allowed) == [("organization", "empty")]
    assert [issue.code for issue in allowed.warnings] == ["R4"]


def test_rules_wait_for_valid_tables(example_2021):
    document = changed(example_2021, "review_litigation.review.total", 1)
    document = changed(document, "applications.granted.research", "7")
    assert codes(load_report(document)) == [("applications.granted.research", "not_an_integer")]


def test_errors_come_in_document_order(example_2021):
    document = {"zeta": 1, **changed(example_2021, "year", None), "alpha": 2}
    assert [path for path, _ in codes(load_report(document))] == ["zeta", "year", "alpha"]


def test_the_label_names_the_cell(example_2021):
    result = load_report(
        changed(example_2021, "applications.withheld.state_secret.natural_person", "x")
    )
    issue = result.errors[0]
    assert issue.label == (
        "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （三）不予公开 · "
        "1.属于国家秘密 · 自然人"
    )
    assert issue.message == "必须是整数 / must be an integer"


def test_a_section_without_any_paragraph_is_an_error(example_2021):
    document = changed(example_2021, "problems", {"items": [{"heading": "问题"}]})
    assert codes(load_report(document)) == [("problems", "empty_section")]
    assert codes(load_report(changed(example_2021, "other_matters", {}))) == [
        ("other_matters", "empty_section")
    ]


def test_strings_are_trimmed_and_line_breaks_normalised(example_2021):
    document = changed(example_2021, "organization", "\u3000 某某局\t ")
    document = changed(document, "preamble.0", " 第一行\r\n第二行\r第三行\n\t缩进 ")
    report = load_report(document).report
    assert report.organization == "某某局"
    assert report.preamble[0] == "第一行\n第二行\n第三行\n\t缩进"


def test_the_format_follows_the_year_when_absent(example_2019):
    document = removed(example_2019, "format")
    assert load_report(document).report.format == "2019"


def test_without_a_usable_year_table_2_decides_the_format(example_2019):
    result = load_report(removed(removed(example_2019, "format"), "year"))
    assert codes(result) == [("year", "required")]


def test_the_input_is_not_changed(example_2021):
    before = repr(example_2021)
    load_report(example_2021)
    assert repr(example_2021) == before
