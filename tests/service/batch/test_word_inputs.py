"""Word reports (.docx) as batch inputs: each bureau's document, typed into the official
template or made by us, read and rendered again in the official layout, in folders and zips,
beside JSON and workbooks; a document that is not a report fails alone."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from schemas import load_report
from service import documents
from service.batch.inputs import DocumentFile, WorkbookFile, is_report_file, payload_of
from service.cli import EXIT_INVALID, EXIT_OK, main
from service.reading.limits import ImportLimits
from tests.batch_helpers import BatchCase, check_output
from tests.conftest import EXAMPLES, TITLE
from tests.handfilled import Filling, cycling, example_model, filled_in
from tests.service.docx.read.test_reader import _minimal_docx
from tests.xlsx_support import fill_by_label

REPORT_2021 = json.loads(EXAMPLES["2021"].read_bytes())
ORG_2019 = example_model("2019").organization
ORG_2021 = example_model("2021").organization


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("局.docx", DocumentFile),
        ("局.DOCX", DocumentFile),
        ("局.xlsx", WorkbookFile),
        ("局.xlsm", WorkbookFile),
        ("局.pdf", DocumentFile),
        ("局.html", DocumentFile),
        ("局.HTM", DocumentFile),
        ("局.json", bytes),
    ],
)
def test_each_report_file_is_read_by_its_kind(name: str, kind: type) -> None:
    assert is_report_file(name)
    assert isinstance(payload_of(name, b"data"), kind)


@pytest.mark.parametrize("name", ["局.doc", "局.docm", "局.mht", "局.txt", "局.docx.bak"])
def test_other_files_are_not_report_files(name: str) -> None:
    assert not is_report_file(name)


def cases() -> list[BatchCase]:
    """A folder as the disclosure office collects it: Word reports typed by hand and made by
    us, a workbook, JSON, and documents that are not reports."""
    typed = filled_in(example_model("2019"), Filling(habit=cycling(), auto_numbered=True))
    ours = documents.render(example_model("2021"))
    return [
        BatchCase("a-手填2019.docx", typed, "ok", ORG_2019, f"{ORG_2019}2020{TITLE}.docx"),
        BatchCase("b-本系统2021.docx", ours, "ok", ORG_2021, f"{ORG_2021}2021{TITLE}.docx"),
        BatchCase(
            "c-工作簿.xlsx",
            fill_by_label(documents.blank_workbook("2021"), REPORT_2021),
            "ok",
            ORG_2021,
            f"{ORG_2021}2021{TITLE}（2）.docx",
        ),
        BatchCase(
            "d-会议纪要.docx",
            _minimal_docx("<w:p><w:r><w:t>会议纪要</w:t></w:r></w:p>"),
            "failed",
            None,
            code="not_a_report",
        ),
        BatchCase(
            "e-坏文件.docx", b"not a zip at all", "failed", None, code="unsupported-document"
        ),
        BatchCase(
            "f-数据.json",
            EXAMPLES["2021"].read_bytes(),
            "ok",
            ORG_2021,
            f"{ORG_2021}2021{TITLE}（3）.docx",
        ),
    ]


def test_a_folder_of_word_reports_becomes_the_official_documents(tmp_path: Path) -> None:
    batch = cases()
    folder = tmp_path / "in"
    folder.mkdir()
    for case in batch:
        (folder / case.name).write_bytes(case.data)
    output = tmp_path / "out.zip"
    assert main(["batch", str(folder), "-o", str(output), "--jobs", "2"]) == EXIT_INVALID
    check_output(output.read_bytes(), batch, [case.name for case in batch])
    # The document typed by hand comes back as the same report in the official layout.
    with zipfile.ZipFile(output) as archive:
        again = archive.read(batch[0].output or "")
    assert read(again) == read(batch[0].data)


def read(document: bytes) -> object:
    """The report a Word document holds, validated (an empty 总计 typed by hand is computed,
    as the official document prints it)."""
    report = documents.read(document, imports=ImportLimits()).report
    return load_report(json.dumps(report, ensure_ascii=False)).report


def test_word_reports_in_a_zip_are_read_too(tmp_path: Path) -> None:
    batch = [case for case in cases() if case.status == "ok"]
    source = tmp_path / "in.zip"
    with zipfile.ZipFile(source, "w") as archive:
        for case in batch:
            archive.writestr(case.name, case.data)
    output = tmp_path / "out.zip"
    assert main(["batch", str(source), "-o", str(output), "--jobs", "1"]) == EXIT_OK
    check_output(output.read_bytes(), batch, [case.name for case in batch])


def test_a_word_report_finds_last_year_s_report_by_its_title(tmp_path: Path) -> None:
    """--previous: the organization and year of a Word report are read from its title."""
    last_year = dict(REPORT_2021, year=2020)
    last_year.pop("title")
    last_year["signature"] = dict(REPORT_2021["signature"], date="2021-01-20")
    carried = {k: v for k, v in REPORT_2021["applications"]["carried_over"].items()}
    carried.pop("total")
    last_year["applications"] = dict(REPORT_2021["applications"], carried_forward=carried)
    previous = tmp_path / "last"
    previous.mkdir()
    (previous / "去年.json").write_text(json.dumps(last_year, ensure_ascii=False), "utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "今年.docx").write_bytes(documents.render(example_model("2021")))
    output = tmp_path / "out.zip"
    code = main(["batch", str(inputs), "-o", str(output), "--previous", str(previous)])
    assert code == EXIT_OK
    with zipfile.ZipFile(io.BytesIO(output.read_bytes())) as archive:
        [row] = json.loads(archive.read("manifest.json"))["reports"]
    assert "previous_missing" not in [w["code"] for w in row["warnings"]]


def test_what_reading_noted_is_in_the_manifest(tmp_path: Path) -> None:
    """A blank cell read as 0 and text beside the tables left out are warnings of the report's
    row, as `gov-report import` prints them."""
    document = filled_in(
        example_model("2021"),
        Filling(typed={"review_litigation.review.other": "—"}, table_note="单位：件"),
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "局.docx").write_bytes(document)
    output = tmp_path / "out.zip"
    main(["batch", str(folder), "-o", str(output), "--jobs", "1"])
    with zipfile.ZipFile(output) as archive:
        [row] = json.loads(archive.read("manifest.json"))["reports"]
    codes = [w["code"] for w in row["warnings"]]
    assert "blank_cells" in codes and "text_ignored" in codes
