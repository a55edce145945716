"""The blank's placeholder texts are refused wherever they are left, whatever the input's shape."""

from __future__ import annotations

import pytest

from schemas import load_report
from schemas.checks.placeholders import PLACEHOLDERS
from tests.conftest import changed

LEFT_IN = [
    ("organization", PLACEHOLDERS["organization"]),
    ("title", f"  {PLACEHOLDERS['organization']} "),
    ("signature.organization", PLACEHOLDERS["organization"]),
    ("preamble", ["引言。", PLACEHOLDERS["overview"]]),
    ("overview.paragraphs", [PLACEHOLDERS["overview"]]),
    ("problems.items", [{"heading": PLACEHOLDERS["problems"], "paragraphs": ["改进。"]}]),
    ("other_matters.items", [{"heading": "收费", "paragraphs": [PLACEHOLDERS["other_matters"]]}]),
]
PATHS = [
    "organization",
    "title",
    "signature.organization",
    "preamble.1",
    "overview.paragraphs.0",
    "problems.items.0.heading",
    "other_matters.items.0.paragraphs.0",
]


@pytest.mark.parametrize(
    ("where", "value", "path"), [(*case, path) for case, path in zip(LEFT_IN, PATHS, strict=True)]
)
def test_a_placeholder_left_in_is_an_error_at_its_path(example_2021, where, value, path):
    result = load_report(changed(example_2021, where, value))
    assert [(issue.path, issue.code) for issue in result.errors] == [(path, "placeholder")]
    assert "是空白模板的提示文字" in result.errors[0].message


def test_a_placeholder_inside_a_text_is_content(example_2021):
    text = f"本报告不再使用{PLACEHOLDERS['organization']}这样的提示。"
    assert load_report(changed(example_2021, "overview.paragraphs", [text])).valid


def test_placeholders_are_listed_with_the_report_s_other_errors(example_2021):
    document = changed(example_2021, "organization", PLACEHOLDERS["organization"])
    document = changed(document, "year", "2021年")
    document = changed(document, "preamble", PLACEHOLDERS["overview"])  # not a list: passed over
    codes = {issue.code for issue in load_report(document).errors}
    assert codes == {"placeholder", "not_an_integer", "not_a_list"}


def test_placeholders_can_be_allowed_for_the_blank_s_own_document(example_2021):
    document = changed(example_2021, "organization", PLACEHOLDERS["organization"])
    assert load_report(document, allow_placeholders=True).valid
