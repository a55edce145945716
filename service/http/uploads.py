"""Uploaded report files stored as a job's input, for the API and the staff pages alike: one
zip, read by the batch's own inputs like any other (every kind a batch reads, a file of another
kind named in its row).

A single uploaded ``.zip`` is stored as it is; other files are written into a zip under their
own names (folders a client sends before a name dropped, repeats made unique), each copied in
chunks, never held whole. Raises BatchUnusable when nothing was uploaded, OSError when the job
folder cannot be written.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from werkzeug.datastructures.file_storage import FileStorage

from service.batch import UniqueNames
from service.errors import BatchUnusable
from service.reading.safezip import unsafe_name

#: The kind of input (``service.batch.open_upload``) an upload is stored as.
ZIP_KIND = "zip"
_CHUNK = 64 * 1024


def own_name(name: str) -> str:
    """An uploaded file's own name, without the folders some clients send before it (with
    either slash)."""
    return PurePosixPath(name.replace("\\", "/")).name


def chosen(files: Sequence[FileStorage]) -> list[FileStorage]:
    """The files of a form field that were really chosen (a browser sends an empty part for
    a file input left empty), without hidden files (a folder chosen whole brings the
    system's own, such as .DS_Store)."""
    return [
        upload for upload in files
        if upload.filename and not own_name(upload.filename).startswith(".")
    ]  # fmt: skip


def store_reports(files: Sequence[FileStorage], path: Path, what: str = "报告") -> str:
    """Write the uploaded files to `path` as a job input; returns its kind (ZIP_KIND). Raises
    BatchUnusable when no file was chosen (`what` names them for the person), OSError."""
    uploads = chosen(files)
    if not uploads:
        raise BatchUnusable(f"没有选择{what}文件 / no {what} file was uploaded")
    if len(uploads) == 1 and own_name(uploads[0].filename or "").lower().endswith(".zip"):
        with path.open("wb") as stored:
            shutil.copyfileobj(uploads[0].stream, stored, _CHUNK)
        return ZIP_KIND
    names = UniqueNames()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for upload in uploads:
            with archive.open(entry_name(upload.filename or "", names), "w") as entry:
                shutil.copyfileobj(upload.stream, entry, _CHUNK)
    return ZIP_KIND


def store_previous(files: Sequence[FileStorage], path: Path) -> str | None:
    """Last year's uploaded reports (optional) stored at `path` like store_reports; their kind,
    None when none was chosen. Raises OSError."""
    if not chosen(files):
        return None
    return store_reports(files, path, "上年度报告")


def entry_name(uploaded: str, names: UniqueNames, extension: str | None = None) -> str:
    """The name of an uploaded file in its job's zip: its own name (with `extension` when
    given), unique in the zip. Leading dots go (the batch skips hidden entries), and a name the
    batch would refuse (a drive, control characters) or nothing left is ``report``."""
    name = own_name(uploaded).lstrip(".")
    if not name or unsafe_name(name):
        name = "report" + (PurePosixPath(name).suffix if name else "")
    if extension is not None and not name.lower().endswith(extension):
        name += extension
    return names.claim(name)
