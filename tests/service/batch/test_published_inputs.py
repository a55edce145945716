"""Batches of reports as published: PDFs and portal pages in a folder or a zip, read as
``gov-report import`` reads them, and last year's published reports in ``--previous DIR``."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from service.cli import EXIT_INVALID, EXIT_OK, main
from tests.batch_helpers import BatchCase, check_output, write_folder, zip_bytes
from tests.conftest import TITLE
from tests.handfilled import example_model
from tests.hostile import pdfs

ORG_2019 = example_model("2019").organization
ORG_2021 = example_model("2021").organization


def cases(published: dict[str, bytes]) -> list[BatchCase]:
    return [
        BatchCase("a-2019.pdf", published["pdf-2019"], "ok", ORG_2019,
                  f"{ORG_2019}2020{TITLE}.docx"),
        BatchCase("b-门户.html", published["gbk-2021"], "ok", ORG_2021,
                  f"{ORG_2021}2021{TITLE}.docx"),
        BatchCase("c-扫描件.pdf", pdfs.scan(), "failed", None, code="unsupported-document"),
        BatchCase("d-首页.htm", b"<html><body><p>hello</p></body></html>", "failed", None,
                  code="not_a_report"),
        BatchCase("e-炸弹.pdf", pdfs.bomb(80), "failed", None, code="document-too-large"),
    ]


def test_a_folder_of_published_reports_becomes_the_official_documents(
    tmp_path: Path, published: dict[str, bytes]
) -> None:
    batch = cases(published)
    folder = write_folder(batch, tmp_path / "in")
    output = tmp_path / "out.zip"
    assert main(["batch", str(folder), "-o", str(output), "--jobs", "2"]) == EXIT_INVALID
    check_output(output.read_bytes(), batch, [case.name for case in batch])


def test_published_reports_in_a_zip_are_read_too(
    tmp_path: Path, published: dict[str, bytes]
) -> None:
    batch = [case for case in cases(published) if case.status == "ok"]
    source = tmp_path / "in.zip"
    source.write_bytes(zip_bytes(batch))
    output = tmp_path / "out.zip"
    assert main(["batch", str(source), "-o", str(output), "--jobs", "1"]) == EXIT_OK
    check_output(output.read_bytes(), batch, [case.name for case in batch])


def test_last_years_published_pdf_is_found_for_this_years_page(
    tmp_path: Path, published: dict[str, bytes]
) -> None:
    previous = tmp_path / "last"
    previous.mkdir()
    (previous / "2020年报.pdf").write_bytes(published["pdf-2020"])
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "2021年报.html").write_bytes(published["gbk-2021"])
    output = tmp_path / "out.zip"
    code = main(["batch", str(inputs), "-o", str(output), "--previous", str(previous)])
    assert code == EXIT_OK
    with zipfile.ZipFile(io.BytesIO(output.read_bytes())) as archive:
        [row] = json.loads(archive.read("manifest.json"))["reports"]
    assert "previous_missing" not in [w["code"] for w in row["warnings"]]
    assert row["status"] == "ok"
