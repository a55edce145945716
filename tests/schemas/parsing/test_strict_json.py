"""The strict JSON reader, through parse_json and through load_report (code invalid_json)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from schemas import load_report
from schemas.contract.limits import Limits
from schemas.model.result import UNREADABLE_CODE
from schemas.parsing.strict_json import JSONObject, JSONProblem, parse_json

NOT_JSON = [
    (b"\xff\xfe{}", "第 1 行第 1 个字节"),
    (b'{"year": 2021,\n "organization": "\xe6\x9c"}', "第 2 行"),
    (b"", "第 1 行第 1 列"),
    (b'{"year": 2021,}', "第 1 行第 14 列，多余的逗号"),
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


#: Mistakes people make typing JSON by hand: the text, the message, the excerpt's two lines.
MISTAKES = [
    (
        '{\n  "format": "2021"，\n  "year": 2021\n}',
        "第 2 行第 19 列，这里是中文逗号，请改为英文逗号",
        '  "format": "2021"，',
        "                  ^",
    ),
    ('{"year"： 2021}', "第 1 行第 8 列，这里是中文冒号", '{"year"： 2021}', "       ^"),
    ("{“year”: 2021}", "第 1 行第 2 列，这里是中文引号", "{“year”: 2021}", " ^"),
    ('{"year": ２０２１}', "第 1 行第 10 列，这里是全角数字", '{"year": ２０２１}', "         ^"),
    ('{"a": 12件,\n "b": 1}', "第 1 行第 9 列，数字不能带“件”", '{"a": 12件,', "        ^"),
    ('{"a": 3万元}', "数字不能带“万元”", '{"a": 3万元}', "       ^"),
    ('{"a": [1, 2,]}', "第 1 行第 12 列，多余的逗号", '{"a": [1, 2,]}', "           ^"),
    ('{\n "a": 1,\n}', "第 2 行第 8 列，多余的逗号", ' "a": 1,', "       ^"),
    (
        '{"a": "政府"门户"网站"}',
        '第 1 行第 10 列，文字中的英文引号需写成 \\"',
        '{"a": "政府"门户"网站"}',
        "           ^",
    ),
    ('{"a": 主动}', "第 1 行第 7 列，文字须用英文双引号", '{"a": 主动}', "      ^"),
    ('{"a": 1\n "b": 2}', "第 2 行第 2 列，此处缺少逗号", ' "b": 2}', " ^"),
]


@pytest.mark.parametrize(("text", "message", "line", "caret"), MISTAKES)
def test_a_mistake_is_named_and_shown_with_a_caret(text, message, line, caret):
    issue = load_report(text.encode()).errors[0]
    assert message in issue.message
    assert issue.excerpt == f"{line}\n{caret}"
    assert issue.to_dict()["excerpt"] == issue.excerpt


def test_a_long_line_is_shown_around_the_mistake():
    text = '{"padding": "' + "x" * 200 + '", "a": 12件}'
    excerpt = load_report(text).errors[0].excerpt
    line, caret = excerpt.split("\n")
    assert line.startswith("…") and len(line) < 100
    assert line[len(caret) - 1] == "件"


def test_problems_other_than_syntax_have_no_excerpt(example_2021):
    issue = load_report({**example_2021, "year": "2021"}).errors[0]
    assert issue.excerpt == "" and "excerpt" not in issue.to_dict()


ZIP_OF = b"PK\x03\x04\x14\x00\x00\x00"
NOT_TEXT = [
    (
        "GBK",
        '{"organization": "秀洲区"}'.encode("gbk"),
        "文件是 GBK 编码，不是 UTF-8：请用记事本等“另存为”UTF-8",
    ),
    ("UTF-16", '{"a": 1}'.encode("utf-16"), "文件是 UTF-16 编码"),
    (
        "docx",
        ZIP_OF + b"[Content_Types].xml....word/document.xml",
        "这是Word 文档（.docx），不是 JSON 文本",
    ),
    ("xlsx", ZIP_OF + b"xl/workbook.xml", "这是Excel 工作簿（.xlsx），不是 JSON 文本"),
    ("zip", ZIP_OF + b"a.json", "这是zip 压缩包，不是 JSON 文本"),
    ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word 或 Excel 文件"),
    ("pdf", b"%PDF-1.7\n\xe2\xe3", "这是PDF 文件"),
    ("binary", b"\x00\xff\xfe\xfd", "不是有效的 UTF-8 文本：第 1 行第 2 个字节"),
]


@pytest.mark.parametrize(("kind", "raw", "message"), NOT_TEXT, ids=[case[0] for case in NOT_TEXT])
def test_a_file_that_is_not_utf8_text_is_named(kind, raw, message):
    issue = load_report(raw).errors[0]
    assert issue.code == UNREADABLE_CODE
    assert message in issue.message


def test_nesting_at_the_depth_limit_is_read():
    assert parse_json("[" * 64 + "]" * 64) is not None
    nested = '{"title": ' + "[" * 63 + "]" * 63 + "}"
    codes = {issue.code for issue in load_report(nested, limits=Limits(max_depth=64)).errors}
    assert "invalid_json" not in codes
    deeper = load_report('{"title": [[[]]]}', limits=Limits(max_depth=3)).errors
    assert [issue.code for issue in deeper] == ["invalid_json"]


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
    assert result.unreadable


@pytest.mark.parametrize("raw", ["[]", "2021", '"report"', "null", "true"])
def test_a_top_level_that_is_not_an_object_is_refused(raw):
    result = load_report(raw)
    assert [(issue.path, issue.code) for issue in result.errors] == [("", "not_an_object")]
    assert result.unreadable


def test_lone_surrogate_escapes_reach_the_character_check(example_2021):
    text = json.dumps({**example_2021, "title": "x"}, default=str).replace('"x"', '"\\ud800"')
    result = load_report(text)
    assert [(issue.path, issue.code) for issue in result.errors] == [("title", "invalid_character")]
    assert "U+D800" in result.errors[0].message
