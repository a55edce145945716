"""The shipped Word templates: one per format of the registry, each passes the template check
and renders its format's example checker-clean; the starter drafts a template that passes too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx_support import parts_of, render_example

import word_templates
from schemas.cells import cell_text
from schemas.formats import FORMAT_IDS, FORMATS, find
from service.docx import check_template
from service.docx.tables import compare, find_table
from service.docx.xml import W


def test_the_package_ships_one_template_per_format() -> None:
    shipped = {path.name for path in word_templates.directory().glob("*.docx")}
    assert shipped == {spec.template_file for spec in FORMATS}


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_shipped_template_passes_the_check(format_id: str) -> None:
    assert check_template(word_templates.template_path(format_id)) == []


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_shipped_template_renders_its_example_checker_clean(format_id: str) -> None:
    rendered = render_example(format_id)
    found = list(parts_of(rendered.data)["word/document.xml"].iter(f"{W}tbl"))
    for layout in find(format_id).tables.values():
        table = find_table(found, layout)
        assert table is not None, layout.heading
        assert compare(table, layout, lambda cell: cell_text(rendered.report, cell)) == []


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_the_starter_drafts_a_template_that_passes_the_check(
    tmp_path: Path, format_id: str
) -> None:
    draft = tmp_path / "draft.docx"
    subprocess.run(
        [sys.executable, "-m", "word_templates.starter", format_id, str(draft)],
        check=True,
        capture_output=True,
    )
    assert check_template(draft, format_id) == []
