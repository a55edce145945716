"""The review writer: takes checked reports one by one (and last year's), keeps what the review
needs as it goes, and writes ``review.html`` and ``review.xlsx`` at the end.

What grows with the number of reports goes to temporary files as it comes — each bureau's row
of the page (already rendered), its comparison row, its workbook rows, a small record for what
is decided only at the end (a year or format other than most reports') — and what does not is
kept in memory: the district's sums, the counts, the bureaus the chart shows. So memory stays
flat however many reports there are, and nothing is read twice from the inputs.
"""

from __future__ import annotations

import datetime
import functools
import heapq
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from schemas.checks.crossyear import organization_key
from schemas.registry import find
from service.review import charts
from service.review.measures import CASE_GROUPS, SUM_TABLES, Majority, Sums, row_notes, summed_paths
from service.review.page import grid, part, spooled, write_page
from service.review.rows import MAIN_FIGURES, RECEIVED, STATES, LastYear, Reviewed, main_figures
from service.review.workbook import ReviewWorkbook

_CHUNK = 64 * 1024
#: Results by kind (table 3's （一）…（六）) for the district's chart: (name, group key).
RESULT_KINDS = (
    ("予以公开", "granted"),
    ("部分公开", "partially_granted"),
    ("不予公开", "withheld"),
    ("无法提供", "unable_to_provide"),
    ("不予处理", "not_processed"),
    ("其他处理", "other_handling"),
)
OUTCOMES = (("结果维持", "upheld"), ("结果纠正", "corrected"), ("其他结果", "other"),
            ("尚未审结", "pending"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReviewOptions:
    """How the review is made."""

    compared: bool = False
    """Last year's reports were given (the page compares, and names bureaus missing or new)."""
    editor_link: str | None = None
    """On the service: the URL a report's index is appended to, to open it in the editor."""
    source: str | None = None
    """Where the reports came from, as the page says it (a folder's name)."""
    chart_bureaus: int = 20
    """How many bureaus the applications chart shows (those with the most applications)."""


DEFAULT_REVIEW_OPTIONS = ReviewOptions()


@dataclass(frozen=True, slots=True)
class _Record:
    """What is decided about a report only at the end (its notes beside most reports')."""

    index: int
    name: str
    year: int | None
    format: str | None
    notes: tuple[str, ...]


class _Spool:
    """Text written as it comes and read back in chunks (a temporary file)."""

    def __init__(self) -> None:
        # Closed by close(): it lives as long as the review, not a block.
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def add(self, text: str) -> None:
        """Append one part; raises OSError."""
        self._file.write(text)
        self.count += 1

    def read(self) -> Iterator[str]:
        """Everything written, in chunks."""
        self._file.seek(0)
        while chunk := self._file.read(_CHUNK):
            yield chunk

    def close(self) -> None:
        """Remove the file."""
        self._file.close()


class ReviewWriter:
    """Collects checked reports as they come; ``write`` makes the page and the workbook."""

    def __init__(
        self, options: ReviewOptions = DEFAULT_REVIEW_OPTIONS, *, workbook: bool = True
    ) -> None:
        self.options = options
        self.sums = Sums()
        self.counts: Counter[str] = Counter()
        self._majority = Majority()
        self._rows = {state: _Spool() for state in STATES}
        self._comparison = _Spool()
        self._new = _Spool()
        self._records: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._record_count = 0
        self._top: list[tuple[int, int, str, int | None]] = []
        self._last_names: list[str] = []
        self._matched: set[str] = set()
        self._workbook = ReviewWorkbook() if workbook else None

    @property
    def total(self) -> int:
        """How many inputs were added."""
        return sum(self.counts.values())

    def add_last_year(self, last: LastYear) -> None:
        """Take one report of last year (its sums; whether it is missing this year)."""
        self.sums.add_last_year(last)
        self._last_names.append(last.organization)

    def add(self, row: Reviewed) -> None:
        """Take one checked input; raises OSError when a temporary file cannot be written."""
        state = row.state
        self.counts[state] += 1
        self.sums.add(row)
        self._majority.add(row)
        link = self.options.editor_link
        self._rows[state].add(part("bureau_row", row=row, link=link))
        if row.previous is not None:
            self._matched.add(organization_key(row.previous.organization))
        elif self.options.compared and row.read and row.organization:
            self._new.add(part("name_item", name=row.organization, detail=f"文件：{row.input}"))
        if row.figures is not None:
            self._compare(row)
        record = _Record(row.index, row.name, row.year, row.format, tuple(row_notes(row)))
        pickle.dump(record, self._records, protocol=pickle.HIGHEST_PROTOCOL)
        self._record_count += 1
        if self._workbook is not None:
            self._workbook.add(row)

    def write(self, page: IO[bytes] | None = None, workbook: IO[bytes] | None = None) -> None:
        """Write ``review.html`` to `page` and ``review.xlsx`` to `workbook` (each when
        given); raises OSError from a stream."""
        if page is not None:
            notes = _Spool()
            try:
                for record, texts in self._notes():
                    for text in texts:
                        notes.add(part("note_row", index=record.index, name=record.name,
                                       text=text))  # fmt: skip
                write_page(page, self._context(notes))
            finally:
                notes.close()
        if workbook is not None:
            assert self._workbook is not None, "the writer was made without a workbook"
            self._workbook.finish(self.sums, self.options.compared, workbook)
            self._workbook = None

    def close(self) -> None:
        """Remove the temporary files (after writing, or when the review is abandoned)."""
        for spool in (*self._rows.values(), self._comparison, self._new):
            spool.close()
        self._records.close()
        if self._workbook is not None:
            self._workbook.discard()

    def _compare(self, row: Reviewed) -> None:
        """A bureau's main figures beside last year's, and its X1/X2 state."""
        now = main_figures(row)
        before = main_figures(row.previous)
        self._comparison.add(
            part("comparison_row", row=row, figures=now, before=before,
                 compared=self.options.compared, x1=_x1(row), x2=_x2(row))
        )  # fmt: skip
        received = row.value(RECEIVED)
        if isinstance(received, int):
            last = row.previous.value(RECEIVED) if row.previous is not None else None
            entry = (received, -row.index, row.name, last if isinstance(last, int) else None)
            if len(self._top) < self.options.chart_bureaus:
                heapq.heappush(self._top, entry)
            elif self.options.chart_bureaus:
                heapq.heappushpop(self._top, entry)

    def _notes(self) -> Iterator[tuple[_Record, list[str]]]:
        """Each report's notes in input order, those beside most reports' included."""
        self._records.seek(0)
        for _ in range(self._record_count):
            record = pickle.load(self._records)  # written by add() above, in this process
            assert isinstance(record, _Record)
            texts = [*record.notes, *self._majority.outliers(
                Reviewed(record.index, "", None, record.year, record.format, True))]
            if texts:
                yield record, texts

    def _context(self, notes: _Spool) -> dict[str, Any]:
        """What the page template is given."""
        year = self._majority.year
        title = "政府信息公开工作年度报告审核"
        if year is not None:
            title = f"{year}年度{title}"
        missing = sorted(
            {name for name in self._last_names if organization_key(name) not in self._matched}
        ) if self.options.compared else []  # fmt: skip
        return {
            "title": title,
            "generated": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "source": self.options.source,
            "total": self.total,
            "compared": self.options.compared,
            "counts": {state: self.counts[state] for state in STATES},
            "sums": self.sums,
            "rows": {state: spooled(self._rows[state].read) for state in STATES},
            "notes": spooled(notes.read),
            "notes_count": notes.count,
            "comparison": spooled(self._comparison.read),
            "compared_count": self._comparison.count,
            "main_headings": [heading for heading, _ in MAIN_FIGURES],
            "missing": missing,
            "new": spooled(self._new.read),
            "new_count": self._new.count,
            "grids": self._grids(),
            "charts": self._charts(),
        }

    def _grids(self) -> list[dict[str, Any]]:
        """Tables 3 and 4 of each format with this year's sums (and last year's)."""
        blocks = []
        for report_format in sorted(self.sums.this_year):
            layouts = find(report_format).tables
            tables = []
            for name in SUM_TABLES:
                layout = layouts[name]
                rows = grid(
                    layout, f"{name}-{report_format}",
                    functools.partial(self.sums.this_year_value, report_format),
                    self.sums.last_year.get,
                )  # fmt: skip
                tables.append({"heading": layout.heading, "rows": rows})
            blocks.append({"format": report_format, "reports": self.sums.reports[report_format],
                           "tables": tables})  # fmt: skip
        return blocks

    def _charts(self) -> list[charts.Chart]:
        """The applications of the bureaus with the most, the district's results by kind, and
        复议 and 诉讼 outcomes."""
        compared = self.options.compared
        series = charts.series_names(compared)
        found: list[charts.Chart] = []
        if self._top:
            top = sorted(self._top, reverse=True)
            shown = len(top)
            found.append(charts.Chart(
                "chart-received",
                f"各机关本年新收政府信息公开申请数量（最多的 {shown} 个机关）",
                f"横向条形图：按本年新收申请数量从多到少排列的 {shown} 个机关"
                + ("，每个机关上一条为本年、下一条为上年" if compared else "")
                + "；全部机关的数字见“本年与上年”。",
                series,
                charts.categories([(name, now, last) for now, _, name, last in top], compared),
            ))  # fmt: skip
        if self.sums.this_year:
            kinds = [(name, self._group_sum(key, now=True), self._group_sum(key, now=False))
                     for name, key in RESULT_KINDS]  # fmt: skip
            found.append(charts.Chart(
                "chart-results",
                "全区本年度办理结果（按结果分类）",
                "横向条形图：全区可以发布的报告中，申请按办理结果分类的件数"
                + ("，每类上一条为本年、下一条为上年" if compared else "") + "。",
                series,
                charts.categories(kinds, compared),
            ))  # fmt: skip
            cases = []
            for path, _, group in CASE_GROUPS:
                for outcome, key in OUTCOMES:
                    cell = f"{path}.{key}"
                    before = self.sums.last_year.get(cell) if compared else None
                    cases.append((f"{group} · {outcome}", self.sums.value(cell), before))
            found.append(charts.Chart(
                "chart-cases",
                "全区政府信息公开行政复议、行政诉讼结果",
                "横向条形图：行政复议和两类行政诉讼的结果维持、结果纠正、其他结果、尚未审结件数"
                + ("，每项上一条为本年、下一条为上年" if compared else "") + "。",
                series,
                charts.categories(cases, compared),
            ))  # fmt: skip
        return found

    def _group_sum(self, group: str, *, now: bool) -> int | None:
        """The 总计 of a table-3 result group (its rows' totals added), this year or last."""
        start = f"applications.{group}."
        if now:
            return sum(
                self.sums.value(path)
                for path in _group_totals(self.sums.this_year, start)
            )
        paths = [p for p in self.sums.last_year if p.startswith(start) and p.endswith(".total")]
        return sum(self.sums.last_year[p] for p in paths) if paths else None


def _group_totals(this_year: dict[str, list[int]], start: str) -> set[str]:
    """The 总计 cells under `start` in any format summed this year."""
    return {
        path
        for fmt in this_year
        for path in summed_paths(fmt)
        if path.startswith(start) and path.endswith(".total")
    }


def _x1(row: Reviewed) -> str:
    """The carry-over against last year, in a few words."""
    if row.previous is None:
        return "上年无此机关的报告"
    broken = sum(1 for issue in (*row.errors, *row.warnings) if issue.code == "X1")
    return f"不一致（{broken} 栏）" if broken else "一致"


def _x2(row: Reviewed) -> str:
    """The documents in force against last year, in a few words."""
    if row.previous is None:
        return "—"
    if row.format is None or not (find(row.format).documents_in_force
                                  and find(row.previous.format).documents_in_force):  # fmt: skip
        return "不适用（该格式不统计现行有效件数）"
    broken = sum(1 for issue in row.warnings if issue.code == "X2")
    return f"不一致（{broken} 项）" if broken else "一致"

