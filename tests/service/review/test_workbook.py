"""review.xlsx: LibreOffice Calc opens it (saved again, and printed: 概览 on A4 landscape), its
sheets are frozen and filtered, and a text that looks like a formula stays text."""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from schemas import Issue
from service.review import LastYear, Reviewed, ReviewOptions, ReviewWriter
from tests.conftest import REPO
from tests.review_support import DISTRICT, bureau
from tests.service.review.test_writer import reviewed_row

FONTS = REPO / "service/docx/fonts.conf"


def workbook_of(rows: list[Reviewed], last: list[LastYear] = ()) -> bytes:  # type: ignore[assignment]
    writer = ReviewWriter(ReviewOptions(compared=bool(last)))
    try:
        for each in last:
            writer.add_last_year(each)
        for row in rows:
            writer.add(row)
        stream = io.BytesIO()
        writer.write(workbook=stream)
        return stream.getvalue()
    finally:
        writer.close()


def test_formula_looking_text_stays_text() -> None:
    hostile = "=HYPERLINK(\"http://evil.example\",\"点我\")"
    problem = Issue("", "x", "@SUM(A1:A9) / english", "-2+3")
    row = Reviewed(1, "@bad.json", None, None, None, False, (problem,))
    data = workbook_of([reviewed_row(0, bureau(hostile, 2024, 1)), row])
    book = openpyxl.load_workbook(io.BytesIO(data))
    overview = book["概览"]
    assert overview["C2"].value == hostile and overview["C2"].data_type == "s"
    assert overview["B3"].value == "@bad.json" and overview["B3"].data_type == "s"
    assert overview["I3"].value == "1. -2+3：@SUM(A1:A9)"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist() if "sheet" in n)
    assert "<f>" not in sheets  # no cell anywhere is a formula


def test_the_sheets_are_frozen_filtered_and_print_on_a4() -> None:
    rows = [reviewed_row(n, bureau(f"{DISTRICT}第{n}局", 2024, n + 1)) for n in range(3)]
    book = openpyxl.load_workbook(io.BytesIO(workbook_of(rows)))
    assert book.sheetnames == ["概览", "合计", "明细"]
    overview, detail = book["概览"], book["明细"]
    assert (overview.freeze_panes, detail.freeze_panes) == ("D2", "D2")
    assert overview.auto_filter.ref == "A1:K4" and detail.auto_filter.ref.endswith("4")
    assert overview.page_setup.orientation == "landscape" and overview.page_setup.paperSize == 9
    assert overview.print_title_rows == "$1:$1"
    merged = {str(cell_range) for cell_range in book["合计"].merged_cells.ranges}
    assert len(merged) > 20  # the official grids keep their merges


@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review workbook saved again by Calc as .xlsx and printed to PDF."""
    directory = tmp_path_factory.mktemp("calc")
    rows = [reviewed_row(n, bureau(f"{DISTRICT}第{n}局", 2024, n + 1)) for n in range(5)]
    source = directory / "review.xlsx"
    source.write_bytes(workbook_of(rows))
    for target in ("xlsx", "pdf"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(directory / 'profile').as_uri()}",
             "--headless", "--convert-to", target, "--outdir", str(directory / target),
             str(source)],
            check=True, capture_output=True, timeout=240,
            env={**os.environ, "FONTCONFIG_FILE": str(FONTS)},
        )  # fmt: skip
    return directory


def test_calc_opens_the_workbook_and_keeps_every_sheet(calc: Path) -> None:
    saved = openpyxl.load_workbook(calc / "xlsx" / "review.xlsx", read_only=True)
    assert saved.sheetnames == ["概览", "合计", "明细"]
    names = [row[2] for row in saved["概览"].iter_rows(min_row=2, values_only=True)]
    assert names == [f"{DISTRICT}第{n}局" for n in range(5)]
    saved.close()


def test_calc_prints_the_overview_on_a4_landscape(calc: Path) -> None:
    pdf = calc / "pdf" / "review.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    assert size is not None and float(size.group(1)) > float(size.group(2))  # landscape
    assert float(size.group(1)) == pytest.approx(841.9, abs=1)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    assert "机关名称" in text and f"{DISTRICT}第0局" in text and "可以发布" in text
