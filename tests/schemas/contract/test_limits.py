"""Every limit: exactly at it passes, one over fails; limits are configurable per call."""

from __future__ import annotations

from decimal import Decimal

import pytest

from schemas import load_report
from schemas.contract.limits import DEFAULT_LIMITS, LimitInvalid, Limits
from tests.conftest import changed

D = DEFAULT_LIMITS
ITEM = {"heading": "小标题", "paragraphs": ["正文。"]}

# (path, value at the limit, value one over, code when over)
AT_AND_OVER = [
    ("organization", "机" * D.organization_chars, "机" * (D.organization_chars + 1), "too_long"),
    ("title", "标2021" * 40, "标2021" * 40 + "题", "too_long"),
    ("overview.items.0.heading", "题" * D.heading_chars, "题" * 201, "too_long"),
    ("overview.paragraphs.0", "字" * D.paragraph_chars, "字" * 5001, "too_long"),
    ("overview.paragraphs", ["段落。"] * 200, ["段落。"] * 201, "too_many"),
    ("preamble", ["段落。"] * 200, ["段落。"] * 201, "too_many"),
    ("overview.items.0.paragraphs", ["段落。"] * 200, ["段落。"] * 201, "too_many"),
    ("problems.items", [ITEM] * 20, [ITEM] * 21, "too_many"),
    ("review_litigation.review.upheld", 10_000_000, 10_000_001, "out_of_range"),
    ("active_disclosure.fee_amount", "1.123456", "1.1234567", "too_many_decimals"),
    ("active_disclosure.fee_amount", 10**12, 10**12 + 1, "out_of_range"),
    (
        "active_disclosure.fee_amount",
        Decimal("1000000000000.000000"),
        "1000000000000.000001",
        "out_of_range",
    ),
    ("year", 2019, 2018, "out_of_range"),
]


@pytest.mark.parametrize(("path", "at", "over", "code"), AT_AND_OVER)
def test_at_the_limit_passes_and_one_over_fails(example_2021, path, at, over, code):
    document = changed(example_2021, path, at)
    if path.startswith("review_litigation.review."):
        document = changed(document, "review_litigation.review", {"upheld": at})
    assert load_report(document, allow_inconsistent=True).errors == ()
    result = load_report(changed(example_2021, path, over), allow_inconsistent=True)
    assert [(issue.path, issue.code) for issue in result.errors] == [(path, code)]


def test_the_signed_change_column_is_bounded_both_ways(example_2019):
    for value, ok in ((-10_000_000, True), (10_000_000, True), (-10_000_001, False)):
        document = changed(example_2019, "active_disclosure.penalty.change", value)
        assert load_report(document).valid is ok


SMALL = Limits(
    organization_chars=5,
    title_chars=30,
    heading_chars=10,
    paragraph_chars=100,
    paragraphs_per_list=2,
    items_per_section=3,
    max_count=50,
    amount_decimals=2,
    max_amount=100,
    min_year=2021,
)

SMALL_CASES = [
    ("organization", "机关名称长"),
    ("overview.items.0.heading", "题" * 10),
    ("overview.paragraphs", ["一", "二二"]),
    ("overview.items", [ITEM] * 3),
    ("review_litigation.litigation_direct.other", 50),
    ("active_disclosure.fee_amount", "100.00"),
]


MINIMAL = {
    "year": 2021,
    "organization": "某局",
    "overview": {"paragraphs": ["概况。"], "items": [ITEM]},
    "active_disclosure": {},
    "applications": {},
    "review_litigation": {},
    "problems": {"paragraphs": ["问题。"]},
}


@pytest.mark.parametrize(("path", "at"), SMALL_CASES)
def test_configured_limits_apply(path, at):
    assert load_report(changed(MINIMAL, path, at), limits=SMALL).errors == ()
    over = at + (at[-1:] if isinstance(at, str | list) else 1)
    if path == "active_disclosure.fee_amount":
        over = "100.01"
    result = load_report(changed(MINIMAL, path, over), limits=SMALL)
    assert [issue.path for issue in result.errors] == [path]


def test_configured_limits_refuse_what_the_defaults_accept(example_2021):
    result = load_report(example_2021, limits=SMALL)
    assert {issue.code for issue in result.errors} >= {"too_long", "out_of_range", "too_many"}
    assert load_report(example_2021).valid


@pytest.mark.parametrize(
    ("kwargs", "accepts"),
    [
        ({"max_count": 0}, "a positive integer"),
        ({"paragraph_chars": -1}, "a positive integer"),
        ({"items_per_section": 100}, "an integer from 1 to 99"),
    ],
)
def test_nonsensical_limits_are_refused_naming_the_field(kwargs, accepts):
    with pytest.raises(LimitInvalid, match=accepts) as raised:
        Limits(**kwargs)
    assert raised.value.field == next(iter(kwargs))
