"""The docx layer: Word templates in, .docx bytes out, and .docx reports read back (never
imports Flask).

``write`` renders and checks templates, ``read`` reads a document back; ``ns`` holds the Word
package's names, ``xml`` reads paragraphs' text and table grids, ``tables`` compares a table with
the official layout. Public API: ``render_report(report) -> bytes``, ``check_template(path) ->
list[Problem]``; reading back goes through ``service.importing.read_document`` (which calls
``read.reader.read_docx``).
"""

from service.docx.write.check import Problem, check_template
from service.docx.write.render import prepared_template, render_report

__all__ = ["Problem", "check_template", "prepared_template", "render_report"]
