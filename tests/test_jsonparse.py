"""The strict JSON reader, through parse_json and through load_report (code invalid_json)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from schemas import load_report
from schemas.jsonparse import JSONObject, JSONProblem, parse_json
from schemas.limits import Limits
from schemas.result import UNREADABLE_CODE

NOT_JSON = [
    (b"\xff\xfe{}", "第 1 行第 1 个字节"),
    (b'{"year": 2021,\n "organization": "\xe6\x9c"}', "第 2 行"),
    (b"", "第 1 行第 1 列"),
    (b'{"year": 2021,}', "第 1 行第 15 列"),
    (b'{"year": 2021', "第 1 行第 14 列"),
    (b'{"organization": "unterminated', "字符串没有结束引号"),
    (b'{"year": NaN}', "NaN"),
    (b'{"year": Infinity}', "Infinity"),
    (b'{"year": -Infinity}', "-Infinity"),
    (b"{'year': 2021}", "双引号"),
    (b'{"a": 1} {"b": 2}', "多余内容"),
    (b'{"a": "\\x"}', "转义"),
    (b'{"a": 1' + b"1" * 5000 + b"}", "数字过长"),
    (b"[" * 100_000 + b"]" * 100_000, "嵌套层数过深"),
    (b"[" * 65 + b"]" * 65, "最多 64 层"),
    ('{"a": "\u2028"}'.encode("utf-16"), "UTF-8"),
]


@pytest.mark.parametrize(("raw", "where"), NOT_JSON)
def test_input_that_is_not_json_is_one_unreadable_error(raw, where):
    result = load_report(raw)
    assert len(result.errors) == 1
    issue = result.errors[0]
    assert (issue.path, issue.code) == ("", UNREADABLE_CODE)
    assert where in issue.message
    assert result.unreadable and result.report is None
    with pytest.raises(JSONProblem):
        parse_json(raw)


def test_nesting_at_the_depth_limit_is_read():
    assert parse_json("[" * 64 + "]" * 64) is not None
    assert not load_report("[" * 64 + "]" * 64, limits=Limits(max_depth=64)).unreadable
    assert load_report("[" * 4 + "]" * 4, limits=Limits(max_depth=3)).unreadable


def test_a_utf8_bom_is_accepted(example_2021_path):
    raw = example_2021_path.read_bytes()
    assert load_report(b"\xef\xbb\xbf" + raw).valid
    assert load_report("\ufeff" + raw.decode()).valid


def test_numbers_with_a_fraction_stay_exact_decimals():
    assert parse_json('{"fee": 9116.36, "n": 3}') == {"fee": Decimal("9116.36"), "n": 3}


def test_duplicate_keys_are_remembered_and_reported_with_their_path(example_2021_path):
    document = parse_json('{"a": {"b": 1, "b": 2}, "c": [{"d": 1, "d": 1}]}')
    assert isinstance(document["a"], JSONObject)
    text = example_2021_path.read_text(encoding="utf-8")
    text = text.replace('"year": 2021,', '"year": 2021, "year": 2021,', 1)
    text = text.replace('"upheld": 3,', '"upheld": 3, "upheld": 4,', 1)
    result = load_report(text)
    assert [(issue.path, issue.code) for issue in result.errors] == [
        ("year", "duplicate_key"),
        ("review_litigation.review.upheld", "duplicate_key"),
        ("review_litigation.review.total", "R4"),  # the last value counts, as in every reader
    ]


@pytest.mark.parametrize("raw", ["[]", "2021", '"report"', "null", "true"])
def test_a_top_level_that_is_not_an_object_is_refused(raw):
    result = load_report(raw)
    assert [(issue.path, issue.code) for issue in result.errors] == [("", "not_an_object")]
    assert not result.unreadable


def test_lone_surrogate_escapes_reach_the_character_check(example_2021):
    text = json.dumps({**example_2021, "title": "x"}, default=str).replace('"x"', '"\\ud800"')
    result = load_report(text)
    assert [(issue.path, issue.code) for issue in result.errors] == [("title", "invalid_character")]
    assert "U+D800" in result.errors[0].message
