"""打开 in the editor: an uploaded report (JSON, or a Word document or workbook read through
service.importing) in the form, as this year's, or as last year's to start the next year's
draft; a file that cannot be read leaves the form as it was, with the reason. Also a report of
a job (a review page's link to it), read from the job's input as the batch reads it."""

from __future__ import annotations

import itertools
import json
from typing import Any

from flask import request

from schemas import Issue
from schemas.drafting.nextyear import next_year
from schemas.parsing.strict_json import parse_json
from schemas.registry import FORMATS
from service import documents
from service.batch import DocumentFile, WorkbookFile
from service.batch import open_upload as batch_input
from service.catalog.blank import default_year
from service.errors import GovReportError
from service.http.state import current_jobs, current_settings
from service.http.web import Notice
from service.http.web.editor.actions import problems, validate
from service.http.web.editor.form import EditorState, Loaded, from_document, to_report
from service.http.web.editor.page import Outcome, editor_page
from service.http.web.inputs import UPLOADED, imported
from service.importing import looks_like_document
from service.jobs.store import INPUT


def open_upload(state: EditorState) -> tuple[str, int]:
    """打开: the uploaded report (JSON, or a Word document or workbook read through
    service.importing) in the form, as this year's or as the next year's draft from it; a file
    that cannot be read (or not within the render budget) leaves the form as it was, with the
    reason."""
    upload = request.files.get("upload")
    mode = request.form.get("start", "this")
    if upload is None or not upload.filename:
        return editor_page(state, Outcome(Notice("error", "请先选择要打开的报告文件。")), 400)
    refused = Notice("error", f"无法打开“{upload.filename}”，表单内容未改变。")
    try:
        document, noted = _uploaded(upload.read())
    except Unopened as problem:
        return editor_page(state, Outcome(refused, problem.issues), 400)
    except GovReportError as error:  # reading took longer than the render budget
        why = Issue("", error.slug, error.detail, UPLOADED)
        return editor_page(state, Outcome(refused, (why,)), error.status)
    if mode == "next":
        drafted = next_year(document)
        loaded = from_document(drafted.document, drafted.carried)
        text = (
            f"已按上年报告“{upload.filename}”新建下一年度报告："
            "上年结转已填入，文字沿用上年，请逐段改写。"
        )
    else:
        loaded = from_document(document)
        text = f"已打开“{upload.filename}”。"
    return _opened(loaded, Notice("success", text), noted)


def open_from_job(job_id: str, report: str) -> tuple[str, int]:
    """The report at index `report` of job `job_id`'s input (as the batch reads it) in the
    form, as a review's row links it; the job's own files are not changed. Raises
    JobNotFound."""
    settings = current_settings()
    jobs = current_jobs()
    spec = jobs.spec(job_id)
    entry = None
    if report.isdigit() and int(report) < spec.total:
        with (jobs.folder(job_id) / INPUT).open("rb") as stream, batch_input(
            spec.kind, stream, settings.batch, settings.imports.zips
        ) as source:
            entry = next(itertools.islice(source, int(report), None), None)
    state = EditorState(FORMATS[-1].id, {"year": str(default_year(FORMATS[-1]))})
    if entry is None or entry.problem is not None:
        notice = Notice("error", "任务中没有这份报告，或它无法读取，未能打开。")
        return editor_page(state, Outcome(notice), 404)
    payload = entry.payload
    if isinstance(payload, DocumentFile | WorkbookFile):
        raw = payload.data
    else:
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    try:
        document, noted = _uploaded(raw)
    except Unopened as problem:
        return editor_page(state, Outcome(Notice("error", f"无法打开“{entry.id}”。"),
                                          problem.issues), 400)  # fmt: skip
    text = f"已打开“{entry.id}”：请按提示修改后生成文档或保存草稿，任务中的原文件不会改变。"
    return _opened(from_document(document), Notice("success", text), noted)


class Unopened(Exception):
    """An upload that is not a report the editor can open; ``issues`` say why."""

    def __init__(self, issues: tuple[Issue, ...]) -> None:
        super().__init__(issues)
        self.issues = issues


def _uploaded(raw: bytes) -> tuple[dict[str, Any], tuple[Issue, ...]]:
    """The report an upload holds (parsed JSON of any shape) and what reading a Word document
    or a workbook noted; raises Unopened, RenderTimeout."""
    settings = current_settings()
    if looks_like_document(raw):
        reading = imported(raw)
        if reading.report is None:
            raise Unopened(reading.errors)
        return reading.report, reading.warnings
    if len(raw) > settings.max_body_bytes:
        limit = f"文件超过单份报告大小上限 {settings.max_body_bytes} 字节"
        raise Unopened((Issue("", "input_too_large", limit, UPLOADED),))
    checked = documents.validate(raw, limits=settings.limits)
    if checked.unreadable:  # not JSON, not one object, or a key twice (a value would be lost)
        raise Unopened(checked.errors)
    document = parse_json(raw, max_depth=settings.limits.max_depth)
    assert isinstance(document, dict)  # validation read it as one object
    return document, ()


def _opened(loaded: Loaded, notice: Notice, noted: tuple[Issue, ...]) -> tuple[str, int]:
    """The page of a report just opened, with its problems and what reading it noted."""
    made = to_report(loaded.state)
    errors, warnings = problems(loaded.state, validate(made.document), made.unreadable)
    outcome = Outcome(notice, errors, (*noted, *warnings), left_out=loaded.left_out)
    return editor_page(loaded.state, outcome)
