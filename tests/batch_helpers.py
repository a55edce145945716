"""Building batch inputs from cases and checking the output zip, for the CLI and HTTP tests."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl

from tests.review_support import page_rows

EVIL_NAME = "../../evil.json"


@dataclass(frozen=True)
class BatchCase:
    """One input of a test batch and what should become of it."""

    name: str
    data: bytes
    status: str
    organization: str | None
    output: str | None = None
    code: str | None = None
    """The code of the first error, for a failed input."""
    warning: str | None = None


def write_folder(cases: Sequence[BatchCase], folder: Path) -> Path:
    folder.mkdir()
    for case in cases:
        (folder / case.name).write_bytes(case.data)
    return folder


def zip_bytes(cases: Sequence[BatchCase], extra: Sequence[tuple[str, bytes]] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for case in cases:
            archive.writestr(case.name, case.data)
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def jsonl_bytes(cases: Sequence[BatchCase]) -> bytes:
    """One case per line, with a blank line after the first (skipped, but counted)."""
    lines = [case.data.replace(b"\n", b" ") for case in cases]
    return b"\n".join([*lines[:1], b"", *lines[1:]]) + b"\n"


def jsonl_ids(cases: Sequence[BatchCase]) -> list[str]:
    return [f"第 {1 if i == 0 else i + 2} 行" for i in range(len(cases))]


def check_output(data: bytes, cases: Sequence[BatchCase], ids: Sequence[str]) -> dict[str, object]:
    """Check the zip against the cases (in input order, under `ids`); return manifest.json."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names[-4:] == ["manifest.json", "manifest.csv", "summary.xlsx", "review.html"]
        expected = {case.output for case in cases if case.status == "ok"}
        assert set(names[:-4]) == expected
        for case in cases:
            if case.output is not None:
                document = docx.Document(io.BytesIO(archive.read(case.output)))
                text = "\n".join(p.text for p in document.paragraphs)
                assert case.organization is not None and case.organization in text
        manifest = json.loads(archive.read("manifest.json"))
        csv_bytes = archive.read("manifest.csv")
        summary_bytes = archive.read("summary.xlsx")
        review = archive.read("review.html")
    rows = manifest["reports"]
    assert [row["input"] for row in rows] == list(ids)
    for row, case in zip(rows, cases, strict=True):
        assert (row["status"], row["output"], row["organization"]) == (
            case.status,
            case.output,
            case.organization,
        ), row["input"]
        assert (row["errors"][0]["code"] if row["errors"] else None) == case.code
        assert (case.warning in [w["code"] for w in row["warnings"]]) or case.warning is None
    summary = manifest["summary"]
    ok = sum(case.status == "ok" for case in cases)
    assert (summary["total"], summary["succeeded"], summary["failed"]) == (
        len(cases),
        ok,
        len(cases) - ok,
    )
    check_csv(csv_bytes, rows)
    check_summary(summary_bytes, rows)
    check_review(review, rows)
    return dict(manifest)


def check_review(page: bytes, rows: list[dict[str, object]]) -> None:
    """review.html has every input of the manifest: a valid one 可以发布 (需要修改 when R1–R4
    were let through), a failed one 需要修改 or 无法读取, each with as many problems."""
    reviewed = page_rows(page)
    assert sorted(reviewed) == list(range(len(rows)))
    for index, row in enumerate(rows):
        errors, warnings = row["errors"], row["warnings"]
        assert isinstance(errors, list) and isinstance(warnings, list)
        shown = reviewed[index]
        let_through = [w for w in warnings if w["code"] in {"R1", "R2", "R3", "R4", "X1"}]
        if row["status"] == "ok":
            assert shown.state == ("需要修改" if let_through else "可以发布"), row["input"]
        else:
            assert shown.state in {"需要修改", "无法读取"}, row["input"]
        assert len(shown.errors) == len(errors) + len(let_through), row["input"]
        assert len(shown.warnings) == len(warnings) - len(let_through), row["input"]


def check_summary(data: bytes, rows: list[dict[str, object]]) -> None:
    """summary.xlsx lists every input of the manifest, in order, with its status and counts."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    overview = list(book["汇总"].iter_rows(values_only=True))
    header = "输入文件|机关名称|年度|格式|状态|输出文件|错误数|警告数|第一条问题"
    assert "|".join(str(cell) for cell in overview[0][:9]) == header
    assert [line[0] for line in overview[1:]] == [row["input"] for row in rows]
    for line, row in zip(overview[1:], rows, strict=True):
        errors, warnings = row["errors"], row["warnings"]
        assert isinstance(errors, list) and isinstance(warnings, list)
        assert line[4] == ("成功" if row["status"] == "ok" else "失败")
        assert (line[6], line[7]) == (len(errors), len(warnings))
    valid = [row["input"] for row in rows if row["status"] == "ok"]
    assert [line[0] for line in list(book["数据"].iter_rows(values_only=True))[1:]] == valid
    book.close()


def check_csv(data: bytes, rows: list[dict[str, object]]) -> None:
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["输入", "机关名称", "年度", "状态", "输出文件", "警告", "错误"]
    assert [line[0] for line in table[1:]] == [row["input"] for row in rows]
    for line, row in zip(table[1:], rows, strict=True):
        assert line[3] == {"ok": "成功", "failed": "失败"}[str(row["status"])]
        assert bool(line[6]) == bool(row["errors"])
