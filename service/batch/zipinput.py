"""A zip of report files as a batch input, read defensively (zip bombs, path traversal).

Before any work: entry count, total declared size and each entry's compression ratio are checked
against the limits. While reading: only stored or deflated entries are read (their decompression
is bounded), and never more bytes than the entry declared. Entry names are only ever used as
manifest text; unsafe ones (``../x.json``, absolute, backslashes) are reported, never read.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from service.batch.inputs import Entry, check_count, input_problem, not_json_file, too_large
from service.batch.limits import BatchLimits
from service.errors import BatchTooLarge, BatchUnusable

log = logging.getLogger(__name__)

_READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def open_zip(file: IO[bytes], limits: BatchLimits) -> ZipInput:
    """Open a zip batch; raises BatchUnusable when corrupt, BatchTooLarge when over a limit."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        log.info("unreadable batch zip: %r", exc)
        raise BatchUnusable("压缩包已损坏或不是 zip 文件 / the zip file is corrupt") from None
    try:
        return ZipInput(archive, limits)
    except BaseException:
        archive.close()
        raise


def check_zip_limits(infos: list[zipfile.ZipInfo], limits: BatchLimits) -> None:
    """Raise BatchTooLarge if the entries (as declared) break a zip limit."""
    if len(infos) > limits.max_zip_entries:
        raise BatchTooLarge(
            f"压缩包含 {len(infos)} 个条目，超过上限 {limits.max_zip_entries} 个 / "
            f"{len(infos)} zip entries, more than the limit of {limits.max_zip_entries}"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise BatchTooLarge(
            f"压缩包解压后共 {total} 字节，超过上限 {limits.max_uncompressed_bytes} 字节 / "
            f"{total} bytes uncompressed, more than {limits.max_uncompressed_bytes}"
        )
    for info in infos:
        if info.file_size > limits.max_compression_ratio * info.compress_size:
            raise BatchTooLarge(
                f"条目 {info.filename} 的压缩比超过上限 {limits.max_compression_ratio} / "
                f"entry {info.filename} is compressed more than {limits.max_compression_ratio}:1"
            )


def unsafe_name(name: str) -> bool:
    """True when an entry name could point outside a folder or is not a plain relative path."""
    parts = name.split("/")
    return (
        name.startswith("/")
        or "\\" in name
        or bool(_DRIVE.match(name))
        or bool(_CONTROL.search(name))
        or any(part in {"..", "."} for part in parts)
    )


def _metadata(name: str) -> bool:
    """True for directories and OS metadata (``__MACOSX/``, hidden files) a user never meant."""
    parts = name.rstrip("/").split("/")
    return name.endswith("/") or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


class ZipInput:
    """The entries of a zip, in archive order; metadata entries left out."""

    def __init__(self, archive: zipfile.ZipFile, limits: BatchLimits) -> None:
        """Check the limits on the declared sizes; raises BatchTooLarge or BatchUnusable."""
        infos = archive.infolist()
        check_zip_limits(infos, limits)
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
        if not name.lower().endswith(".json"):
            return Entry(name, problem=not_json_file())
        if info.file_size > self._limits.max_report_bytes:
            return Entry(name, problem=too_large(self._limits.max_report_bytes))
        if info.compress_type not in _READABLE_METHODS or info.flag_bits & 0x1:
            return Entry(
                name,
                problem=input_problem(
                    "unsupported_zip_entry",
                    "条目已加密或压缩方式不受支持（仅支持存储和 deflate），未读取 / "
                    "encrypted or unsupported compression, not read",
                ),
            )
        return self._read(info)

    def _read(self, info: zipfile.ZipInfo) -> Entry:
        """Decompress at most the declared size; a longer or damaged entry is reported."""
        try:
            with self._archive.open(info) as stream:
                data = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            log.info("unreadable zip entry %r: %r", info.filename, exc)
            data = None
        if data is None or len(data) != info.file_size:
            return Entry(
                info.filename,
                problem=input_problem(
                    "corrupt_zip_entry", "压缩包条目已损坏，未读取 / the zip entry is corrupt"
                ),
            )
        return Entry(info.filename, payload=data)
