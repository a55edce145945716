"""Hostile and wrong documents for the import suites, built in code (nothing binary stored):
a zip bomb, billion laughs, an external entity, a 50 MB image, a .docm, an encrypted Word file,
a .doc, a renamed .xlsx."""

from __future__ import annotations

import io
import os
import struct
import zipfile

W_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
OFFICE_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
              "officeDocument")
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
         f'Type="{OFFICE_REL}" Target="word/document.xml"/></Relationships>')


def content_types(main: str = W_MAIN, extra: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{extra}<Override PartName="/word/document.xml" '
            f'ContentType="{main}"/></Types>')


def package(document: bytes, *, main: str = W_MAIN,
            extra: dict[str, bytes] | None = None, stored: frozenset[str] = frozenset(),
            extra_types: str = "") -> bytes:
    """A minimal .docx around a document.xml (and extra parts)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(main, extra_types))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return output.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def zip_bomb(uncompressed: int = 64 * 1024 * 1024) -> bytes:
    """A document.xml of mostly spaces: a tiny entry that inflates ~1000 times."""
    body = (f'<w:document {_W}><w:body><w:p><w:r><w:t>'.encode() + b" " * uncompressed
            + b"</w:t></w:r></w:p></w:body></w:document>")
    return package(body)


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    ]
    document = (f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(entities)}]>'
                f'<w:document {_W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>'
                "</w:document>")
    return package(document.encode())


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    document = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{target}">]>'
                f'<w:document {_W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
                "</w:document>")
    return package(document.encode())


def with_large_image(docx: bytes, size: int = 50 * 1024 * 1024) -> bytes:
    """A real report with an incompressible image of `size` bytes added (stored, not deflated)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        archive.writestr(zipfile.ZipInfo("word/media/image1.png"), os.urandom(size),
                         compress_type=zipfile.ZIP_STORED)
    return output.getvalue()


def as_docm(docx: bytes) -> bytes:
    """A real report saved as .docm: macro-enabled main part and a vbaProject.bin."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(W_MAIN.encode(), MACRO_MAIN.encode())
            archive.writestr(item, data)
        archive.writestr("word/vbaProject.bin", compound_file(["VBA", "dir", "PROJECT"]))
    return output.getvalue()


def compound_file(names: list[str]) -> bytes:
    """A minimal OLE compound file (CFB v3) whose directory holds empty streams `names`."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, 2^9
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)
    entries = ["Root Entry", *names]
    directory = bytearray()
    for index, name in enumerate(entries):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0:len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = 5 if index == 0 else 2  # root storage / stream
        entry[67] = 1  # black
        right = index + 1 if 0 < index < len(entries) - 1 else 0xFFFFFFFF
        child = 1 if index == 0 and len(entries) > 1 else 0xFFFFFFFF
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory += entry
    directory += bytes(sector - len(directory) % sector if len(directory) % sector else 0)
    return bytes(header + fat + directory)


def encrypted_word() -> bytes:
    """What Word writes for a .docx with an open password: an OLE file, the package encrypted."""
    return compound_file(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])


def word_97() -> bytes:
    """A .doc (Word 97–2003) file."""
    return compound_file(["WordDocument", "1Table", "\x05SummaryInformation"])


def renamed_xlsx() -> bytes:
    """An Excel workbook (any spreadsheet) saved under a .docx name."""
    output = io.BytesIO()
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="xml" ContentType="application/'
            f'xml"/><Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>')
        archive.writestr(
            "_rels/.rels",
            _RELS.replace("word/document.xml", "xl/workbook.xml"))
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/'
                         'spreadsheetml/2006/main"><sheets/></workbook>')
    return output.getvalue()
