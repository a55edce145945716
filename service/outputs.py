"""The kinds of file a report can be turned into: .docx, portal HTML, PDF (one table of them).

The CLI picks one by the output file's extension or ``--to``, the API by ``Accept``, a batch by
``--to``; the downloads name and label files from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

OutputId = Literal["docx", "html", "pdf"]


@dataclass(frozen=True, slots=True)
class Output:
    """One kind of output file."""

    id: OutputId
    extension: str
    media_type: str
    """The MIME type sent (``Content-Type`` and the value of ``Accept`` that asks for it)."""


DOCX = Output(
    "docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
HTML = Output("html", ".html", "text/html")
PDF = Output("pdf", ".pdf", "application/pdf")
OUTPUTS: dict[str, Output] = {output.id: output for output in (DOCX, HTML, PDF)}


def by_extension(path: str) -> Output | None:
    """The output a file name's extension asks for (case-insensitive); None for another."""
    extension = PurePath(path).suffix.lower()
    return next((output for output in OUTPUTS.values() if output.extension == extension), None)
