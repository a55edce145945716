"""computed_totals: every 总计 cell's path and value."""

from __future__ import annotations

from schemas import load_report
from schemas.model.layout import tables
from schemas.model.totals import computed_totals
from tests.conftest import removed


def total_cells(report_format):
    return {
        cell.key
        for table in tables(report_format).values()
        for cell in table.data_cells()
        if cell.print == "computed_if_absent"
    }


def test_every_total_cell_of_both_formats_is_listed(example_2019, example_2021):
    for document in (example_2019, example_2021):
        report = load_report(document).report
        assert set(computed_totals(report)) == total_cells(report.format)


def test_values_are_computed_or_as_given(example_2021):
    document = removed(example_2021, "applications.total_processed")
    document = removed(document, "review_litigation.review.total")
    totals = computed_totals(load_report(document).report)
    assert totals["applications.total_processed.total"] == 1347
    assert totals["applications.total_processed.research"] == 164
    assert totals["applications.withheld.state_secret.total"] == sum(
        value
        for key, value in example_2021["applications"]["withheld"]["state_secret"].items()
        if key != "total"
    )
    assert totals["review_litigation.review.total"] == 7
