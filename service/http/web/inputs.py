"""The reports one staff form post holds: uploaded files, files kept from before, pasted text;
an uploaded document read, and a report validated, as every page does it.

A browser cannot fill a file input again, so after a check the page keeps each uploaded file's
text in the form (``kept_name`` / ``kept_text``, in document order); a file chosen again under
the same name replaces the kept one, and ``drop`` (the kept file's index) removes one. A report
submitted twice (a file, and the same text pasted) counts once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from werkzeug.datastructures import MultiDict
from werkzeug.datastructures.file_storage import FileStorage

from schemas import Issue, Validation
from service import documents
from service.batch import too_large
from service.errors import DocumentTooLarge, DocumentUnsupported
from service.http.state import current_budget, current_settings
from service.importing import looks_like_document
from service.reading.result import Imported, located_result

PASTED_NAME = "粘贴的内容"
#: The label of a problem with an uploaded file as a whole.
UPLOADED = "上传的文件"


@dataclass(frozen=True, slots=True)
class Source:
    """One report as submitted: its name on the page and its bytes."""

    name: str
    raw: bytes
    pasted: bool = False
    read_from_document: bool = False
    """`raw` is the report read from an uploaded document (JSON the page keeps)."""
    document_kind: str = ""
    """What that document was (``docx``, ``xlsx``, ``pdf``, ``html``), to say so on the page."""
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


def imported(raw: bytes) -> Imported:
    """An uploaded Word document or workbook read into the contract within the render budget;
    one that cannot be read at all comes back with why as its one error. Raises
    RenderTimeout."""
    try:
        return current_budget().run(documents.read, raw, imports=current_settings().imports)
    except (DocumentUnsupported, DocumentTooLarge) as exc:
        return Imported(None, (Issue("", exc.slug, exc.detail, UPLOADED),))


def validated(source: Source, allow_inconsistent: bool) -> Validation:
    """Validate one report with the configured limits; too large a report is not even read.
    A report read from a Word document or workbook carries what reading it noted among its
    warnings, and its problems name their cells."""
    settings = current_settings()
    if len(source.raw) > settings.max_body_bytes:
        return Validation(None, (too_large(settings.max_body_bytes),))
    checked = documents.validate(
        source.raw, allow_inconsistent=allow_inconsistent, limits=settings.limits
    )
    result = located_result(checked, dict(source.places))
    if not source.reading:
        return result
    return replace(result, warnings=(*source.reading, *result.warnings))


def read_document(source: Source) -> tuple[Source, Validation | None]:
    """An uploaded document (Word, workbook, PDF, web page) read into the contract: the source
    then holds the report's JSON (the page keeps it like an uploaded .json). Anything else is
    returned as it is; a document that cannot be read comes with the Validation listing why."""
    if source.pasted or not looks_like_document(source.raw):
        return source, None
    reading = imported(source.raw)
    if reading.report is None:
        return source, Validation(None, reading.errors, reading.warnings)
    text = json.dumps(reading.report, ensure_ascii=False, indent=2).encode()
    read = Source(source.name, text, read_from_document=True, reading=reading.warnings,
                  document_kind=reading.kind)
    return replace(read, places=tuple(reading.places.items())), None
