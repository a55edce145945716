"""The output zip of a batch: the files of each valid report (its .docx, and its HTML and PDF when
asked for), then ``manifest.json``, ``.csv``, ``summary.xlsx`` and ``review.html`` (the
disclosure office's review of the same reports, ``service.review``).

Documents are written as they arrive (the zip never holds more than one in memory); the
manifest rows are small and kept until the end, then sorted back into input order; the
summary workbook's rows (every figure of every report) are spooled to a temporary file as they
arrive, in input order, and the workbook is written last; the review keeps its rows the same
way. The stream may be non-seekable (an HTTP response): zipfile then writes data descriptors.
"""

from __future__ import annotations

import contextlib
import posixpath
import time
import zipfile
from dataclasses import dataclass, field
from typing import IO, Protocol

from service.batch.manifest import STATUS_TEXT, ManifestRow, Summary, manifest_csv, manifest_json
from service.batch.pool import Done
from service.batch.review import REVIEW_HTML, REVIEW_XLSX, reviewed
from service.review import ReviewWriter
from service.xlsx.write.summary import SummaryRow, SummaryWriter, first_problem

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
SUMMARY_XLSX = "summary.xlsx"

# A .docx is a zip of deflated parts already: deflating it again gains next to nothing and costs
# the parent process time that the workers need on a 2-core machine.
_DOCUMENT_COMPRESSION = zipfile.ZIP_STORED
_MANIFEST_COMPRESSION = zipfile.ZIP_DEFLATED


class Sink(Protocol):
    """Where the zip goes: a file, or a buffer emptied into an HTTP response."""

    def write(self, data: bytes, /) -> int:
        """Take `data` whole; raises OSError."""

    def flush(self) -> None:
        """Push buffered bytes on; raises OSError."""

    def close(self) -> None:
        """Release the sink (zipfile never calls it on a stream it was given)."""


class Chunks:
    """A non-seekable Sink whose bytes are taken out as they come (for a streamed response)."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        """Keep `data` until taken."""
        self._buffer += data
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes wait in the buffer until taken."""

    def close(self) -> None:
        """Nothing to release; zipfile does not close a stream it was given anyway."""

    def take(self) -> bytes:
        """Return and forget the bytes written so far."""
        data = bytes(self._buffer)
        self._buffer.clear()
        return data


class UniqueNames:
    """Hands out file names, adding ``（2）``, ``（3）``… before the extension to repeats."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        # Where the search for a repeated name resumes: without it, the k-th repeat of a name
        # would try every number below k again (quadratic in a batch of one organization).
        self._next_number: dict[str, int] = {}

    def claim(self, name: str) -> str:
        """Return `name`, or the first numbered variant not yet taken (ignoring case)."""
        stem, extension = posixpath.splitext(name)
        key = name.casefold()
        number = self._next_number.get(key, 1)
        candidate = name if number == 1 else f"{stem}（{number}）{extension}"
        while candidate.casefold() in self._taken:
            number += 1
            candidate = f"{stem}（{number}）{extension}"
        self._next_number[key] = number + 1
        self._taken.add(candidate.casefold())
        return candidate


@dataclass
class BatchArchive:
    """Writes results into a zip on `stream`; ``close`` adds the manifest and finishes the zip."""

    stream: Sink
    review: ReviewWriter = field(default_factory=lambda: ReviewWriter(workbook=False))
    """The review of the batch's reports (written as ``review.html``; closed with the zip)."""
    _zip: zipfile.ZipFile = field(init=False)
    _names: UniqueNames = field(init=False, default_factory=UniqueNames)
    _rows: list[ManifestRow] = field(init=False, default_factory=list)
    _summary: SummaryWriter = field(init=False, default_factory=SummaryWriter)

    def __post_init__(self) -> None:
        self._zip = zipfile.ZipFile(self.stream, "w", compression=zipfile.ZIP_DEFLATED)

    def add(self, done: Done) -> ManifestRow:
        """Write the documents of a finished entry (if any) and record its manifest row."""
        outcome = done.outcome
        outputs: list[str] = []
        if outcome.document is not None and outcome.filename is not None:
            for name, data in ((outcome.filename, outcome.document), *outcome.more):
                outputs.append(self._names.claim(name))
                self._write(outputs[-1], data, _DOCUMENT_COMPRESSION)
        row = ManifestRow.from_done(done, tuple(outputs))
        self._rows.append(row)
        self._summary.add(
            SummaryRow(
                input=row.input,
                organization=row.organization,
                year=row.year,
                format=outcome.format,
                status=STATUS_TEXT[row.status],
                output="\n".join(outputs) or None,
                errors=len(row.errors),
                warnings=len(row.warnings),
                first_problem=first_problem(row.errors, row.warnings),
                figures=outcome.figures if outputs else None,
            )
        )
        self.review.add(reviewed(done))
        return row

    def close(self, elapsed_seconds: float) -> Summary:
        """Write ``manifest.json`` and ``manifest.csv`` last and finish the zip; returns totals."""
        rows = sorted(self._rows, key=lambda row: row.index)
        summary = Summary.of(rows, elapsed_seconds)
        self._write(MANIFEST_JSON, manifest_json(rows, summary), _MANIFEST_COMPRESSION)
        self._write(MANIFEST_CSV, manifest_csv(rows), _MANIFEST_COMPRESSION)
        with self._zip.open(member(SUMMARY_XLSX, _MANIFEST_COMPRESSION), "w") as stored:
            self._summary.write(stored)
        with self._zip.open(member(REVIEW_HTML, _MANIFEST_COMPRESSION), "w") as stored:
            self.review.write(page=stored)
        self.review.close()
        self._zip.close()
        return summary

    def abandon(self) -> None:
        """After a failure: end the zip now (not at garbage collection, when the stream may be
        closed); whoever owns the stream discards what was written."""
        self._summary.discard()
        self.review.close()
        with contextlib.suppress(OSError, ValueError):
            self._zip.close()

    def _write(self, name: str, data: bytes, compression: int) -> None:
        """Add one member, dated now, stored or deflated as `compression` says."""
        self._zip.writestr(member(name, compression), data)


def review_zip(writer: ReviewWriter, stream: IO[bytes]) -> None:
    """A review's result: ``review.html`` and ``review.xlsx`` in a zip on `stream` (the writer
    made with its workbook); raises OSError."""
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(member(REVIEW_HTML, _MANIFEST_COMPRESSION), "w") as stored:
            writer.write(page=stored)
        with archive.open(member(REVIEW_XLSX, _MANIFEST_COMPRESSION), "w") as stored:
            writer.write(workbook=stored)


def member(name: str, compression: int) -> zipfile.ZipInfo:
    """A member named `name`, dated now, stored or deflated as `compression` says."""
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = compression
    info.external_attr = 0o644 << 16  # without it, unzip creates files no one may read
    return info
