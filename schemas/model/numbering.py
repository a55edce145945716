"""Typesetting decisions made in the data: item numbers, heading punctuation, title lines."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = "零一二三四五六七八九"

#: A number a heading may already start with: （一） (一) (一） 一、 一. 1. 1、 （1）, and spaces.
_OWN_NUMBER = re.compile(
    r"(?:[（(][一二三四五六七八九十百零〇]+[）)]|[一二三四五六七八九十百零〇]+[、.．]"
    r"|[（(][0-9]+[）)]|[0-9]+[、.．](?![0-9]))\s*"
)
_HEADING_ENDS = ("。", "：", ":")

#: Items are numbered （一） … （九十九）.
MAX_ITEMS = 99

#: Width of the title line: 156 mm at 22 pt is 20 full-width characters.
TITLE_LINE_WIDTH = 20.0


def chinese_numeral(number: int) -> str:
    """Write 1 … 99 in Chinese numerals (一, 十, 十一, 二十一); raises ValueError otherwise."""
    if not 1 <= number <= MAX_ITEMS:
        raise ValueError(f"no Chinese numeral for {number}")
    tens, units = divmod(number, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return text + (_DIGITS[units] if units else "")


def item_number(position: int) -> str:
    """The printed number of the item at 1-based ``position``: （一）（二）…."""
    return f"（{chinese_numeral(position)}）"


def without_own_number(heading: str) -> str:
    """The heading without a number it already starts with (the item's own replaces it)."""
    text = _OWN_NUMBER.sub("", heading, count=1) if _OWN_NUMBER.match(heading) else heading
    return text.strip()


def heading_text(heading: str) -> str:
    """The heading without a number it already had, ending in 。, ：or :."""
    text = without_own_number(heading)
    return text if text.endswith(_HEADING_ENDS) else text + "。"


def display_width(text: str) -> float:
    """Width in full-width characters: East Asian wide, full-width and ambiguous count 1, others ½.

    Ambiguous characters (“”, ·, —) count as full width because Chinese fonts set them so.
    """
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text)


def title_lines(title: str, organization: str, year: int) -> tuple[str, ...]:
    """The title as printed: one line when it fits, else organization / rest, else split at 年份."""
    if display_width(title) <= TITLE_LINE_WIDTH:
        return (title,)
    if title.startswith(organization) and len(title) > len(organization):
        return (organization, title[len(organization) :])
    at = title.find(f"{year}年")
    if at > 0:
        return (title[:at], title[at:])
    return (title,)
