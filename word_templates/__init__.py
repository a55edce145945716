"""The official Word templates, one per format (``report-2021.docx``…), shipped as package data.

The .docx files are the source: people edit them in Word or WPS, and ``gov-report
check-template`` (run by CI on every shipped template) is the gate. ``starter.py`` only drafts
the tables of a new format as a starting point.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from schemas.registry import find


def directory() -> Path:
    """The folder of the shipped templates (a real folder: the package is never zipped)."""
    return Path(str(files(__name__)))


def template_path(format_id: str, override: Path | None = None) -> Path:
    """The template of format `format_id`: in `override` when given, else the shipped one;
    raises KeyError for an unknown format."""
    return (override or directory()) / find(format_id).template_file
