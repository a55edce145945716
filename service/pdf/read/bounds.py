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

An encrypted PDF is measured decrypted (``security``): one protected by a permissions password
only is opened with the empty user password, as every viewer opens it, each stream decrypted
before its filters; one that needs a password to open is refused. A stream pdfium may read
undecrypted (a cross-reference or object stream, metadata left unencrypted, an object the
encryption dictionary uses) is measured both ways, the larger counted.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from service.errors import DocumentTooLarge
from service.pdf.read.security import Decryption, standard_security, unreadable
from service.reading.limits import ImportLimits

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
_NAME_ESCAPE = re.compile(rb"(?<=[A-Za-z0-9/])#([0-9A-Fa-f]{2})")
_FIRST = re.compile(rb"/First\s+([0-9]{1,10})(?![0-9])")
#: Streams pdfium may read undecrypted: cross-reference and object streams (an object stream
#: read before the encryption is known could hold the encryption dictionary), metadata.
_MAY_BE_PLAIN = re.compile(rb"/Type\s*/(?:XRef|ObjStm|Metadata)\b")
_METADATA = re.compile(rb"/Type\s*/Metadata\b")
_EOL_BEFORE = re.compile(rb"(?:\r\n|\n|\r)\Z")
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
    revision: int = -1
    """The security handler's revision (``/R``) of an encrypted PDF, else -1 (as pdfium)."""


class _OverLimit(Exception):
    """A decoder passed its budget."""


def measure(data: bytes, limits: ImportLimits) -> Measure:
    """Count a PDF's objects, decompressed bytes and page operators (its streams decrypted when
    it is encrypted); raises DocumentTooLarge at the first limit passed, DocumentUnsupported
    for a PDF that needs a password to open or whose encryption cannot be read."""
    objects = 0
    lengths: dict[tuple[int, int], int] = {}
    starts: dict[int, list[int]] = {}
    for found in _keyword(data, b"obj"):
        after = data[found + 3 : found + 4]
        match = _OBJECT.search(data, max(0, found - _HEADER_REACH), found)
        if match is None or (after and (after.isalnum() or after == b"_")):
            continue
        objects += 1
        starts.setdefault(int(match.group(1)), []).append(found + 3)
        tail = data[found + 3 : found + 3 + 32].lstrip()
        number = re.match(rb"([0-9]{1,12})\s+endobj", tail)
        if number is not None:
            lengths[(int(match.group(1)), int(match.group(2)))] = int(number.group(1))
    decryption = standard_security(data, starts)
    budget = limits.max_pdf_decompressed_bytes
    decompressed = 0
    most_operators = 0
    position = 0
    for keyword in _keyword(data, b"stream"):
        eol = _STREAM_EOL.match(data, keyword + 6)
        if keyword < position or eol is None or data[keyword - 1 : keyword].isalpha():
            continue  # inside the data of the stream before, or endstream, or no keyword
        start = eol.end()
        header, owner = _dictionary(data, keyword)
        object_stream = _OBJECT_STREAM.search(header) is not None
        if object_stream:
            count = _COUNT.search(header)
            objects += int(count.group(1)) if count else 0
        if objects > limits.max_pdf_objects:
            break
        end = _stream_end(data, start, header, lengths)
        position = end
        if _IMAGE.search(header):
            continue
        readings = [data[start:end]]
        if decryption is not None:
            readings = _decrypted(readings[0], header, owner, decryption)
        try:
            decoded = [_decoded(reading, _filters(header), budget - decompressed)
                       for reading in readings]
        except _OverLimit:
            raise _too_large(
                f"PDF 的内容解压后超过 {limits.max_pdf_decompressed_bytes} 字节",
                f"the PDF decompresses to more than {limits.max_pdf_decompressed_bytes} bytes",
            ) from None
        if decryption is not None and object_stream:
            _refuse_hidden(decoded, header, decryption)
        decompressed += max(len(reading) for reading in decoded)
        count_operators = _NOT_CONTENT.search(header) is None
        operators = max(len(_OPERATORS.findall(reading)) if count_operators else 0
                        for reading in decoded)
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
    return Measure(objects, decompressed, most_operators,
                   decryption.revision if decryption is not None else -1)


def _decrypted(
    raw: bytes, header: bytes, owner: tuple[int, int] | None, decryption: Decryption
) -> list[bytes]:
    """What an encrypted PDF's stream may be read as: decrypted, and undecrypted too when
    pdfium may read it so (then decrypted as leniently as pdfium decrypts); raises
    DocumentUnsupported for a stream of no object or AES data that is not whole blocks or
    badly padded."""
    if owner is None:
        raise unreadable("有数据流不属于任何对象，无法解密",
                         "a stream belongs to no object and cannot be decrypted")
    if b"Crypt" in _filters(header):
        raise unreadable("数据流使用了自己的加密过滤器 /Crypt", "a stream has a /Crypt filter")
    number, generation = owner
    may_be_plain = number in decryption.plain_objects or (
        _MAY_BE_PLAIN.search(header) is not None
        and (decryption.encrypt_metadata is False or _METADATA.search(header) is None)
    )
    if may_be_plain:
        return [raw, decryption.stream(raw, number, generation, lenient=True)]
    return [decryption.stream(raw, number, generation)]


def _refuse_hidden(decoded: list[bytes], header: bytes, decryption: Decryption) -> None:
    """Refuse an object stream that declares an object the encryption dictionary uses (pdfium
    would read it there, undecrypted, unmeasured); raises DocumentUnsupported."""
    first = _FIRST.search(header)
    if first is None:
        return
    for reading in decoded:
        numbers = re.findall(rb"[0-9]{1,10}", reading[: int(first.group(1))])
        declared = {int(number) for number in numbers[::2]}
        if declared & decryption.plain_objects:
            raise unreadable("加密字典用到的对象放在了对象流中",
                             "an object of the encryption dictionary is inside an object stream")


def _keyword(data: bytes, word: bytes) -> Iterator[int]:
    """Every position of `word` in `data`, in order."""
    found = data.find(word)
    while found >= 0:
        yield found
        found = data.find(word, found + len(word))


def _too_large(chinese: str, english: str) -> DocumentTooLarge:
    """The refusal of a PDF over a limit."""
    return DocumentTooLarge(f"{chinese}，超出读取上限 / {english}, over the reading limit")


def _dictionary(data: bytes, keyword: int) -> tuple[bytes, tuple[int, int] | None]:
    """The bytes of a stream's dictionary (from its object's ``obj`` to ``stream``) and its
    object's number and generation when its header is found."""
    low = max(0, keyword - _DICTIONARY_REACH)
    found = data.rfind(b"obj", low, keyword)
    if found < 0:
        return _unescaped(data[low:keyword]), None
    header = _OBJECT.search(data, max(0, found - _HEADER_REACH), found)
    owner = (int(header.group(1)), int(header.group(2))) if header is not None else None
    return _unescaped(data[found:keyword]), owner


def _unescaped(dictionary: bytes) -> bytes:
    """A dictionary's bytes with the ``#xx`` escapes of its names decoded, as pdfium reads them
    (``/Flat#65Decode`` is ``/FlateDecode``: a bomb must not pass the measure under it)."""
    if b"#" not in dictionary:
        return dictionary
    return _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), dictionary)


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
    if found < 0:
        return len(data)
    eol = _EOL_BEFORE.search(data, start, found)  # the end of line before endstream is no data
    return eol.start() if eol is not None else found


def _filters(header: bytes) -> list[bytes]:
    """A stream's filter names in order."""
    match = _FILTER.search(header)
    if match is None:
        return []
    if match.group(1) is not None:
        return [match.group(1)]
    return _NAME.findall(match.group(2))


def _decoded(raw: bytes, filters: list[bytes], budget: int) -> bytes:
    """A stream's data through its filters (up to the first that only an image needs); raises
    _OverLimit past `budget` bytes."""
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
    return data


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
