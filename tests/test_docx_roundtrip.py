"""Round trip: import(render(r)) == r — numbers exactly, text after the contract's own
normalisation — for both examples, the property tests' random consistent reports, and any
XML-legal text in every string field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import EXAMPLES, changed
from handfilled import read
from hypothesis import given
from hypothesis import strategies as st
from test_properties import consistent_reports

from schemas import load_report
from schemas.fields import first_illegal_character
from service import documents


def round_trip(document: dict[str, Any] | bytes) -> tuple[Any, Any]:
    """(the report as validated, the report read back from its rendered .docx, validated)."""
    original = load_report(document)
    assert original.report is not None, original.errors
    imported = read(documents.render(original.report))
    assert imported.report is not None, imported.errors
    again = load_report(json.dumps(imported.report, ensure_ascii=False))
    assert again.report is not None, again.errors
    return original.report, again.report


@pytest.mark.parametrize("format_id", sorted(EXAMPLES))
def test_each_example_comes_back_as_it_went_in(format_id):
    original, again = round_trip(EXAMPLES[format_id].read_bytes())
    assert again == original


@given(consistent_reports())
def test_random_consistent_reports_come_back_as_they_went_in(document):
    original, again = round_trip(document)
    assert again == original


_AWKWARD = "\u202e\u2066\u200b\ufeff\u0301\t\n\r \u3000\u00a0"
_legal = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
    st.sampled_from(_AWKWARD + "甲乙𠀀😀（一）一、。：:报告2021年1月20日{}%<>&\"'"),
).filter(lambda char: first_illegal_character(char) is None)


def text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """XML-legal text that is not empty once trimmed."""
    return st.text(_legal, min_size=min_size, max_size=max_size).filter(lambda value: value.strip())


@st.composite
def reports_with_text(draw: st.DrawFn) -> dict[str, Any]:
    """The 2021 example with drawn text in every kind of string field (the title left to its
    default: its year and organization are how a document names them)."""
    report = json.loads(EXAMPLES["2021"].read_bytes())
    del report["title"]
    report["organization"] = draw(text(1, 30))
    report["preamble"] = draw(st.lists(text(1, 60), min_size=1, max_size=3))
    report["overview"]["paragraphs"] = draw(st.lists(text(1, 60), min_size=0, max_size=3))
    # A prefix keeps a drawn heading from starting with a number of its own (replaced by design).
    report["overview"]["items"][0]["heading"] = "题" + draw(text(1, 30))
    report["overview"]["items"][0]["paragraphs"] = draw(st.lists(text(1, 60), max_size=2))
    report["problems"] = {"paragraphs": draw(st.lists(text(1, 60), min_size=1, max_size=2))}
    report["other_matters"] = {"paragraphs": draw(st.lists(text(1, 60), min_size=1, max_size=2))}
    report["signature"]["organization"] = draw(text(1, 30))
    return report


@given(reports_with_text())
def test_any_text_comes_back_as_the_contract_keeps_it(document):
    original, again = round_trip(json.dumps(document, ensure_ascii=False))
    assert again == original


def test_a_report_without_signature_or_other_matters_comes_back_without():
    document = json.loads(EXAMPLES["2021"].read_bytes())
    del document["signature"], document["other_matters"]
    original, again = round_trip(document)
    assert again == original and again.signature is None


def test_an_item_without_text_and_a_signature_without_date_come_back():
    document = json.loads(EXAMPLES["2021"].read_bytes())
    document = changed(document, "overview.items.2.paragraphs", [])
    document = changed(document, "signature", {"organization": "某某办公室"})
    original, again = round_trip(document)
    assert again == original
