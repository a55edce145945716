"""Last year's reports for a batch's cross-year checks and for a review (``--previous DIR``).

The folder (or zip) is read once, in the parent process, through the batch's own inputs (its
``.json``, ``.docx``, ``.xlsx``, ``.pdf`` and ``.html`` files), before any report of the batch:
each file a report of last year (its own 勾稽关系 do not matter). Each
report is kept in a temporary file, not in memory (a district's thousand reports would
otherwise all be held for the whole batch), indexed by organization and year. A report of the
batch finds last year's by its organization as people write it (``same_organization``: spaces,
widths, brackets and the higher levels' names before it aside), then travels to its worker with
that one report, so workers need nothing else. A file that cannot be read is skipped and named;
so is a second report of the same organization and year.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from schemas import JSONProblem, Report, parse_json
from schemas.checks.crossyear import organization_core, organization_key, same_organization
from schemas.contract.limits import Limits
from service import documents
from service.batch.inputs import DocumentFile, Entry, WorkbookFile
from service.batch.limits import BatchLimits
from service.batch.sources import BatchInput, open_path
from service.batch.worker import WithPrevious, identity
from service.errors import (
    BatchUnusable,
    DocumentTooLarge,
    DocumentUnsupported,
    PreviousUnusable,
)
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from service.review import LastYear
from service.xlsx.read.reader import identify

_Key = tuple[str, int]


class PreviousReports:
    """Last year's reports by organization and year, kept in a temporary file; close it (or use
    it as a context manager) when the batch is done."""

    def __init__(self) -> None:
        # Closed by close(): it lives as long as the batch, not a block.
        self._spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._places: dict[_Key, tuple[int, int]] = {}
        """Where each report is in the spool, by (organization_key, year)."""
        self._cores: dict[_Key, list[str]] = {}
        """The keys of the reports whose names share an organization_core, by (core, year)."""
        self._lasts: list[tuple[int, int]] = []
        """Where each report's LastYear is in the spool, in the order read."""
        self.skipped: list[str] = []
        """Each file left out and why, for a person."""

    def __len__(self) -> int:
        return len(self._places)

    def __enter__(self) -> PreviousReports:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary file."""
        self._spool.close()

    def find(self, organization: str, year: int) -> Report | None:
        """Last year's report for a report of `organization` for `year`: the same name, else
        the one report of last year that names the same bureau otherwise (the closest when
        several do); None when there is none."""
        key = organization_key(organization)
        place = self._places.get((key, year - 1))
        if place is None:
            candidates = [
                other for other in self._cores.get((organization_core(organization), year - 1), ())
                if same_organization(other, key)
            ]  # fmt: skip
            distance = {other: abs(len(other) - len(key)) for other in candidates}
            closest = sorted(candidates, key=distance.__getitem__)[:2]
            if not closest or (len(closest) == 2 and len(set(map(distance.get, closest))) == 1):
                return None  # none, or two as close as each other: not guessed
            place = self._places[(closest[0], year - 1)]
        report = self._load(place)
        assert isinstance(report, Report)
        return report

    def last_years(self) -> Iterator[LastYear]:
        """Every report of last year as the review compares with it, in the order read."""
        for place in self._lasts:
            last = self._load(place)
            assert isinstance(last, LastYear)
            yield last

    def add(self, report: Report, name: str) -> None:
        """Keep one report of last year (read from the file `name`); a second one of the same
        organization and year is skipped and named."""
        key = (organization_key(report.organization), report.year)
        if key in self._places:
            self.skipped.append(f"{name}：与另一份报告的机关和年度相同，未使用")
            return
        self._places[key] = self._keep(report)
        self._lasts.append(self._keep(LastYear.of(report)))
        core = (organization_core(report.organization), report.year)
        self._cores.setdefault(core, []).append(key[0])

    def _keep(self, kept: Report | LastYear) -> tuple[int, int]:
        """Append `kept` to the spool; returns where it is."""
        self._spool.seek(0, 2)
        start = self._spool.tell()
        pickle.dump(kept, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        return start, self._spool.tell() - start

    def _load(self, place: tuple[int, int]) -> object:
        """What was kept at `place`."""
        start, size = place
        self._spool.seek(start)
        return pickle.loads(self._spool.read(size))  # written by _keep() above, in this process

    @classmethod
    def load(
        cls, path: Path, *, imports: ImportLimits, batch: BatchLimits, limits: Limits
    ) -> PreviousReports:
        """Read the reports of the folder or zip `path`; raises BatchUnusable when it is not a
        readable folder or zip, BatchTooLarge when it holds more files than a batch may."""
        if not path.is_dir() and path.suffix.lower() != ".zip":
            raise BatchUnusable(
                f"上年度报告须为文件夹或 .zip / --previous must be a folder or a zip: {path}"
            )
        try:
            with open_path(path, batch, imports.zips) as source:
                return cls.read(source, imports=imports, limits=limits)
        except BatchUnusable as exc:
            raise BatchUnusable(f"上年度报告 / previous reports: {exc.detail}") from None

    @classmethod
    def read(cls, source: BatchInput, *, imports: ImportLimits, limits: Limits) -> PreviousReports:
        """Read the reports of a batch input (a folder, a zip: every kind a batch reads)."""
        previous = cls()
        try:
            for entry in source:
                previous._take(entry, imports, limits)
        except BaseException:
            previous.close()
            raise
        if not previous:
            previous.close()
            raise BatchUnusable(
                "上年度报告中没有可读取的报告 / no readable report among the previous reports: "
                + "；".join(previous.skipped[:3])
            )
        return previous

    def _take(self, entry: Entry, imports: ImportLimits, limits: Limits) -> None:
        """Keep the report of one input, or name why it was skipped."""
        if entry.problem is not None:
            self.skipped.append(f"{entry.id}：{entry.problem.message.partition(' / ')[0]}")
            return
        payload = entry.payload
        data = payload.data if isinstance(payload, DocumentFile | WorkbookFile) else payload
        try:
            report = documents.load_previous(data, imports=imports, limits=limits)
        except PreviousUnusable as exc:
            first = exc.errors[0] if exc.errors else None
            reason = f"{first.label}：{first.message}" if first else exc.detail
            self.skipped.append(f"{entry.id}：{reason.partition(' / ')[0]}")
            return
        self.add(report, entry.id)


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
            payload = _parsed(entry.payload)
            organization, year = self._identity(payload)
            previous = None
            if organization is not None and year is not None:
                previous = self._previous.find(organization, year)
            yield Entry(entry.id, WithPrevious(payload, previous))

    def _identity(self, payload: object) -> tuple[str | None, int | None]:
        """Organization and year of an entry's report, as far as they can be read (a Word
        report is read whole here: its title holds them)."""
        if isinstance(payload, WorkbookFile):
            return identify(payload.data, self._imports)
        if isinstance(payload, DocumentFile):
            try:
                report = documents.read(payload.data, imports=self._imports).report
            except (DocumentUnsupported, DocumentTooLarge):
                return None, None
            return identity(report)
        return identity(payload)


def _parsed(payload: object) -> object:
    """A JSON report's bytes parsed here, where its organization is needed anyway, so that its
    worker does not parse it again; bytes that are not strict JSON go on as they are (their
    validation says why)."""
    if not isinstance(payload, bytes):
        return payload
    try:
        return parse_json(payload)
    except JSONProblem:
        return payload
