"""service.xlsx.read.locate: data cells found by their labels on a sheet, wherever the table is."""

from __future__ import annotations

import pytest

from schemas.registry import find
from service.xlsx.read.locate import locate
from service.xlsx.read.sheet import CellValue, Sheet
from service.xlsx.sheets import label_key


def sheet_of(table: str, top: int, left: int, skip: str | None = None) -> Sheet:
    """A sheet holding only the labels of `table` (2021), its grid starting at (top, left)."""
    cells = {
        (top + place.row, left + place.column): CellValue(place.cell.text)
        for place in find("2021").tables[table].placed()
        if place.cell.text is not None and place.cell.text != skip
    }
    return Sheet("表", cells)


@pytest.mark.parametrize(("top", "left"), [(1, 1), (3, 1), (40, 7)])
def test_cells_follow_the_table_wherever_it_is(top: int, left: int) -> None:
    located = locate(sheet_of("table4", top, left), "2021", "table4")
    assert located.missing == {}
    data_row = top + 3
    assert located.cells["review_litigation.review.upheld"] == (data_row, left)
    assert located.cells["review_litigation.review.total"] == (data_row, left + 4)
    # 结果维持 occurs three times: each group gets its own, by reading order
    assert located.cells["review_litigation.litigation_direct.upheld"] == (data_row, left + 5)
    assert located.cells["review_litigation.litigation_after_review.total"] == (data_row, left + 14)


def test_a_repeated_header_belongs_to_its_own_block() -> None:
    located = locate(sheet_of("table2", 3, 1), "2021", "table2")
    assert located.cells["active_disclosure.licensing_decisions"] == (3 + 6, 2)
    assert located.cells["active_disclosure.penalty_decisions"] == (3 + 9, 2)


def test_a_missing_label_names_the_cells_it_would_have_placed() -> None:
    located = locate(sheet_of("table3", 3, 1, skip="1.属于国家秘密"), "2021", "table3")
    (missing,) = located.missing.items()
    assert missing[0] == "1.属于国家秘密"
    assert len(missing[1]) == 7 and all("state_secret" in key for key in missing[1])
    assert "applications.withheld.prohibited_by_law.natural_person" in located.cells


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("商业\n企业", "商业企业"),
        (" （一）予以公开 ", "（一）予以公开"),
        ("(一)予以公开", "（一）予以公开"),
        ("第二十条第(一)项", "第二十条第（一）项"),
    ],
)
def test_labels_compare_without_white_space_and_width(typed: str, official: str) -> None:
    assert label_key(typed) == label_key(official)
