"""Reading zip files defensively: batch zips, and the .docx and .xlsx files that are zips too.

Before any work the entries' declared count, total size and each one's compression ratio are
checked against the batch limits (zip bombs exceed them). While reading, only stored or deflated
entries are read, never more bytes than an entry declared. Entry names are only ever shown, never
used as paths; ``unsafe_name`` tells the ones that could point outside a folder.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from typing import IO

from service.errors import ArchiveCorrupt, ArchiveTooLarge
from service.reading.limits import ZipLimits

log = logging.getLogger(__name__)

_READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EntryUnreadable(Exception):
    """One entry cannot be read (encrypted, unsupported compression, damaged, lying about its
    size); ``code`` and ``message`` (Chinese / English) say which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def open_archive(file: IO[bytes], limits: ZipLimits) -> zipfile.ZipFile:
    """Open a zip and check its declared sizes; raises ArchiveCorrupt when it is not a readable
    zip, ArchiveTooLarge when it is over a limit."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        log.info("unreadable zip: %r", exc)
        raise ArchiveCorrupt() from None
    try:
        check_limits(archive.infolist(), limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_limits(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Raise ArchiveTooLarge if the entries (as declared) break a zip limit."""
    if len(infos) > limits.max_zip_entries:
        raise ArchiveTooLarge(
            f"压缩包含 {len(infos)} 个条目，超过上限 {limits.max_zip_entries} 个 / "
            f"{len(infos)} zip entries, more than the limit of {limits.max_zip_entries}"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise ArchiveTooLarge(
            f"压缩包解压后共 {total} 字节，超过上限 {limits.max_uncompressed_bytes} 字节 / "
            f"{total} bytes uncompressed, more than {limits.max_uncompressed_bytes}"
        )
    for info in infos:
        if info.file_size > limits.max_compression_ratio * info.compress_size:
            raise ArchiveTooLarge(
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


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Decompress one entry, at most its declared size; raises EntryUnreadable."""
    if info.compress_type not in _READABLE_METHODS or info.flag_bits & 0x1:
        raise EntryUnreadable(
            "unsupported_zip_entry",
            "条目已加密或压缩方式不受支持（仅支持存储和 deflate），未读取 / "
            "encrypted or unsupported compression, not read",
        )
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError) as exc:
        log.info("unreadable zip entry %r: %r", info.filename, exc)
        data = None
    if data is None or len(data) != info.file_size:
        raise EntryUnreadable(
            "corrupt_zip_entry", "压缩包条目已损坏，未读取 / the zip entry is corrupt"
        )
    return data
