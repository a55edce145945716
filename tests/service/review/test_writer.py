"""service.review's writer on its own: report text is hostile (escaped everywhere, never markup),
states and counts, what is worth a look (and what is not), the charts' numbers, and the
page's parts kept out of memory until written."""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest

from schemas import Issue, load_report
from schemas.model.figures import figures
from service.review import LastYear, Reviewed, ReviewOptions, ReviewWriter
from service.review.charts import Category, Chart
from tests.review_support import DISTRICT, bureau, last_year_of, page_rows, section_text


def reviewed_row(
    index: int,
    document: dict[str, Any],
    name: str | None = None,
    previous: dict[str, Any] | None = None,
) -> Reviewed:
    """A report checked as a review checks it (inconsistencies let through, figures read)."""
    last = None
    if previous is not None:
        model = load_report(previous, allow_inconsistent=True).report
        assert model is not None
        last = model
    result = load_report(document, allow_inconsistent=True, previous=last)
    report = result.report
    return Reviewed(
        index, name or f"{index}.json",
        report.organization if report else None, report.year if report else None,
        report.format if report else None, True, result.errors, result.warnings,
        figures(report) if report else None, LastYear.of(last) if last else None,
    )  # fmt: skip


def page_of(rows: list[Reviewed], compared: bool = False, **options: Any) -> bytes:
    writer = ReviewWriter(ReviewOptions(compared=compared, **options), workbook=False)
    try:
        for row in rows:
            writer.add(row)
        stream = io.BytesIO()
        writer.write(page=stream)
        return stream.getvalue()
    finally:
        writer.close()


HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"&\'</td></tr>'


def test_report_text_is_escaped_everywhere_it_is_shown() -> None:
    document = bureau(HOSTILE, 2024, 1)
    document["overview"]["paragraphs"] = [f"收到政府信息公开申请99件{HOSTILE}"]
    row = reviewed_row(0, document, name=f"{HOSTILE}.json", previous=last_year_of(document))
    unreadable = Reviewed(1, HOSTILE, None, None, None, False,
                          (Issue("", "x", HOSTILE, HOSTILE),))  # fmt: skip
    page = page_of([row, unreadable], compared=True, source=HOSTILE,
                   editor_link='/editor?job=1"&report=')  # fmt: skip
    text = page.decode()
    assert "<script" not in text and "<img" not in text and "onerror=alert" not in text.replace(
        "onerror=alert(2)&gt;", ""
    )
    rows = page_rows(page)
    assert rows[0].name == HOSTILE and rows[1].name == HOSTILE
    assert HOSTILE in rows[1].errors[0]
    assert 'href="/editor?job=1&#34;&amp;report=0"' in text


def test_a_page_without_reports_that_can_be_issued_says_so() -> None:
    broken = bureau(f"{DISTRICT}甲局", 2024, 1)
    broken["applications"]["carried_forward"]["total"] += 1
    page = page_of([reviewed_row(0, broken)])
    assert page_rows(page)[0].state == "需要修改"
    assert "没有可以发布的报告，暂无合计。" in section_text(page, "totals-title")


@pytest.mark.parametrize(
    ("change", "last_change", "note"),
    [
        ({"factor": 4}, None, "本年新收政府信息公开申请 5400 件，上年 1350 件，增加超过三倍"),
        ({"factor": 1}, {"factor": 5}, "申请 1350 件，上年 6750 件，减少超过三倍"),
        ({"zeros": True}, None, "报告中的数字全部为 0"),
        ({"fee": "12.5"}, None, "本年收取信息处理费 12.5 万元"),
        ({"pending": 9}, None, "行政复议尚未审结 9 件，多于上年行政复议总数 7 件"),
    ],
)
def test_what_is_worth_a_look(change: dict[str, Any], last_change: Any, note: str) -> None:
    document = bureau(f"{DISTRICT}甲局", 2024, change.get("factor", 1))
    last = last_year_of(bureau(f"{DISTRICT}甲局", 2024, (last_change or {}).get("factor", 1)))
    last["applications"]["carried_forward"] = dict(
        document["applications"]["carried_over"]
    )  # X1 holds: only the note is tested
    if change.get("zeros"):
        document = _zeroed(document)
        last["applications"]["carried_forward"] = dict.fromkeys(
            last["applications"]["carried_forward"], 0
        )
    if "fee" in change:
        document["active_disclosure"]["fee_amount"] = change["fee"]
    if "pending" in change:
        review = document["review_litigation"]["review"]
        review["total"] += change["pending"] - review["pending"]
        review["pending"] = change["pending"]
    clean = reviewed_row(1, bureau(f"{DISTRICT}乙局", 2024, 1),
                         previous=last_year_of(bureau(f"{DISTRICT}乙局", 2024, 1)))  # fmt: skip
    page = page_of([reviewed_row(0, document, previous=last), clean], compared=True)
    notes = section_text(page, "notes-title")
    assert note in notes
    assert f"{DISTRICT}乙局" not in notes


def _zeroed(document: dict[str, Any]) -> dict[str, Any]:
    zeroed = copy.deepcopy(document)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return 0 if isinstance(node, int) and not isinstance(node, bool) else node

    for key in ("active_disclosure", "applications", "review_litigation"):
        zeroed[key] = walk(zeroed[key])
    zeroed["active_disclosure"]["fee_amount"] = "0"
    return zeroed


def test_a_year_or_format_other_than_most_reports_is_worth_a_look() -> None:
    rows = [reviewed_row(n, bureau(f"{DISTRICT}第{n}局", 2024, 1)) for n in range(3)]
    late = bureau(f"{DISTRICT}迟交局", 2023, 1)
    rows.append(reviewed_row(3, late))
    notes = section_text(page_of(rows), "notes-title")
    assert f"{DISTRICT}迟交局" in notes and "报告年度为 2023 年，其他多数报告为 2024 年" in notes
    assert f"{DISTRICT}第0局" not in notes


def test_bureaus_missing_this_year_and_new_ones_are_named() -> None:
    writer = ReviewWriter(ReviewOptions(compared=True), workbook=False)
    kept = bureau(f"{DISTRICT}甲局", 2024, 1)
    for name in (f"{DISTRICT}甲局", f"{DISTRICT}撤销局"):
        report = load_report(last_year_of(bureau(name, 2024, 1)), allow_inconsistent=True).report
        assert report is not None
        writer.add_last_year(LastYear.of(report))
    writer.add(reviewed_row(0, kept, previous=last_year_of(kept)))
    writer.add(reviewed_row(1, bureau(f"{DISTRICT}新设局", 2024, 1)))
    stream = io.BytesIO()
    writer.write(page=stream)
    writer.close()
    years = section_text(stream.getvalue(), "years-title")
    assert "上年有报告、本年未收到（1 个机关）" in years and f"{DISTRICT}撤销局" in years
    assert "本年新增（上年没有报告，1 个机关）" in years and f"{DISTRICT}新设局" in years


def test_a_chart_draws_a_bar_for_each_value_and_none_for_zero() -> None:
    chart = Chart("c", "标题", "说明", ("本年", "上年"),
                  (Category("甲", (10, 0)), Category("乙", (5, None))))  # fmt: skip
    bars = chart.bars()
    assert [(bar.series, round(bar.width)) for bar in bars] == [(0, 540), (0, 270)]
    assert [label.text for label in chart.labels()] == ["甲", "10", "0", "乙", "5", "—"]


def test_the_chart_of_bureaus_shows_those_with_the_most_applications() -> None:
    rows = [reviewed_row(n, bureau(f"{DISTRICT}第{n}局", 2024, n + 1)) for n in range(5)]
    page = page_of(rows, chart_bureaus=2).decode()
    assert "各机关本年新收政府信息公开申请数量（最多的 2 个机关）" in page
    chart = page.split('id="chart-received-caption"')[1].split("</figure>")[0]
    assert f"{DISTRICT}第4局" in chart and f"{DISTRICT}第3局" in chart
    assert f"{DISTRICT}第2局" not in chart


def test_rows_wait_in_temporary_files_not_in_memory() -> None:
    """Each bureau's part of the page is written to a temporary file as it comes."""
    writer = ReviewWriter(workbook=False)
    try:
        for index in range(50):
            writer.add(reviewed_row(index, bureau(f"{DISTRICT}第{index}局", 2024, 1)))
        spooled = {state: spool.count for state, spool in writer._rows.items()}
        assert spooled == {"fix": 0, "unread": 0, "ok": 50}
        assert len(writer._top) == 20  # only the chart's bureaus are kept
    finally:
        writer.close()
