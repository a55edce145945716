"""Hostile inputs shared by the interface suites, each with the answer it must get.

Tables of (id, input, expected code, expected path): unreadable bodies (HTTP 400, CLI exit 2),
reports with a bad value (HTTP 422, CLI exit 1), and valid but awkward text that must come out
of the document exactly as it went in. The helpers reopen a generated .docx the way a reader
would: python-docx paragraph texts and the core properties.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx

from service.docx.ns import qn

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "service/examples/2021.json"
DEPTH = 100_000


def example() -> dict[str, Any]:
    """A fresh copy of the complete 2021 example."""
    document: dict[str, Any] = json.loads(EXAMPLE.read_bytes())
    return document


def dumps(document: object, *, ascii_only: bool = True) -> bytes:
    """JSON bytes; by default every non-ASCII character (lone surrogates too) as a \\u escape."""
    return json.dumps(document, ensure_ascii=ascii_only).encode("utf-8")


def with_value(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of `document` with `value` at dotted `path` (list indices as numbers)."""
    result = copy.deepcopy(document)
    *parents, last = path.split(".")
    node: Any = result
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return result


def with_raw(path: str, literal: str) -> bytes:
    """The example as JSON with the raw JSON `literal` (e.g. ``NaN``) at top-level key `path`."""
    document = example()
    document[path] = "@@"
    return dumps(document).replace(b'"@@"', literal.encode())


@dataclass(frozen=True)
class Bad:
    """One bad input and the first error it must produce."""

    id: str
    body: bytes
    code: str
    path: str


_NESTED_ARRAYS = b"[" * DEPTH + b"]" * DEPTH
_NESTED_OBJECTS = b'{"a":' * DEPTH + b"1" + b"}" * DEPTH

#: Input that is not one readable JSON object: HTTP 400 bad-input, CLI exit 2.
UNREADABLE: tuple[Bad, ...] = (
    Bad("empty", b"", "invalid_json", ""),
    Bad("blank", b" \n\t ", "invalid_json", ""),
    Bad("truncated", dumps(example())[:-40], "invalid_json", ""),
    Bad("truncated-string", b'{"organization": "\xe6\x9c\xba', "invalid_json", ""),
    Bad("garbage", b"<html>\x00\xff", "invalid_json", ""),
    Bad("not-utf8", '{"organization": "机关"}'.encode("gb18030"), "invalid_json", ""),
    Bad("utf16", '{"year": 2021}'.encode("utf-16"), "invalid_json", ""),
    Bad("single-quotes", b"{'year': 2021}", "invalid_json", ""),
    Bad("trailing-comma", b'{"year": 2021,}', "invalid_json", ""),
    Bad("comment", b'{"year": 2021 /* x */}', "invalid_json", ""),
    Bad("two-documents", b'{"year": 2021}{"year": 2021}', "invalid_json", ""),
    Bad("nan", with_raw("year", "NaN"), "invalid_json", ""),
    Bad("infinity", with_raw("year", "Infinity"), "invalid_json", ""),
    Bad("minus-infinity", with_raw("year", "-Infinity"), "invalid_json", ""),
    Bad("nested-arrays-100000", _NESTED_ARRAYS, "invalid_json", ""),
    Bad("nested-objects-100000", _NESTED_OBJECTS, "invalid_json", ""),
    Bad("nested-65-in-report", with_raw("preamble", "[" * 64 + "]" * 64), "invalid_json", ""),
    Bad("duplicate-top-key", b'{"year": 2021, "year": 2020}', "duplicate_key", "year"),
    Bad(
        "duplicate-nested-key",
        b'{"signature": {"date": "2022-01-01", "date": "2022-01-02"}}',
        "duplicate_key",
        "signature.date",
    ),
    Bad("array", b"[]", "not_an_object", ""),
    Bad("array-of-report", b"[" + dumps(example()) + b"]", "not_an_object", ""),
    Bad("string", b'"report"', "not_an_object", ""),
    Bad("number", b"2021", "not_an_object", ""),
    Bad("null", b"null", "not_an_object", ""),
    Bad("true", b"true", "not_an_object", ""),
)

#: Readable JSON with a value the contract refuses: HTTP 422 invalid-report, CLI exit 1.
INVALID: tuple[Bad, ...] = (
    Bad("year-10**400", with_raw("year", "1" + "0" * 400), "out_of_range", "year"),
    Bad("year-1e400", with_raw("year", "1e400"), "not_an_integer", "year"),
    Bad("year-float", with_raw("year", "2021.0"), "not_an_integer", "year"),
    Bad("year-string", with_raw("year", '"2021"'), "not_an_integer", "year"),
    Bad("year-bool", with_raw("year", "true"), "not_an_integer", "year"),
    Bad("year-negative", with_raw("year", "-2021"), "out_of_range", "year"),
    Bad(
        "count-10**400",
        dumps(with_value(example(), "applications.granted.natural_person", 10**400)),
        "out_of_range",
        "applications.granted.natural_person",
    ),
    Bad("organization-number", with_raw("organization", "12"), "not_a_string", "organization"),
    Bad("organization-list", with_raw("organization", '["a"]'), "not_a_string", "organization"),
    Bad("organization-null", with_raw("organization", "null"), "null", "organization"),
    Bad("organization-blank", with_raw("organization", '" \\u3000 "'), "empty", "organization"),
    Bad("preamble-object", with_raw("preamble", "{}"), "not_a_list", "preamble"),
    Bad("overview-list", with_raw("overview", "[]"), "not_an_object", "overview"),
    Bad("unknown-key", with_raw("extra", "1"), "unknown_field", "extra"),
    # A lone surrogate cannot be sent back in UTF-8: the path shows it as its JSON escape.
    Bad("unknown-lone-surrogate-key", with_raw("x\ud800", "1"), "unknown_field", "x\\ud800"),
    Bad("unknown-jinja-key", with_raw("{{ 7*7 }}", "1"), "unknown_field", "{{ 7*7 }}"),
    Bad(
        "heading-number-only",
        dumps(with_value(example(), "overview.items.0.heading", "(三)。")),
        "empty",
        "overview.items.0.heading",
    ),
    Bad("date-impossible", dumps(with_value(example(), "signature.date", "2021-02-30")),
        "invalid_date", "signature.date"),
)

#: Every class of character a document cannot hold (sent as JSON \u escapes).
ILLEGAL_CHARACTERS: dict[str, str] = {
    "nul": "\x00",
    "c0-01": "\x01",
    "backspace": "\x08",
    "vertical-tab": "\x0b",
    "form-feed": "\x0c",
    "c0-1f": "\x1f",
    "del": "\x7f",
    "c1-80": "\x80",
    "next-line": "\x85",
    "c1-9f": "\x9f",
    "fffe": "\ufffe",
    "ffff": "\uffff",
    "lone-high-surrogate": "\ud800",
    "lone-low-surrogate": "\udfff",
    "reversed-pair": "\udc00\ud800",
}

#: Every kind of string field, by contract path (signature.organization: the 落款).
STRING_FIELDS: dict[str, str] = {
    "title": "title",
    "organization": "organization",
    "preamble": "preamble.0",
    "overview-paragraph": "overview.paragraphs.0",
    "heading": "overview.items.0.heading",
    "item-paragraph": "overview.items.0.paragraphs.0",
    "problems-paragraph": "problems.items.1.paragraphs.0",
    "other-matters-paragraph": "other_matters.paragraphs.0",
    "signature-organization": "signature.organization",
}


def illegal_character_cases() -> list[tuple[str, str, bytes, str]]:
    """(field id, character id, body, path) for every illegal character in every string field."""
    cases = []
    for field_id, path in STRING_FIELDS.items():
        for char_id, char in ILLEGAL_CHARACTERS.items():
            body = dumps(with_value(example(), path, f"机关{char}名称"))
            cases.append((field_id, char_id, body, path))
    return cases


#: Valid text that must reach the document unchanged: template syntax, markup, bidi, scripts.
AWKWARD: dict[str, str] = {
    "jinja-expression": "{{ 7*7 }}",
    "jinja-sandbox-escape": "{{ cycler.__init__.__globals__ }}",
    "jinja-statement": "{% if true %}是{% endif %}",
    "docxtpl-paragraph-tag": "{%p if x %}段落{%p endif %}",
    "docxtpl-row-tag": "{%tr for row in rows %}行{%tr endfor %}",
    "docxtpl-escaped-brace": "{_{ 不是模板 }_} {_% 也不是 %_}",
    "jinja-comment-and-raw": "{# 注释 #}{% raw %}x{% endraw %}",
    "wordml-injection": "</w:t></w:r><w:r><w:t>x",
    "wordml-break": '<w:br/><w:p w:rsidR="0"/>',
    "xml-entities": "&amp; &lt; &#0; &#x1; ]]> <![CDATA[x]]>",
    "quotes": "'\"`“”‘’",
    "format-strings": "%s %(x)s {0} {x!r}",
    "rlo": "甲\u202e乙丙.exe",
    "bidi-isolates": "\u2066甲\u2069\u2067乙\u2069\u2068丙\u2069\u200e\u200f\u061c",
    "zero-width": "甲\u200b乙\u200c丙\u200d丁\u2060戊",
    "bom-inside": "甲\ufeff乙",
    "arabic": "التقرير السنوي لعام ٢٠٢١",
    "hebrew": "דוח שנתי 2021",
    "mixed-rtl-cjk": "报告 مرحبا שלום 报告",
    "astral": "𠀀𪚥😀👩‍👩‍👧🇨🇳",
    "combining": "e\u0301 a\u0308\u0323 ก\u0e34\u0e4a",
    "noncharacter-astral": "\U0001fffe\U0010ffff",
    "private-use": "\ue000\uf8ff",
    "replacement": "\ufffd",
    "line-separators": "甲\u2028乙\u2029丙",
    "nbsp-inside": "甲\u00a0乙\u3000丙",
    "tab-and-breaks": "甲\t乙\n丙",
    "crlf": "甲\r\n乙\r丙",
    "trimmed": " \u3000\t甲乙\n ",
}


def expected_text(value: str) -> str:
    """`value` as the contract stores it: CR and CRLF as LF, surrounding white space trimmed."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def paragraph_texts(data: bytes) -> list[str]:
    """The texts of every paragraph of a .docx as python-docx reads them (tables too)."""
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(paragraph.text for paragraph in cell.paragraphs)
    return texts


def core_properties(data: bytes) -> Any:
    """The document's core properties (title, author…) as python-docx reads them."""
    return docx.Document(io.BytesIO(data)).core_properties


def company(data: bytes) -> str:
    """The Company of docProps/app.xml."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("docProps/app.xml"))
    found = root.find(qn("ep:Company"))
    assert found is not None
    return str(found.text or "")
