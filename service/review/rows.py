"""What the review takes: one checked input (``Reviewed``) and last year's report of a bureau
(``LastYear``), both small and picklable (a report's cells as one row of figures), and how a
clerk reads them: the state, the problems in words, the main figures.

Nothing here raises for a checked input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from schemas import Issue, Report
from schemas.contract.codes import INCONSISTENCY_CODES
from schemas.model.figures import Value, column_index, figures

State = Literal["fix", "unread", "ok"]
#: The states in the order the page lists them: what needs work first.
STATES: tuple[State, ...] = ("fix", "unread", "ok")
STATE_TEXT: dict[State, str] = {"ok": "可以发布", "fix": "需要修改", "unread": "无法读取"}

#: The figures the review shows for each bureau beside last year's: (heading, the cells added).
MAIN_FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("新收申请", ("applications.new_received.total",)),
    ("上年结转", ("applications.carried_over.total",)),
    ("办理结果", ("applications.total_processed.total",)),
    ("结转下年度", ("applications.carried_forward.total",)),
    ("行政复议", ("review_litigation.review.total",)),
    (
        "行政诉讼",
        (
            "review_litigation.litigation_direct.total",
            "review_litigation.litigation_after_review.total",
        ),
    ),
)
#: 一、本年新收 总计: the applications a bureau received in the year.
RECEIVED = "applications.new_received.total"


@dataclass(frozen=True, slots=True)
class LastYear:
    """Last year's report of one bureau, as the review compares with it."""

    organization: str
    year: int
    format: str
    figures: tuple[Value, ...]
    """``schemas.model.figures.figures`` of the report."""

    @classmethod
    def of(cls, report: Report) -> LastYear:
        """The comparable part of a validated report."""
        return cls(report.organization, report.year, report.format, figures(report))

    def value(self, path: str) -> Value:
        """The report's value of the data cell `path` (None: its format has no such cell)."""
        return self.figures[column_index()[path]]


@dataclass(frozen=True, slots=True)
class Reviewed:
    """One input of the review as checked: its identity, every problem, and its figures when
    its tables could be read."""

    index: int
    """Its place among the inputs, from 0 (the editor opens it by this)."""
    input: str
    """The file name (zip entry, ``第 N 行``…) it came as."""
    organization: str | None
    year: int | None
    format: str | None
    read: bool
    """Whether it could be read as a report at all (False: the file is not one, or damaged)."""
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    figures: tuple[Value, ...] | None = None
    """``schemas.model.figures.figures`` of the report, when its tables were read."""
    previous: LastYear | None = None
    """Last year's report of the same bureau, when one was found."""

    @property
    def state(self) -> State:
        """无法读取, 需要修改 (an error, or a rule of the tables let through as a warning), or
        可以发布."""
        if not self.read:
            return "unread"
        return "fix" if self.must_fix() else "ok"

    def must_fix(self) -> tuple[Issue, ...]:
        """The problems that keep it from being issued: its errors, and the tables' rules and
        the carry-over when the run let them through as warnings."""
        let_through = tuple(w for w in self.warnings if w.code in INCONSISTENCY_CODES)
        return (*self.errors, *let_through)

    def remarks(self) -> tuple[Issue, ...]:
        """Its warnings that do not stop it."""
        return tuple(w for w in self.warnings if w.code not in INCONSISTENCY_CODES)

    def value(self, path: str) -> Value:
        """Its value of the data cell `path`; None without figures or in another format."""
        return None if self.figures is None else self.figures[column_index()[path]]

    @property
    def name(self) -> str:
        """How the page names it: the organization, else the file."""
        return self.organization or self.input


def total(values: Sequence[Value]) -> int | Decimal | None:
    """The sum of the numbers among `values`; None when there is none."""
    numbers = [value for value in values if isinstance(value, int | Decimal)]
    return sum(numbers) if numbers else None


def main_figures(source: Reviewed | LastYear | None) -> tuple[int | Decimal | None, ...]:
    """The MAIN_FIGURES of a report (None for each when it has no figures)."""
    if source is None:
        return tuple(None for _ in MAIN_FIGURES)
    return tuple(total([source.value(path) for path in paths]) for _, paths in MAIN_FIGURES)


def chinese(message: str) -> str:
    """The Chinese part of a bilingual ``中文 / English`` message (the whole of any other)."""
    return message.partition(" / ")[0]


def in_words(issue: Issue) -> str:
    """A problem as a clerk reads it: the cell's Chinese label, then what is wrong (no path)."""
    label = issue.label if issue.label and issue.label != "报告" else ""
    text = chinese(issue.message)
    return f"{label}：{text}" if label else text
