"""The start page: GET / shows the form, POST / checks or generates the reports it holds.

A form post is answered with the page: problems listed and everything submitted kept in the
form, or, once one report is generated, its .docx (or PDF) as a link inside a fresh page
(``generated``); several reports become a batch job (``jobs``), whose page shows its progress
and then the link to the zip with its manifest. Documents are generated only when no report has
an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from flask import Response, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as WerkzeugResponse

from schemas import Validation
from schemas.model.relations import RULE_ORDER
from service import catalog
from service.errors import GovReportError
from service.http.downloads import json_file
from service.http.state import current_settings
from service.http.uploads import own_name
from service.http.web import Notice, bp, chinese, csrf, jobs, size_text
from service.http.web.generated import generated_file
from service.http.web.inputs import Source, collect, read_document, unique, validated
from service.outputs import DOCX, PDF

CHECK = "check"
GENERATE = "generate"
#: The mode of the 下载 PDF button: as GENERATE, with PDFs.
GENERATE_PDF = "pdf"
#: The form field of the "下载 JSON" buttons: the name of the file whose JSON to send.
DOWNLOAD_JSON = "download_json"


@dataclass(frozen=True, slots=True)
class Checked:
    """One submitted report and what validation found."""

    source: Source
    result: Validation


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
        return [Checked(source, self.result(source)) for source in self.sources]

    def result(self, source: Source) -> Validation:
        """What validation found in one report (or why its document could not be read)."""
        return self.unreadable.get(source.name) or validated(source, self.allow_inconsistent)


def posted() -> Posted:
    """Read a form post within the size limits; raises FormRefused for a bad CSRF token/origin."""
    csrf.check_origin()
    settings = current_settings()
    request.max_content_length = settings.form_max_body_bytes
    request.max_form_memory_size = settings.form_max_body_bytes
    csrf.check_token(request.form.get(csrf.FIELD))
    read = [read_document(source) for source in collect(request.form, request.files)]
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
    form = posted()
    download = request.form.get(DOWNLOAD_JSON)
    if download is not None:
        return _json_download(form.sources, download)
    if form.problem is not None:
        return page(400, notice=form.problem, **form.state)
    checked = form.checked()
    failed = sum(1 for item in checked if not item.result.valid)
    mode = request.form.get("mode")
    generating = mode in (GENERATE, GENERATE_PDF)
    if generating and mode == GENERATE_PDF and len(checked) > 1:
        # Batch jobs make .docx only: a zip of PDFs is the command line's (batch --to pdf).
        notice = Notice("error", f"“下载 PDF”一次生成一份报告，本次有 {len(checked)} 份。"
                        "请逐份提交，或点击“生成并下载”得到全部报告的 Word 文档。")
        return page(400, notice=notice, checked=checked, **form.state)
    state = {**form.state, "repeats": form.repeats}
    if generating and not failed and len(checked) > 1:
        job_id = jobs.queue([item.source for item in checked], form.allow_inconsistent)
        return redirect(url_for("web.job_page", job_id=job_id), 303)
    if generating and not failed:
        report = checked[0].result.report
        assert report is not None  # only valid reports reach here
        generated = generated_file(report, PDF if mode == GENERATE_PDF else DOCX)
        notice = Notice("success", f"已生成“{generated.name}”。{_warned(checked)}")
        return page(notice=notice, checked=checked, generated=generated, **state)
    notice = _summary(checked, failed, generating)
    status = 422 if failed and generating else 200
    return page(status, notice=notice, checked=checked, **state)


def _json_download(sources: list[Source], name: str) -> Response | tuple[str, int]:
    """The report JSON of the submitted file `name` (e.g. one read from a Word document)."""
    source = next((source for source in sources if source.name == name), None)
    if source is None or source.text is None:
        notice = Notice("error", f"没有找到“{name}”的报告内容，请重新选择该文件后再下载。")
        return page(404, notice=notice)
    stem = PurePosixPath(own_name(name)).stem or "report"
    return json_file(source.raw, f"{stem}.json", "report.json")


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
