"""Hostile PDFs and web pages given to the published-report readers through every interface
(service, API, CLI, staff page, batch): decompression bombs (encrypted too), a broken
cross-reference table, a million tiny text objects, fonts without a Unicode map, scanned PDFs,
PDFs that need a password to open, hostile encryption dictionaries (an unknown handler, an
absurd key length, a huge /O, a crypt filter loop, badly padded AES), damaged bytes; pages
nested ten thousand deep, pages of too many elements, scripts and links that must never run or
be fetched. Each gets a clear answer — never a 5xx, never a hang — within the request's time
budget, and every bound is configuration with a test at the limit and one over, for PDFs
protected by a permissions password too; such a PDF is read, not refused."""

from __future__ import annotations

import functools
import io
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from service import cli
from service.errors import DocumentTooLarge, DocumentUnsupported
from service.html.read import blocks
from service.importing import read_document
from service.reading.limits import ImportLimits
from tests.hostile import pdfs
from tests.hostile.pdfs import Protection
from tests.hostile.test_web_hostile import page_text, post

MIB = 1024 * 1024
#: Every PDF bound is checked on the file unprotected and protected by a permissions password.
PROTECTIONS = [None, Protection("rc4-128"), Protection("aes-128"), Protection("aes-256")]
PROTECTION_IDS = ["unprotected", "rc4-128", "aes-128", "aes-256"]


def protected(protection: Protection, **changes: Any) -> bytes:
    """A one-page PDF ("x") protected as given."""
    extra = changes.pop("extra", [])
    return pdfs.document([pdfs.text_page(["x"])], extra=extra, protection=protection)


def badly_padded() -> bytes:
    protection = Protection("aes-128")
    protection.streams = lambda data, number: protection.stream(
        data, number, padding=b"\x00" * (16 - len(data) % 16))
    return protected(protection)


def nested_tables(count: int) -> bytes:
    return b"<html><body>" + b"<table><tr><td>" * count + b"x" + \
        b"</td></tr></table>" * count + b"</body></html>"


def nested_divs(count: int) -> bytes:
    return b"<html><body>" + b"<div>" * count + b"x" + b"</div>" * count + b"</body></html>"


def many_elements(count: int) -> bytes:
    return b"<html><body>" + b"<p>x</p>" * count + b"</body></html>"


@dataclass(frozen=True)
class Hostile:
    id: str
    build: Callable[[], bytes]
    media_type: str
    status: int
    """HTTP status of POST /api/v1/imports."""
    says: str
    """What the answer says, in Chinese."""


HOSTILE = [
    Hostile("pdf-bomb", functools.cache(lambda: pdfs.bomb(200)), "application/pdf", 413,
            "解压后超过"),
    Hostile("bomb-under-an-escaped-filter-name", functools.cache(
        lambda: pdfs.bomb(200).replace(b"/FlateDecode", b"/Flat#65Decode")),
            "application/pdf", 413, "解压后超过"),
    Hostile("million-text-objects", functools.cache(pdfs.million_text_objects),
            "application/pdf", 413, "对象"),
    Hostile("no-unicode-map", pdfs.without_unicode_map, "application/pdf", 415,
            "没有文字对照表"),
    Hostile("scan", pdfs.scan, "application/pdf", 415, "扫描件"),
    Hostile("damaged", pdfs.garbage, "application/pdf", 415, "已损坏"),
    Hostile("broken-xref", pdfs.broken_xref, "application/pdf", 422, "找不到年度报告的章节"),
    Hostile("encrypted", lambda: pdfs.document([pdfs.text_page(["x"])],
                                               trailer=b"/Encrypt 9 0 R "),
            "application/pdf", 415, "已加密"),
    Hostile("permissions-password-only", lambda: protected(Protection("aes-256")),
            "application/pdf", 422, "找不到年度报告的章节"),
    Hostile("user-password", lambda: protected(Protection("aes-256", user=b"secret")),
            "application/pdf", 415, "设置了打开密码"),
    Hostile("encrypted-bomb", functools.cache(
        lambda: pdfs.document([pdfs.stream(b" " * (200 * MIB))],
                              protection=Protection("aes-128"))),
            "application/pdf", 413, "解压后超过"),
    Hostile("encryption-unknown-handler",
            lambda: protected(Protection(entries={"Filter": b"/Adobe.PubSec"})),
            "application/pdf", 415, "/Adobe.PubSec"),
    Hostile("encryption-absurd-length",
            lambda: protected(Protection("rc4-128", entries={"Length": b"4096"})),
            "application/pdf", 415, "/Length 4096"),
    Hostile("encryption-huge-o",
            lambda: protected(Protection(entries={"O": b"<" + b"41" * (2 * MIB) + b">"})),
            "application/pdf", 415, "无法解析"),
    Hostile("encryption-filter-loop",
            lambda: protected(Protection(entries={"CF": b"<< /StdCF 5 0 R >>"}),
                              extra=[b"5 0 R"]),
            "application/pdf", 415, "成环"),
    Hostile("aes-badly-padded", badly_padded, "application/pdf", 415, "填充错误"),
    Hostile("nested-tables", lambda: nested_tables(10_000), "text/html", 413, "嵌套超过"),
    Hostile("too-many-elements", lambda: many_elements(120_000), "text/html", 413,
            "元素超过"),
    Hostile("not-a-report", lambda: b"<html><body><script>alert(1)</script><p>x</p></body>"
            b"</html>", "text/html", 422, "没有任何表格"),
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_service_answers_each_saying_what_it_is(hostile: Hostile) -> None:
    data = hostile.build()
    if hostile.status == 422:
        imported = read_document(data, ImportLimits())
        assert imported.report is None
        assert hostile.says in imported.errors[0].message
    else:
        expected = DocumentTooLarge if hostile.status == 413 else DocumentUnsupported
        with pytest.raises(expected) as caught:
            read_document(data, ImportLimits())
        assert hostile.says in caught.value.detail


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_api_answers_each_as_documented(client: FlaskClient, hostile: Hostile) -> None:
    response = client.post("/api/v1/imports", data=hostile.build(),
                           content_type=hostile.media_type)
    assert response.status_code == hostile.status
    assert response.mimetype == "application/problem+json"
    assert hostile.says in str(response.get_json())


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_cli_exits_1_or_2_for_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile: Hostile
) -> None:
    suffix = ".pdf" if hostile.media_type == "application/pdf" else ".html"
    source = tmp_path / f"report{suffix}"
    source.write_bytes(hostile.build())
    output = tmp_path / "report.json"
    code = cli.main(["import", str(source), "-o", str(output)])
    assert hostile.says in capsys.readouterr().err
    assert code == (cli.EXIT_INVALID if hostile.status == 422 else cli.EXIT_UNUSABLE)
    assert not output.exists()


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_staff_page_lists_each_as_a_problem_of_that_file(
    client: FlaskClient, hostile: Hostile
) -> None:
    name = "上传.pdf" if hostile.media_type == "application/pdf" else "上传.html"
    files = [(io.BytesIO(hostile.build()), name, "files", hostile.media_type)]
    response = post(client, "check", files=files)
    assert response.status_code == 200
    page = page_text(response)
    assert name in page and hostile.says in page


def test_hostile_published_reports_fail_alone_in_a_batch(
    tmp_path: Path, published: dict[str, bytes]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.pdf").write_bytes(published["pdf-2021"])
    for number, hostile in enumerate(HOSTILE):
        suffix = ".pdf" if hostile.media_type == "application/pdf" else ".html"
        (folder / f"b{number:02d}-{hostile.id}{suffix}").write_bytes(hostile.build())
    output = tmp_path / "out.zip"
    assert cli.main(["batch", str(folder), "-o", str(output), "--jobs", "2"]) == cli.EXIT_INVALID
    import json
    import zipfile

    with zipfile.ZipFile(output) as archive:
        rows = json.loads(archive.read("manifest.json"))["reports"]
    assert [row["status"] for row in rows] == ["ok"] + ["failed"] * len(HOSTILE)


# --- web pages: bounded, linear, offline ---------------------------------------------------------


def test_ten_thousand_nested_tables_read_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the depth limit raised past them, 10,000 nested tables are still read once each:
    a table's text is collected only for tables without tables inside."""
    calls = 0
    text_of = blocks.text_of

    def counting(node: Any) -> str:
        nonlocal calls
        calls += 1
        return str(text_of(node))

    monkeypatch.setattr(blocks, "text_of", counting)
    limits = ImportLimits(max_html_depth=40_000, max_html_elements=40_000)
    imported = read_document(nested_tables(10_000), limits)
    assert imported.errors[0].code == "not_a_report"
    assert calls <= 4


@pytest.mark.parametrize(
    ("field", "build", "at"),
    [
        ("max_html_depth", nested_divs, 50),  # html, body and 50 divs: depth 52
        ("max_html_elements", many_elements, 50),  # html, body and 50 p: 52 elements
    ],
)
def test_each_html_bound_at_its_limit_and_one_over(
    field: str, build: Callable[[int], bytes], at: int
) -> None:
    data = build(at)
    limit = at + 2
    imported = read_document(data, ImportLimits(**{field: limit}))
    assert imported.errors[0].code == "not_a_report"  # read, and found to be no report
    with pytest.raises(DocumentTooLarge):
        read_document(data, ImportLimits(**{field: limit - 1}))


def test_a_page_never_reaches_the_network_or_runs_its_scripts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the reader opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = (b'<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            b'<script src="http://127.0.0.1:9/x.js"></script><!DOCTYPE x SYSTEM '
            b'"http://127.0.0.1:9/x.dtd"></head><body><img src="http://127.0.0.1:9/x.png">'
            b'<iframe src="http://127.0.0.1:9/"></iframe><script>document.write("'
            b'<table><tr><td>\xe8\xa1\x8c\xe6\x94\xbf\xe5\xa4\x8d\xe8\xae\xae</td></tr>'
            b'</table>")</script><p>x</p></body></html>')
    imported = read_document(page, ImportLimits())
    [error] = imported.errors
    assert "没有任何表格" in error.message  # the script's table was never made


# --- PDFs: every bound at its limit and one over ------------------------------------------------


@pytest.mark.parametrize("protection", PROTECTIONS, ids=PROTECTION_IDS)
def test_pages_at_the_limit_and_one_over(protection: Protection | None) -> None:
    data = pdfs.document([pdfs.text_page(["x"])] * 3, protection=protection)
    assert read_document(data, ImportLimits(max_pdf_pages=3)).errors[0].code == "not_a_report"
    with pytest.raises(DocumentTooLarge) as caught:
        read_document(data, ImportLimits(max_pdf_pages=2))
    assert "3 页" in caught.value.detail


@pytest.mark.parametrize("protection", PROTECTIONS, ids=PROTECTION_IDS)
def test_objects_at_the_limit_and_one_over(protection: Protection | None) -> None:
    # catalog, pages, 3 × (page, content), and the encryption dictionary
    data = pdfs.document([pdfs.text_page(["x"])] * 3, protection=protection)
    count = 8 if protection is None else 9
    limits = ImportLimits(max_pdf_objects=count)
    assert read_document(data, limits).errors[0].code == "not_a_report"
    with pytest.raises(DocumentTooLarge) as caught:
        read_document(data, ImportLimits(max_pdf_objects=count - 1))
    assert f"{count - 1} 个对象" in caught.value.detail


@pytest.mark.parametrize("protection", PROTECTIONS, ids=PROTECTION_IDS)
def test_decompressed_bytes_at_the_limit_and_one_over(protection: Protection | None) -> None:
    content = b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + b" " * 10_000
    data = pdfs.document([pdfs.stream(content)], protection=protection)
    size = len(content)
    limits = ImportLimits(max_pdf_decompressed_bytes=size)
    assert read_document(data, limits).errors[0].code == "not_a_report"
    with pytest.raises(DocumentTooLarge) as caught:
        read_document(data, ImportLimits(max_pdf_decompressed_bytes=size - 1))
    assert "解压后超过" in caught.value.detail


@pytest.mark.parametrize("protection", PROTECTIONS, ids=PROTECTION_IDS)
def test_page_objects_at_the_limit_and_one_over(protection: Protection | None) -> None:
    data = pdfs.million_text_objects(1_000, protection)
    assert read_document(data, ImportLimits(max_pdf_page_objects=1_000)).errors
    with pytest.raises(DocumentTooLarge):
        read_document(data, ImportLimits(max_pdf_page_objects=999))


@pytest.mark.parametrize("protection", PROTECTIONS, ids=PROTECTION_IDS)
def test_a_bomb_is_never_decompressed_past_the_limit(
    monkeypatch: pytest.MonkeyPatch, protection: Protection | None
) -> None:
    """The measure stops inflating at the limit: a 1 GB bomb costs what 64 MB does, decrypted
    first when it is encrypted."""
    import zlib

    produced = 0
    decompressobj = zlib.decompressobj

    class Counting:
        def __init__(self) -> None:
            self.inner = decompressobj()

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

        def decompress(self, data: Any, limit: int = 0) -> bytes:
            nonlocal produced
            out = self.inner.decompress(data, limit)
            produced += len(out)
            return out

    from service.pdf.read import bounds

    monkeypatch.setattr(bounds.zlib, "decompressobj", Counting)
    with pytest.raises(DocumentTooLarge):
        bounds.measure(pdfs.bomb(1024, protection), ImportLimits(max_pdf_decompressed_bytes=MIB))
    assert produced <= MIB + 1


@pytest.mark.parametrize("protection", [None, Protection("aes-256")],
                         ids=["unprotected", "aes-256"])
def test_a_heavy_pdf_within_its_limits_is_stopped_at_the_time_budget(
    make_client, protection: Protection | None
) -> None:
    """Limits raised so that a page of 300,000 text objects is read: reading it takes longer
    than a tiny budget, which answers 503 render-timeout instead of waiting."""
    limits = ImportLimits(max_pdf_page_objects=1_000_000)
    client = make_client(imports=limits, render_timeout_seconds=0.2)
    response = client.post("/api/v1/imports", data=pdfs.million_text_objects(300_000, protection),
                           content_type="application/pdf")
    assert response.status_code == 503
    assert response.get_json()["type"].endswith("render-timeout")
