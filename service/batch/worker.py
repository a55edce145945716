"""What a batch worker process does with one report: validate, render, name; small results back.

A report is JSON (bytes, or a value already parsed) or a workbook (``WorkbookFile``, read by
``service.xlsx``); a valid one also sends back its figures for the batch's summary workbook.

Runs in worker processes (or in-process for HTTP). A ``BatchTask`` carries the batch's options
to the workers; its ``prepare`` is the pool initializer: it prepares the Word templates once per
process so each report pays only for its own rendering.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from schemas import Issue, Validation
from schemas.jsonparse import JSONProblem, echo, parse_json
from schemas.limits import Limits
from service import documents
from service.batch.inputs import INPUT_LABEL, WorkbookFile
from service.errors import ArchiveTooLarge, GovReportError, WorkbookUnreadable
from service.xlsx.limits import DEFAULT_WORKBOOK_LIMITS, WorkbookLimits
from service.xlsx.summary import Value, figures

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
    format: str | None = None
    figures: tuple[Value, ...] | None = None
    """Every data cell's value of a valid report, for the summary workbook."""


def process(
    payload: object,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    template_dir: Path | None = None,
    workbook_limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
) -> Outcome:
    """Validate and render one report; never raises for a bad report or a failed render."""
    if isinstance(payload, WorkbookFile):
        try:
            result, read = documents.validate_workbook(
                payload.data,
                allow_inconsistent=allow_inconsistent,
                limits=limits,
                workbook_limits=workbook_limits,
            )
        except (WorkbookUnreadable, ArchiveTooLarge) as exc:
            return Outcome(None, (unreadable_issue(exc),))
        identity = _identity(read)
    else:
        result = documents.validate(payload, allow_inconsistent=allow_inconsistent, limits=limits)
        identity = _identity(payload)
    if result.report is None:
        return Outcome(None, result.errors, result.warnings, *identity)
    return _rendered(result, template_dir)


def _rendered(result: Validation, template_dir: Path | None) -> Outcome:
    """The outcome of a valid report: its document, or the reason rendering failed."""
    report = result.report
    assert report is not None
    try:
        document = documents.render(report, template_dir)
    except GovReportError as exc:
        log.warning("batch render failed for %s %s: %s", report.organization, report.year, exc)
        return Outcome(None, (error_issue(exc),), result.warnings, report.organization, report.year)
    return Outcome(
        document,
        (),
        result.warnings,
        report.organization,
        report.year,
        documents.filename(report),
        report.format,
        figures(report),
    )


@dataclass(frozen=True, slots=True)
class BatchTask:
    """The work done on each payload of a batch, with the batch's options; picklable, so that
    worker processes receive it."""

    allow_inconsistent: bool = False
    limits: Limits | None = None
    template_dir: Path | None = None
    """Where the Word templates are (None: the shipped ones)."""
    worker: Callable[..., Outcome] = process
    """The function run on each payload (tests replace it)."""
    workbook_limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS

    def __call__(self, payload: object) -> Outcome:
        """Run the worker on one payload; never raises for a bad report."""
        return self.worker(
            payload,
            allow_inconsistent=self.allow_inconsistent,
            limits=self.limits,
            template_dir=self.template_dir,
            workbook_limits=self.workbook_limits,
        )

    def prepare(self) -> None:
        """Pool initializer: leave Ctrl-C to the parent, let SIGTERM (the pool stopping a
        worker) end the process plainly whatever handler the parent had, and prepare the
        templates; raises TemplateProblem."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        documents.prepare(self.template_dir)


def error_issue(error: GovReportError) -> Issue:
    """Return the manifest's issue for a report that was valid but could not be rendered."""
    return Issue(path="", code=error.slug, message=error.detail, label=RENDER_LABEL)


def unreadable_issue(error: WorkbookUnreadable | ArchiveTooLarge) -> Issue:
    """Return the manifest's issue for a workbook that cannot be read at all."""
    code = error.code if isinstance(error, WorkbookUnreadable) else error.slug
    return Issue(path="", code=code, message=error.detail, label=INPUT_LABEL)


def _identity(payload: object) -> tuple[str | None, int | None]:
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
