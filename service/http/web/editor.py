"""The report editor at /editor: the whole report as one form in the official table layout.

``GET /editor`` starts from a blank of a format (``?format=2019``); ``POST /editor`` does what
the pressed button says (``action``): 校验, 生成 (.docx), 下载 PDF, 保存草稿,
打开 an uploaded report (as this year's, or as last year's to start the next), add / remove /
move a paragraph or item, change the format. Every answer but a draft download is the page with
everything typed kept, totals computed on the server and each problem on its field, so the form
works without JavaScript; ``static/editor.js`` only makes it live. ``POST /editor/check``
answers the same checks as JSON for the page's live checks; ``POST /editor/preview`` the page
of its preview frame (the staff page's own preview). Validation goes through
``service.documents`` like every other interface.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import Response, render_template, request

from schemas import Issue, Report, Validation
from schemas.checks.placeholders import PLACEHOLDERS
from schemas.contract.parts import names
from schemas.drafting.nextyear import next_year
from schemas.model.layout import TableLayout, label
from schemas.model.relations import relations
from schemas.model.report import Format
from schemas.parsing.strict_json import parse_json
from schemas.registry import FORMAT_IDS, FORMATS, find
from service import documents
from service.batch import WordFile, WorkbookFile, open_upload
from service.catalog.blank import default_year
from service.errors import DocumentTooLarge, DocumentUnsupported, FormRefused, GovReportError
from service.http.api.body import JSON_MIME
from service.http.downloads import attachment
from service.http.state import (
    current_budget,
    current_converter,
    current_jobs,
    current_settings,
)
from service.http.web import csrf
from service.http.web.editorform import (
    SECTIONS,
    EditorState,
    Item,
    Loaded,
    computed_totals,
    data_cells,
    from_document,
    from_form,
    to_report,
    totalled,
)
from service.http.web.generated import Generated
from service.http.web.views import Notice, bp, chinese, preview_answer
from service.importing import looks_like_document
from service.jobs.store import INPUT
from service.outputs import DOCX, PDF, Output

SECTION_TITLES = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
#: Where each part is on the page, for listing problems in page order: the contract's order.
_PAGE_ORDER = names(Report)
#: The contract object each official table fills.
TABLE_ROOTS = {
    "table2": "active_disclosure",
    "table3": "applications",
    "table4": "review_litigation",
}
#: Vertical merges this tall are set vertically, as in the Word table (三、本年度办理结果).
_VERTICAL_ROWS = 10
_START_MODES = ("this", "next")
#: The label of a problem with the uploaded file as a whole.
_UPLOADED = "上传的文件"
#: Fields besides the text boxes and cells: one-line fields, format, unit, overrides, start,
#: upload, action, token, and room to spare.
_OTHER_FIELDS = 50


@dataclass
class Outcome:
    """What the page shows besides the form: a notice, the problems, a generated file."""

    notice: Notice | None = None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    generated: Generated | None = None
    left_out: tuple[str, ...] = ()
    focus: str | None = None
    """The id of the element to focus (after adding, removing or moving a paragraph)."""
    fresh: bool = False
    """A page not yet posted: the script offers a draft kept in the browser."""


@bp.get("/editor")
def editor() -> tuple[str, int]:
    """A blank report of the format asked for (default, or unknown: the newest), for last
    year within its years, every field empty; with ``?job=…&report=N`` the N-th report of a
    job (a review page's link) instead. Raises JobNotFound."""
    job = request.args.get("job")
    if job is not None:
        return _from_job(job, request.args.get("report", ""))
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
        return _open(state)
    if verb == "save":
        return _draft(state)
    if verb == "pdf":
        return _check(state, generating=True, output=PDF)
    return _check(state, generating=verb == "generate")


@bp.post("/editor/check")
def editor_check() -> Response:
    """The checks of a post as JSON (``errors``, ``warnings``, ``cells``): the page's live
    checks; raises FormRefused for a post from another site or with a stale token."""
    state = _posted()
    csrf.check_token(request.form.get(csrf.FIELD))
    made = to_report(state)
    result = _validate(made.document)
    errors, warnings = _problems(state, result, made.unreadable)
    body = {
        "errors": [issue.to_dict() for issue in errors],
        "warnings": [issue.to_dict() for issue in warnings],
        "computed": computed_totals(state),
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype=JSON_MIME)


@bp.post("/editor/preview")
def editor_preview() -> Response:
    """The report as it will be published, for the editor's preview frame (the page's own
    preview, ``views.preview_answer``). R1–R4 and the blank's placeholders do not stop a
    preview; other errors do, named by number. Raises FormRefused for a post from another
    site or with a stale token."""
    state = _posted()
    csrf.check_token(request.form.get(csrf.FIELD))
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


# --- the actions ----------------------------------------------------------------------------


def _validate(document: dict[str, Any]) -> Validation:
    """Validate the report JSON a state makes, with the configured limits."""
    return documents.validate(document, limits=current_settings().limits)


def _check(state: EditorState, *, generating: bool, output: Output = DOCX) -> tuple[str, int]:
    """校验, or 生成 (.docx) and 下载 PDF: the page with every problem, or with the generated
    document."""
    made = to_report(state)
    result = _validate(made.document)
    errors, warnings = _problems(state, result, made.unreadable)
    if not errors and generating and result.report is not None:
        try:
            data = current_budget().run(
                documents.render, result.report, current_settings().template_dir
            )
            if output == PDF:  # outside the render budget: the converter pool has its own
                data = documents.convert_pdf(data, current_converter())
        except GovReportError as error:
            return editor_page(state, Outcome(Notice("error", chinese(error.detail))), error.status)
        name = documents.filename(result.report, output)
        notice = Notice("success", f"已生成“{name}”。")
        outcome = Outcome(notice, (), warnings, Generated(name, output.media_type, data))
        return editor_page(state, outcome)
    if errors:
        refused = "未生成文档。" if generating else ""
        notice = Notice("error", f"有 {len(errors)} 处错误，{refused}请按提示修改。")
    else:
        notice = Notice("success", "校验通过，可以点击“生成”。")
    return editor_page(
        state, Outcome(notice, errors, warnings), 422 if errors and generating else 200
    )


def _problems(
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
    return _in_page_order(errors), _in_page_order(warnings)


def _in_page_order(issues: list[Issue]) -> tuple[Issue, ...]:
    """`issues` by where their field is on the page (the rules' own order within a table)."""

    def rank(issue: Issue) -> int:
        head = issue.path.split(".")[0]
        return _PAGE_ORDER.index(head) if head in _PAGE_ORDER else len(_PAGE_ORDER)

    return tuple(sorted(issues, key=rank))


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


def texts(state: EditorState) -> list[tuple[str, str]]:
    """(path, text) of every text box of the form, in page order."""
    found = [(f"preamble.{index}", text) for index, text in enumerate(state.preamble)]
    for key, section in state.sections.items():
        found += [
            (f"{key}.paragraphs.{index}", text) for index, text in enumerate(section.paragraphs)
        ]
        for number, item in enumerate(section.items):
            base = f"{key}.items.{number}"
            found.append((f"{base}.heading", item.heading))
            found += [
                (f"{base}.paragraphs.{index}", text) for index, text in enumerate(item.paragraphs)
            ]
    return found


def _draft(state: EditorState) -> Response:
    """保存草稿: the report JSON as typed, valid or not, as a file."""
    document = to_report(state).document
    data = json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"
    response = Response(data, mimetype=JSON_MIME)
    name = documents.draft_filename(state.field("organization"), state.field("year"))
    response.headers["Content-Disposition"] = attachment(name, "report-draft.json")
    return response


def _open(state: EditorState) -> tuple[str, int]:
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
        why = Issue("", error.slug, error.detail, _UPLOADED)
        return editor_page(state, Outcome(refused, (why,)), error.status)
    if mode == "next":
        draft = next_year(document)
        loaded = from_document(draft.document, draft.carried)
        text = (
            f"已按上年报告“{upload.filename}”新建下一年度报告："
            "上年结转已填入，文字沿用上年，请逐段改写。"
        )
    else:
        loaded = from_document(document)
        text = f"已打开“{upload.filename}”。"
    return _opened(loaded, Notice("success", text), noted)


def _from_job(job_id: str, report: str) -> tuple[str, int]:
    """The report at index `report` of job `job_id`'s input (as the batch reads it) opened in
    the form, as a review's row links it; the job's own files are not changed. Raises
    JobNotFound."""
    settings = current_settings()
    jobs = current_jobs()
    spec = jobs.spec(job_id)
    entry = None
    if report.isdigit() and int(report) < spec.total:
        with (jobs.folder(job_id) / INPUT).open("rb") as stream, open_upload(
            spec.kind, stream, settings.batch, settings.imports.zips
        ) as source:
            entry = next(itertools.islice(source, int(report), None), None)
    state = EditorState(FORMATS[-1].id, {"year": str(default_year(FORMATS[-1]))})
    if entry is None or entry.problem is not None:
        notice = Notice("error", "任务中没有这份报告，或它无法读取，未能打开。")
        return editor_page(state, Outcome(notice), 404)
    payload = entry.payload
    if isinstance(payload, WordFile | WorkbookFile):
        raw = payload.data
    else:
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    refused = Notice("error", f"无法打开“{entry.id}”。")
    try:
        document, noted = _uploaded(raw)
    except Unopened as problem:
        return editor_page(state, Outcome(refused, problem.issues), 400)
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
        try:
            imported = current_budget().run(
                documents.read, raw, imports=settings.imports
            )
        except (DocumentUnsupported, DocumentTooLarge) as exc:
            raise Unopened((Issue("", exc.slug, exc.detail, _UPLOADED),)) from None
        if imported.report is None:
            raise Unopened(imported.errors)
        return imported.report, imported.warnings
    if len(raw) > settings.max_body_bytes:
        limit = f"文件超过单份报告大小上限 {settings.max_body_bytes} 字节"
        raise Unopened((Issue("", "input_too_large", limit, _UPLOADED),))
    checked = documents.validate(raw, limits=settings.limits)
    if checked.unreadable:  # not JSON, not one object, or a key twice (a value would be lost)
        raise Unopened(checked.errors)
    document = parse_json(raw, max_depth=settings.limits.max_depth)
    assert isinstance(document, dict)  # validation read it as one object
    return document, ()


def _opened(loaded: Loaded, notice: Notice, noted: tuple[Issue, ...]) -> tuple[str, int]:
    """The page of a report just opened, with its problems and what reading it noted."""
    made = to_report(loaded.state)
    errors, warnings = _problems(loaded.state, _validate(made.document), made.unreadable)
    outcome = Outcome(notice, errors, (*noted, *warnings), left_out=loaded.left_out)
    return editor_page(loaded.state, outcome)


def edit(state: EditorState, verb: str, target: str) -> str | None:
    """Add to, remove from or reorder a list of paragraphs or items; returns the id of the
    element to focus next (None when the target is not a list of the form)."""
    parts = target.split(".")
    if verb == "add":
        found = _list(state, parts)
        if found is None:
            return None
        found.append(Item() if parts[-1] == "items" else "")
        last = f"{target}.{len(found) - 1}"
        return f"f-{last}.heading" if parts[-1] == "items" else f"f-{last}"
    if len(parts) < 2 or not parts[-1].isdigit():
        return None
    found = _list(state, parts[:-1])
    index = int(parts[-1])
    if found is None or index >= len(found):
        return None
    prefix = ".".join(parts[:-1])
    if verb == "remove":
        del found[index]
        return f"add-{prefix}"
    other = index - 1 if verb == "up" else index + 1
    if 0 <= other < len(found):
        found[index], found[other] = found[other], found[index]
        return f"{verb}-{prefix}.{other}"
    return None


def _list(state: EditorState, parts: list[str]) -> list[Any] | None:
    """The list of the form at path `parts` (a section's paragraphs or items, an item's
    paragraphs, the preamble); None for anything else."""
    if parts == ["preamble"]:
        return state.preamble
    section = state.sections.get(parts[0]) if parts else None
    if section is None:
        return None
    if parts[1:] == ["paragraphs"]:
        return section.paragraphs
    if parts[1:] == ["items"]:
        return section.items
    if len(parts) == 4 and parts[1] == "items" and parts[2].isdigit() and parts[3] == "paragraphs":
        number = int(parts[2])
        return section.items[number].paragraphs if number < len(section.items) else None
    return None


# --- the page -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of an official table as the page lays it out."""

    key: str | None
    text: str | None
    colspan: int
    rowspan: int
    label: str | None
    print: str | None
    row_label: bool
    """The label of the row's data cells (kept in view when the table scrolls sideways)."""
    vertical: bool


@cache
def grids(report_format: Format) -> dict[str, list[list[GridCell]]]:
    """The page's grids of a format's three tables (computed once)."""
    return {name: grid(table) for name, table in find(report_format).tables.items()}


def grid(table: TableLayout) -> list[list[GridCell]]:
    """The rows of an official table with what the page needs to know of each cell."""
    rows: list[list[GridCell]] = []
    for row in table.rows:
        # A row of column labels has no row label (its last label is not one).
        first_data = next((index for index, cell in enumerate(row) if cell.key), 0)
        rows.append(
            [
                GridCell(
                    cell.key,
                    cell.text,
                    cell.colspan,
                    cell.rowspan,
                    cell.label,
                    cell.print,
                    cell.key is None and index == first_data - 1,
                    cell.key is None and cell.rowspan >= _VERTICAL_ROWS,
                )
                for index, cell in enumerate(row)
            ]
        )
    return rows


def relations_data(state: EditorState) -> list[dict[str, Any]]:
    """R1–R4 of the state's format as the page's script reads them (Chinese messages)."""
    return [
        {
            "code": relation.code,
            "path": relation.path,
            "left": relation.left,
            "right": relation.right,
            "computes": relation.computes,
            "message": chinese(relation.message),
            "label": label(relation.path, state.format),
        }
        for relation in relations(state.format)
    ]


def editor_page(
    state: EditorState, outcome: Outcome | None = None, status: int = 200
) -> tuple[str, int]:
    """Render the editor for `state` with `outcome`."""
    outcome = outcome or Outcome()
    by_path: dict[str, list[Issue]] = defaultdict(list)
    for issue in (*outcome.errors, *outcome.warnings):
        by_path[issue.path].append(issue)
    broken = {(issue.path, issue.code) for issue in outcome.errors}
    involved = {
        path
        for relation in relations(state.format)
        if (relation.path, relation.code) in broken
        for path in (*relation.left, *relation.right)
    }
    spec = find(state.format)
    html = render_template(
        "web/editor.html",
        state=state,
        spec=spec,
        formats=FORMATS,
        tables=grids(state.format),
        headings={name: table.heading for name, table in spec.tables.items()},
        computed=computed_totals(state),
        totalled=totalled,
        texts=texts,
        sections=SECTIONS,
        titles=SECTION_TITLES,
        placeholders=PLACEHOLDERS,
        label=lambda path: label(path, state.format),
        outcome=outcome,
        by_path=by_path,
        error_paths={issue.path for issue in outcome.errors},
        table_errors={
            name: [issue for issue in outcome.errors if issue.path.startswith(root + ".")]
            for name, root in TABLE_ROOTS.items()
        },
        roots=TABLE_ROOTS,
        involved=involved,
        relations=relations_data(state),
        csrf_token=csrf.token(),
        csrf_field=csrf.FIELD,
        start_modes=_START_MODES,
    )
    return html, status
