"""The batch manifest: one row per input (status, output name, problems) as JSON and as CSV.

The CSV is for staff opening it in Excel: UTF-8 with a byte-order mark, Chinese headers, the
problems flattened into numbered lines in one cell. A cell that Excel would take for a formula
(starting with ``= + - @``) gets a leading apostrophe, so a report cannot smuggle one in.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from schemas import Issue, Validation
from service.batch.pool import Done

Status = Literal["ok", "failed"]

STATUS_TEXT: dict[Status, str] = {"ok": "成功", "failed": "失败"}
_CSV_HEADER = ("输入", "机关名称", "年度", "状态", "输出文件", "警告", "错误")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """What became of one input."""

    index: int
    input: str
    organization: str | None
    year: int | None
    status: Status
    outputs: tuple[str, ...]
    """The files written for the input (several when HTML or PDF were asked for too)."""
    warnings: tuple[Issue, ...]
    errors: tuple[Issue, ...]

    @classmethod
    def from_done(cls, done: Done, outputs: tuple[str, ...]) -> ManifestRow:
        """Build the row of a finished entry whose files were stored as `outputs` (or not)."""
        outcome = done.outcome
        return cls(
            index=done.index,
            input=done.id,
            organization=outcome.organization,
            year=outcome.year,
            status="ok" if outputs else "failed",
            outputs=outputs,
            warnings=outcome.warnings,
            errors=outcome.errors,
        )

    def to_dict(self) -> dict[str, object]:
        """Return the row as it appears in ``manifest.json``."""
        return {
            "input": self.input,
            "organization": self.organization,
            "year": self.year,
            "status": self.status,
            # The first file (the .docx unless only other outputs were asked for), and all.
            "output": self.outputs[0] if self.outputs else None,
            "outputs": list(self.outputs),
            **Validation(None, self.errors, self.warnings).to_dict(computed=False),
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals of a batch run."""

    total: int
    succeeded: int
    failed: int
    with_warnings: int
    """Reports with at least one warning (succeeded or not)."""
    elapsed_seconds: float

    @classmethod
    def of(cls, rows: Sequence[ManifestRow], elapsed_seconds: float) -> Summary:
        """Count the rows of a finished batch."""
        succeeded = sum(row.status == "ok" for row in rows)
        return cls(
            total=len(rows),
            succeeded=succeeded,
            failed=len(rows) - succeeded,
            with_warnings=sum(bool(row.warnings) for row in rows),
            elapsed_seconds=elapsed_seconds,
        )

    def to_dict(self) -> dict[str, object]:
        """Return the totals as they appear in ``manifest.json``."""
        return {
            "total": self.total,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "with_warnings": self.with_warnings,
            "elapsed_seconds": round(self.elapsed_seconds, 3),
        }


def manifest_json(rows: Sequence[ManifestRow], summary: Summary) -> bytes:
    """Return ``manifest.json``: the summary and the rows in input order."""
    body = {"summary": summary.to_dict(), "reports": [row.to_dict() for row in rows]}
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def manifest_csv(rows: Sequence[ManifestRow]) -> bytes:
    """Return ``manifest.csv``: the same rows, for Excel (UTF-8 with BOM)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(_CSV_HEADER)
    for row in rows:
        cells = (
            row.input,
            row.organization or "",
            "" if row.year is None else str(row.year),
            STATUS_TEXT[row.status],
            "\n".join(row.outputs),
            issues_text(row.warnings),
            issues_text(row.errors),
        )
        writer.writerow([_no_formula(cell) for cell in cells])
    return text.getvalue().encode("utf-8-sig")


def issues_text(issues: Sequence[Issue]) -> str:
    """Flatten issues into numbered lines: ``1. 标签（路径）：消息``."""
    return "\n".join(
        f"{number}. {issue.label}{f'（{issue.path}）' if issue.path else ''}：{issue.message}"
        for number, issue in enumerate(issues, 1)
    )


def _no_formula(cell: str) -> str:
    """Prefix an apostrophe to a cell Excel would evaluate as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
