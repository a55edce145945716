"""A zip of report files as a batch input, read defensively (see service.reading.safezip).

Entry names are only ever used as manifest text; unsafe ones (``../x.json``, absolute,
backslashes) are reported, never read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO

from service.batch.inputs import (
    Entry,
    check_count,
    input_problem,
    is_report_file,
    not_json_file,
    payload_of,
    too_large,
)
from service.batch.limits import BatchLimits
from service.errors import ArchiveCorrupt, ArchiveTooLarge, BatchTooLarge, BatchUnusable
from service.reading.limits import ZipLimits
from service.reading.safezip import EntryUnreadable, open_archive, read_entry, unsafe_name


def open_zip(file: IO[bytes], limits: BatchLimits, zips: ZipLimits) -> ZipInput:
    """Open a zip batch (its entries and sizes bounded by `zips`); raises BatchUnusable when
    corrupt, BatchTooLarge when over a limit."""
    try:
        archive = open_archive(file, zips)
    except ArchiveCorrupt:
        raise BatchUnusable("压缩包已损坏或不是 zip 文件 / the zip file is corrupt") from None
    except ArchiveTooLarge as exc:
        raise BatchTooLarge(exc.detail) from None
    try:
        return ZipInput(archive, limits)
    except BaseException:
        archive.close()
        raise


def _metadata(name: str) -> bool:
    """True for directories and OS metadata (``__MACOSX/``, hidden files) a user never meant."""
    parts = name.rstrip("/").split("/")
    return name.endswith("/") or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


class ZipInput:
    """The entries of a zip, in archive order; metadata entries left out."""

    def __init__(self, archive: zipfile.ZipFile, limits: BatchLimits) -> None:
        """Check the limits on the declared sizes; raises BatchTooLarge or BatchUnusable."""
        infos = archive.infolist()
        self._infos = [i for i in infos if unsafe_name(i.filename) or not _metadata(i.filename)]
        check_count(len(self._infos), limits)
        self._archive = archive
        self._limits = limits

    def __len__(self) -> int:
        return len(self._infos)

    def __iter__(self) -> Iterator[Entry]:
        for info in self._infos:
            yield self._entry(info)

    def close(self) -> None:
        """Close the archive."""
        self._archive.close()

    def _entry(self, info: zipfile.ZipInfo) -> Entry:
        """Read one entry into an Entry; never raises."""
        name = info.filename
        if unsafe_name(name):
            return Entry(
                name,
                problem=input_problem(
                    "unsafe_entry_name",
                    "条目名称不安全（含 ..、绝对路径或反斜杠），未读取 / "
                    "unsafe entry name (.., absolute or backslash), not read",
                ),
            )
        if not is_report_file(name):
            return Entry(name, problem=not_json_file())
        if info.file_size > self._limits.max_report_bytes:
            return Entry(name, problem=too_large(self._limits.max_report_bytes))
        try:
            return Entry(name, payload=payload_of(name, read_entry(self._archive, info)))
        except EntryUnreadable as exc:
            return Entry(name, problem=input_problem(exc.code, exc.message))
