"""Render a Report with the Word template of its format, prepared once per process."""

from __future__ import annotations

import threading
from dataclasses import fields
from pathlib import Path
from typing import Any

from schemas.model.report import Report
from service.docx.write.prepared import PreparedTemplate
from service.errors import TemplateProblem
from word_templates import template_path

_cache: dict[tuple[Path, int, int], PreparedTemplate] = {}
_cache_lock = threading.Lock()


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


def render_report(report: Report, template_dir: Path | None = None) -> bytes:
    """Render `report` with the template of its format, from `template_dir` when given, else
    the shipped one; raises TemplateProblem for a missing or broken template."""
    template = prepared_template(template_path(report.format, template_dir))
    return template.render(report_context(report))
