"""POST /preview: the first report of the start page's form as it will be published, for the
pages' preview frame (the editor's too): the portal HTML at once, then the PDF's pages as images
when a converter is there (streamed, so the HTML shows while LibreOffice works)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from flask import Response, render_template, stream_with_context
from markupsafe import Markup

from schemas import Report
from service import documents
from service.errors import GovReportError
from service.http.rendering import rendered
from service.http.state import current_settings
from service.http.web import Notice, bp, chinese, start
from service.outputs import PDF
from service.pdf.pages import page_images

#: The preview frame's own policy: its inline styles and data: images, framed by this site only.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)


@bp.post("/preview")
def preview() -> Response:
    """The first posted report as it will be published; raises FormRefused for a bad CSRF
    token/origin."""
    posted = start.posted()
    report = None
    problem = posted.problem
    if problem is None:
        first = posted.sources[0]
        result = posted.result(first)
        report = result.report
        if report is None:
            problem = Notice("error", f"“{first.name}”有 {len(result.errors)} 处"
                             "错误，无法预览。请点击“校验”查看并修改。")
    return preview_answer(report, problem, len(posted.sources) - 1)


def preview_answer(report: Report | None, problem: Notice | None, others: int = 0) -> Response:
    """The preview frame's page: `report`'s portal HTML at once, then its PDF's pages; or
    `problem` alone. `others`: reports posted besides the one shown."""
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
        pdf = rendered(report, PDF)
        images, count = page_images(pdf, current_settings().pdf_preview_pages)
        pages = [base64.b64encode(image).decode("ascii") for image in images]
    except GovReportError as exc:
        problem = chinese(exc.detail)
    yield render_template("web/preview.html", part="pdf", pages=pages, count=count,
                          problem=problem, **context)
