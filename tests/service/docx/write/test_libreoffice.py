"""LibreOffice opens and converts every kind of generated document; the page counts are sane."""

from __future__ import annotations

import copy
import os
import re
import subprocess
from pathlib import Path

import pytest

from service.catalog import blank
from service.documents import validate
from service.docx import render_report
from tests.docx_support import REPO, load, render_example

FONTS = REPO / "service/docx/fonts.conf"


def _convert(documents: dict[str, bytes], directory: Path) -> dict[str, Path]:
    """Convert .docx files to PDF with a private profile and the repository's font substitutes."""
    for name, data in documents.items():
        (directory / f"{name}.docx").write_bytes(data)
    profile = directory / "profile"
    environment = {**os.environ, "FONTCONFIG_FILE": str(FONTS)}
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(directory),
         *(str(directory / f"{name}.docx") for name in documents)],
        check=True, capture_output=True, timeout=240, env=environment,
    )
    return {name: directory / f"{name}.pdf" for name in documents}


def _info(pdf: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return dict(re.findall(r"^([^:]+):\s+(.*)$", output.stdout, re.MULTILINE))


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    long_raw = copy.deepcopy(render_example("2021").raw)
    long_raw["problems"]["paragraphs"] = ["长文本段落。" * 700] * 4
    blank_2021 = validate(blank("2021"), allow_placeholders=True).report
    reports = {
        "example-2019": render_example("2019").report,
        "example-2021": render_example("2021").report,
        "long-2021": load(long_raw),
        "blank-2021": blank_2021,
    }
    pdfs = _convert({name: render_report(report) for name, report in reports.items()},
                    tmp_path_factory.mktemp("pdf"))
    return {name: (pdfs[name], reports[name]) for name in reports}


@pytest.mark.parametrize(("name", "low", "high"), [
    ("example-2019", 3, 6), ("example-2021", 3, 6),
    # 16,800 more characters at 28 a line and 22 lines a page: about 27 more pages.
    ("long-2021", 29, 36), ("blank-2021", 2, 3)])
def test_pages_are_a4_and_their_number_is_sane(converted, name: str, low: int,
                                               high: int) -> None:
    pdf, _ = converted[name]
    info = _info(pdf)
    assert low <= int(info["Pages"]) <= high
    assert info["Page size"].startswith("595.")  # A4 width in points


@pytest.mark.parametrize("name", ["example-2019", "example-2021"])
def test_the_text_is_in_the_pdf(converted, name: str) -> None:
    pdf, report = converted[name]
    text = re.sub(r"\s+", "", _text(pdf))
    for expected in ("一、总体情况", "三、收到和处理政府信息公开申请情况",
                     "六、其他需要报告的事项", report.title_lines[0], "—1—"):
        assert expected in text


@pytest.mark.parametrize("name", ["example-2019", "example-2021", "blank-2021"])
def test_the_results_block_of_table_3_is_on_one_page(converted, name: str) -> None:
    pdf, _ = converted[name]
    pages = [re.sub(r"\s+", "", page) for page in _text(pdf).split("\f")]
    first = next(page for page in pages if "（一）予以公开" in page)
    assert "（七）总计" in first  # the vertical 三、本年度办理结果 is never split
