"""A generated file handed to the browser inside the answering page, as a ``data:`` link.

A form post that generates a document answers with a fresh page (its notice, no problem list
left over from an earlier check) holding the file itself: without JavaScript one click saves
it, with JavaScript the page clicks it. Nothing is kept on the server between two requests, so
any worker answers, and the page's Content-Security-Policy still loads nothing.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from schemas import Report
from service import documents
from service.http.rendering import rendered
from service.outputs import Output


@dataclass(frozen=True, slots=True)
class Generated:
    """A file to download: its name, MIME type and bytes."""

    name: str
    mime: str
    data: bytes

    @property
    def href(self) -> str:
        """The file as a ``data:`` URL."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def generated_file(report: Report, output: Output) -> Generated:
    """The .docx, HTML or PDF of one valid report, named as every interface names it; raises
    RenderTimeout, TemplateProblem, PdfProblem…"""
    data = rendered(report, output)
    return Generated(documents.filename(report, output), output.media_type, data)
