"""Hand-made PDFs for the reader's bad-input tests: each the smallest file that shows one thing
(a scan, a bomb, a broken cross-reference table, a million text objects, a font without a
Unicode map). Written byte by byte here: no PDF library makes files this wrong."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    """A stream object's body (Flate-compressed unless told)."""
    body = zlib.compress(data, 9) if compress else data
    flate = b"/Filter /FlateDecode " if compress else b""
    return (b"<< " + flate + extra + b"/Length " + str(len(body)).encode() + b" >>\nstream\n"
            + body + b"\nendstream")


def document(pages: Sequence[bytes], resources: bytes = b"", extra: Sequence[bytes] = (),
             xref: bool = True, trailer: bytes = b"") -> bytes:
    """A PDF of pages given as their content streams' bodies (objects 3+2n and 4+2n); `extra`
    objects follow, numbered from 3+2×pages; `resources` is every page's resource dictionary."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * n) for n in range(len(pages)))
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    resources = resources or b"<< /Font << /F1 " + _HELVETICA + b" >> >>"
    for n, content in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       + resources + b" /Contents %d 0 R >>" % (4 + 2 * n))
        objects.append(content)
    objects.extend(extra)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer
            + b">>\nstartxref\n%d\n%%%%EOF\n" % start)
    return bytes(out)


def text_page(lines: Sequence[str], font: bytes = b"/F1", size: int = 12) -> bytes:
    """A content stream showing lines of Latin text."""
    body = b"".join(
        b"BT %s %d Tf 72 %d Td (%s) Tj ET\n" % (font, size, 770 - 20 * n, line.encode("latin-1"))
        for n, line in enumerate(lines)
    )
    return stream(body)


def scan(pages: int = 2) -> bytes:
    """A scanned document: each page one picture, no text at all."""
    pixels = bytes(range(256)) * 48
    image = stream(pixels, b"/Type /XObject /Subtype /Image /Width 128 /Height 96 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8 ")
    number = 3 + 2 * pages
    resources = b"<< /XObject << /Im1 %d 0 R >> >>" % number
    content = stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q\n")
    return document([content] * pages, resources, [image])


def bomb(megabytes: int) -> bytes:
    """A page whose content stream inflates to `megabytes` MB of spaces (a few KB on disk)."""
    return document([stream(b" " * (megabytes * 1024 * 1024))])


def million_text_objects(count: int = 1_000_000) -> bytes:
    """One page of `count` one-letter text objects."""
    return document([stream(b"BT /F1 1 Tf 300 400 Td (a) Tj ET\n" * count)])


def broken_xref() -> bytes:
    """A text PDF whose cross-reference table points nowhere (offsets all wrong)."""
    good = document([text_page(["Hello"])])
    head, _, tail = good.partition(b"xref\n")
    table, _, rest = tail.partition(b"trailer")
    broken = b"".join(
        line[:10].replace(b"0", b"9") + line[10:] if line.endswith(b" n ") else line
        for line in table.split(b"\n")
    )
    return head + b"xref\n" + broken.replace(b"\n", b"\n") + b"trailer" + rest


def garbage() -> bytes:
    """Bytes that say PDF and are nothing else."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 64


def without_unicode_map(characters: int = 200) -> bytes:
    """A page of text in a CID font with Identity-H encoding, no ToUnicode map and no font
    program: the glyphs are shown, what they say cannot be known."""
    codes = b"".join(b"%04X" % (0x1000 + n) for n in range(characters))
    content = stream(b"BT /F1 12 Tf 72 700 Td <" + codes + b"> Tj ET\n")
    descendant = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  b"/FontDescriptor 6 0 R /DW 1000 >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 0 1000 1000]"
                  b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H " \
           b"/DescendantFonts [5 0 R] >>"
    resources = b"<< /Font << /F1 7 0 R >> >>"
    return document([content], resources, [descendant, descriptor, font])
