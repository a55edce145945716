"""The staff page: GET / shows the form, POST / checks or generates, POST /preview shows a
report as it will be published, plus blank/example files.

A form post is answered with the page: problems listed and everything submitted kept in the
form, or, once one report is generated, its .docx (or PDF) as a link inside a fresh page
(``generated``); several reports become a batch job, whose page shows its progress and then
the link to the zip with its manifest. Documents are generated only when no report has an
error. The preview goes into a frame of the page: the portal HTML at once, then the PDF's
pages as images when a converter is there.
"""

from __future__ import annotations

import base64
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from flask import (
    Blueprint,
    Response,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as WerkzeugResponse

from schemas import Issue, Report, Validation
from schemas.model.relations import RULE_ORDER
from service import catalog, documents
from service.batch import UniqueNames, too_large
from service.errors import (
    DocumentTooLarge,
    DocumentUnsupported,
    GovReportError,
)
from service.http.api.body import JSON_MIME
from service.http.downloads import (
    attachment,
    docx_download,
    workbook_download,
    zip_file,
)
from service.http.state import (
    current_budget,
    current_converter,
    current_jobs,
    current_settings,
    new_job,
    start_runner,
)
from service.http.uploads import entry_name, own_name
from service.http.web import csrf
from service.http.web.generated import Generated
from service.http.web.inputs import Source, collect, unique
from service.importing import looks_like_document
from service.jobs.store import FINISHED, REVIEW, JobSpec
from service.outputs import DOCX, PDF, Output
from service.pdf.pages import page_images
from service.reading.result import located_result

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/web-static",
)

CHECK = "check"
GENERATE = "generate"
#: The mode of the 下载 PDF button: as GENERATE, with PDFs.
GENERATE_PDF = "pdf"
#: The preview frame's own policy: its inline styles and data: images, framed by this site only.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)
_KIB = 1024
_MIB = 1024 * _KIB


@dataclass(frozen=True, slots=True)
class Checked:
    """One submitted report and what validation found."""

    source: Source
    result: Validation


@dataclass(frozen=True, slots=True)
class Notice:
    """The message at the top of the page: ``kind`` is error, warning or success."""

    kind: str
    text: str


def page(status: int = 200, **context: Any) -> tuple[str, int]:
    """Render the page with `context` (sources, checked, notice, pasted, allow_inconsistent)."""
    settings = current_settings()
    context.setdefault("sources", [])
    context.setdefault("checked", [])
    html = render_template(
        "web/index.html",
        csrf_token=csrf.token(),
        csrf_field=csrf.FIELD,
        formats=catalog.FORMATS,
        rule_codes=RULE_ORDER,
        max_files=settings.form_max_files,
        max_bytes=settings.form_max_body_bytes,
        max_size=size_text(settings.form_max_body_bytes),
        download_json=DOWNLOAD_JSON,
        **context,
    )
    return html, status


@bp.get("/")
def index() -> tuple[str, int]:
    """The empty form."""
    return page()


@dataclass(frozen=True, slots=True)
class Posted:
    """A form post: its reports (Word documents read into the contract), its option, and what
    the page keeps of it."""

    sources: list[Source]
    repeats: list[tuple[Source, Source]]
    """Reports submitted twice (a file, and the same text pasted), each with the one it repeats:
    counted once."""
    unreadable: dict[str, Validation]
    """By name, the uploaded Word documents that could not be read, with why."""
    allow_inconsistent: bool
    state: dict[str, Any]
    problem: Notice | None
    """Why nothing can be done with it (no report, too many), or None."""

    def checked(self) -> list[Checked]:
        """Every report with what validation found (or why its document could not be read)."""
        return [
            Checked(source, self.unreadable.get(source.name)
                    or _validate(source, self.allow_inconsistent))
            for source in self.sources
        ]  # fmt: skip


def _posted() -> Posted:
    """Read a form post within the size limits; raises FormRefused for a bad CSRF token/origin."""
    csrf.check_origin()
    settings = current_settings()
    request.max_content_length = settings.form_max_body_bytes
    request.max_form_memory_size = settings.form_max_body_bytes
    csrf.check_token(request.form.get(csrf.FIELD))
    read = [_read_document(source) for source in collect(request.form, request.files)]
    sources = [source for source, _ in read]
    unreadable = {source.name: result for source, result in read if result is not None}
    allow_inconsistent = request.form.get("allow_inconsistent") == "1"
    state: dict[str, Any] = {
        "sources": [source for source in sources if not source.pasted],
        "pasted": request.form.get("pasted", ""),
        "allow_inconsistent": allow_inconsistent,
    }
    problem = None
    if not sources:
        problem = Notice(
            "error", "请先选择 JSON、Word 或 Excel 文件，或粘贴报告 JSON，再点击“校验”或“生成”。"
        )
    elif len(sources) > settings.form_max_files:
        problem = Notice(
            "error",
            f"一次最多提交 {settings.form_max_files} 份报告，本次有 {len(sources)} 份。"
            "请移除一些文件后分批提交。",
        )
    sources, repeats = unique(sources)
    return Posted(sources, repeats, unreadable, allow_inconsistent, state, problem)


@bp.post("/")
def submit() -> WerkzeugResponse | tuple[str, int]:
    """Check or generate the posted reports; raises FormRefused for a bad CSRF token/origin."""
    posted = _posted()
    download = request.form.get(DOWNLOAD_JSON)
    if download is not None:
        return _json_download(posted.sources, download)
    if posted.problem is not None:
        return page(400, notice=posted.problem, **posted.state)
    checked = posted.checked()
    failed = sum(1 for item in checked if not item.result.valid)
    mode = request.form.get("mode")
    generating = mode in (GENERATE, GENERATE_PDF)
    if generating and mode == GENERATE_PDF and len(checked) > 1:
        # Batch jobs make .docx only: a zip of PDFs is the command line's (batch --to pdf).
        notice = Notice("error", f"“下载 PDF”一次生成一份报告，本次有 {len(checked)} 份。"
                        "请逐份提交，或点击“生成并下载”得到全部报告的 Word 文档。")
        return page(400, notice=notice, checked=checked, **posted.state)
    state = {**posted.state, "repeats": posted.repeats}
    if generating and not failed and len(checked) > 1:
        job_id = _queue(checked, posted.allow_inconsistent)
        return redirect(url_for("web.job_page", job_id=job_id), 303)
    if generating and not failed:
        generated = _generated(checked[0], PDF if mode == GENERATE_PDF else DOCX)
        notice = Notice("success", f"已生成“{generated.name}”。{_warned(checked)}")
        return page(notice=notice, checked=checked, generated=generated, **state)
    notice = _summary(checked, failed, generating)
    status = 422 if failed and generating else 200
    return page(status, notice=notice, checked=checked, **state)


def _validate(source: Source, allow_inconsistent: bool) -> Validation:
    """Validate one report with the configured limits; too large a report is not even read.
    A report read from a Word document carries what reading it noted among its warnings."""
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


#: The form field of the "下载 JSON" buttons: the name of the file whose JSON to send.
DOWNLOAD_JSON = "download_json"
_DOCUMENT_LABEL = "上传的文件"


def _read_document(source: Source) -> tuple[Source, Validation | None]:
    """An uploaded Word document or workbook read into the contract: the source then holds the
    report's JSON (the page keeps it like an uploaded .json). Anything else is returned as it is; a
    document that cannot be read comes with the Validation listing why."""
    if source.pasted or not looks_like_document(source.raw):
        return source, None
    settings = current_settings()
    try:
        imported = current_budget().run(
            documents.read, source.raw, imports=settings.imports
        )
    except (DocumentUnsupported, DocumentTooLarge) as exc:
        return source, Validation(None, (Issue("", exc.slug, exc.detail, _DOCUMENT_LABEL),))
    if imported.report is None:
        return source, Validation(None, imported.errors, imported.warnings)
    text = json.dumps(imported.report, ensure_ascii=False, indent=2).encode()
    read = Source(source.name, text, read_from_document=True, reading=imported.warnings)
    return replace(read, places=tuple(imported.places.items())), None


def _json_download(sources: list[Source], name: str) -> Response | tuple[str, int]:
    """The report JSON of the submitted file `name` (e.g. one read from a Word document)."""
    source = next((source for source in sources if source.name == name), None)
    if source is None or source.text is None:
        notice = Notice("error", f"没有找到“{name}”的报告内容，请重新选择该文件后再下载。")
        return page(404, notice=notice)
    response = Response(source.raw, mimetype=JSON_MIME)
    stem = PurePosixPath(own_name(name)).stem or "report"
    response.headers["Content-Disposition"] = attachment(f"{stem}.json", "report.json")
    return response


def _summary(checked: list[Checked], failed: int, generating: bool) -> Notice:
    """The notice after a check: how many reports passed, and whether anything was generated."""
    total = len(checked)
    if failed:
        outcome = "未生成文档" if generating else "校验未通过"
        return Notice(
            "error",
            f"共 {total} 份报告，其中 {failed} 份有错误，{outcome}。"
            "请按下方列出的问题修改后重新提交。",
        )
    rules = broken_rules(checked)
    if rules:
        # R1–R4 let through on request are not remarks: the page says they are broken.
        return Notice(
            "warning",
            f"共 {total} 份报告，勾稽关系不一致（{'、'.join(rules)}），已按要求仅作提示，"
            "仍可生成。请确认这是照录已公布的报告，否则请先改正。",
        )
    passed = f"共 {total} 份报告，全部通过校验。{_warned(checked)}"
    return Notice("success", passed + "可以点击“生成”下载文档。")


def broken_rules(checked: list[Checked]) -> list[str]:
    """The R1–R4 rules broken in any of the reports (let through as warnings), in order."""
    codes = {issue.code for item in checked for issue in item.result.warnings}
    return [code for code in RULE_ORDER if code in codes]


def _warned(checked: list[Checked]) -> str:
    """How many of the reports have warnings, as a sentence (empty when none has)."""
    warned = sum(1 for item in checked if item.result.warnings)
    return f"其中 {warned} 份有提示，请核对。" if warned else ""


def _generated(item: Checked, output: Output) -> Generated:
    """The .docx or PDF of one valid report; raises RenderTimeout, PdfProblem…"""
    report = item.result.report
    assert report is not None  # only valid reports reach here
    document = current_budget().run(documents.render, report, current_settings().template_dir)
    if output == PDF:  # outside the render budget: the converter pool has its own
        document = documents.convert_pdf(document, current_converter())
    return Generated(documents.filename(report, output), output.media_type, document)


def _queue(checked: list[Checked], allow_inconsistent: bool) -> str:
    """Queue several valid reports as a batch job (a zip of them, each under its file's own
    name: _entry_name); returns the job's id. Raises StorageUnavailable."""
    names = UniqueNames()
    with new_job() as (job_id, path):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in checked:
                archive.writestr(entry_name(item.source.name, names, ".json"), item.source.raw)
        current_jobs().submit(job_id, JobSpec("zip", len(checked), allow_inconsistent))
    start_runner()
    return job_id


@bp.get("/jobs/<job_id>")
def job_page(job_id: str) -> tuple[str, int]:
    """The progress of a job the pages queued (a batch or a review), then its result: the
    review page in a frame, and the downloads; raises JobNotFound."""
    jobs = current_jobs()
    status = jobs.status(job_id)
    if status.state not in FINISHED:
        start_runner()
    review = jobs.spec(job_id).task == REVIEW
    finished = status.state in FINISHED
    return render_template("web/job.html", job=status, finished=finished, review=review), 200


@bp.get("/jobs/<job_id>/result")
def job_result(job_id: str) -> Response:
    """The zip of a done job; raises JobNotFound, JobNotReady."""
    return zip_file(current_jobs().result(job_id))


@bp.post("/preview")
def preview() -> Response:
    """The first posted report as it will be published, for the page's preview frame: its
    portal HTML at once, then its PDF's pages (streamed, so the HTML shows while LibreOffice
    works). Raises FormRefused for a bad CSRF token/origin."""
    posted = _posted()
    report = None
    problem = posted.problem
    if problem is None:
        first = posted.sources[0]
        result = posted.unreadable.get(first.name) or _validate(first, posted.allow_inconsistent)
        report = result.report
        if report is None:
            problem = Notice("error", f"“{posted.sources[0].name}”有 {len(result.errors)} 处"
                             "错误，无法预览。请点击“校验”查看并修改。")
    return preview_answer(report, problem, len(posted.sources) - 1)


def preview_answer(report: Report | None, problem: Notice | None, others: int = 0) -> Response:
    """The preview frame's page (the editor's too): `report`'s portal HTML at once, then its
    PDF's pages; or `problem` alone. `others`: reports posted besides the one shown."""
    context = {"report": report, "notice": problem, "others": max(others, 0)}
    if report is None:
        body: str | Iterator[str] = render_template("web/preview.html", part="all", **context)
    else:
        html = Markup(documents.render_html(report, fragment=True).decode())
        body = stream_with_context(_preview_parts(report, html, context))
    response = Response(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _preview_parts(report: Report, html: Markup, context: dict[str, Any]) -> Iterator[str]:
    """The preview page in two parts: the HTML at once, then the PDF's pages (or why not)."""
    yield render_template("web/preview.html", part="html", html=html, **context)
    pages: list[str] = []
    count = 0
    problem = None
    try:
        docx = current_budget().run(documents.render, report, current_settings().template_dir)
        pdf = documents.convert_pdf(docx, current_converter())
        images, count = page_images(pdf, current_settings().pdf_preview_pages)
        pages = [base64.b64encode(image).decode("ascii") for image in images]
    except GovReportError as exc:
        problem = chinese(exc.detail)
    yield render_template("web/preview.html", part="pdf", pages=pages, count=count,
                          problem=problem, **context)


@bp.get("/downloads/<any(blank, example):kind>-<name>.json")
def sample_json(kind: str, name: str) -> Response:
    """The blank or example report of a format, as a JSON file; raises UnknownFormat."""
    data = catalog.blank(name) if kind == "blank" else catalog.example(name)
    response = Response(data, mimetype=JSON_MIME)
    response.headers["Content-Disposition"] = attachment(f"{kind}-{name}.json")
    return response


@bp.get("/downloads/<any(blank, example):kind>-<name>.docx")
def sample_docx(kind: str, name: str) -> Response:
    """The blank or example report of a format, as a Word document; raises UnknownFormat…"""
    data = catalog.blank(name) if kind == "blank" else catalog.example(name)
    # The blank's Word document shows its placeholders: it is a form to fill, not a report.
    document, result = current_budget().run(
        documents.generate,
        data,
        template_dir=current_settings().template_dir,
        allow_placeholders=kind == "blank",
    )
    assert result.report is not None  # generate raises unless the report is valid
    return docx_download(document, result.report, f"{kind}-{name}.docx")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The page's icon where browsers look for it unasked (the SVG: they all show it)."""
    assert bp.static_folder is not None
    icon = (Path(bp.static_folder) / "favicon.svg").read_bytes()
    response = Response(icon, mimetype="image/svg+xml")
    response.cache_control.max_age = 86400
    return response


@bp.get("/downloads/blank-<name>.xlsx")
def blank_workbook(name: str) -> Response:
    """The blank workbook of a format for bureaus to fill in; raises UnknownFormat."""
    return workbook_download(documents.blank_workbook(name), catalog.find(name).id)


@bp.errorhandler(RequestEntityTooLarge)
def too_large_page(error: RequestEntityTooLarge) -> tuple[str, int]:
    """The page with a Chinese message when a form post is over the size limit."""
    limit = size_text(current_settings().form_max_body_bytes)
    notice = Notice(
        "error",
        f"提交的内容超过 {limit} 的上限，未做处理。请减少一次提交的文件数量，或分批提交。",
    )
    return page(413, notice=notice)


@bp.errorhandler(GovReportError)
def service_error_page(error: GovReportError) -> tuple[str, int]:
    """The page with the error's safe message (bad CSRF token, render timeout, unknown format)."""
    return page(error.status, notice=Notice("error", chinese(error.detail)))


def size_text(size: int) -> str:
    """A byte count for people: ``8 MB``, ``1.5 MB``, ``195 KB``, ``500 字节``."""
    if size >= _MIB:
        return f"{size / _MIB:.1f}".removesuffix(".0") + " MB"
    if size >= _KIB:
        return f"{size // _KIB} KB"
    return f"{size} 字节"


@bp.app_template_filter("chinese")
def chinese(message: str) -> str:
    """The Chinese part of a bilingual ``中文 / English`` message (the whole of any other)."""
    return message.partition(" / ")[0]
