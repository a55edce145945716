"""The manifest as CSV for Excel: BOM, Chinese headers, flattened problems, no formulas."""

from __future__ import annotations

import csv
import io

from schemas import Issue
from service.batch.manifest import ManifestRow, issues_text, manifest_csv

R1 = Issue("applications.total_processed.total", "R1", "合计不一致 / totals differ", "总计")
WHOLE = Issue("", "invalid_json", "不是有效的 JSON / not JSON", "报告")


def row(**changes: object) -> ManifestRow:
    fields: dict[str, object] = {
        "index": 0,
        "input": "a.json",
        "organization": "甲局",
        "year": 2021,
        "status": "failed",
        "outputs": (),
        "warnings": (),
        "errors": (R1, WHOLE),
    }
    fields.update(changes)
    return ManifestRow(**fields)  # type: ignore[arg-type]


def test_issues_flattened_into_numbered_lines() -> None:
    assert issues_text([R1, WHOLE]) == (
        "1. 总计（applications.total_processed.total）：合计不一致 / totals differ\n"
        "2. 报告：不是有效的 JSON / not JSON"
    )


def test_csv_for_excel() -> None:
    data = manifest_csv([row(), row(index=1, input="=HYPERLINK(1)", organization="@x", year=None)])
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[1] == ["a.json", "甲局", "2021", "失败", "", "", issues_text([R1, WHOLE])]
    assert table[2][:3] == ["'=HYPERLINK(1)", "'@x", ""]
