"""service.pdf.read.syntax: one PDF value parsed from bytes as a PDF reader does — names with
their #xx escapes, literal strings with their escapes and nested parentheses, hex strings,
references — and bounded: too deep, too long or not PDF is a SyntaxProblem, never another
error."""

from __future__ import annotations

import pytest

from service.pdf.read.syntax import (
    MAX_DEPTH,
    MAX_VALUE_BYTES,
    Name,
    Ref,
    SyntaxProblem,
    parse_value,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (b"<< /Filter /Standard /V 4 >>", {"Filter": "Standard", "V": 4}),
        (b"<</Encr#79pt 12 0 R>>", {"Encrypt": Ref(12, 0)}),
        (b"[1 0 R 2 -3.5 .5 true false null]", [Ref(1, 0), 2, -3.5, 0.5, True, False, None]),
        (b"(a\\(b\\)c (nested) \\101\\n\\\r\nd)", b"a(b)c (nested) A\nd"),
        (b"<4E 6f7>", b"No\x70"),
        (b"% a comment\n /StdCF", "StdCF"),
        (b"<< /CF << /StdCF << /CFM /AESV2 /Length 16 >> >> >>",
         {"CF": {"StdCF": {"CFM": "AESV2", "Length": 16}}}),
        (b"12 0 Rx", 12),  # not a reference: a number followed by more
    ],
)
def test_values_are_read_as_a_pdf_reader_reads_them(text, value):
    parsed, _ = parse_value(text, 0)
    assert parsed == value
    if isinstance(value, str):
        assert isinstance(parsed, Name)


@pytest.mark.parametrize(
    "text",
    [
        b"[" * (MAX_DEPTH + 2) + b"]" * (MAX_DEPTH + 2),
        b"(" + b"x" * MAX_VALUE_BYTES + b")",
        b"<< /O <" + b"00" * MAX_VALUE_BYTES + b"> >>",
        b"<< /V 4",
        b"(never closed",
        b"<4X>",
        b"<< 4 5 >>",
        b"endobj",
        b"",
    ],
    ids=["too deep", "too long a string", "too long a dictionary", "unclosed dictionary",
         "unclosed string", "bad hex", "key no name", "no value", "nothing"],
)
def test_what_is_not_a_bounded_value_is_a_syntax_problem(text):
    with pytest.raises(SyntaxProblem):
        parse_value(text, 0)


def test_a_value_ends_where_it_ends():
    data = b"5 0 obj << /A 1 >> endobj"
    value, end = parse_value(data, 7)
    assert value == {"A": 1} and data[end:] == b" endobj"
