"""A PDF measured before any PDF library opens it: its objects and what its streams decompress to.

The bytes are scanned once for ``N G obj`` headers (objects; an object stream counts the
objects it declares) and ``stream`` keywords; each stream's data (its direct or indirect
``/Length``, else up to its ``endstream``) is run through its filters — Flate, LZW and
RunLength decoded by bounded decoders that stop at the limit, ASCIIHex and ASCII85 decoded —
and its decompressed bytes added up, as are the text-showing and path operators a stream of
page content holds (a page of a million tiny text objects is refused here, unbuilt). Image
streams are not counted: text extraction never decodes them. So a decompression bomb costs at
most the limit's worth of inflating, and a PDF over a limit is refused before pdfium builds
anything.

An encrypted PDF is refused (its streams cannot be measured without decrypting them, and a
report is never published encrypted for a reason the service can honour).
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from service.errors import DocumentTooLarge, DocumentUnsupported
from service.reading.limits import ImportLimits

ENCRYPTED = (
    "PDF 已加密（设置了打开密码或权限密码），无法读取。请上传报告的 Word 文档或数据工作簿，"
    "或在编辑器中录入 / the PDF is encrypted: upload the Word document or the workbook, or type "
    "the report into the editor"
)
#: An object's header ending where ``obj`` was found (found first with bytes.find: C speed
#: over a file of compressed binary, where a regex tried at every digit is ten times slower).
_OBJECT = re.compile(rb"(?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+\Z")
_HEADER_REACH = 40
_STREAM_EOL = re.compile(rb"\r\n|\n|\r")
_FILTER = re.compile(rb"/Filter\s*(?:/([A-Za-z0-9]+)|\[([^\]]*)\])")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length\s+(?:([0-9]{1,12})\s+([0-9]{1,5})\s+R|([0-9]{1,12}))(?![0-9])")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
#: What a stream that is no page content says of itself: a font program (/Length1…, a
#: /Subtype other than a form's), a cross-reference or object stream, metadata, a file.
_NOT_CONTENT = re.compile(
    rb"/Length[123]\b|/Subtype\s*/(?!Form\b)|/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)\b"
)
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_COUNT = re.compile(rb"/N\s+([0-9]{1,10})(?![0-9])")
_ENCRYPT = re.compile(rb"/Encrypt\s*(?:[0-9]+\s+[0-9]+\s+R|<<)")
#: How far back from ``stream`` its dictionary may start.
_DICTIONARY_REACH = 16 * 1024
_CHUNK = 64 * 1024
#: Operators that make a page object: text shown (Tj, TJ, ', ") and paths painted.
_OPERATORS = re.compile(rb"(?<![A-Za-z])(?:Tj|TJ|re|Do|BI)(?![A-Za-z])")


@dataclass(frozen=True, slots=True)
class Measure:
    """What a PDF holds, as counted."""

    objects: int
    decompressed: int
    operators: int
    """Text-showing and path operators in the stream that has the most."""


class _OverLimit(Exception):
    """A decoder passed its budget."""


def measure(data: bytes, limits: ImportLimits) -> Measure:
    """Count a PDF's objects, decompressed bytes and page operators; raises DocumentTooLarge
    at the first limit passed, DocumentUnsupported for an encrypted PDF."""
    objects = 0
    lengths: dict[tuple[int, int], int] = {}
    for found in _keyword(data, b"obj"):
        after = data[found + 3 : found + 4]
        match = _OBJECT.search(data, max(0, found - _HEADER_REACH), found)
        if match is None or (after and (after.isalnum() or after == b"_")):
            continue
        objects += 1
        tail = data[found + 3 : found + 3 + 32].lstrip()
        number = re.match(rb"([0-9]{1,12})\s+endobj", tail)
        if number is not None:
            lengths[(int(match.group(1)), int(match.group(2)))] = int(number.group(1))
    if b"/Encrypt" in data and _ENCRYPT.search(data):
        raise DocumentUnsupported(ENCRYPTED)
    budget = limits.max_pdf_decompressed_bytes
    decompressed = 0
    most_operators = 0
    position = 0
    for keyword in _keyword(data, b"stream"):
        eol = _STREAM_EOL.match(data, keyword + 6)
        if keyword < position or eol is None or data[keyword - 1 : keyword].isalpha():
            continue  # inside the data of the stream before, or endstream, or no keyword
        start = eol.end()
        header = _dictionary(data, keyword)
        if _OBJECT_STREAM.search(header):
            count = _COUNT.search(header)
            objects += int(count.group(1)) if count else 0
        if objects > limits.max_pdf_objects:
            break
        end = _stream_end(data, start, header, lengths)
        position = end
        if _IMAGE.search(header):
            continue
        try:
            size, operators = _decoded(
                data[start:end], _filters(header), budget - decompressed,
                count=_NOT_CONTENT.search(header) is None,
            )
        except _OverLimit:
            raise _too_large(
                f"PDF 的内容解压后超过 {limits.max_pdf_decompressed_bytes} 字节",
                f"the PDF decompresses to more than {limits.max_pdf_decompressed_bytes} bytes",
            ) from None
        decompressed += size
        most_operators = max(most_operators, operators)
        if operators > limits.max_pdf_page_objects:
            raise _too_large(
                f"PDF 的一页内容有超过 {limits.max_pdf_page_objects} 个对象（文字、线条）",
                f"a page of the PDF has more than {limits.max_pdf_page_objects} objects",
            )
    if objects > limits.max_pdf_objects:
        raise _too_large(
            f"PDF 有超过 {limits.max_pdf_objects} 个对象",
            f"the PDF has more than {limits.max_pdf_objects} objects",
        )
    return Measure(objects, decompressed, most_operators)


def _keyword(data: bytes, word: bytes) -> Iterator[int]:
    """Every position of `word` in `data`, in order."""
    found = data.find(word)
    while found >= 0:
        yield found
        found = data.find(word, found + len(word))


def _too_large(chinese: str, english: str) -> DocumentTooLarge:
    """The refusal of a PDF over a limit."""
    return DocumentTooLarge(f"{chinese}，超出读取上限 / {english}, over the reading limit")


def _dictionary(data: bytes, keyword: int) -> bytes:
    """The bytes of a stream's dictionary: from its object's ``obj`` to ``stream``."""
    low = max(0, keyword - _DICTIONARY_REACH)
    found = data.rfind(b"obj", low, keyword)
    return data[(found if found >= 0 else low) : keyword]


def _stream_end(
    data: bytes, start: int, header: bytes, lengths: dict[tuple[int, int], int]
) -> int:
    """Where a stream's data ends: its /Length when it is usable, else its ``endstream``."""
    match = _LENGTH.search(header)
    length: int | None = None
    if match is not None:
        if match.group(3) is not None:
            length = int(match.group(3))
        else:
            length = lengths.get((int(match.group(1)), int(match.group(2))))
    if length is not None and start + length <= len(data):
        return start + length
    found = data.find(b"endstream", start)
    return len(data) if found < 0 else found


def _filters(header: bytes) -> list[bytes]:
    """A stream's filter names in order."""
    match = _FILTER.search(header)
    if match is None:
        return []
    if match.group(1) is not None:
        return [match.group(1)]
    return _NAME.findall(match.group(2))


def _decoded(
    raw: bytes, filters: list[bytes], budget: int, *, count: bool = True
) -> tuple[int, int]:
    """(decompressed size, operators counted when `count`: a stream that may be page content)
    of a stream's data through its filters; raises _OverLimit past `budget` bytes."""
    data = raw
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            data = _inflate(data, budget)
        elif name in (b"LZWDecode", b"LZW"):
            data = _lzw(data, budget)
        elif name in (b"RunLengthDecode", b"RL"):
            data = _run_length(data, budget)
        elif name in (b"ASCIIHexDecode", b"AHx"):
            data = _hex(data)
        elif name in (b"ASCII85Decode", b"A85"):
            data = _ascii85(data)
        else:
            break  # image codecs (DCT, JPX, CCITT, JBIG2): decoded only to draw
        if len(data) > budget:
            raise _OverLimit()
    return len(data), len(_OPERATORS.findall(data)) if count else 0


def _inflate(data: bytes, budget: int) -> bytes:
    """Flate data decompressed, never past `budget` bytes (raises _OverLimit); what a damaged
    stream gives before its damage."""
    decompressor = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    view = memoryview(data)
    for offset in range(0, len(data), _CHUNK):
        try:
            piece = decompressor.decompress(view[offset : offset + _CHUNK], budget - size + 1)
            while True:
                size += len(piece)
                if size > budget:
                    raise _OverLimit()
                out.append(piece)
                if not decompressor.unconsumed_tail:
                    break
                piece = decompressor.decompress(decompressor.unconsumed_tail, budget - size + 1)
        except zlib.error:
            break
        if decompressor.eof:
            break
    return b"".join(out)


def _lzw(data: bytes, budget: int) -> bytes:
    """LZW data (PDF's, early change) decoded, never past `budget` bytes (raises _OverLimit)."""
    out = bytearray()
    table: list[bytes] = [bytes([n]) for n in range(256)] + [b"", b""]
    width, buffer, bits = 9, 0, 0
    previous: bytes | None = None
    for byte in data:
        buffer = (buffer << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                table, width, previous = table[:258], 9, None
                continue
            if code == 257:
                return bytes(out)
            if code < len(table):
                entry = table[code]
            elif previous is not None and code == len(table):
                entry = previous + previous[:1]
            else:
                return bytes(out)
            out += entry
            if len(out) > budget:
                raise _OverLimit()
            if previous is not None and len(table) < 4096:
                table.append(previous + entry[:1])
            previous = entry
            if len(table) + 1 >= (1 << width) and width < 12:
                width += 1
    return bytes(out)


def _run_length(data: bytes, budget: int) -> bytes:
    """RunLength data decoded, never past `budget` bytes (raises _OverLimit)."""
    out = bytearray()
    index = 0
    while index < len(data):
        length = data[index]
        if length == 128:
            break
        if length < 128:
            out += data[index + 1 : index + 2 + length]
            index += length + 2
        else:
            out += data[index + 1 : index + 2] * (257 - length)
            index += 2
        if len(out) > budget:
            raise _OverLimit()
    return bytes(out)


def _hex(data: bytes) -> bytes:
    """ASCIIHex data decoded (up to its ``>``)."""
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _ascii85(data: bytes) -> bytes:
    """ASCII85 data decoded (up to its ``~>``); what it holds before a damage."""
    body = re.sub(rb"\s", b"", data.split(b"~>", 1)[0]).removeprefix(b"<~")
    try:
        return base64.a85decode(body)
    except ValueError:
        return b""
