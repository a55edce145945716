"""Batch inputs: a folder of .json, .docx, .xlsx, .pdf or .html files, a JSONL file, a JSON
array; read lazily.

Each input yields ``Entry`` objects in order: an id for the manifest (file name, ``第 N 行``,
``第 N 项``) and either the report (raw bytes or an already parsed JSON value) or the reason it
cannot be read. Counting happens before any report is read, so limits refuse a batch up front.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from schemas import Issue
from service.batch.limits import BatchLimits
from service.errors import BatchTooLarge, BatchUnusable
from service.files import FileRefused, FileTooLarge, read_regular, shown

#: The label the manifest shows for problems with an input itself rather than its fields.
INPUT_LABEL = "输入文件"

_READ_CHUNK = 64 * 1024
#: Names of the files (in a folder or a zip) that hold one report each.
JSON_SUFFIX = ".json"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Documents read through service.importing: Word reports, and reports as published (a PDF, a
#: portal's web page).
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class WorkbookFile:
    """The payload of an input that is a workbook (.xlsx, .xlsm): its bytes, read in the worker
    (``service.xlsx``)."""

    data: bytes


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """The payload of an input that is a Word report (.docx) or a published one (.pdf, .html):
    its bytes, read in the worker (``service.importing``)."""

    data: bytes


@dataclass(frozen=True, slots=True)
class Entry:
    """One input of a batch: its id, and either its payload or the problem that stops it."""

    id: str
    payload: bytes | object = None
    """Raw JSON bytes, a JSON value already parsed (an element of a JSON array), a WorkbookFile
    or a DocumentFile."""
    problem: Issue | None = None


def input_problem(code: str, message: str) -> Issue:
    """Return the issue reported for an input that cannot be read as a report at all."""
    return Issue(path="", code=code, message=message, label=INPUT_LABEL)


def too_large(size_limit: int) -> Issue:
    """Return the issue for an input bigger than the per-report size limit."""
    return input_problem(
        "input_too_large",
        f"超过单份报告大小上限 {size_limit} 字节，未读取 / "
        f"larger than the limit of {size_limit} bytes, not read",
    )


def check_count(count: int, limits: BatchLimits) -> None:
    """Raise BatchTooLarge when `count` reports exceed the limit, BatchUnusable when zero."""
    if count > limits.max_reports:
        raise BatchTooLarge(
            f"批量含 {count} 份报告，超过上限 {limits.max_reports} 份 / "
            f"{count} reports, more than the limit of {limits.max_reports}"
        )
    if count == 0:
        raise BatchUnusable("批量输入中没有报告 / the batch input holds no reports")


class FolderInput:
    """The files of one folder, by name; hidden files are OS metadata and left out."""

    def __init__(self, folder: Path, limits: BatchLimits) -> None:
        """List `folder`; raises BatchUnusable when it cannot be listed, BatchTooLarge, too."""
        try:
            self._paths = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        except OSError as exc:
            raise BatchUnusable(
                f"无法读取文件夹 / cannot list the folder: {exc.strerror}"
            ) from None
        self._limits = limits
        check_count(len(self._paths), limits)

    def __len__(self) -> int:
        return len(self._paths)

    def __iter__(self) -> Iterator[Entry]:
        for path in self._paths:
            yield self._entry(path)

    def _entry(self, path: Path) -> Entry:
        """Read one file of the folder into an entry (its name shown as escaped text when it
        is not UTF-8); never raises."""
        name = shown(path.name)
        if path.is_dir():
            return Entry(
                name,
                problem=input_problem(
                    "not_a_file", "是文件夹，未读取（子文件夹不处理） / a folder, not read"
                ),
            )
        if not is_report_file(name):
            return Entry(name, problem=not_json_file())
        try:
            data = read_regular(path, self._limits.max_report_bytes)
            return Entry(name, payload=payload_of(name, data))
        except FileTooLarge:
            return Entry(name, problem=too_large(self._limits.max_report_bytes))
        except FileRefused:
            return Entry(
                name,
                problem=input_problem(
                    "not_a_file",
                    "不是普通文件（设备、管道等），未读取 / not a regular file, not read",
                ),
            )
        except OSError as exc:
            return Entry(
                name,
                problem=input_problem(
                    "unreadable_file", f"无法读取文件 / cannot read the file: {exc.strerror}"
                ),
            )


def is_report_file(name: str) -> bool:
    """Whether a file called `name` holds a report: a .json, a Word report (.docx), a workbook
    (.xlsx, .xlsm), a published report (.pdf, .html, .htm)."""
    return name.lower().endswith((JSON_SUFFIX, *DOCUMENT_SUFFIXES, *WORKBOOK_SUFFIXES))


def payload_of(name: str, data: bytes) -> bytes | WorkbookFile | DocumentFile:
    """The payload of a report file: JSON bytes as they are, a workbook or another document
    wrapped."""
    lowered = name.lower()
    if lowered.endswith(WORKBOOK_SUFFIXES):
        return WorkbookFile(data)
    return DocumentFile(data) if lowered.endswith(DOCUMENT_SUFFIXES) else data


def not_json_file() -> Issue:
    """Return the issue for a file in a folder or zip that holds no report by its name."""
    return input_problem(
        "not_json_file",
        "不是 .json、.docx、.xlsx、.pdf 或 .html 文件，未读取 / not a .json, .docx, .xlsx, .pdf "
        "or .html file, not read",
    )


class JsonLinesInput:
    """One report per line of a seekable binary stream (JSONL / NDJSON); blank lines skipped."""

    def __init__(self, stream: IO[bytes], limits: BatchLimits) -> None:
        """Count the reports; raises BatchTooLarge or BatchUnusable (empty) before reading any."""
        self._stream = stream
        self._limits = limits
        self._count = sum(1 for _, line in self._lines() if line is None or line.strip())
        check_count(self._count, limits)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Entry]:
        for number, line in self._lines():
            label = f"第 {number} 行"
            if line is None:
                yield Entry(label, problem=too_large(self._limits.max_report_bytes))
            elif line.strip():
                yield Entry(label, payload=line)

    def _lines(self) -> Iterator[tuple[int, bytes | None]]:
        """Yield (line number, line) from the start; None for a line over the size limit."""
        self._stream.seek(0)
        number = 0
        while True:
            number += 1
            line = self._stream.readline(self._limits.max_report_bytes + 1)
            if not line:
                return
            if len(line) > self._limits.max_report_bytes and not line.endswith(b"\n"):
                self._skip_rest_of_line()
                yield number, None
            else:
                yield number, line

    def _skip_rest_of_line(self) -> None:
        """Read past the end of an overlong line without holding it in memory."""
        while True:
            chunk = self._stream.readline(_READ_CHUNK)
            if not chunk or chunk.endswith(b"\n"):
                return


NOT_AN_OBJECT = input_problem(
    "not_an_object", "报告必须是一个 JSON 对象 {…} / the report must be a JSON object"
)
