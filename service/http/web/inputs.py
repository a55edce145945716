"""The reports one staff form post holds: uploaded files, files kept from before, pasted text.

A browser cannot fill a file input again, so after a check the page keeps each uploaded file's
text in the form (``kept_name`` / ``kept_text``, in document order); a file chosen again under
the same name replaces the kept one, and ``drop`` (the kept file's index) removes one. A report
submitted twice (a file, and the same text pasted) counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict
from werkzeug.datastructures.file_storage import FileStorage

from schemas import Issue

PASTED_NAME = "粘贴的内容"


@dataclass(frozen=True, slots=True)
class Source:
    """One report as submitted: its name on the page and its bytes."""

    name: str
    raw: bytes
    pasted: bool = False
    read_from_document: bool = False
    """`raw` is the report read from an uploaded Word document (JSON the page keeps)."""
    reading: tuple[Issue, ...] = ()
    """What reading that document noted (blank cells read as 0, text left out…)."""
    places: tuple[tuple[str, str], ...] = ()
    """For a workbook: (contract path, cell) pairs, so that problems name their cells."""

    @property
    def text(self) -> str | None:
        """The report as text to keep on the page; None when it is not UTF-8."""
        try:
            return self.raw.decode("utf-8")
        except UnicodeDecodeError:
            return None


def collect(form: MultiDict[str, str], files: MultiDict[str, FileStorage]) -> list[Source]:
    """Return the form's reports in page order: uploaded, then kept, then pasted."""
    uploaded = [
        Source(upload.filename or "", upload.read())
        for upload in files.getlist("files")
        if upload.filename
    ]
    chosen = {source.name for source in uploaded}
    dropped = set(form.getlist("drop"))
    kept = [
        Source(name, text.encode())
        for index, (name, text) in enumerate(
            zip(form.getlist("kept_name"), form.getlist("kept_text"), strict=False)
        )
        if str(index) not in dropped and name not in chosen
    ]
    pasted = form.get("pasted", "")
    extra = [Source(PASTED_NAME, pasted.encode(), pasted=True)] if pasted.strip() else []
    return uploaded + kept + extra


def unique(sources: list[Source]) -> tuple[list[Source], list[tuple[Source, Source]]]:
    """The sources without repeats of an earlier one's content (white space around it aside),
    and each repeat with the source it repeats."""
    first: dict[bytes, Source] = {}
    repeats: list[tuple[Source, Source]] = []
    for source in sources:
        same = first.setdefault(source.raw.strip(), source)
        if same is not source:
            repeats.append((source, same))
    return list(first.values()), repeats
