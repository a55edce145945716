"""What the review computes over many reports as they come: the district's sums of tables 3 and 4
(this year per format, last year per cell), and what is worth a look (warnings, not errors).

Sums are running totals: memory does not grow with the number of reports. Nothing here raises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TypeVar

from schemas.model.figures import column_index
from schemas.model.layout import tables
from schemas.registry import find
from service.review.rows import RECEIVED, LastYear, Reviewed

#: The tables the district's sums cover (counts only: table 2 mixes units and amounts).
SUM_TABLES = ("table3", "table4")
#: A bureau's applications "changed more than threefold" when the larger year is more than this
#: many times the smaller (a year with none counts as one, so 0 → 3 is not flagged, 0 → 4 is).
CHANGE_FACTOR = 3
FEE = "active_disclosure.fee_amount"
_Key = TypeVar("_Key", int, str)
#: The table-4 groups: (path, name, the name a chart has room for).
CASE_GROUPS = (
    ("review_litigation.review", "行政复议", "行政复议"),
    ("review_litigation.litigation_direct", "行政诉讼（未经复议直接起诉）", "诉讼（直接起诉）"),
    ("review_litigation.litigation_after_review", "行政诉讼（复议后起诉）", "诉讼（复议后）"),
)


@cache
def summed_paths(report_format: str) -> tuple[str, ...]:
    """The data cells of tables 3 and 4 of a format, in table order; raises KeyError for an
    unknown format."""
    layouts = tables(find(report_format).id)
    return tuple(
        cell.key for name in SUM_TABLES for cell in layouts[name].data_cells() if cell.key
    )


@dataclass
class Sums:
    """The district's sums of tables 3 and 4: this year over the reports that can be issued,
    per format; last year over every report of last year, per cell."""

    this_year: dict[str, list[int]] = field(default_factory=dict)
    """Per format, the sum of each of ``summed_paths(format)``."""
    reports: Counter[str] = field(default_factory=Counter)
    """Per format, how many reports are in this year's sums."""
    last_year: dict[str, int] = field(default_factory=dict)
    """Per cell path, last year's sum (only cells some report of last year has)."""
    last_reports: int = 0

    def add(self, row: Reviewed) -> None:
        """Add a report's cells to this year's sums (only one that can be issued, see
        ``Reviewed.state``)."""
        if row.state != "ok" or row.figures is None or row.format is None:
            return
        paths = summed_paths(row.format)
        sums = self.this_year.setdefault(row.format, [0] * len(paths))
        index = column_index()
        for position, path in enumerate(paths):
            value = row.figures[index[path]]
            if isinstance(value, int):
                sums[position] += value
        self.reports[row.format] += 1

    def add_last_year(self, last: LastYear) -> None:
        """Add a report of last year to last year's sums."""
        index = column_index()
        for path in summed_paths(last.format):
            value = last.figures[index[path]]
            if isinstance(value, int):
                self.last_year[path] = self.last_year.get(path, 0) + value
        self.last_reports += 1

    def this_year_value(self, report_format: str, path: str) -> int:
        """This year's sum of cell `path` of format `report_format` (0 without reports)."""
        sums = self.this_year.get(report_format)
        return 0 if sums is None else sums[summed_paths(report_format).index(path)]

    def value(self, path: str) -> int:
        """This year's sum of `path` over every format that has it."""
        return sum(
            sums[summed_paths(fmt).index(path)]
            for fmt, sums in self.this_year.items()
            if path in summed_paths(fmt)
        )


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth a look about one bureau's report (never an error)."""

    index: int
    name: str
    text: str


def row_notes(row: Reviewed) -> Iterator[str]:
    """What is worth a look in one report on its own and beside last year's (its year and
    format beside the others' are ``outliers``)."""
    if row.figures is None or row.state == "unread":
        return
    numbers = [value for value in row.figures if isinstance(value, int | Decimal)]
    if numbers and not any(numbers):
        yield "报告中的数字全部为 0，请确认各表是否漏填"
    fee = row.value(FEE)
    if isinstance(fee, Decimal) and fee > 0:
        yield (
            f"本年收取信息处理费 {fee} 万元，请核对“六、其他需要报告的事项”中的说明"
            "和收费依据"
        )
    last = row.previous
    if last is None:
        return
    now, before = row.value(RECEIVED), last.value(RECEIVED)
    if isinstance(now, int) and isinstance(before, int):
        larger, smaller = max(now, before), min(now, before)
        if larger > CHANGE_FACTOR * max(smaller, 1):
            direction = "增加" if now > before else "减少"
            yield (
                f"本年新收政府信息公开申请 {now} 件，上年 {before} 件，{direction}超过三倍，"
                "请核对"
            )
    for path, name, _ in CASE_GROUPS:
        pending = row.value(f"{path}.pending")
        last_total = last.value(f"{path}.total")
        if isinstance(pending, int) and isinstance(last_total, int) and pending > last_total:
            yield (
                f"{name}尚未审结 {pending} 件，多于上年{name}总数 {last_total} 件，请核对"
            )


@dataclass
class Majority:
    """The year and format most reports have, counted as they come."""

    years: Counter[int] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)

    def add(self, row: Reviewed) -> None:
        """Count a report's year and format (when it has them)."""
        if row.year is not None:
            self.years[row.year] += 1
        if row.format is not None:
            self.formats[row.format] += 1

    @property
    def year(self) -> int | None:
        """The year of most reports (None: none known, or a tie)."""
        return _most(self.years)

    @property
    def format(self) -> str | None:
        """The format of most reports (None: none known, or a tie)."""
        return _most(self.formats)

    def outliers(self, row: Reviewed) -> Iterator[str]:
        """Why a report's year or format differs from most reports'."""
        year, report_format = self.year, self.format
        if row.year is not None and year is not None and row.year != year:
            yield f"报告年度为 {row.year} 年，其他多数报告为 {year} 年"
        if row.format is not None and report_format is not None and row.format != report_format:
            yield f"使用 {row.format} 格式，其他多数报告为 {report_format} 格式"


def _most(counts: Counter[_Key]) -> _Key | None:
    """The most common key of `counts`, None when there is none or two share the top."""
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]
