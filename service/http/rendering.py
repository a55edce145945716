"""A report rendered for a request: the document made inside the request's render budget, a PDF
converted outside it (the converter pool has its own budget, queue and restarts).

Every interface that answers with a document (the API, the staff page, the editor, the preview)
goes through here, so that no caller spends the render budget waiting for a converter.
"""

from __future__ import annotations

from typing import Any

from schemas import Report, Validation
from service import documents
from service.http.state import current_budget, current_converter, current_settings
from service.outputs import DOCX, PDF, Output


def rendered(
    report: Report, output: Output, *, fragment: bool = False, pdfa: bool = False
) -> bytes:
    """A validated report as `output` (`fragment` for HTML, `pdfa` for PDF); raises
    RenderTimeout, TemplateProblem, RenderFailed, PdfProblem."""
    document = current_budget().run(
        documents.render_output,
        report,
        DOCX if output == PDF else output,
        template_dir=current_settings().template_dir,
        fragment=fragment,
    )
    return _converted(document, output, pdfa)


def generated(
    raw: object, output: Output, *, fragment: bool = False, pdfa: bool = False, **checks: Any
) -> tuple[bytes, Validation]:
    """Validate `raw` (with `checks`: allow_inconsistent, limits, previous,
    allow_placeholders) and render it as `output`, validation inside the budget too; returns
    (file, result). Raises ReportUnreadable, ReportInvalid, and as ``rendered``."""
    document, result = current_budget().run(
        documents.generate,
        raw,
        output=DOCX if output == PDF else output,
        template_dir=current_settings().template_dir,
        fragment=fragment,
        **checks,
    )
    return _converted(document, output, pdfa), result


def _converted(document: bytes, output: Output, pdfa: bool) -> bytes:
    """`document` as it is, or the PDF of the .docx it is when `output` is PDF."""
    if output != PDF:
        return document
    return documents.convert_pdf(document, current_converter(), pdfa=pdfa)
