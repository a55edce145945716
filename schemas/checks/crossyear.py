"""Cross-year checks against last year's report: X1 (carry-over, error) and X2 (documents, warning).

Neither rule is printed on the official form; both follow from the row names (official-format
§5.3). X1: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, per applicant column
and in total (the rows did not change between the 2019 and 2021 formats). X2: 现行有效件数 this
year = last year's + this year's 本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件 — only a
warning, since agencies re-count their documents (清理) in good faith. Each function returns
``(path, code, message)`` findings and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from schemas.model.layout import label
from schemas.model.report import APPLICANT_COLUMNS, DocumentCounts2021, Report
from schemas.registry import find

Finding = tuple[str, str, str]
#: The codes of the problems that make a report unusable as last year's.
IDENTITY_CODES = ("previous_wrong_year", "previous_other_organization")
COLUMNS = (*APPLICANT_COLUMNS, "total")
_WHITE_SPACE = re.compile(r"\s+")
#: The document rows X2 follows, by contract key.
DOCUMENT_ROWS = ("rules", "normative_documents")


def organization_key(name: str) -> str:
    """The form two 机关名称 are compared in (width and white space aside): the same key, the
    same organization."""
    return _WHITE_SPACE.sub("", unicodedata.normalize("NFKC", name))


def identity(report: Report, previous: Report) -> list[Finding]:
    """Why `previous` is not last year's report of the same organization (empty when it is)."""
    found: list[Finding] = []
    if previous.year != report.year - 1:
        found.append((
            "previous.year",
            "previous_wrong_year",
            f"上年度报告应为 {report.year - 1} 年度，收到的是 {previous.year} 年度的报告，"
            "未作跨年度比对 / "
            f"the previous report must be for {report.year - 1}, not {previous.year}; "
            "nothing was compared",
        ))
    if organization_key(previous.organization) != organization_key(report.organization):
        found.append((
            "previous.organization",
            "previous_other_organization",
            f"上年度报告的机关为“{previous.organization}”，与本报告的“{report.organization}”不同，"
            f"未作跨年度比对 / the previous report is by {previous.organization!r}, not "
            f"{report.organization!r}; nothing was compared",
        ))
    return found


def carried_over(report: Report, previous: Report) -> Iterator[Finding]:
    """X1: 二、上年结转 (this year) = 四、结转下年度继续办理 (last year), column by column."""
    this_row = report.applications.carried_over
    last_row = previous.applications.carried_forward
    for column in COLUMNS:
        this_value = getattr(this_row, column)
        last_value = getattr(last_row, column)
        if this_value == last_value:
            continue
        here = label(f"applications.carried_over.{column}", report.format)
        there = label(f"applications.carried_forward.{column}", previous.format)
        yield (
            f"applications.carried_over.{column}",
            "X1",
            f"本年 {_short(here)} 为 {this_value}，但 {previous.year} 年度报告 {_short(there)} 为 "
            f"{last_value}（X1） / carried_over.{column} is {this_value} but the {previous.year} "
            f"report's carried_forward.{column} is {last_value} (X1)",
        )


def documents_in_force(report: Report, previous: Report) -> Iterator[Finding]:
    """X2: 现行有效件数 = last year's + 本年制发件数 − 本年废止件数 (formats that count them)."""
    if not (find(report.format).documents_in_force and find(previous.format).documents_in_force):
        return  # a format that counts no 现行有效件数: nothing to follow
    for row in DOCUMENT_ROWS:
        this_counts: DocumentCounts2021 = getattr(report.active_disclosure, row)
        last_counts: DocumentCounts2021 = getattr(previous.active_disclosure, row)
        expected = last_counts.in_force + this_counts.issued - this_counts.repealed
        if this_counts.in_force == expected:
            continue
        path = f"active_disclosure.{row}.in_force"
        yield (
            path,
            "X2",
            f"{_short(label(path, report.format))} 为 {this_counts.in_force}，按 "
            f"{previous.year} 年度的 {last_counts.in_force} 件加本年制发 {this_counts.issued} "
            f"件、减本年废止 {this_counts.repealed} 件应为 {expected}（X2，如有清理请忽略） / "
            f"in_force is {this_counts.in_force}; last year's {last_counts.in_force} + issued "
            f"{this_counts.issued} - repealed {this_counts.repealed} is {expected} (X2)",
        )


def _short(full_label: str) -> str:
    """A cell's label without its chapter (the message names the table itself)."""
    return full_label.split(" · ", 1)[-1]
