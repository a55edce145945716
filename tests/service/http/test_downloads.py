"""service.http.downloads: the names and types of the files the HTTP layer sends."""

from __future__ import annotations

from urllib.parse import unquote

from schemas import load_report
from service.http.downloads import DOCX_MIME, ZIP_NAME, attachment, docx_download, zip_download


def test_attachment_names_the_file_twice_ascii_and_rfc_5987():
    assert attachment("报告.zip", "reports.zip") == (
        "attachment; filename=\"reports.zip\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.zip"
    )
    assert attachment("blank-2021.json") == (
        "attachment; filename=\"blank-2021.json\"; filename*=UTF-8''blank-2021.json"
    )


def test_a_document_downloads_under_its_report_name(example_2021):
    report = load_report(example_2021).report
    response = docx_download(b"PK", report)
    assert response.mimetype == DOCX_MIME
    disposition = response.headers["Content-Disposition"]
    assert 'filename="report-2021.docx"' in disposition
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"{report.organization}2021年政府信息公开工作年度报告.docx"


def test_a_zip_streams_its_chunks_under_the_batch_name():
    response = zip_download(iter([b"PK", b"\x03\x04"]))
    assert response.mimetype == "application/zip"
    assert unquote(response.headers["Content-Disposition"].split("UTF-8''")[1]) == ZIP_NAME
    assert b"".join(response.response) == b"PK\x03\x04"
