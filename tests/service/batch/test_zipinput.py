"""Reading a batch zip defensively: limits before work, unsafe names, bounded reading."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from service.batch.limits import BatchLimits
from service.batch.zipinput import open_zip
from service.errors import BatchTooLarge, BatchUnusable
from service.reading.limits import ZipLimits
from tests.batch_helpers import EVIL_NAME


def make_zip(*entries: tuple[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def read_all(
    buffer: io.BytesIO, limits: BatchLimits | None = None, zips: ZipLimits | None = None
) -> dict[str, object]:
    source = open_zip(buffer, limits or BatchLimits(), zips or ZipLimits())
    try:
        return {e.id: e.problem.code if e.problem else e.payload for e in source}
    finally:
        source.close()


def test_entries_by_kind() -> None:
    buffer = make_zip(
        ("a.json", b"{}"),
        ("dir/", b""),
        ("dir/b.json", b"[]"),
        (EVIL_NAME, b"{}"),
        ("notes.txt", b"hello"),
        ("__MACOSX/._a.json", b"junk"),
        (".DS_Store", b"junk"),
        ("dir/.hidden.json", b"junk"),
    )
    assert read_all(buffer) == {
        "a.json": b"{}",
        "dir/b.json": b"[]",
        EVIL_NAME: "unsafe_entry_name",
        "notes.txt": "not_json_file",
    }


def test_other_compression_methods_are_not_read() -> None:
    buffer = make_zip(("a.json", b"{}" * 100), method=zipfile.ZIP_BZIP2)
    assert read_all(buffer) == {"a.json": "unsupported_zip_entry"}


def _patch_sizes(data: bytes, size: int) -> bytes:
    """Make the local and central headers of the only entry declare `size` bytes."""
    patched = bytearray(data)
    local = patched.index(b"PK\x03\x04")
    central = patched.index(b"PK\x01\x02")
    struct.pack_into("<I", patched, local + 22, size)
    struct.pack_into("<I", patched, central + 24, size)
    return bytes(patched)


def test_entry_larger_than_declared_is_cut_off_and_reported() -> None:
    data = make_zip(("a.json", b" " * 5000 + b"{}")).getvalue()
    buffer = io.BytesIO(_patch_sizes(data, 10))
    assert read_all(buffer, zips=ZipLimits(max_compression_ratio=1000)) == {
        "a.json": "corrupt_zip_entry"
    }


def test_corrupt_zip_is_unusable() -> None:
    with pytest.raises(BatchUnusable) as raised:
        open_zip(io.BytesIO(b"PK\x05\x06 broken"), BatchLimits(), ZipLimits())
    assert raised.value.status == 422


def test_zip_bomb_refused_before_reading() -> None:
    buffer = make_zip(("bomb.json", b"0" * 10_000_000))
    with pytest.raises(BatchTooLarge, match="压缩比") as raised:
        open_zip(buffer, BatchLimits(), ZipLimits())
    assert raised.value.status == 413


def test_entry_limit_counts_metadata_entries() -> None:
    buffer = make_zip(("a.json", b"{}"), ("__MACOSX/._a.json", b"x"))
    assert read_all(buffer, zips=ZipLimits(max_zip_entries=2)) == {"a.json": b"{}"}
    buffer.seek(0)
    with pytest.raises(BatchTooLarge):
        open_zip(buffer, BatchLimits(), ZipLimits(max_zip_entries=1))


def test_report_count_limit() -> None:
    entries = [(f"{n}.json", b"{}") for n in range(3)]
    assert len(read_all(make_zip(*entries), BatchLimits(max_reports=3))) == 3
    with pytest.raises(BatchTooLarge):
        open_zip(make_zip(*entries), BatchLimits(max_reports=2), ZipLimits())


def test_report_size_limit() -> None:
    buffer = make_zip(("at.json", b"x" * 100), ("over.json", b"x" * 101))
    assert read_all(buffer, BatchLimits(max_report_bytes=100)) == {
        "at.json": b"x" * 100,
        "over.json": "input_too_large",
    }


def test_zip_with_only_metadata_is_unusable() -> None:
    with pytest.raises(BatchUnusable, match="没有报告"):
        open_zip(make_zip(("__MACOSX/._a.json", b"x")), BatchLimits(), ZipLimits())
