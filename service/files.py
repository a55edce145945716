"""Files a command reads and writes, as coreutils would: inputs must be regular files read
within a limit, outputs appear whole or not at all and never replace what is not a file."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from service.errors import GovReportError

#: The .part files of atomic outputs in progress, with the process writing each: a forked
#: worker inherits the set, and must never remove its parent's files.
_unfinished: set[tuple[int, str]] = set()
#: What ``-o`` takes to mean standard output, and an input name standard input.
STANDARD_STREAM = "-"


class FileRefused(GovReportError):
    """A path that a command will not read or replace (``detail`` says why)."""

    status = 422
    slug = "file-refused"
    title = "文件无法使用 / the file cannot be used"


class FileTooLarge(FileRefused):
    """An input over its size limit (read no further)."""


def shown(path: Path | str) -> str:
    """A path as text a person (and JSON, CSV, a terminal) can take: bytes of a file name that
    are not UTF-8 are written as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_regular(path: Path) -> BinaryIO:
    """The regular file `path` (symlinks followed), open for reading; raises FileRefused for a
    device, FIFO, socket or folder (never read: a FIFO would wait for a writer, /dev/zero never
    ends), OSError else."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    stream = os.fdopen(handle, "rb")
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        stream.close()
        raise FileRefused(f"不是普通文件，未读取 / not a regular file, not read: {shown(path)}")
    return stream


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path` (symlinks followed); raises FileRefused for
    anything else (open_regular) and for a file over `limit` bytes (read no further), OSError
    else."""
    with open_regular(path) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(
            f"超过 {limit} 字节的上限，未读取 / larger than the limit of {limit} bytes: "
            f"{shown(path)}"
        )
    return data


def read_input(name: str, limit: int) -> bytes:
    """A command's input: the file `name`, or standard input for ``-``, within `limit` bytes;
    raises FileRefused or OSError."""
    if name != STANDARD_STREAM:
        return read_regular(Path(name), limit)
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(f"标准输入超过 {limit} 字节的上限 / stdin is larger than {limit} bytes")
    return data


@contextlib.contextmanager
def output(name: str) -> Iterator[BinaryIO]:
    """Where a command writes its result: standard output for ``-``, else atomic_output of the
    file (through a symlink, its target). Raises FileRefused when the name is something other
    than a regular file (a device, FIFO, folder): it is never replaced."""
    if name == STANDARD_STREAM:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(os.path.realpath(name))
    existing = writable_output(name)
    with atomic_output(target, None if existing is None else stat.S_IMODE(existing.st_mode)) as out:
        yield out


def writable_output(name: str) -> os.stat_result | None:
    """What is at the output file `name` now (None: nothing); raises FileRefused when it is
    something other than a regular file (a device, FIFO, folder)."""
    try:
        existing = os.stat(os.path.realpath(name))
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(existing.st_mode):
        raise FileRefused(
            f"不是普通文件，不会覆盖 / not a regular file, not replaced: {shown(name)}"
        )
    return existing


def _umask() -> int:
    """The process's umask (read by setting it and back: there is no other way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """Yield a temporary file beside `path` that replaces `path` only if the block succeeds.

    The file gets `mode`, by default what a new file gets (0666 less the umask), not the 0600
    of a temporary file. Raises OSError from the file system; on any exception (SystemExit
    from SIGTERM too) the temporary file is removed and `path` is left as it was.
    """
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    _unfinished.add((os.getpid(), temporary))
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fchmod(stream.fileno(), 0o666 & ~_umask() if mode is None else mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        _unfinished.discard((os.getpid(), temporary))


def remove_unfinished() -> None:
    """Remove every temporary file atomic_output has not finished: for a signal handler, whose
    exception may land anywhere (even before the cleanup above is set up)."""
    for writer, temporary in list(_unfinished):
        if writer == os.getpid():
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically; raises OSError from the file system."""
    with atomic_output(path) as stream:
        stream.write(data)
