"""The editor's routes.

``GET /editor`` starts from a blank of a format (``?format=2019``); ``POST /editor`` does what
the pressed button says (``action``): 校验, 生成 (.docx), 下载 PDF, 保存草稿,
打开 an uploaded report (as this year's, or as last year's to start the next), add / remove /
move a paragraph or item, change the format. Every answer but a draft download is the page with
everything typed kept, totals computed on the server and each problem on its field.
``POST /editor/check`` answers the same checks as JSON for the page's live checks;
``POST /editor/preview`` the page of its preview frame (the start page's own preview).
Validation goes through ``service.documents`` like every other interface.
"""

from __future__ import annotations

import json

from flask import Response, request

from schemas.registry import FORMAT_IDS, FORMATS, find
from service.catalog.blank import default_year
from service.errors import FormRefused
from service.http.body import JSON_MIME
from service.http.state import current_settings
from service.http.web import Notice, bp, csrf
from service.http.web.editor import actions, opening
from service.http.web.editor.form import (
    SECTIONS,
    EditorState,
    computed_totals,
    data_cells,
    edit,
    from_form,
    to_report,
)
from service.http.web.editor.page import Outcome, editor_page
from service.outputs import PDF

#: Fields besides the text boxes and cells: one-line fields, format, unit, overrides, start,
#: upload, action, token, and room to spare.
_OTHER_FIELDS = 50


@bp.get("/editor")
def editor() -> tuple[str, int]:
    """A blank report of the format asked for (default, or unknown: the newest), for last
    year within its years, every field empty; with ``?job=…&report=N`` the N-th report of a
    job instead (a review page's link). Raises JobNotFound."""
    job = request.args.get("job")
    if job is not None:
        return opening.open_from_job(job, request.args.get("report", ""))
    name = request.args.get("format", "")
    spec = find(name) if name in FORMAT_IDS else FORMATS[-1]
    state = EditorState(spec.id, {"year": str(default_year(spec))})
    return editor_page(state, Outcome(fresh=True))


@bp.post("/editor")
def editor_post() -> Response | tuple[str, int]:
    """Do what the pressed button asks; raises FormRefused for a post from another site."""
    state = _posted()
    if not _token_ok():
        notice = Notice(
            "error",
            "页面已过期（或服务已重启），本次没有处理。填写的内容都已保留，请再点一次刚才的按钮。",
        )
        return editor_page(state, Outcome(notice), 400)
    verb, _, target = request.form.get("action", "check").partition(":")
    if verb in {"add", "remove", "up", "down"}:
        return editor_page(state, Outcome(focus=edit(state, verb, target)))
    if verb == "format":
        return editor_page(state)
    if verb == "restore":
        return editor_page(state, Outcome(Notice("success", "已恢复本浏览器中保存的草稿。")))
    if verb == "open":
        return opening.open_upload(state)
    if verb == "save":
        return actions.draft(state)
    if verb == "pdf":
        return actions.check(state, generating=True, output=PDF)
    return actions.check(state, generating=verb == "generate")


@bp.post("/editor/check")
def editor_check() -> Response:
    """The checks of a post as JSON (``errors``, ``warnings``, ``cells``): the page's live
    checks; raises FormRefused for a post from another site or with a stale token."""
    state = _posted()
    csrf.check_token(request.form.get(csrf.FIELD))
    made = to_report(state)
    errors, warnings = actions.problems(state, actions.validate(made.document), made.unreadable)
    body = {
        "errors": [issue.to_dict() for issue in errors],
        "warnings": [issue.to_dict() for issue in warnings],
        "computed": computed_totals(state),
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype=JSON_MIME)


@bp.post("/editor/preview")
def editor_preview() -> Response:
    """The report as it will be published, for the editor's preview frame (the start page's own
    preview, ``preview.preview_answer``). R1–R4 and the blank's placeholders do not stop a
    preview; other errors do, named by number. Raises FormRefused for a post from another
    site or with a stale token."""
    state = _posted()
    csrf.check_token(request.form.get(csrf.FIELD))
    return actions.preview(state)


def _posted() -> EditorState:
    """The state the post holds, read within the form limits; raises FormRefused for a post
    from another site."""
    csrf.check_origin()
    settings = current_settings()
    request.max_content_length = settings.form_max_body_bytes
    request.max_form_memory_size = settings.form_max_body_bytes
    request.max_form_parts = max_parts()
    return from_form(request.form)


def max_parts() -> int:
    """The most fields a report's form can have: every text box (twice: its 沿用上年 mark), the
    cells of every format (those of another format are kept while the format is changed), and
    a few more for the one-line fields and buttons."""
    limits = current_settings().limits
    lists = 1 + len(SECTIONS) * (1 + limits.items_per_section)
    texts = limits.paragraphs_per_list * lists + len(SECTIONS) * limits.items_per_section
    cells = sum(len(list(data_cells(spec.id))) for spec in FORMATS)
    return 2 * texts + cells + _OTHER_FIELDS


def _token_ok() -> bool:
    """Whether the post carries this session's CSRF token."""
    try:
        csrf.check_token(request.form.get(csrf.FIELD))
    except FormRefused:
        return False
    return True
