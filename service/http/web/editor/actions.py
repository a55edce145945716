"""What the editor's buttons do: 校验, 生成 and 下载 PDF, 保存草稿, 预览; each returns the page
(or the file) to answer with. 打开 is ``opening``; adding, removing and moving paragraphs and
items is the form's own (``form.edit``)."""

from __future__ import annotations

import json
from typing import Any

from flask import Response

from schemas import Issue, Validation
from schemas.model.layout import label
from service import documents
from service.errors import GovReportError
from service.http.downloads import json_file
from service.http.state import current_settings
from service.http.web import Notice, chinese
from service.http.web.editor.form import (
    EditorState,
    texts,
    to_report,
)
from service.http.web.editor.page import Outcome, editor_page, in_page_order
from service.http.web.generated import generated_file
from service.http.web.preview import preview_answer
from service.outputs import DOCX, Output


def validate(document: dict[str, Any]) -> Validation:
    """Validate the report JSON a state makes, with the configured limits."""
    return documents.validate(document, limits=current_settings().limits)


def check(state: EditorState, *, generating: bool, output: Output = DOCX) -> tuple[str, int]:
    """校验, or 生成 (.docx) and 下载 PDF: the page with every problem, or with the generated
    document."""
    made = to_report(state)
    result = validate(made.document)
    errors, warnings = problems(state, result, made.unreadable)
    if not errors and generating and result.report is not None:
        try:
            generated = generated_file(result.report, output)
        except GovReportError as error:
            return editor_page(state, Outcome(Notice("error", chinese(error.detail))), error.status)
        notice = Notice("success", f"已生成“{generated.name}”。")
        return editor_page(state, Outcome(notice, (), warnings, generated))
    if errors:
        refused = "未生成文档。" if generating else ""
        notice = Notice("error", f"有 {len(errors)} 处错误，{refused}请按提示修改。")
    else:
        notice = Notice("success", "校验通过，可以点击“生成”。")
    return editor_page(
        state, Outcome(notice, errors, warnings), 422 if errors and generating else 200
    )


def problems(
    state: EditorState, result: Validation, unreadable: dict[str, str]
) -> tuple[tuple[Issue, ...], tuple[Issue, ...]]:
    """Errors and warnings in page order; an unreadable cell says what its text is."""
    errors = [
        Issue(issue.path, issue.code, unreadable[issue.path], issue.label)
        if issue.path in unreadable
        else issue
        for issue in result.errors
    ]
    warnings = [*result.warnings, *_carried(state)]
    return in_page_order(errors), in_page_order(warnings)


def _carried(state: EditorState) -> list[Issue]:
    """A warning for each text taken over from last year and not rewritten yet."""
    message = (
        "沿用上年报告的文字，尚未修改：请按本年情况改写 / carried over from last year's report"
    )
    return [
        Issue(path, "carried_text", message, label(path, state.format))
        for path, text in texts(state)
        if state.is_carried(text)
    ]


def draft(state: EditorState) -> Response:
    """保存草稿: the report JSON as typed, valid or not, as a file."""
    document = to_report(state).document
    data = json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"
    name = documents.draft_filename(state.field("organization"), state.field("year"))
    return json_file(data, name, "report-draft.json")


def preview(state: EditorState) -> Response:
    """The report as it will be published, for the editor's preview frame (the start page's own
    preview, ``preview.preview_answer``). R1–R4 and the blank's placeholders do not stop a
    preview; other errors do, named by number."""
    result = documents.validate(
        to_report(state).document,
        limits=current_settings().limits,
        allow_inconsistent=True,
        allow_placeholders=True,
    )
    if result.report is None:
        problem = Notice(
            "error", f"还有 {len(result.errors)} 处错误，无法预览。请点击“校验”查看并修改。"
        )
        return preview_answer(None, problem)
    return preview_answer(result.report, None)
