"""LibreOffice Calc opens the workbook: a filled workbook saved again by Calc (its own styles,
shared strings, cached formula results) still reads as the report, and the blank prints on A4
with every label."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from schemas import load_report
from schemas.registry import FORMAT_IDS, find
from service import documents
from service.documents import blank_workbook
from tests.conftest import EXAMPLES, REPO
from tests.xlsx_support import fill_by_label

FONTS = REPO / "service/docx/fonts.conf"


def _soffice(target: str, files: list[Path], directory: Path) -> None:
    profile = directory / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(directory / target),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env={**os.environ, "FONTCONFIG_FILE": str(FONTS)},
    )


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format's filled workbook and blank, saved by Calc as .xlsx and printed to PDF."""
    directory = tmp_path_factory.mktemp("calc")
    files = []
    for format_id in FORMAT_IDS:
        report = json.loads(EXAMPLES[format_id].read_bytes())
        blank = blank_workbook(format_id)
        for name, data in ((f"filled-{format_id}", fill_by_label(blank, report)),
                           (f"blank-{format_id}", blank)):
            path = directory / f"{name}.xlsx"
            path.write_bytes(data)
            files.append(path)
    _soffice("xlsx", files, directory)
    _soffice("pdf", [f for f in files if f.name.startswith("blank")], directory)
    return directory


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_a_workbook_saved_by_calc_still_reads(calc: Path, format_id: str) -> None:
    saved = (calc / "xlsx" / f"filled-{format_id}.xlsx").read_bytes()
    assert b"xl/sharedStrings.xml" in saved  # Calc's own way of storing text
    result, _ = documents.validate_workbook(saved)
    assert result.errors == ()
    assert result.report == load_report(EXAMPLES[format_id].read_bytes()).report


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_the_blank_prints_on_a4_with_every_label(calc: Path, format_id: str) -> None:
    pdf = calc / "pdf" / f"blank-{format_id}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    fields = dict(re.findall(r"^([^:]+):\s+(.*)$", info.stdout, re.MULTILINE))
    assert fields["Page size"].startswith(("595.", "841."))  # A4, portrait or landscape
    assert 5 <= int(fields["Pages"]) <= 7  # one page a sheet, 表三 at most two
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    squeezed = re.sub(r"\s+", "", text)
    for layout in find(format_id).tables.values():
        for row in layout.rows:
            for cell in row:
                if cell.text is not None:
                    assert re.sub(r"\s+", "", cell.text) in squeezed, cell.text
