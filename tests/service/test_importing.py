"""service.importing: what an upload is decides who reads it; anything but a Word document is
refused with what it is and what to do, before any of it is parsed."""

from __future__ import annotations

import io
import zipfile

import pytest

from service import documents
from service.errors import DocumentTooLarge, DocumentUnsupported
from service.importing import looks_like_document, read_document
from service.reading.limits import ImportLimits, ZipLimits
from tests.handfilled import example_model, filled_in, read


def zipped(files: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return output.getvalue()


def office_zip(main_type: str, part: str) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>'
            ).encode(),
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships/officeDocument" Target="{part}"/>'
                "</Relationships>"
            ).encode(),
            part: b"<x/>",
        }
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF 文件已损坏"),
        (b"{\\rtf1\\ansi\\deff0", "这是 RTF 文档"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "网页存档（.mht"),
        (b"", "不是 Word 文档（.docx）、Excel"),
        (b'{"year": 2021}', "不是 Word 文档"),
        (b"PK\x03\x04 not really a zip", "文件已损坏"),
        (zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""}),
         "OpenDocument"),
        (zipped({"a.json": b"{}"}), "没有 Office 文档的正文"),
        (office_zip("application/vnd.openxmlformats-officedocument.presentationml.presentation"
                    ".main+xml", "ppt/presentation.xml"), "PowerPoint"),
        (office_zip("application/xml", "word/document.xml"), "没有 Word 文档正文"),
    ],
)
def test_what_is_not_a_word_document_is_refused_saying_what_it_is(data, says):
    with pytest.raises(DocumentUnsupported) as caught:
        read(data)
    assert says in caught.value.detail
    assert caught.value.status == 415


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_refused():
    document = filled_in(example_model("2021"))
    assert read(document, max_document_bytes=len(document)).report is not None
    with pytest.raises(DocumentTooLarge) as caught:
        read(document, max_document_bytes=len(document) - 1)
    assert str(len(document)) in caught.value.detail


def test_the_zip_limits_of_batches_bound_a_document_too():
    document = filled_in(example_model("2021"))
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        entries = len(archive.infolist())
    assert read_document(
        document, ImportLimits(zips=ZipLimits(max_zip_entries=entries))
    ).report is not None
    with pytest.raises(DocumentTooLarge) as caught:
        read_document(
            document, ImportLimits(zips=ZipLimits(max_zip_entries=entries - 1))
        )
    assert "条目" in caught.value.detail


@pytest.mark.parametrize(
    ("data", "document"),
    [(b"PK\x03\x04", True), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", True), (b'{"a": 1}', False),
     (b"", False), (b"<!DOCTYPE html><html>", True), (b"\xef\xbb\xbf\n <HTML>", True),
     (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', True),
     ("\ufeff<html>".encode("utf-16-le"), True), (b"<report/>", False)],
)
def test_documents_are_told_from_json_by_their_first_bytes(data, document):
    assert looks_like_document(data) is document


def test_import_validates_what_it_read():
    report = example_model("2021")
    imported, result = documents.import_document(
        filled_in(report), imports=ImportLimits()
    )
    assert imported.report is not None and result is not None
    assert result.report == report and result.valid
