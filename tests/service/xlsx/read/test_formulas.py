"""service.xlsx.read.formulas: the sums computed without a saved result, and everything left
alone."""

from __future__ import annotations

import pytest

from service.xlsx.read.formulas import MAX_TERMS, evaluate

CELLS: dict[tuple[int, int], int | float | None] = {
    (6, 4): 1,  # D6
    (6, 5): 2,  # E6
    (6, 6): 3.5,  # F6
    (7, 4): None,  # D7: text
}


def number_at(at: tuple[int, int]) -> int | float | None:
    return CELLS.get(at, 0)


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("=SUM(D6:I6)", 6.5),
        ("=sum(d6:e6)", 3),
        ("=SUM($D$6,F6)", 4.5),
        ("=SUM(E6:D6)", 3),  # corners either way round
        ("=D6+E6", 3),
        ("= D6 + F6", 4.5),
        ("=SUM(A1)", 0),  # empty cells count 0
        (f"=SUM(A1:A{MAX_TERMS})", 0),
    ],
)
def test_sums_are_computed(formula: str, value: float) -> None:
    assert evaluate(formula, number_at) == value


@pytest.mark.parametrize(
    "formula",
    [
        "=AVERAGE(D6:E6)",
        "=D6*2",
        "=D6-E6",
        "=SUM(D6:D7)",  # D7 is not a number
        "=表三!D6",
        "=[1]Sheet1!A1",
        "=SUM(A1:XFD1048576)",  # more than MAX_TERMS cells: not even counted out
        f"=SUM(A1:A{MAX_TERMS},B1)",
        "=",
        "=SUM()",
        "=SUM(D6:)",
    ],
)
def test_anything_else_is_left_to_the_reader(formula: str) -> None:
    assert evaluate(formula, number_at) is None
