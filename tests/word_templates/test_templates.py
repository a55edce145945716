"""The shipped Word templates: one per format of the registry, each passes the template check
and renders its format's example checker-clean; the starter drafts a template that passes too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import word_templates
from schemas.model.cells import cell_text
from schemas.registry import FORMAT_IDS, FORMATS, find
from service.docx import check_template
from service.docx.ns import W
from service.docx.tables import compare, find_table
from service.docx.xml import grid_rows
from tests.docx_support import parts_of, render_example


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
        [sys.executable, "-m", "service.docx.write.starter", format_id, str(draft)],
        check=True,
        capture_output=True,
    )
    assert check_template(draft, format_id) == []


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_no_page_break_falls_inside_a_vertically_merged_label_of_table_3(format_id: str) -> None:
    template = word_templates.template_path(format_id).read_bytes()
    tables = list(parts_of(template)["word/document.xml"].iter(f"{W}tbl"))
    table = find_table(tables, find(format_id).tables["table3"])
    assert table is not None
    trs = list(table.iter(f"{W}tr"))
    merged = [
        (start, cell.rowspan)
        for start, row in enumerate(grid_rows(table))
        for cell in row
        if cell.rowspan > 1
    ]
    assert max(rowspan for _, rowspan in merged) >= 20  # 三、本年度办理结果
    for start, rowspan in merged:
        for tr in trs[start : start + rowspan - 1]:
            for paragraph in tr.iter(f"{W}p"):
                assert paragraph.find(f"{W}pPr/{W}keepNext") is not None, start
