"""R1–R4 as data: every relation names real cells, the 总计 cells it computes are the official
ones, totals the model fills in never break a relation, and findings come most specific first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import load_report, parse_json
from schemas.model.layout import tables
from schemas.model.relations import RULE_ORDER, relations, table3_rows
from schemas.registry import FORMAT_IDS
from tests.conftest import EXAMPLES, changed, removed


def data_cells(report_format):
    layouts = tables(report_format).values()
    return {cell.key: cell for table in layouts for cell in table.data_cells()}


@pytest.mark.parametrize("report_format", FORMAT_IDS)
def test_every_relation_adds_up_cells_of_the_official_tables(report_format):
    cells = data_cells(report_format)
    for relation in relations(report_format):
        assert {relation.path, *relation.left, *relation.right} <= set(cells)
        assert "{left}" in relation.message and "{right}" in relation.message


@pytest.mark.parametrize("report_format", FORMAT_IDS)
def test_the_computed_cells_are_the_official_total_cells_each_once(report_format):
    computed = [relation.path for relation in relations(report_format) if relation.computes]
    expected = {
        key for key, cell in data_cells(report_format).items() if cell.print == "computed_if_absent"
    }
    assert len(computed) == len(set(computed)) and set(computed) == expected


@pytest.mark.parametrize("report_format", FORMAT_IDS)
def test_rules_come_most_specific_first(report_format):
    codes = [relation.code for relation in relations(report_format)]
    assert codes == sorted(codes, key=RULE_ORDER.index)
    assert codes.count("R2") == len(table3_rows(report_format))


def test_table3_rows_follow_the_format():
    assert "applications.other_handling" in table3_rows("2019")
    assert "applications.other_handling.overdue_fee" in table3_rows("2021")
    assert "applications.other_handling" not in table3_rows("2021")


def test_a_wrong_row_total_is_listed_before_the_balance_it_upsets(example_2021):
    path = "applications.new_received.total"
    total = example_2021["applications"]["new_received"]["total"]
    document = changed(example_2021, path, total + 1)
    result = load_report(document)
    assert [(issue.path, issue.code) for issue in result.errors] == [
        (path, "R2"),
        ("applications.carried_forward.total", "R1"),
    ]


def without_totals(document):
    for relation in relations(document["format"]):
        *parents, last = relation.path.split(".")
        node = document
        for key in parents:
            node = node.get(key, {})
        if relation.computes and last in node:
            document = removed(document, relation.path)
    return document


@pytest.mark.parametrize("report_format", FORMAT_IDS)
@given(data=st.data())
def test_totals_the_model_fills_in_never_break_a_relation(report_format, data):
    document = without_totals(parse_json(EXAMPLES[report_format].read_bytes()))
    computed = {relation.path for relation in relations(report_format) if relation.computes}
    for key in data_cells(report_format):
        if key.startswith(("applications.", "review_litigation.")) and key not in computed:
            document = changed(document, key, data.draw(st.integers(0, 10_000), label=key))
    result = load_report(document)
    assert {issue.code for issue in result.errors} <= {"R1"}
