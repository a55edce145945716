"""Round trip: import(render(r)) == r — numbers exactly, text after the contract's own
normalisation — for both examples and the property tests' random consistent reports (any
XML-legal text in every string field: tests/hostile/test_roundtrip_properties.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from schemas import load_report
from service import documents
from tests.conftest import EXAMPLES, changed
from tests.handfilled import read
from tests.schemas.test_properties import consistent_reports


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
