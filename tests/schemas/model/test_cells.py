"""schemas.model.cells: every data cell printed as the templates print it; typed cell text read
back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from schemas.model.cells import (
    AMOUNT_UNITS,
    CellUnreadable,
    Typed,
    cell_text,
    printed_path,
    read_amount,
    read_cell,
    read_count,
)
from schemas.model.layout import tables
from schemas.registry import FORMAT_IDS
from service.docx.write.sample import sample_report


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_data_cell_prints_its_model_value(format_id: str) -> None:
    report = sample_report(format_id)  # every count different, negatives in 本年增/减
    for table in tables(format_id).values():
        for cell in table.data_cells():
            text = cell_text(report, cell)
            if cell.print == "signed":
                assert text.startswith("-") and text[1:].isdigit()
            elif cell.print == "decimal_as_given":
                assert text.endswith(".250")  # the given digits, trailing zero kept
            elif cell.print == "amount_with_unit":
                assert text.endswith(".250" + report.active_disclosure.procurement.amount_unit)
            else:
                assert text.isdigit(), (cell.key, text)


def test_printed_paths_name_the_text_properties_of_amounts() -> None:
    cells = {cell.key: cell for cell in tables("2019")["table2"].data_cells()}
    assert printed_path(cells["active_disclosure.procurement.amount"]) == (
        "active_disclosure.procurement.amount_text"
    )
    assert printed_path(cells["active_disclosure.rules.produced"]) == (
        "active_disclosure.rules.produced"
    )
    fee = next(c for c in tables("2021")["table2"].data_cells() if c.print == "decimal_as_given")
    assert printed_path(fee) == "active_disclosure.fee_amount_text"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", Typed(12)),
        ("１２", Typed(12)),
        ("　１２　", Typed(12)),  # the template's own full-width spaces left around
        (" 0 ", Typed(0)),
        ("1,200", Typed(1200)),
        ("1，200，000", Typed(1200000)),
        ("12件", Typed(12)),
        ("12 件", Typed(12)),
        ("10件次", Typed(10)),
        ("3个", Typed(3)),
        ("", Typed(0, blank=True)),
        ("　", Typed(0, blank=True)),
        ("—", Typed(0, blank=True)),
        ("——", Typed(0, blank=True)),
        ("-", Typed(0, blank=True)),
        ("－", Typed(0, blank=True)),
        ("/", Typed(0, blank=True)),
        ("无", Typed(0, blank=True)),
    ],
)
def test_counts_as_people_type_them(text: str, expected: Typed) -> None:
    assert read_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("-18", -18), ("－18", -18), ("−3", -3), ("+4", 4), ("5", 5)]
)
def test_signed_counts(text: str, expected: int) -> None:
    assert read_count(text, signed=True) == Typed(expected)


@pytest.mark.parametrize(
    "text", ["1.5", "12元", "十二", "1,23", "12,3456", "-3", "1e3", "x", "12件件", "0x10", "1 2"]
)
def test_unreadable_counts_name_the_text(text: str) -> None:
    with pytest.raises(CellUnreadable) as raised:
        read_count(text)
    assert raised.value.text == text
    assert f"“{text.strip()}”不是" in raised.value.message


@pytest.mark.parametrize("signed", [False, True])
def test_a_count_of_thousands_of_digits_is_unreadable_not_a_crash(signed: bool) -> None:
    """Defect: int() refuses more than 4,300 digits with a plain ValueError, which no reader
    caught (an uploaded document with such a cell was a 500)."""
    text = "1" * 5_000
    with pytest.raises(CellUnreadable) as raised:
        read_count(text, signed=signed)
    assert raised.value.text == text
    assert "5000 个字符" in raised.value.message and len(raised.value.message) < 100


@pytest.mark.parametrize(
    ("text", "units", "expected"),
    [
        ("96171.60", (), Typed(Decimal("96171.60"))),
        ("９６１７１．６０", (), Typed(Decimal("96171.60"))),
        ("96,171.60", (), Typed(Decimal("96171.60"))),
        ("0", (), Typed(Decimal(0))),
        ("345000元", AMOUNT_UNITS, Typed(Decimal(345000), "元")),
        ("34.5万元", AMOUNT_UNITS, Typed(Decimal("34.5"), "万元")),
        ("34.5 万元", AMOUNT_UNITS, Typed(Decimal("34.5"), "万元")),
        ("—", AMOUNT_UNITS, Typed(Decimal(0), blank=True)),
    ],
)
def test_amounts_keep_their_digits_and_unit(
    text: str, units: tuple[str, ...], expected: Typed
) -> None:
    read = read_amount(text, units)
    assert read == expected
    assert str(read.value) == str(expected.value)  # 96171.60, not 96171.6


@pytest.mark.parametrize(("text", "units"), [("-5", ()), ("5元", ()), ("5美元", AMOUNT_UNITS),
                                             ("五万", AMOUNT_UNITS), ("1.2.3", ())])
def test_unreadable_amounts(text: str, units: tuple[str, ...]) -> None:
    with pytest.raises(CellUnreadable):
        read_amount(text, units)


def test_read_cell_follows_the_print_kind() -> None:
    by_key = {cell.key: cell for table in tables("2019").values() for cell in table.data_cells()}
    assert read_cell(by_key["active_disclosure.licensing.change"], "-3") == Typed(-3)
    assert read_cell(by_key["active_disclosure.procurement.amount"], "3万元").unit == "万元"
    with pytest.raises(CellUnreadable):
        read_cell(by_key["active_disclosure.licensing.decisions"], "-3")
    fee = {c.key: c for c in tables("2021")["table2"].data_cells()}["active_disclosure.fee_amount"]
    assert read_cell(fee, "1.5万元") == Typed(Decimal("1.5"), "万元")
    with pytest.raises(CellUnreadable):
        read_cell(fee, "1.5元")  # the header says 万元: another unit is a mistake
