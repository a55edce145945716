"""The one way every interface reads an uploaded document into the contract.

``read_document`` looks at what the bytes are before anything else: a PDF goes to the text-PDF
reader in service/pdf/read, a web page (HTML, as a browser saves it or as a portal serves it)
to the portal-page reader in service/html/read;
a zip is opened with the batch zip limits and its main part's content type decides the reader
(WordprocessingML: the Word reader in service/docx; SpreadsheetML, macro-enabled too: the
workbook reader in service/xlsx). Anything else gets a clear refusal that says what the file is
and what to do: a .doc, an .xls or a password-protected Office file (all OLE compound files),
RTF, a web archive (.mht), an OpenDocument file, a PowerPoint file, a damaged file.
"""

from __future__ import annotations

import io
import zipfile

from service.docx.ns import WORD_MAIN_TYPES
from service.docx.read.package import main_part
from service.docx.read.reader import read_docx
from service.errors import (
    ArchiveCorrupt,
    ArchiveTooLarge,
    DocumentTooLarge,
    DocumentUnsupported,
)
from service.html.read.reader import read_html
from service.pdf.read.reader import read_pdf
from service.reading.limits import ImportLimits
from service.reading.result import Imported
from service.reading.safezip import open_archive
from service.xlsx.read.reader import read_workbook

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")


def _save_as_docx(chinese: str, english: str) -> DocumentUnsupported:
    """The refusal of a document Word or WPS can open and save as .docx."""
    return DocumentUnsupported(
        f"{chinese}，无法直接读取。请在 Word 或 WPS 中打开，“另存为” .docx 格式后再上传 / "
        f"{english}: open it in Word or WPS and save it as .docx"
    )


def _stream_named(data: bytes, name: str) -> bool:
    """Whether an OLE compound file's directory names a stream `name` (names are UTF-16LE)."""
    return name.encode("utf-16-le") in data


def _refuse_other(data: bytes) -> DocumentUnsupported:
    """The refusal for bytes that are not a zip: what they are and what to do."""
    head = data[:1024].lstrip()
    if data.startswith(_OLE):
        if _stream_named(data, "EncryptedPackage"):
            return DocumentUnsupported(
                "文档设置了打开密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx 再上传"
                " / the document is password-protected (encrypted): remove the password and "
                "save it as .docx"
            )
        if _stream_named(data, "WordDocument"):
            return _save_as_docx(
                "这是旧版 Word 文档（.doc，Word 97–2003 格式）", "this is a Word 97–2003 .doc file"
            )
        if _stream_named(data, "Workbook") or _stream_named(data, "Book"):
            return DocumentUnsupported(
                "这是旧版 Excel 工作簿（.xls，Excel 97–2003 格式），无法直接读取。请在 Excel 或 "
                "WPS 中打开，“另存为” .xlsx 格式后再上传 / this is an Excel 97–2003 .xls "
                "workbook: open it in Excel or WPS and save it as .xlsx"
            )
    if head.startswith(b"{\\rtf"):
        return _save_as_docx("这是 RTF 文档，不是 .docx", "this is an RTF document")
    if head[:200].lower().startswith(b"mime-version"):
        return DocumentUnsupported(
            "这是网页存档（.mht，单个文件网页），无法直接读取。请在浏览器中打开，“另存为”网页"
            "（.html）后再上传 / this is a web archive (.mht): open it in a browser and save it "
            "as a web page (.html)"
        )
    return DocumentUnsupported(
        "文件不是 Word 文档（.docx）、Excel 工作簿（.xlsx）、PDF 或网页（.html） / the file is "
        "not a Word document (.docx), an Excel workbook (.xlsx), a PDF or a web page (.html)"
    )


def _too_large(size: int, limits: ImportLimits) -> DocumentTooLarge:
    """The refusal of a file over the size limit."""
    return DocumentTooLarge(
        f"文件有 {size} 字节，超过上限 {limits.max_document_bytes} 字节 / the file is {size} "
        f"bytes, more than {limits.max_document_bytes}"
    )


def read_document(
    data: bytes, limits: ImportLimits
) -> Imported:
    """Read an uploaded document (its bytes) into the contract.

    Raises DocumentTooLarge (over a limit), DocumentUnsupported (not a document the service
    reads: the detail says what it is). A Word document that is not a readable report is
    returned with its errors.
    """
    if len(data) > limits.max_document_bytes:
        raise _too_large(len(data), limits)
    if looks_like_pdf(data):
        return read_pdf(data, limits)
    if looks_like_html(data):
        return read_html(data, limits)
    if not data.startswith((_ZIP, _EMPTY_ZIP)):
        raise _refuse_other(data)
    try:
        archive = open_archive(io.BytesIO(data), limits.zips)
    except ArchiveCorrupt:
        raise DocumentUnsupported(
            "文件已损坏，无法作为 Word 文档打开 / the file is damaged and cannot be opened"
        ) from None
    except ArchiveTooLarge as exc:
        raise DocumentTooLarge(exc.detail) from None
    with archive:
        return _read_archive(archive, data, limits)


def _read_archive(
    archive: zipfile.ZipFile, data: bytes, limits: ImportLimits
) -> Imported:
    """Dispatch on the package's main part; raises DocumentUnsupported for other packages."""
    if "mimetype" in archive.namelist() and "content.xml" in archive.namelist():
        raise _save_as_docx("这是 OpenDocument 文档（.odt），不是 .docx", "this is an ODF document")
    main = main_part(archive, limits)
    content_type = main.content_type
    if content_type in WORD_MAIN_TYPES:
        return read_docx(archive, main, limits)
    if "spreadsheetml" in content_type or "ms-excel" in content_type:
        return read_workbook(data, limits).imported()
    if "presentationml" in content_type or "ms-powerpoint" in content_type:
        raise DocumentUnsupported(
            "这是 PowerPoint 演示文稿，不是 Word 文档 / this is a PowerPoint file, not a Word "
            "document"
        )
    raise DocumentUnsupported(
        "压缩包中没有 Word 文档正文，不是 .docx / the zip holds no Word document"
    )


def looks_like_pdf(data: bytes) -> bool:
    """Whether bytes are a PDF: ``%PDF-`` within the first kilobyte (readers allow bytes before
    it)."""
    return b"%PDF-" in data[:1024]


#: How a web page starts (after a byte-order mark and white space, lower-cased).
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<table",
                b"<div", b"<p>", b"<p ", b"<h1", b"<section", b"<article")
_HTML_SNIFF = 1024


def looks_like_html(data: bytes) -> bool:
    """Whether bytes are a web page: they start (after a BOM, white space, an XML declaration
    and comments) with an HTML element, or declare an <html> within their first kilobyte."""
    head = data[:_HTML_SNIFF]
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(encoding, errors="ignore").encode("ascii", errors="ignore")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if not head.startswith(b"<"):
        return False
    return head.startswith(_HTML_STARTS) or (
        head.startswith((b"<?xml", b"<!--")) and b"<html" in head
    )


def looks_like_document(data: bytes) -> bool:
    """Whether bytes are a document to import (a zip, an OLE file, a PDF, a web page) rather
    than JSON text."""
    return (
        data.startswith((_ZIP, _EMPTY_ZIP, _OLE)) or looks_like_pdf(data) or looks_like_html(data)
    )
