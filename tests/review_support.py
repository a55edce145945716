"""Reading the review page (review.html) back as a test sees it: each bureau's row by input
index, with its state and its problems as the page words them."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html


@dataclass(frozen=True)
class PageRow:
    """One bureau's row of the review page."""

    index: int
    name: str
    state: str
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def page_rows(page: bytes) -> dict[int, PageRow]:
    """Every row of the page's 逐份审核 tables, by the input's index (from 0)."""
    tree = lxml.html.fromstring(page)
    rows = {}
    for row in tree.xpath('//table[contains(@class, "bureaus")]//tr[starts-with(@id, "r")]'):
        index = int(row.get("id")[1:])
        problems = row.xpath('.//ol[@class="problems"]/li')
        rows[index] = PageRow(
            index,
            row.xpath('.//span[@class="name"]')[0].text_content(),
            row.xpath('.//td[contains(@class, "state")]')[0].text_content(),
            tuple(_words(li) for li in problems if li.get("class") == "error"),
            tuple(_words(li) for li in problems if li.get("class") == "warning"),
        )
    return rows


def _words(item: lxml.html.HtmlElement) -> str:
    """A problem's text without its 错误/提示 badge."""
    return item.text_content().split(maxsplit=0)[0][2:]


def section_text(page: bytes, heading_id: str) -> str:
    """The text of the page's section whose heading has id `heading_id`."""
    tree = lxml.html.fromstring(page)
    [section] = tree.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    return str(section.text_content())
