"""The committed templates are exactly what word_templates/starter.py produces."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from docx_support import TEMPLATES


@pytest.mark.parametrize("report_format", ["2019", "2021"])
def test_committed_template_matches_the_build_script(tmp_path: Path, report_format: str) -> None:
    spec = importlib.util.spec_from_file_location("build_templates", TEMPLATES / "starter.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    target = tmp_path / f"report-{report_format}.docx"
    build.build(report_format, target)
    assert target.read_bytes() == (TEMPLATES / f"report-{report_format}.docx").read_bytes()
