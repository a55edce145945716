"""service.reading.statistics: what reading the three tables says about their cells — the same
for a Word report, a web page and a PDF (here through Word documents typed by hand)."""

from __future__ import annotations

import json

from schemas import load_report
from tests.handfilled import Filling, example_model, filled_in
from tests.reading_support import read


def test_an_empty_total_is_said_to_be_empty_with_what_its_row_adds_up_to():
    """Defect: an empty 总计 cell of a published table (one left 1350 blank) was read as 0 and
    reported as “总计 为 0”: it is empty, and the row adds up to 1350."""
    typed = {"applications.new_received.total": "", "review_litigation.review.total": "—"}
    imported = read(filled_in(example_model("2021"), Filling(typed=typed)))
    assert imported.report is not None
    assert "total" not in imported.report["applications"]["new_received"]
    assert "total" not in imported.report["review_litigation"]["review"]
    empty = {w.path: w for w in imported.warnings if w.code == "total_empty"}
    assert set(empty) == {"applications.new_received.total", "review_litigation.review.total"}
    assert "1350" in empty["applications.new_received.total"].message
    assert "为空" in empty["applications.new_received.total"].message
    assert empty["applications.new_received.total"].label.endswith(
        "一、本年新收政府信息公开申请数量 · 总计"
    )
    assert "7" in empty["review_litigation.review.total"].message
    blank = [w for w in imported.warnings if w.code == "blank_cells"]
    assert not blank  # an empty total is not a blank cell read as 0
    result = load_report(json.dumps(imported.report))
    assert result.valid and result.report == example_model("2021")


def test_the_blank_cells_of_single_value_rows_are_named_by_their_rows():
    """Defect: the 2021 format's single-value rows of 第二十条 were named “本年处理决定数量”
    four times instead of 行政许可, 行政处罚, 行政强制, 行政事业性收费."""
    typed = {
        key: "" for key in (
            "active_disclosure.licensing_decisions", "active_disclosure.penalty_decisions",
            "active_disclosure.coercion_decisions", "active_disclosure.fee_amount",
            "active_disclosure.rules.issued",
        )
    }
    imported = read(filled_in(example_model("2021"), Filling(typed=typed)))
    [blank] = [w for w in imported.warnings if w.code == "blank_cells"]
    for row in ("第二十条第（五）项 · 行政许可：本年处理决定数量",
                "第二十条第（六）项 · 行政处罚：本年处理决定数量",
                "第二十条第（六）项 · 行政强制：本年处理决定数量",
                "第二十条第（八）项 · 行政事业性收费：本年收费金额（单位：万元）",
                "第二十条第（一）项 · 规章：本年制发件数"):
        assert row in blank.message, blank.message
    assert blank.message.count("本年处理决定数量") == 3
