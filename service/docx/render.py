"""Render a Report with the Word template of its format, prepared once per process."""

from __future__ import annotations

import os
import threading
from dataclasses import fields
from pathlib import Path
from typing import Any

from schemas.model import Format, Report
from service.docx.prepared import PreparedTemplate
from service.errors import TemplateProblem

#: Environment variable naming the directory that holds report-2019.docx and report-2021.docx.
TEMPLATE_DIR_VARIABLE = "GOV_REPORT_TEMPLATE_DIR"
DEFAULT_TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "word_templates"

_cache: dict[tuple[Path, int, int], PreparedTemplate] = {}
_cache_lock = threading.Lock()


def template_directory(directory: Path | str | None = None) -> Path:
    """Return `directory`, else $GOV_REPORT_TEMPLATE_DIR, else the repository's word_templates/."""
    chosen = directory or os.environ.get(TEMPLATE_DIR_VARIABLE) or DEFAULT_TEMPLATE_DIR
    return Path(chosen)


def template_path(report_format: Format, directory: Path | str | None = None) -> Path:
    """Return the path of the template of `report_format`."""
    return template_directory(directory) / f"report-{report_format}.docx"


def prepared_template(path: Path) -> PreparedTemplate:
    """Return the prepared template at `path`, preparing it once; raises TemplateProblem.

    The cache key includes the file's modification time and size, so a template replaced on
    disk is prepared again.
    """
    try:
        status = path.stat()
    except OSError as exc:
        raise TemplateProblem(f"找不到模板文件 / template file not found: {path.name}") from exc
    key = (path, status.st_mtime_ns, status.st_size)
    template = _cache.get(key)
    if template is None:
        with _cache_lock:
            template = _cache.get(key)
            if template is None:
                template = PreparedTemplate.load(path)
                for stale in [known for known in _cache if known[0] == path]:
                    del _cache[stale]
                _cache[key] = template
    return template


def report_context(report: Report) -> dict[str, Any]:
    """Return the names a template sees: every field of the Report (``applications``, …)."""
    return {field.name: getattr(report, field.name) for field in fields(report)}


def render_report(report: Report, template_dir: Path | str | None = None) -> bytes:
    """Render `report` to .docx bytes; raises TemplateProblem for a missing or broken template."""
    template = prepared_template(template_path(report.format, template_dir))
    return template.render(report_context(report))
