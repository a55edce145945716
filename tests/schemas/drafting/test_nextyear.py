"""Next year's draft from last year's report: what carries over, what starts again."""

from __future__ import annotations

from schemas import load_report
from schemas.drafting.nextyear import next_year
from tests.conftest import changed


def test_a_2021_report_carries_its_balance_and_documents_in_force(example_2021):
    draft = next_year(example_2021).document
    assert (draft["year"], draft["format"]) == (2022, "2021")
    assert draft["organization"] == example_2021["organization"]
    forward = example_2021["applications"]["carried_forward"]
    assert draft["applications"] == {
        "carried_over": {key: value for key, value in forward.items() if key != "total"}
    }
    disclosure = example_2021["active_disclosure"]
    assert draft["active_disclosure"] == {
        "rules": {"in_force": disclosure["rules"]["in_force"]},
        "normative_documents": {"in_force": disclosure["normative_documents"]["in_force"]},
    }
    assert draft["review_litigation"] == {}
    assert "title" not in draft and "date" not in draft.get("signature", {})


def test_the_texts_are_kept_and_listed_as_carried(example_2021):
    result = next_year(example_2021)
    assert result.document["overview"] == example_2021["overview"]
    assert example_2021["overview"]["items"][0]["heading"] in result.carried
    assert example_2021["preamble"][0] in result.carried
    assert example_2021["organization"] not in result.carried


def test_the_draft_is_a_valid_report(example_2021):
    result = load_report(next_year(example_2021).document)
    # the only errors: last year's balance now waits for this year's results (R1)
    assert {issue.code for issue in result.errors} == {"R1"}


def test_2020_to_2021_changes_format_and_carries_no_documents_in_force(example_2019):
    draft = next_year(example_2019).document
    assert (draft["year"], draft["format"]) == (2021, "2021")
    assert draft["active_disclosure"] == {}


def test_a_draft_of_any_shape_gives_what_it_can(example_2021):
    odd = changed(example_2021, "year", "2021年")
    odd = changed(odd, "applications.carried_forward", {"natural_person": "3", "commercial": 2})
    draft = next_year(odd).document
    assert "year" not in draft and draft["format"] == "2021"
    assert draft["applications"]["carried_over"] == {"commercial": 2}
    assert next_year({}).document["applications"] == {"carried_over": {}}
