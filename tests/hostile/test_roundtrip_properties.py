"""Property: any XML-legal Unicode text in any string field (astral characters, combining marks,
bidi controls, breaks) renders, the document reopens, and every string is in it verbatim after
the contract's trimming and CR/CRLF normalisation; read back (gov-report import), the document
gives the same report."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from schemas import load_report
from schemas.contract.fields import first_illegal_character, visible
from schemas.contract.limits import DEFAULT_LIMITS
from service import documents
from service.reading.limits import ImportLimits
from tests.hostile.payloads import core_properties, dumps, example, expected_text, paragraph_texts

#: Characters a document may hold (XML 1.0 Char less the controls the contract refuses), with
#: the awkward ones drawn often: bidi controls, zero-width, combining marks, CJK and astral.
_AWKWARD = "\u202e\u202d\u2066\u2069\u200b\u200d\ufeff\u0301\u0308\t\n\r \u3000\u00a0"
legal_char = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
    st.sampled_from(_AWKWARD + "甲乙𠀀😀{}%<>&\"'"),
).filter(lambda char: first_illegal_character(char) is None)


#: Also the marks the Word reader looks for in text (item and chapter numbers, heading ends,
#: the title's 报告, a date): inside the text they must stay text.
reader_char = st.one_of(legal_char, st.sampled_from("（一）二、。：:报告2021年1月20日"))


def text(
    min_size: int, max_size: int, alphabet: st.SearchStrategy[str] = legal_char
) -> st.SearchStrategy[str]:
    """Legal text with something visible once trimmed (text of nothing but format characters
    is ``empty``), within the line breaks a paragraph may hold."""
    return st.text(alphabet, min_size=min_size, max_size=max_size).filter(
        lambda value: visible(expected_text(value))
        and expected_text(value).count("\n") <= DEFAULT_LIMITS.paragraph_line_breaks
    )


@st.composite
def reports_with_text(draw: st.DrawFn) -> dict[str, Any]:
    """The example with drawn text in every kind of string field."""
    report = example()
    report["organization"] = draw(text(1, 40))
    report["title"] = "标题" + draw(text(1, 60))
    report["preamble"] = draw(st.lists(text(1, 80), min_size=1, max_size=3))
    report["overview"]["paragraphs"] = draw(st.lists(text(1, 80), min_size=1, max_size=3))
    # A prefix keeps a drawn heading from starting with a number of its own (replaced by design).
    report["overview"]["items"][0]["heading"] = "题" + draw(text(1, 40))
    report["other_matters"] = {"paragraphs": draw(st.lists(text(1, 80), min_size=1, max_size=2))}
    report["signature"]["organization"] = draw(text(1, 40))
    return report


@given(reports_with_text())
def test_every_string_reaches_the_document_verbatim(report: dict[str, Any]) -> None:
    document, result = documents.generate(dumps(report))
    assert result.report is not None
    texts = paragraph_texts(document)
    joined = "\n".join(texts)
    for paragraph in [
        *report["preamble"],
        *report["overview"]["paragraphs"],
        *report["other_matters"]["paragraphs"],
        report["signature"]["organization"],
    ]:
        assert expected_text(paragraph) in texts
    assert expected_text(report["overview"]["items"][0]["heading"]) in joined
    properties = core_properties(document)
    assert properties.title == expected_text(report["title"])
    assert properties.author == expected_text(report["organization"])


@st.composite
def reports_to_read_back(draw: st.DrawFn) -> dict[str, Any]:
    """The example with drawn text in every string field the Word reader reads back (the title
    left to its default: a document names its year and organization there)."""
    report = example()
    del report["title"]
    report["organization"] = draw(text(1, 30, reader_char))
    report["preamble"] = draw(st.lists(text(1, 60, reader_char), min_size=1, max_size=3))
    report["overview"]["paragraphs"] = draw(st.lists(text(1, 60, reader_char), max_size=3))
    report["overview"]["items"][0]["heading"] = "题" + draw(text(1, 30, reader_char))
    report["overview"]["items"][0]["paragraphs"] = draw(
        st.lists(text(1, 60, reader_char), max_size=2)
    )
    report["problems"] = {"paragraphs": draw(st.lists(text(1, 60, reader_char), min_size=1,
                                                      max_size=2))}
    report["other_matters"] = {
        "paragraphs": draw(st.lists(text(1, 60, reader_char), min_size=1, max_size=2))
    }
    report["signature"]["organization"] = draw(text(1, 30, reader_char))
    return report


@given(reports_to_read_back())
def test_any_text_comes_back_from_the_document_as_the_contract_keeps_it(
    report: dict[str, Any],
) -> None:
    document, result = documents.generate(dumps(report))
    assert result.report is not None
    imported = documents.read(document, imports=ImportLimits())
    assert imported.report is not None, imported.errors
    assert load_report(imported.report).report == result.report
