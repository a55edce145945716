"""What a batch worker process does with one report: validate, render each output asked for
(.docx, HTML, PDF through the machine's converter pool), name; small results back.

A report is JSON (bytes, or a value already parsed), a document (``DocumentFile``: a Word report
or a published PDF or web page, read by ``service.importing``) or a workbook (``WorkbookFile``,
read by ``service.xlsx``); a valid one also sends back its figures for the batch's summary workbook.

Runs in worker processes (or in-process for HTTP). A ``BatchTask`` carries the batch's options
to the workers; its ``prepare`` is the pool initializer: it prepares the Word templates once per
process so each report pays only for its own rendering.
"""

from __future__ import annotations

import dataclasses
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from schemas import Issue, Report, Validation
from schemas.contract.limits import Limits
from schemas.model.figures import Value, figures
from schemas.model.layout import FIELD_LABELS
from schemas.parsing.strict_json import JSONProblem, echo, parse_json
from service import documents
from service.batch.inputs import INPUT_LABEL, DocumentFile, WorkbookFile
from service.documents import Converter
from service.errors import (
    DocumentTooLarge,
    DocumentUnsupported,
    GovReportError,
    WorkbookUnreadable,
)
from service.outputs import DOCX, Output
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from service.review import LastYear

log = logging.getLogger(__name__)

#: The label the manifest shows for a valid report that could not be turned into a document.
RENDER_LABEL = "文档生成"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one report: the document when it succeeded, and every problem found."""

    document: bytes | None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    organization: str | None = None
    year: int | None = None
    filename: str | None = None
    """The document's name in the output zip (before duplicates are made unique)."""
    more: tuple[tuple[str, bytes], ...] = ()
    """The report's other outputs (name and bytes) when several were asked for (HTML, PDF)."""
    format: str | None = None
    figures: tuple[Value, ...] | None = None
    """Every data cell's value of a report whose tables were read (a valid one, or one whose
    only errors were let through), for the summary workbook and the review."""
    read: bool = True
    """Whether the input was read as a report at all (False: not one, damaged, unreadable)."""
    previous: LastYear | None = None
    """Last year's report it was compared with, for the review."""


@dataclass(frozen=True, slots=True)
class WithPrevious:
    """A batch payload with last year's report of its organization (None: none was found)."""

    payload: object
    previous: Report | None


def missing_previous(organization: str, year: int) -> Issue:
    """The warning for a report whose organization has no report of last year in the folder."""
    return Issue(
        "previous",
        "previous_missing",
        f"上年度报告中没有“{organization}”{year - 1} 年度的报告，未作跨年度核对 / no "
        f"{year - 1} report of this organization among the previous reports: not compared",
        FIELD_LABELS["previous"],
    )


def process(
    payload: object,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    template_dir: Path | None = None,
    outputs: tuple[Output, ...] = (DOCX,),
    pdfa: bool = False,
    converter: Converter | None = None,
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
) -> Outcome:
    """Validate (against last year's report when the payload comes with it) and render one
    report, JSON, a document (Word, PDF, a web page) or a workbook, as each of `outputs` (none:
    only checked, for a review); never raises for a bad report or a failed render (one output
    failing fails the report: no half of its files is kept)."""
    previous: Report | None = None
    looked_up = isinstance(payload, WithPrevious)
    if isinstance(payload, WithPrevious):
        previous = payload.previous
        payload = payload.payload
    last = LastYear.of(previous) if previous is not None else None
    try:
        result, read, readable = _checked(
            payload, allow_inconsistent, limits, previous, imports=imports
        )
    except (DocumentUnsupported, DocumentTooLarge) as exc:
        return Outcome(None, (unreadable_issue(exc),), read=False, previous=last)
    report = result.report
    organization, year = identity(read) if report is None else (report.organization, report.year)
    warnings = result.warnings
    if looked_up and previous is None and organization is not None and year is not None:
        warnings = (*warnings, missing_previous(organization, year))
    if report is None:
        return Outcome(
            None, result.errors, warnings, organization, year, read=readable, previous=last
        )
    if not outputs:
        return Outcome(
            None, (), warnings, report.organization, report.year, format=report.format,
            figures=figures(report), previous=last,
        )  # fmt: skip
    try:
        files = [
            (documents.filename(report, output), documents.render_output(
                report, output, converter=converter, template_dir=template_dir, pdfa=pdfa))
            for output in outputs
        ]  # fmt: skip
    except GovReportError as exc:
        log.warning("batch render failed for %s %s: %s", report.organization, report.year, exc)
        return Outcome(
            None, (error_issue(exc),), warnings, report.organization, report.year,
            format=report.format, figures=figures(report), previous=last,
        )  # fmt: skip
    (name, document), *more = files
    return Outcome(
        document, (), warnings, report.organization, report.year, name, tuple(more),
        report.format, figures(report), previous=last,
    )  # fmt: skip


def _checked(
    payload: object,
    allow_inconsistent: bool,
    limits: Limits | None,
    previous: Report | None,
    *,
    imports: ImportLimits,
) -> tuple[Validation, object, bool]:
    """A payload read (a workbook or a document) and validated, the report as read (for the
    manifest's names when it is invalid), and whether it could be read as a report at all;
    raises DocumentUnsupported or DocumentTooLarge when a document cannot be opened."""
    if isinstance(payload, WorkbookFile):
        workbook = documents.check_workbook(
            payload.data, allow_inconsistent=allow_inconsistent, limits=limits,
            previous=previous, imports=imports,
        )  # fmt: skip
        return workbook.result, workbook.document, workbook.readable
    if isinstance(payload, DocumentFile):
        imported, checked = documents.import_document(
            payload.data, imports=imports, limits=limits,
            allow_inconsistent=allow_inconsistent, previous=previous,
        )  # fmt: skip
        if checked is None:
            return Validation(None, imported.errors, imported.warnings), imported.report, False
        # What reading noted (cells read as 0, text left out) stays with the report's warnings.
        warnings = (*imported.warnings, *checked.warnings)
        return Validation(checked.report, checked.errors, warnings), imported.report, True
    checked = documents.validate(
        payload, allow_inconsistent=allow_inconsistent, limits=limits, previous=previous
    )
    return checked, payload, not checked.unreadable


@dataclass(frozen=True, slots=True)
class BatchTask:
    """The work done on each payload of a batch, with the batch's options; picklable, so that
    worker processes receive it."""

    allow_inconsistent: bool = False
    limits: Limits | None = None
    template_dir: Path | None = None
    """Where the Word templates are (None: the shipped ones)."""
    outputs: tuple[Output, ...] = (DOCX,)
    """What each report becomes, in this order; none: each is only checked (a review)."""
    pdfa: bool = False
    converter: Converter | None = None
    """Where PDFs are made (picklable: the broker's client)."""
    worker: Callable[..., Outcome] = process
    """The function run on each payload (tests replace it)."""
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS
    """Bounds of a workbook or Word input (its size, its zip, each part, each sheet's rows and
    columns)."""

    def __call__(self, payload: object) -> Outcome:
        """Run the worker on one payload; never raises for a bad report."""
        options = {name: getattr(self, name) for name in _OPTIONS}
        return self.worker(payload, **options)

    def prepare(self) -> None:
        """Pool initializer: leave Ctrl-C to the parent, let SIGTERM (the pool stopping a
        worker) end the process plainly whatever handler the parent had, and prepare the
        templates; raises TemplateProblem."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if self.outputs:  # a review renders nothing
            documents.prepare(self.template_dir)


#: The BatchTask fields the worker takes as keyword options (all but the worker itself).
_OPTIONS = tuple(spec.name for spec in dataclasses.fields(BatchTask) if spec.name != "worker")


def error_issue(error: GovReportError) -> Issue:
    """Return the manifest's issue for a report that was valid but could not be rendered."""
    return Issue(path="", code=error.slug, message=error.detail, label=RENDER_LABEL)


def unreadable_issue(error: DocumentUnsupported | DocumentTooLarge) -> Issue:
    """Return the manifest's issue for a workbook or document that cannot be read at all."""
    code = error.code if isinstance(error, WorkbookUnreadable) else error.slug
    return Issue(path="", code=code, message=error.detail, label=INPUT_LABEL)


def identity(payload: object) -> tuple[str | None, int | None]:
    """Best-effort organization and year of an invalid report, for the manifest (the
    organization shown safely: it has not been validated)."""
    if isinstance(payload, bytes | str):
        try:
            payload = parse_json(payload)
        except JSONProblem:
            return None, None
    if not isinstance(payload, dict):
        return None, None
    organization = payload.get("organization")
    year = payload.get("year")
    return (
        echo(organization) if isinstance(organization, str) else None,
        year if isinstance(year, int) and not isinstance(year, bool) else None,
    )
