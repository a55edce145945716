"""service.pdf.read: a report read back from a text PDF — the service's .docx exported by
LibreOffice, the official template filled in by hand, tables broken across pages with and
without their header repeated, random reports, each also protected by a permissions password
(qpdf at every protection, LibreOffice's own export option) — exactly: every cell,
organization, year, chapters; and what is not a readable PDF (a scan, one that needs a password
to open, fonts without a Unicode map, a damaged file), named."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import load_report
from schemas.model.report import Report
from service import documents
from service.catalog import example
from service.errors import DocumentUnsupported
from service.pdf.convert.client import BrokerClient
from service.pdf.read.security import ENCRYPTED as NEEDS_PASSWORD
from tests.handfilled import (
    Filling,
    cycling,
    example_model,
    filled_in,
)
from tests.hostile import pdfs
from tests.reading_support import (
    ENCRYPTED,
    PERMISSIONS,
    QPDF_PROTECTIONS,
    exported,
    qpdf_protected,
    read,
    read_back,
)
from tests.schemas.test_properties import consistent_reports


def _longer(format_id: str, paragraphs: int) -> Report:
    """The example with its overview's first paragraph `paragraphs` times: the tables move
    down the pages and break across them at different rows."""
    document = json.loads(example(format_id))
    first = document["overview"]["paragraphs"][0]
    document["overview"]["paragraphs"] = [first] * paragraphs
    report = load_report(json.dumps(document)).report
    assert report is not None
    return report


def _without_repeated_headers(docx: bytes) -> bytes:
    """The document with no table row marked to repeat on each page (w:tblHeader)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<w:tblHeader/>", b"", data)
            target.writestr(item, data)
    return out.getvalue()


#: name -> (the report, its .docx)
CASES: dict[str, tuple[Report, bytes]] = {}


def _cases() -> dict[str, tuple[Report, bytes]]:
    if CASES:
        return CASES
    for format_id in ("2019", "2021"):
        report = example_model(format_id)
        CASES[f"ours-{format_id}"] = (report, documents.render(report))
        CASES[f"handfilled-{format_id}"] = (
            report, filled_in(report, Filling(habit=cycling(), auto_numbered=True))
        )
    # Table 2 broken after 11 rows (no header repeated); table 3 after its header and two
    # rows (its three header rows repeated on the next page), and the same without repeating.
    for paragraphs in (2, 4, 9):
        report = _longer("2021", paragraphs)
        CASES[f"broken-{paragraphs}"] = (report, documents.render(report))
    report = _longer("2021", 4)
    CASES["broken-4-no-header"] = (report, _without_repeated_headers(documents.render(report)))
    return CASES


@pytest.fixture(scope="module")
def exported_pdfs() -> dict[str, bytes]:
    """Every case's .docx as LibreOffice exports it to PDF."""
    return exported({name: docx for name, (_, docx) in _cases().items()}, "pdf")


@pytest.mark.parametrize("name", list(_cases()))
def test_a_text_pdf_reads_back_as_the_report(exported_pdfs, name):
    report, _ = _cases()[name]
    assert read_back(exported_pdfs[name]) == report


def test_the_broken_tables_are_broken_in_the_pdf(exported_pdfs):
    """The material is what it says: the tables do break across pages."""
    from service.pdf.read.extract import pages
    from service.pdf.read.layout import tables_of
    from service.reading.limits import ImportLimits

    def table_rows(name: str) -> list[list[int]]:
        return [[len(t.rows) for t in tables_of(page)]
                for page in pages(exported_pdfs[name], ImportLimits())]

    assert [11] in table_rows("broken-2") and [3, 5] in table_rows("broken-2")
    assert [14, 5] in table_rows("broken-4") and [26] in table_rows("broken-4")
    assert [14, 5] in table_rows("broken-4-no-header")
    assert [23, 4] in table_rows("broken-4-no-header")  # no header repeated: 23 rows


def test_a_pdf_typed_by_hand_warns_of_its_blank_cells(exported_pdfs):
    imported = read(exported_pdfs["handfilled-2019"])  # its zeros typed as -, /, 无 or nothing
    assert "blank_cells" in [warning.code for warning in imported.warnings]


@settings(max_examples=6, deadline=None)
@given(consistent_reports())
def test_random_reports_read_back_from_their_pdf(pdf_converter: BrokerClient, document):
    original = load_report(document).report
    assert original is not None
    pdf = pdf_converter.convert(documents.render(original))
    assert read_back(pdf) == original


#: The cases also read protected by a permissions password.
PROTECTED = ["ours-2019", "ours-2021", "handfilled-2021", "broken-4"]


@pytest.fixture(scope="module")
def protected_pdfs(exported_pdfs: dict[str, bytes]) -> dict[tuple[str, str], bytes]:
    """(case, protection) -> the case's PDF protected by a permissions password only: by qpdf
    at each of QPDF_PROTECTIONS, and by LibreOffice's own export (copying forbidden)."""
    protected = {(name, protection): qpdf_protected(exported_pdfs[name], protection)
                 for name in PROTECTED for protection in QPDF_PROTECTIONS}
    libreoffice = exported({name: _cases()[name][1] for name in PROTECTED}, "pdf", PERMISSIONS)
    protected.update({(name, "libreoffice"): pdf for name, pdf in libreoffice.items()})
    return protected


@pytest.mark.parametrize("protection", [*QPDF_PROTECTIONS, "libreoffice"])
@pytest.mark.parametrize("name", PROTECTED)
def test_a_pdf_with_a_permissions_password_reads_as_the_unprotected_one(
    exported_pdfs, protected_pdfs, name, protection
):
    protected = protected_pdfs[(name, protection)]
    assert b"/Encrypt" in protected
    assert read(protected) == read(exported_pdfs[name])
    assert read_back(protected) == _cases()[name][0]


@settings(max_examples=4, deadline=None)
@given(consistent_reports(), st.sampled_from(sorted(QPDF_PROTECTIONS)))
def test_random_reports_read_back_from_their_protected_pdf(
    pdf_converter: BrokerClient, document, protection
):
    original = load_report(document).report
    assert original is not None
    pdf = qpdf_protected(pdf_converter.convert(documents.render(original)), protection)
    assert read_back(pdf) == original


def test_a_pdf_that_needs_a_password_to_open_is_refused_as_before(exported_pdfs):
    [libreoffice] = exported({"x": documents.render(example_model("2021"))}, "pdf",
                             ENCRYPTED).values()
    with_user_password = [qpdf_protected(exported_pdfs["ours-2021"], protection, user="secret")
                          for protection in ("rc4-40", "rc4-128", "aes-128", "aes-256")]
    for pdf in [libreoffice, *with_user_password]:
        with pytest.raises(DocumentUnsupported) as caught:
            read(pdf)
        assert caught.value.detail == NEEDS_PASSWORD and caught.value.status == 415
    assert "PDF 已加密（设置了打开密码）" in NEEDS_PASSWORD


@pytest.mark.parametrize(
    ("pdf", "says"),
    [
        (pdfs.scan(), "扫描件"),
        (pdfs.document([pdfs.stream(b"")]), "没有任何文字"),
        (pdfs.without_unicode_map(), "没有文字对照表"),
        (pdfs.garbage(), "已损坏"),
    ],
    ids=["scan", "empty", "no unicode map", "damaged"],
)
def test_what_cannot_be_read_is_refused_saying_what_it_is(pdf, says):
    with pytest.raises(DocumentUnsupported) as caught:
        read(pdf)
    assert says in caught.value.detail
    assert "Word" in caught.value.detail or says == "已损坏"


def test_a_text_pdf_that_is_not_a_report_says_so():
    imported = read(pdfs.document([pdfs.text_page(["Minutes of the meeting", "Agenda"])]))
    [error] = imported.errors
    assert error.code == "not_a_report" and "PDF 中找不到" in error.message
