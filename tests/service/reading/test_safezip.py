"""service.reading.safezip: limits checked on the declared entries, unsafe names, bounded
reading."""

from __future__ import annotations

import io
import zipfile

import pytest

from service.batch.limits import BatchLimits
from service.errors import ArchiveCorrupt, ArchiveTooLarge
from service.reading.limits import ZipLimits
from service.reading.safezip import (
    EntryUnreadable,
    check_limits,
    open_archive,
    read_entry,
    unsafe_name,
)
from tests.batch_helpers import EVIL_NAME


@pytest.mark.parametrize(
    "name",
    [
        EVIL_NAME,
        "/etc/evil.json",
        "a\\b.json",
        "C:/evil.json",
        "c:evil.json",
        "a/../../b.json",
        "./a.json",
        "a/./b.json",
        "a\x00.json",
        "line\nbreak.json",
    ],
)
def test_unsafe_names(name: str) -> None:
    assert unsafe_name(name)


@pytest.mark.parametrize("name", ["a.json", "dir/a.json", "报告.json", "a..b.json", "..a.json"])
def test_safe_names(name: str) -> None:
    assert not unsafe_name(name)


def _info(file_size: int, compress_size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("a.json")
    info.file_size, info.compress_size = file_size, compress_size
    return info


@pytest.mark.parametrize(
    ("infos", "limits", "refused"),
    [
        ([_info(1000, 10)], ZipLimits(max_compression_ratio=100), False),
        ([_info(1001, 10)], ZipLimits(max_compression_ratio=100), True),
        ([_info(0, 0)], ZipLimits(max_compression_ratio=1), False),
        ([_info(1, 0)], ZipLimits(max_compression_ratio=100), True),
        ([_info(50, 50), _info(50, 50)], ZipLimits(max_uncompressed_bytes=100), False),
        ([_info(50, 50), _info(51, 51)], ZipLimits(max_uncompressed_bytes=100), True),
        ([_info(1, 1)] * 3, ZipLimits(max_zip_entries=3), False),
        ([_info(1, 1)] * 4, ZipLimits(max_zip_entries=3), True),
    ],
)
def test_limits_at_and_over(
    infos: list[zipfile.ZipInfo], limits: BatchLimits, refused: bool
) -> None:
    if refused:
        with pytest.raises(ArchiveTooLarge):
            check_limits(infos, limits)
    else:
        check_limits(infos, limits)


def test_a_file_that_is_not_a_zip_is_corrupt() -> None:
    with pytest.raises(ArchiveCorrupt) as raised:
        open_archive(io.BytesIO(b"PK\x05\x06 broken"), ZipLimits())
    assert raised.value.status == 422


def test_an_entry_lying_about_its_size_is_not_read_past_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", bytes(range(256)) * 4)
    with open_archive(buffer, ZipLimits()) as archive:
        info = archive.getinfo("a.xml")
        assert read_entry(archive, info) == bytes(range(256)) * 4
        info.file_size = 10
        with pytest.raises(EntryUnreadable) as raised:
            read_entry(archive, info)
    assert raised.value.code == "corrupt_zip_entry"
