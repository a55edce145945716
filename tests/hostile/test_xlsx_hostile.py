"""Hostile workbooks: a huge dimension record, a million empty rows, rows far below, external
links, macros (.xlsm), zip bombs, entity bombs in every kind of part; alone, through the
service function, and in a batch (where each fails alone)."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import socket
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient

from schemas import load_report
from service import cli, documents
from service.documents import blank_workbook
from service.errors import DocumentTooLarge, WorkbookUnreadable
from service.http.downloads import XLSX_MIME
from service.importing import read_document
from service.reading.limits import ImportLimits, ZipLimits
from tests.conftest import EXAMPLES
from tests.hostile.documents import renamed_xlsx
from tests.xlsx_support import fill_by_label, rewritten, sheet_part

FILLED = fill_by_label(blank_workbook("2021"), json.loads(EXAMPLES["2021"].read_bytes()))
TABLE3 = sheet_part(FILLED, "表三")
REPORT = load_report(EXAMPLES["2021"].read_bytes()).report
#: What reading one of these may allocate at its peak (the filled workbook itself: about 1.3 MB).
MEMORY_BOUND = 8 * 1024 * 1024

Edit = Callable[[bytes], bytes]


def replace(old: bytes, new: bytes) -> Edit:
    def edit(xml: bytes) -> bytes:
        assert old in xml
        return xml.replace(old, new, 1)

    return edit


def with_rows(rows: bytes) -> Edit:
    return replace(b"</sheetData>", rows + b"</sheetData>")


def million_empty_rows() -> bytes:
    return b"".join(b'<row r="%d"/>' % number for number in range(40, 1_000_040))


def peak_while(action: Callable[[], object]) -> int:
    """The peak of memory allocated (traced) while `action` runs."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def read(
    data: bytes, limits: ImportLimits | None = None, zips: ZipLimits | None = None
) -> object:
    limits = limits or ImportLimits()
    imports = dataclasses.replace(limits, zips=zips) if zips else limits
    result, _ = documents.validate_workbook(data, imports=imports)
    return result


def refused_peak(data: bytes, limits: ImportLimits | None = None) -> int:
    """The memory peak of refusing `data`."""

    def refuse() -> None:
        with pytest.raises(WorkbookUnreadable):
            read(data, limits)

    return peak_while(refuse)


def test_a_huge_dimension_record_reads_as_usual_in_little_memory() -> None:
    data = rewritten(
        FILLED,
        {
            TABLE3: lambda xml: re.sub(
                rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml
            )
        },
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read(TABLE3)
    result, _ = documents.validate_workbook(data)
    assert result.report == REPORT
    assert peak_while(lambda: read(data)) < MEMORY_BOUND


def test_a_million_empty_rows_is_refused_before_openpyxl_by_default() -> None:
    data = rewritten(FILLED, {TABLE3: with_rows(million_empty_rows())})
    with pytest.raises(DocumentTooLarge, match="xl/worksheets/"):
        read(data)


def test_a_million_empty_rows_within_the_size_limit_stop_at_the_row_limit() -> None:
    data = rewritten(FILLED, {TABLE3: with_rows(million_empty_rows())})
    roomy = ImportLimits(max_part_bytes=64 * 1024 * 1024)
    with pytest.raises(WorkbookUnreadable) as caught:
        read(data, roomy)
    assert caught.value.code == "sheet_too_long" and "表三" in caught.value.detail
    assert refused_peak(data, roomy) < MEMORY_BOUND


@pytest.mark.parametrize("row", [1_048_576, 2_000_000_000])
def test_a_row_far_below_is_refused_not_dropped(row: int) -> None:
    cell = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>far</t></is></c></row>' % (row, row)
    data = rewritten(FILLED, {TABLE3: with_rows(cell)})
    with pytest.raises(WorkbookUnreadable, match="表三"):
        read(data)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket an external link points at; nothing may ever connect to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 18139))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def external_link(url: str) -> bytes:
    """The filled workbook with an external workbook link to `url` and a formula using it."""
    relationship = (
        b'<Relationship Id="rIdX" Target="externalLinks/externalLink1.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/externalLink"/></Relationships>'
    )
    link = (
        b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships"><externalBook r:id="rId1"/></externalLink>'
    )
    link_rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/externalLinkPath" Target="'
        + url.encode()
        + b'" TargetMode="External"/></Relationships>'
    )
    table2 = sheet_part(FILLED, "表二")
    return rewritten(
        FILLED,
        {
            "xl/_rels/workbook.xml.rels": replace(b"</Relationships>", relationship),
            "xl/workbook.xml": replace(
                b"</workbook>",
                b'<externalReferences xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships"><externalReference r:id="rIdX"/></externalReferences>'
                b"</workbook>",
            ),
            # 表二 B5 (规章 · 本年制发件数, 2) taken from the other workbook, its result saved
            table2: lambda xml: re.sub(
                rb'<c r="B5"[^>]*>.*?</c>',
                b'<c r="B5"><f>[1]Sheet1!A1</f><v>2</v></c>',
                xml,
                count=1,
            ),
        },
        extra={
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
        },
    )


def test_external_links_are_never_followed(listener: socket.socket) -> None:
    data = external_link("http://127.0.0.1:18139/secret.xlsx")
    linked = openpyxl.load_workbook(io.BytesIO(data), keep_links=True)
    assert len(linked._external_links) == 1  # the link is there for a reader that keeps links
    assert linked["表二"]["B5"].value == "=[1]Sheet1!A1"
    result, _ = documents.validate_workbook(data)
    assert result.report == REPORT  # the formula counts by its saved result
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_a_macro_workbook_reads_and_its_macros_are_never_read() -> None:
    data = rewritten(
        FILLED,
        {
            "[Content_Types].xml": lambda xml: xml.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            ).replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b"</Types>",
            )
        },
        extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not even a real VBA project" * 20},
    )
    result, _ = documents.validate_workbook(data)
    assert result.report == REPORT


def test_a_zip_bomb_is_refused_before_anything_is_decompressed() -> None:
    data = rewritten(FILLED, extra={"xl/media/bomb.bin": b"\0" * (16 * 1024 * 1024 - 200_000)})
    with pytest.raises(DocumentTooLarge, match="压缩比"):
        read(data)


def test_too_many_entries_are_refused() -> None:
    extra = {f"xl/media/{number}.bin": b"x" for number in range(100)}
    with pytest.raises(DocumentTooLarge, match="条目"):
        read(rewritten(FILLED, extra=extra), zips=ZipLimits(max_zip_entries=100))


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>"
)


def bomb(xml: bytes) -> bytes:
    """The part with the billion-laughs DTD in front (and a use of it where text is)."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return LAUGHS + body.replace(b"<t>", b"<t>&lol9;", 1)


@pytest.mark.parametrize(
    "part",
    [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "docProps/core.xml",
        TABLE3,
    ],
)
def test_entity_bombs_are_refused_in_every_part(part: str) -> None:
    data = rewritten(FILLED, {part: bomb})
    with pytest.raises(WorkbookUnreadable) as caught:
        read(data)
    assert caught.value.code == "xml_dtd" and part in caught.value.detail
    assert refused_peak(data) < MEMORY_BOUND


def test_an_entity_bomb_in_utf16_is_refused_too() -> None:
    def utf16(xml: bytes) -> bytes:
        text = (
            bomb(xml)
            .decode()
            .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
        )
        return text.encode("utf-16")

    with pytest.raises(WorkbookUnreadable) as caught:
        read(rewritten(FILLED, {"xl/workbook.xml": utf16}))
    assert caught.value.code == "xml_dtd"


def test_hostile_workbooks_fail_alone_in_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.xlsx").write_bytes(FILLED)
    (folder / "b-bomb.xlsx").write_bytes(rewritten(FILLED, {"xl/workbook.xml": bomb}))
    (folder / "c-long.xlsx").write_bytes(
        rewritten(FILLED, {TABLE3: with_rows(b'<row r="5000"><c r="A5000"><v>1</v></c></row>')})
    )
    (folder / "d-macro.xlsm").write_bytes(FILLED)
    (folder / "e-not.xlsx").write_bytes(b"{}")
    output = tmp_path / "out.zip"
    assert cli.main(["batch", str(folder), "-o", str(output), "--jobs", "1"]) == 1
    with zipfile.ZipFile(output) as archive:
        listing = json.loads(archive.read("manifest.json"))
    outcome = {
        row["input"]: (row["status"], [e["code"] for e in row["errors"]])
        for row in listing["reports"]
    }
    assert outcome == {
        "a-good.xlsx": ("ok", []),
        "b-bomb.xlsx": ("failed", ["xml_dtd"]),
        "c-long.xlsx": ("failed", ["sheet_too_long"]),
        "d-macro.xlsm": ("ok", []),
        "e-not.xlsx": ("failed", ["unreadable_workbook"]),
    }


def test_someone_elses_workbook_is_not_a_report_in_one_sentence(
    client: FlaskClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any spreadsheet (here one saved under a .docx name) is read as a workbook, and refused
    as not the report workbook, with one problem naming the sheets it lacks."""
    data = renamed_xlsx()
    imported = read_document(data, ImportLimits())
    (error,) = imported.errors
    assert imported.report is None and error.code == "not_a_report_workbook"
    assert "基本信息" in error.message and "表四" in error.message
    response = client.post("/api/v1/imports", data=data, content_type=XLSX_MIME)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["code"] == "not_a_report_workbook"
    source = tmp_path / "年报.docx"
    source.write_bytes(data)
    assert cli.main(["import", str(source)]) == cli.EXIT_INVALID
    assert "不是年报数据工作簿" in capsys.readouterr().err
