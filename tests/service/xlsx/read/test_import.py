"""A filled workbook through the one entry for uploaded documents (service/importing.py): the
CLI's import, POST /api/v1/imports and the staff page read it as they read a Word report, and
name every problem by its sheet and cell."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient

from schemas import load_report
from service import cli
from service.documents import blank_workbook, import_document
from service.http.downloads import XLSX_MIME
from service.reading.limits import ImportLimits
from tests.conftest import EXAMPLES
from tests.service.http.web.test_start import post
from tests.service.http.web.test_start import text as page_text
from tests.xlsx_support import data_cell, edited, fill_by_label

REPORT = json.loads(EXAMPLES["2021"].read_bytes())
FILLED = fill_by_label(blank_workbook("2021"), REPORT)
GRANTED_TOTAL = "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （一）予以公开 · 总计"


def wrong_total(book: openpyxl.Workbook) -> None:
    """A number typed over （一）予以公开's 总计 formula that R2 refuses."""
    data_cell(book["表三"], GRANTED_TOTAL).value = 1


def test_import_document_reads_a_workbook_and_names_cells() -> None:
    imported, result = import_document(
        edited(FILLED, wrong_total), imports=ImportLimits()
    )
    assert imported.kind == "xlsx" and imported.report is not None
    assert result is not None and not result.valid
    assert result.errors[0].label == f"表三!J8 · {GRANTED_TOTAL}"


def test_the_cli_imports_a_workbook(tmp_path: Path) -> None:
    source = tmp_path / "年报数据.xlsx"
    source.write_bytes(FILLED)
    output = tmp_path / "report.json"
    assert cli.main(["import", str(source), "-o", str(output)]) == cli.EXIT_OK
    expected = load_report(REPORT).report
    assert load_report(output.read_bytes()).report == expected


def test_a_workbook_that_cannot_be_read_exits_1_naming_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def unreadable(book: openpyxl.Workbook) -> None:
        book["表三"]["D6"] = "五百"

    source = tmp_path / "年报数据.xlsx"
    source.write_bytes(edited(FILLED, unreadable))
    assert cli.main(["import", str(source), "-o", str(tmp_path / "r.json")]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "表三!D6" in err and "“五百”不是整数" in err
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("multipart", [False, True])
def test_the_api_imports_a_workbook(client: FlaskClient, multipart: bool) -> None:
    data = edited(FILLED, wrong_total)
    if multipart:
        files = {"document": (io.BytesIO(data), "年报数据.xlsx", XLSX_MIME)}
        response = client.post("/api/v1/imports", data=files, content_type="multipart/form-data")
    else:
        response = client.post("/api/v1/imports", data=data, content_type=XLSX_MIME)
    assert response.status_code == 200
    body = response.get_json()
    assert body["valid"] is False
    assert body["report"]["organization"] == REPORT["organization"]
    assert body["errors"][0]["label"].startswith("表三!J8 · ")


def test_the_staff_page_checks_a_workbook_naming_cells(client: FlaskClient) -> None:
    upload = (io.BytesIO(edited(FILLED, wrong_total)), "秀洲2021.xlsx", XLSX_MIME)
    shown = page_text(post(client, "check", files=[upload]))
    assert "秀洲2021.xlsx" in shown and "已从数据工作簿读取为报告数据（JSON）" in shown
    assert "表三!J8" in shown
    kept = shown.split('name="kept_text"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert json.loads(kept)["organization"] == REPORT["organization"]


def test_a_batch_of_workbooks_is_checked_against_last_years_workbooks(tmp_path: Path) -> None:
    """--previous: a workbook of this year finds last year's (a workbook too) by the 机关名称
    and 年度 in its 基本信息, read in the parent."""
    last_year = json.loads(EXAMPLES["2021"].read_bytes())
    last_year.pop("title")
    last_year["year"] = 2020
    last_year["signature"]["date"] = "2021-01-20"
    carried = {k: v for k, v in REPORT["applications"]["carried_over"].items() if k != "total"}
    last_year["applications"]["carried_forward"] = carried
    previous = tmp_path / "last"
    previous.mkdir()
    (previous / "去年.xlsx").write_bytes(fill_by_label(blank_workbook("2021"), last_year))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "今年.xlsx").write_bytes(FILLED)
    other = dict(REPORT, organization="另一个局")
    (inputs / "别的局.xlsx").write_bytes(fill_by_label(blank_workbook("2021"), other))
    output = tmp_path / "out.zip"
    code = cli.main(["batch", str(inputs), "-o", str(output), "--previous", str(previous)])
    assert code == cli.EXIT_OK
    with zipfile.ZipFile(output) as archive:
        rows = {row["input"]: row for row in json.loads(archive.read("manifest.json"))["reports"]}
    codes = {name: [w["code"] for w in row["warnings"]] for name, row in rows.items()}
    assert "previous_missing" not in codes["今年.xlsx"]
    assert "previous_missing" in codes["别的局.xlsx"]
