"""Cross-year checks against last year's report: X1 (carry-over, error) and X2 (documents, warning).

Neither rule is printed on the official form; both follow from the row names (official-format
§5.3). X1: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, per applicant column
and in total (the rows did not change between the 2019 and 2021 formats). X2: 现行有效件数 this
year = last year's + this year's 本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件 — only a
warning, since agencies re-count their documents (清理) in good faith. Each function returns
``(path, code, message)`` findings and never raises.

Last year's report is of the same organization when the names are the same as people write them
(``same_organization``): white space, full- and half-width forms and brackets aside, and a name
that only adds or drops the higher levels' names before it (淮安市洪泽区人民政府 for 洪泽区人民政府)
is the same bureau: compared, with a warning saying how the name changed. Only another bureau is
an error.
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
#: The warning for last year's report of the same bureau under a name written otherwise.
RENAMED_CODE = "previous_organization_renamed"
COLUMNS = (*APPLICANT_COLUMNS, "total")
_WHITE_SPACE = re.compile(r"\s+")
#: Brackets of every kind (after NFKC, which already makes （ ( and ［ [): 机关（本级） and
#: 机关【本级】 and 机关本级 are written differently, not different bureaus.
_BRACKETS = re.compile(r"[()\[\]{}<>〈〉《》【】〔〕〖〗〘〙〚〛「」『』⦅⦆]")
#: One administrative division's name: a few characters and the level (淮安市, 洪泽区,
#: 江苏省, 海西蒙古族藏族自治州…). A name that only adds or drops such names before itself is
#: the same bureau named from a higher level.
_DIVISION = (
    r"[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|州|盟|区|县|旗)"
)
_DIVISIONS = re.compile(rf"(?:{_DIVISION})+")
#: The document rows X2 follows, by contract key.
DOCUMENT_ROWS = ("rules", "normative_documents")


def organization_key(name: str) -> str:
    """The form two 机关名称 are compared in (width, white space and brackets aside): the same
    key, the same organization."""
    return _BRACKETS.sub("", _WHITE_SPACE.sub("", unicodedata.normalize("NFKC", name)))


def organization_core(name: str) -> str:
    """The key of `name` without the administrative divisions it starts with: names of one
    bureau written from different levels share it (an index for ``same_organization``, which
    decides)."""
    key = organization_key(name)
    divisions = _DIVISIONS.match(key)
    return key[divisions.end():] if divisions else key


def added_levels(previous: str, current: str) -> tuple[str, str] | None:
    """How `current` names the bureau `previous` named, when only the higher levels' names
    before it differ: (added, dropped) division names, one of them empty, both empty for the
    same key; None for another organization."""
    old, new = organization_key(previous), organization_key(current)
    if old == new:
        return "", ""
    if old and new.endswith(old) and _DIVISIONS.fullmatch(new[: -len(old)]):
        return new[: -len(old)], ""
    if new and old.endswith(new) and _DIVISIONS.fullmatch(old[: -len(new)]):
        return "", old[: -len(new)]
    return None


def same_organization(previous: str, current: str) -> bool:
    """Whether two 机关名称 name the same bureau as people write it (see the module)."""
    return added_levels(previous, current) is not None


def renaming(previous: str, current: str) -> str | None:
    """How the name of one bureau changed from `previous` to `current`, in Chinese (None when
    it did not change at all, or when they are not the same bureau)."""
    levels = added_levels(previous, current)
    if levels is None or previous == current:
        return None
    added, dropped = levels
    if added:
        return f"名称前加了上级名称“{added}”"
    if dropped:
        return f"名称前去掉了上级名称“{dropped}”"
    return "仅空格、全角半角或括号的写法不同"


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
    if not same_organization(previous.organization, report.organization):
        found.append((
            "previous.organization",
            "previous_other_organization",
            f"上年度报告的机关为“{previous.organization}”，与本报告的“{report.organization}”不同，"
            f"未作跨年度比对 / the previous report is by {previous.organization!r}, not "
            f"{report.organization!r}; nothing was compared",
        ))
    return found


def renamed(report: Report, previous: Report) -> Iterator[Finding]:
    """The warning for last year's report of the same bureau under a name written otherwise."""
    change = renaming(previous.organization, report.organization)
    if change is not None:
        yield (
            "previous.organization",
            RENAMED_CODE,
            f"上年度报告的机关名称为“{previous.organization}”，本报告为“{report.organization}”"
            f"（{change}），按同一机关作跨年度比对 / the previous report names the organization "
            f"{previous.organization!r}, this one {report.organization!r}: compared as the "
            "same organization",
        )


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
