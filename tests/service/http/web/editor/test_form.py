"""The editor's form: a post read into a state, the report JSON it makes, a report read back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from werkzeug.datastructures import MultiDict

from schemas import load_report
from service.http.web.editor.form import (
    EditorState,
    computed_totals,
    digest,
    from_document,
    from_form,
    to_report,
)

ROW = "applications.new_received"


def form(**fields: str | list[str]) -> MultiDict[str, str]:
    data: MultiDict[str, str] = MultiDict()
    for key, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            data.add(key.replace("__", "."), one)
    return data


def test_a_round_trip_through_the_form_keeps_a_valid_report(example_2021):
    state = from_document(example_2021).state
    made = to_report(state)
    assert made.unreadable == {}
    assert load_report(made.document).valid
    original = load_report(example_2021).report
    assert load_report(made.document).report == original


def test_the_2019_example_round_trips_too(example_2019):
    made = to_report(from_document(example_2019).state)
    assert load_report(made.document).report == load_report(example_2019).report


def test_totals_are_computed_unless_the_table_s_are_typed():
    state = from_form(
        form(format="2021", **{f"{ROW}__natural_person": "12", f"{ROW}__total": "99"})
    )
    assert computed_totals(state)[f"{ROW}.total"] == 12
    assert "total" not in to_report(state).document["applications"]["new_received"]
    state.overrides.add("table3")
    assert computed_totals(state)[f"{ROW}.total"] == 99
    assert to_report(state).document["applications"]["new_received"]["total"] == 99


def test_total_processed_adds_up_the_results_and_its_own_row():
    state = from_form(
        form(
            format="2021",
            applications__granted__natural_person="3",
            applications__withheld__state_secret__commercial="2",
            applications__other_handling__overdue_fee__other_org="1",
        )
    )
    totals = computed_totals(state)
    assert totals["applications.total_processed.natural_person"] == 3
    assert totals["applications.total_processed.commercial"] == 2
    assert totals["applications.total_processed.total"] == 6


@pytest.mark.parametrize(
    ("typed", "sent"), [("１２件", 12), ("1,200", 1200), ("", None), ("—", 0), (" 7 ", 7)]
)
def test_a_cell_is_read_as_people_type_it(typed, sent):
    made = to_report(from_form(form(format="2021", **{f"{ROW}__commercial": typed})))
    assert made.document["applications"].get("new_received", {}).get("commercial") == sent


@pytest.mark.parametrize("typed", ["12x", "-3", "1.5"])
def test_an_unreadable_cell_is_kept_as_typed_with_the_reason(typed):
    made = to_report(from_form(form(format="2021", **{f"{ROW}__commercial": typed})))
    assert made.document["applications"]["new_received"]["commercial"] == typed.strip()
    assert f"“{typed}”不是" in made.unreadable[f"{ROW}.commercial"]
    assert f"{ROW}.commercial" in {issue.path for issue in load_report(made.document).errors}


def test_amounts_keep_their_digits_and_a_typed_unit_wins():
    made = to_report(
        from_form(
            form(
                format="2019",
                active_disclosure__procurement__amount="345000.50元",
                active_disclosure__procurement__amount_unit="万元",
            )
        )
    )
    procurement = made.document["active_disclosure"]["procurement"]
    assert procurement == {"amount": "345000.50", "amount_unit": "元"}


def test_lists_keep_their_order_and_empty_boxes():
    state = from_form(
        form(
            format="2021",
            overview__paragraphs__1="第二段",
            overview__paragraphs__0="",
            overview__items__0__heading="主动公开",
            overview__items__0__paragraphs__0="内容",
        )
    )
    overview = to_report(state).document["overview"]
    assert overview == {
        "paragraphs": ["", "第二段"],
        "items": [{"heading": "主动公开", "paragraphs": ["内容"]}],
    }
    errors = load_report(to_report(state).document).errors
    assert ("overview.paragraphs.0", "empty") in {(issue.path, issue.code) for issue in errors}


def test_an_empty_sixth_chapter_is_left_out_and_others_are_named():
    document = to_report(EditorState("2021")).document
    assert "other_matters" not in document and "preamble" not in document
    assert document["overview"] == {"paragraphs": [""]}


def test_cells_of_another_format_are_kept_aside():
    state = from_form(
        form(
            format="2019", active_disclosure__fee_amount="12.5", applications__granted__research="4"
        )
    )
    assert state.stash == {"active_disclosure.fee_amount": "12.5"}
    assert state.cells["applications.granted.research"] == "4"


def test_a_report_s_given_totals_that_differ_are_kept_typed(example_2021):
    example_2021["review_litigation"]["review"]["total"] = 1000
    state = from_document(example_2021).state
    assert state.overrides == {"table4"}
    assert to_report(state).document["review_litigation"]["review"]["total"] == 1000


def test_what_has_no_place_in_the_form_is_listed(example_2021):
    example_2021["remarks"] = "x"
    example_2021["applications"]["new_received"]["robots"] = 3
    example_2021["overview"]["paragraphs"].append(5)
    assert from_document(example_2021).left_out == (
        "overview.paragraphs.1",
        "applications.new_received.robots",
        "remarks",
    )


def test_last_year_s_texts_are_recognised_until_changed():
    state = from_document({"overview": {"paragraphs": ["去年的话。"]}}, ["去年的话。"]).state
    assert state.carried == {digest("去年的话。")}
    assert state.is_carried("去年的话。") and not state.is_carried("今年的话。")
    posted = from_form(form(carried=sorted(state.carried), overview__paragraphs__0="去年的话。 "))
    assert posted.is_carried(posted.sections["overview"].paragraphs[0])


def test_anything_a_browser_sends_is_read_without_error():
    state = from_form(
        form(format="1999", year="二〇二五", overview__paragraphs__999999="x", **{"a..b": "c"})
    )
    assert state.format == "2021"
    assert to_report(state).document["year"] == "二〇二五"


class CountingForm(MultiDict[str, str]):
    """A form that counts how many times anything walks over its field names."""

    walks = 0

    def __iter__(self) -> Iterator[str]:
        CountingForm.walks += 1
        return super().__iter__()


def test_a_post_is_read_in_one_walk_over_its_fields():
    """Defect (review): each item's paragraphs were found by walking every field of the post,
    so a post of many item headings took quadratic time before any limit applied (4,000
    headings: 13 s; the form allows about 26,000 fields)."""
    fields = CountingForm([(f"overview.items.{index}.heading", "小标题") for index in range(2_000)])
    fields.add("overview.items.1.paragraphs.0", "第二项的段落")
    CountingForm.walks = 0
    state = from_form(fields)
    items = state.sections["overview"].items
    assert len(items) == 2_000 and items[1].paragraphs == ["第二项的段落"]
    assert CountingForm.walks < 10  # a few in all, not one per item (over 2,000 before)
