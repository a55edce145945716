"""Item numbers, heading numbers and punctuation, title lines."""

from __future__ import annotations

import pytest

from schemas.model.numbering import (
    chinese_numeral,
    display_width,
    heading_text,
    item_number,
    title_lines,
)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
    ],
)
def test_chinese_numerals(number, text):
    assert chinese_numeral(number) == text


@pytest.mark.parametrize("number", [0, 100, -1])
def test_numerals_outside_the_range_are_refused(number):
    with pytest.raises(ValueError, match="no Chinese numeral"):
        chinese_numeral(number)


def test_item_numbers():
    assert [item_number(n) for n in (1, 2, 12)] == ["（一）", "（二）", "（十二）"]


@pytest.mark.parametrize(
    ("heading", "text"),
    [
        ("主动公开", "主动公开。"),
        ("（一）主动公开", "主动公开。"),
        ("(二)依申请公开", "依申请公开。"),
        ("(三）平台建设", "平台建设。"),
        ("（四)监督保障", "监督保障。"),
        ("一、主动公开情况", "主动公开情况。"),
        ("十二、其他", "其他。"),
        ("1.主动公开", "主动公开。"),
        ("2、主动公开", "主动公开。"),
        ("（3）主动公开", "主动公开。"),
        ("（一） 主动公开：", "主动公开："),
        ("主动公开。", "主动公开。"),
        ("主动公开:", "主动公开:"),
        ("2021年工作", "2021年工作。"),
        ("1.5倍增长", "1.5倍增长。"),
        ("一是加强", "一是加强。"),
    ],
)
def test_heading_numbers_are_replaced_and_a_full_stop_added(heading, text):
    assert heading_text(heading) == text


def test_display_width_counts_wide_characters_as_one():
    assert display_width("秀洲区") == 3
    assert display_width("2021") == 2
    assert display_width("“三安全一稳定”") == 8


def test_a_short_title_is_one_line():
    assert title_lines("某局2021年政府信息公开工作年度报告", "某局", 2021) == (
        "某局2021年政府信息公开工作年度报告",
    )


def test_a_long_title_is_split_after_the_organization():
    title = "嘉兴市秀洲区人民政府办公室2021年政府信息公开工作年度报告"
    assert title_lines(title, "嘉兴市秀洲区人民政府办公室", 2021) == (
        "嘉兴市秀洲区人民政府办公室",
        "2021年政府信息公开工作年度报告",
    )


def test_a_long_title_not_starting_with_the_organization_is_split_at_the_year():
    title = "关于嘉兴市秀洲区人民政府办公室2021年政府信息公开工作的年度报告"
    assert title_lines(title, "秀洲区政府办", 2021) == (
        "关于嘉兴市秀洲区人民政府办公室",
        "2021年政府信息公开工作的年度报告",
    )


def test_a_long_title_without_organization_or_year_stays_one_line():
    title = "关于嘉兴市秀洲区人民政府办公室政府信息公开工作情况的年度报告"
    assert title_lines(title, "秀洲区政府办", 2021) == (title,)


def test_exactly_twenty_full_width_characters_fit():
    assert len(title_lines("字" * 20, "某", 2021)) == 1
    assert title_lines("某" + "字" * 20, "某", 2021) == ("某", "字" * 20)
