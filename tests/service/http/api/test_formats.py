from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from flask.testing import FlaskClient

from service.http.downloads import XLSX_MIME
from service.http.problems import PROBLEM_MIME


def test_lists_the_formats_with_their_notices(client: FlaskClient) -> None:
    response = client.get("/api/v1/formats")
    assert response.status_code == 200
    assert response.get_json() == [
        {
            "format": "2019",
            "name": "2019 格式（国办公开办函〔2019〕60号）",
            "document_number": "国办公开办函〔2019〕60号",
            "notice": "国务院办公厅政府信息与政务公开办公室"
            "关于政府信息公开工作年度报告有关事项的通知",
            "first_year": 2019,
            "last_year": 2020,
            "example": "/api/v1/formats/2019/example",
            "workbook": "/api/v1/formats/2019/workbook",
        },
        {
            "format": "2021",
            "name": "2021 格式（国办公开办函〔2021〕30号）",
            "document_number": "国办公开办函〔2021〕30号",
            "notice": "国务院办公厅政府信息与政务公开办公室"
            "关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
            "first_year": 2021,
            "last_year": None,
            "example": "/api/v1/formats/2021/example",
            "workbook": "/api/v1/formats/2021/workbook",
        },
    ]


@pytest.mark.parametrize(
    ("name", "source"), [("2019", "example_2019_path"), ("2021", "example_2021_path")]
)
def test_each_example_equals_its_source_and_is_valid(
    client: FlaskClient, name: str, source: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(source)
    response = client.get(f"/api/v1/formats/{name}/example")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.data == path.read_bytes()
    assert response.get_json()["format"] == name
    check = client.post(
        "/api/v1/reports/validate", data=response.data, content_type="application/json"
    )
    assert check.get_json()["errors"] == []


@pytest.mark.parametrize("name", ["2020", "2019.json", "latest", "%E5%B9%B4"])
def test_unknown_format_is_a_404_problem(client: FlaskClient, name: str) -> None:
    response = client.get(f"/api/v1/formats/{name}/example")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM_MIME
    body = response.get_json(force=True)
    assert body["type"] == "urn:gov-report:problem:unknown-format"
    assert "2019、2021" in body["detail"]


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_blank_workbook_downloads_with_its_name(client: FlaskClient, name: str) -> None:
    response = client.get(f"/api/v1/formats/{name}/workbook")
    assert response.status_code == 200
    assert response.mimetype == XLSX_MIME
    disposition = response.headers["Content-Disposition"]
    assert f'filename="workbook-{name}.xlsx"' in disposition
    assert quote(f"年报数据（{name}格式）.xlsx") in disposition
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["基本信息", "正文", "表二", "表三", "表四"]
    assert book["基本信息"]["B4"].value == name


def test_blank_workbook_of_an_unknown_format_is_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/formats/2018/workbook")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM_MIME
    assert response.get_json()["type"] == "urn:gov-report:problem:unknown-format"
