"""A .docx opened defensively: only the parts the reader needs, each bounded, XML without DTDs.

The zip itself was checked by service.reading.safezip (entry count, total size, compression ratio).
Here the main document part is found the way Word finds it (the package relationships, its content
type), and it, its styles and its list definitions are read: at most ``max_part_bytes`` each, parsed
with entities, DTDs and network access off and lxml's limits on depth and text size on. A part with
a DOCTYPE is refused: Word never writes one, and a DTD is how XML bombs and external entities
arrive. Macros and embedded objects are never opened.
"""

from __future__ import annotations

import logging
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from service.docx.ns import CT, W, qn
from service.errors import DocumentTooLarge, DocumentUnsupported
from service.reading.limits import ImportLimits
from service.reading.safezip import EntryUnreadable, read_entry

log = logging.getLogger(__name__)

_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"
_NUMBERING = "/numbering"
_CORE_PROPERTIES = "/metadata/core-properties"
_MACRO_TYPES = frozenset({CT.MACRO_DOCUMENT_MAIN, CT.MACRO_TEMPLATE_MAIN})


@dataclass(frozen=True, slots=True)
class Package:
    """The parts of a Word document the reader uses."""

    document: etree._Element
    styles: etree._Element | None
    numbering: etree._Element | None
    macros: bool
    """The document carries macros (a .docm, or a vbaProject part): they were not opened."""
    creator: str | None
    """dc:creator of the core properties (the service writes the organization there)."""


@dataclass(frozen=True, slots=True)
class MainPart:
    """The package's main part as its relationships and content types declare it."""

    name: str
    """Its zip entry name, e.g. ``word/document.xml``."""
    content_type: str
    """Its declared content type ("" when none is declared)."""
    core_properties: str | None
    """The entry name of the core properties, None when there are none."""


def main_part(archive: zipfile.ZipFile, limits: ImportLimits) -> MainPart:
    """The package's main part (``word/document.xml`` for a Word document, ``xl/workbook.xml``
    for a workbook); raises DocumentUnsupported when there is none, DocumentTooLarge for a
    part over the limit."""
    relationships = _read_xml(archive, "_rels/.rels", limits)
    target = None if relationships is None else _target(relationships, _OFFICE_DOCUMENT, "")
    if relationships is None or target is None:
        raise DocumentUnsupported(
            "压缩包中没有 Office 文档的正文部分，不是 Word 文档 / "
            "the zip holds no Office main part: not a Word document"
        )
    types = _read_xml(archive, "[Content_Types].xml", limits)
    return MainPart(
        target, _content_type(types, target), _target(relationships, _CORE_PROPERTIES, "")
    )


def read_package(archive: zipfile.ZipFile, main: MainPart, limits: ImportLimits) -> Package:
    """Read a Word document's main part, styles, lists and creator; raises DocumentUnsupported,
    DocumentTooLarge."""
    document = _read_xml(archive, main.name, limits)
    if document is None or document.find(f"{W}body") is None:
        raise DocumentUnsupported("Word 文档没有正文 / the Word document has no body")
    folder = posixpath.dirname(main.name)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(main.name) + ".rels")
    relationships = _read_xml(archive, rels_name, limits)
    styles = numbering = None
    if relationships is not None:
        styles_part = _target(relationships, _STYLES, folder)
        numbering_part = _target(relationships, _NUMBERING, folder)
        styles = None if styles_part is None else _read_xml(archive, styles_part, limits)
        numbering = None if numbering_part is None else _read_xml(archive, numbering_part, limits)
    macros = main.content_type in _MACRO_TYPES or any(
        posixpath.basename(name).lower() == "vbaproject.bin" for name in archive.namelist()
    )
    properties = (
        None if main.core_properties is None else
        _read_xml(archive, main.core_properties, limits)
    )
    found = None if properties is None else properties.find(qn("dc:creator"))
    creator = None if found is None or not found.text else found.text
    return Package(document, styles, numbering, macros, creator)


def _target(relationships: etree._Element, kind: str, folder: str) -> str | None:
    """The part a relationship of type ``…/kind`` points to, as a zip entry name."""
    for relationship in relationships.iterfind(qn("pr:Relationship")):
        if relationship.get("TargetMode") == "External":
            continue
        if (relationship.get("Type") or "").endswith(kind):
            target = relationship.get("Target") or ""
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(
                folder, target
            )
            return posixpath.normpath(joined)
    return None


def _content_type(types: etree._Element | None, part: str) -> str:
    """The content type the package declares for `part` ("" when it declares none)."""
    if types is None:
        return ""
    for override in types.iterfind(qn("ct:Override")):
        if (override.get("PartName") or "").lstrip("/") == part:
            return override.get("ContentType") or ""
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    for default in types.iterfind(qn("ct:Default")):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType") or ""
    return ""


def _read_xml(
    archive: zipfile.ZipFile, name: str, limits: ImportLimits
) -> etree._Element | None:
    """Parse one part, None when the package has no such part; raises DocumentTooLarge or
    DocumentUnsupported."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limits.max_part_bytes:
        raise DocumentTooLarge(
            f"文档中的 {name} 解压后有 {info.file_size} 字节，超过上限 "
            f"{limits.max_part_bytes} 字节 / {name} is {info.file_size} bytes uncompressed, "
            f"more than {limits.max_part_bytes}"
        )
    try:
        data = read_entry(archive, info)
    except EntryUnreadable as exc:
        raise DocumentUnsupported(f"{name}：{exc.message}") from None
    return parse_xml(data, name)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse an XML part without entities, DTDs or network; raises DocumentUnsupported for
    malformed XML, a DOCTYPE, or a tree over lxml's depth and size limits."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        log.info("unreadable XML in %s: %s", name, exc)
        raise DocumentUnsupported(
            f"文档中的 {name} 不是有效的 XML（已损坏或过深、过大），无法读取 / "
            f"{name} is not well-formed XML (damaged, too deep or too large)"
        ) from None
    if root.getroottree().docinfo.doctype:
        raise DocumentUnsupported(
            f"文档中的 {name} 含有 DTD（<!DOCTYPE>），Word 不会生成这种内容，已拒绝读取 / "
            f"{name} declares a DTD, which Word never writes: refused"
        )
    return root
