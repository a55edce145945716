"""The docx layer: Word templates in, .docx bytes out (never imports Flask).

Public API: ``render_report(report) -> bytes`` and ``check_template(path) -> list[Problem]``.
"""

from service.docx.check import Problem, check_template
from service.docx.render import prepared_template, render_report

__all__ = ["Problem", "check_template", "prepared_template", "render_report"]
