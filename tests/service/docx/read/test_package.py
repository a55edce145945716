"""service.docx.read.package: the main part found as Word finds it; parts bounded; no DTDs."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from service.docx.read.package import parse_xml
from service.errors import DocumentTooLarge, DocumentUnsupported
from tests.handfilled import example_model, filled_in, read


def repacked(document: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return output.getvalue()


def test_the_main_part_is_found_through_the_package_relationships():
    def move(parts):
        parts["word/report.xml"] = parts.pop("word/document.xml")
        parts["word/_rels/report.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
        for name in ("_rels/.rels", "[Content_Types].xml"):
            parts[name] = parts[name].replace(b"document.xml", b"report.xml")

    report = example_model("2021")
    imported = read(repacked(filled_in(report), move))
    assert imported.report is not None


def test_a_part_at_the_limit_is_read_and_one_over_it_is_refused():
    document = filled_in(example_model("2021"))
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        biggest = max(info.file_size for info in archive.infolist())
    assert read(document, max_part_bytes=biggest).report is not None
    with pytest.raises(DocumentTooLarge) as caught:
        read(document, max_part_bytes=biggest - 1)
    assert "word/document.xml" in caught.value.detail


@pytest.mark.parametrize(
    ("xml", "says"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><d>&x;</d>', "DTD"),
        (b"<d><e></d>", "不是有效的 XML"),
        (b"<a>" * 300 + b"</a>" * 300, "不是有效的 XML"),  # deeper than lxml's 256 levels
        (b"\xff\xfe<d/>", "不是有效的 XML"),
    ],
)
def test_xml_with_a_dtd_malformed_or_too_deep_is_refused(xml, says):
    with pytest.raises(DocumentUnsupported) as caught:
        parse_xml(xml, "word/document.xml")
    assert says in caught.value.detail and "word/document.xml" in caught.value.detail


def test_comments_and_processing_instructions_are_dropped_while_parsing():
    root = parse_xml(b"<d><!-- note --><?pi x?><e/></d>", "part.xml")
    assert [child.tag for child in root] == ["e"]
    assert isinstance(root, etree._Element)


def test_a_document_with_a_damaged_styles_part_is_refused_naming_it():
    def damage(parts):
        parts["word/styles.xml"] = b"<w:styles"

    with pytest.raises(DocumentUnsupported) as caught:
        read(repacked(filled_in(example_model("2021")), damage))
    assert "word/styles.xml" in caught.value.detail
