"""The docx layer: Word templates in, .docx bytes out (never imports Flask).

Public API: ``render_report(report) -> bytes`` and ``check_template(path) -> list[Problem]``.
"""

from service.docx.check import Problem, check_template
from service.docx.render import render_report, template_directory, template_path

__all__ = ["Problem", "check_template", "render_report", "template_directory", "template_path"]
