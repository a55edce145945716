"""Last year's reports for a batch's cross-year checks (``gov-report batch --previous DIR``).

The folder's ``.json``, ``.docx`` and ``.xlsx`` files are read once, in the parent process,
before any report of the batch: each a report of last year (its own 勾稽关系 do not matter),
indexed by organization (width and white space aside) and year. Each batch entry then travels
to its worker with the one previous report of its organization and year − 1, so workers need
nothing else and nothing large crosses between processes. A file that cannot be read is skipped and
named; so is a second report of the same organization and year.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from schemas import Report
from schemas.checks.crossyear import organization_key
from schemas.contract.limits import Limits
from service import documents
from service.batch.inputs import Entry, WordFile, WorkbookFile, check_count
from service.batch.limits import BatchLimits
from service.batch.sources import BatchInput
from service.batch.worker import WithPrevious, identity
from service.errors import (
    BatchUnusable,
    DocumentTooLarge,
    DocumentUnsupported,
    PreviousUnusable,
)
from service.files import FileRefused, read_regular, shown
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from service.xlsx.read.reader import identify

#: The files of the folder that are read.
SUFFIXES = (".json", ".docx", ".xlsx")


class PreviousReports:
    """Last year's reports by organization and year."""

    def __init__(self, reports: dict[tuple[str, int], Report], skipped: list[str]) -> None:
        self._reports = reports
        self.skipped = tuple(skipped)
        """Each file left out and why, for a person."""

    def __len__(self) -> int:
        return len(self._reports)

    def find(self, organization: str, year: int) -> Report | None:
        """Last year's report for a report of `organization` for `year`, None when absent."""
        return self._reports.get((organization_key(organization), year - 1))

    @classmethod
    def load(
        cls, folder: Path, *, imports: ImportLimits, batch: BatchLimits, limits: Limits
    ) -> PreviousReports:
        """Read the reports of `folder`; raises BatchUnusable when it is not a readable folder,
        BatchTooLarge when it holds more files than a batch may."""
        if not folder.is_dir():
            raise BatchUnusable(f"上年度报告须为文件夹 / --previous must be a folder: {folder}")
        try:
            paths = sorted(
                path for path in folder.iterdir()
                if path.suffix.lower() in SUFFIXES and not path.name.startswith(".")
            )
        except OSError as exc:
            raise BatchUnusable(
                f"无法读取上年度报告文件夹 / cannot list {folder}: {exc.strerror}"
            ) from None
        if not paths:
            raise BatchUnusable(
                f"上年度报告文件夹中没有 .json、.docx 或 .xlsx 文件 / no .json, .docx or .xlsx "
                f"file in {folder}"
            )
        check_count(len(paths), batch)
        reports: dict[tuple[str, int], Report] = {}
        skipped: list[str] = []
        for path in paths:
            limit = batch.max_report_bytes if path.suffix.lower() == ".json" else (
                imports.max_document_bytes
            )
            name = shown(path.name)
            try:
                report = documents.load_previous(
                    read_regular(path, limit), imports=imports, limits=limits
                )
            except FileRefused as exc:  # a device or FIFO, or over the limit: never read
                skipped.append(f"{name}：{exc.detail.partition(' / ')[0]}")
                continue
            except OSError as exc:
                skipped.append(f"{name}：无法读取（{exc.strerror}）")
                continue
            except PreviousUnusable as exc:
                first = exc.errors[0] if exc.errors else None
                reason = f"{first.label}：{first.message}" if first else exc.detail
                skipped.append(f"{name}：{reason}")
                continue
            key = (organization_key(report.organization), report.year)
            if key in reports:
                skipped.append(f"{name}：与另一份报告的机关和年度相同，未使用")
                continue
            reports[key] = report
        return cls(reports, skipped)


class WithPreviousInput:
    """A batch input whose entries carry last year's report of their organization (a
    workbook's organization and year are read from its 基本信息 here, in the parent, a Word
    report's from its title)."""

    def __init__(
        self,
        source: BatchInput,
        previous: PreviousReports,
        imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
    ) -> None:
        self._source = source
        self._previous = previous
        self._imports = imports

    def __len__(self) -> int:
        return len(self._source)

    def __iter__(self) -> Iterator[Entry]:
        for entry in self._source:
            if entry.problem is not None:
                yield entry
                continue
            organization, year = self._identity(entry.payload)
            previous = None
            if organization is not None and year is not None:
                previous = self._previous.find(organization, year)
            yield Entry(entry.id, WithPrevious(entry.payload, previous))

    def _identity(self, payload: object) -> tuple[str | None, int | None]:
        """Organization and year of an entry's report, as far as they can be read (a Word
        report is read whole here: its title holds them)."""
        if isinstance(payload, WorkbookFile):
            return identify(payload.data, self._imports)
        if isinstance(payload, WordFile):
            try:
                report = documents.read(payload.data, imports=self._imports).report
            except (DocumentUnsupported, DocumentTooLarge):
                return None, None
            return identity(report)
        return identity(payload)
