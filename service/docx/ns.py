"""Word package constants: XML namespaces, content types, relationship types, ``qn`` and
``nsdecls`` — the one place these names are written (as python-docx's ``opc/constants.py`` and
``oxml/ns.py``). The reader, the template check, the starter and the PDF converter's warm-up
document all take them from here."""

from __future__ import annotations

#: Prefix → namespace URI of every XML vocabulary the service reads or writes in a package.
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
#: The WordprocessingML namespace in Clark notation, e.g. ``f"{W}p"``.
W = "{" + NAMESPACES["w"] + "}"
#: The compatibility setting's own namespace (a URI, not an XML namespace: Word 2013 mode).
WORD_COMPATIBILITY = "http://schemas.microsoft.com/office/word"


def qn(name: str) -> str:
    """Clark notation of a prefixed name: ``qn("w:tbl")`` is ``{…/main}tbl``; raises KeyError
    for an unknown prefix."""
    prefix, _, local = name.partition(":")
    return "{" + NAMESPACES[prefix] + "}" + local


def nsdecls(*prefixes: str) -> str:
    """The namespace declarations of `prefixes` for an element's start tag, ``xmlns:w="…"``
    (``xmlns="…"`` for a prefix given as ``=ct``: the default namespace); raises KeyError."""
    declared = []
    for prefix in prefixes:
        if prefix.startswith("="):
            declared.append(f'xmlns="{NAMESPACES[prefix[1:]]}"')
        else:
            declared.append(f'xmlns:{prefix}="{NAMESPACES[prefix]}"')
    return " ".join(declared)


class CT:
    """Content types of the parts of a Word package (``[Content_Types].xml``)."""

    _OFFICE = "application/vnd.openxmlformats-officedocument"
    DOCUMENT_MAIN = f"{_OFFICE}.wordprocessingml.document.main+xml"
    TEMPLATE_MAIN = f"{_OFFICE}.wordprocessingml.template.main+xml"
    MACRO_DOCUMENT_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
    MACRO_TEMPLATE_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
    STYLES = f"{_OFFICE}.wordprocessingml.styles+xml"
    SETTINGS = f"{_OFFICE}.wordprocessingml.settings+xml"
    FONT_TABLE = f"{_OFFICE}.wordprocessingml.fontTable+xml"
    FOOTER = f"{_OFFICE}.wordprocessingml.footer+xml"
    EXTENDED_PROPERTIES = f"{_OFFICE}.extended-properties+xml"
    CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
    RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
    XML = "application/xml"


#: Main-part content types of Word documents (.docx, .dotx, .docm, .dotm).
WORD_MAIN_TYPES = frozenset(
    {CT.DOCUMENT_MAIN, CT.TEMPLATE_MAIN, CT.MACRO_DOCUMENT_MAIN, CT.MACRO_TEMPLATE_MAIN}
)


class RT:
    """Relationship types (``_rels/*.rels``)."""

    OFFICE_DOCUMENT = NAMESPACES["r"] + "/officeDocument"
    STYLES = NAMESPACES["r"] + "/styles"
    SETTINGS = NAMESPACES["r"] + "/settings"
    FONT_TABLE = NAMESPACES["r"] + "/fontTable"
    FOOTER = NAMESPACES["r"] + "/footer"
    NUMBERING = NAMESPACES["r"] + "/numbering"
    EXTENDED_PROPERTIES = NAMESPACES["r"] + "/extended-properties"
    CORE_PROPERTIES = NAMESPACES["pr"] + "/metadata/core-properties"
