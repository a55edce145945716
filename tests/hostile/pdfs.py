"""Hand-made PDFs for the reader's bad-input tests: each the smallest file that shows one thing
(a scan, a bomb, a broken cross-reference table, a million text objects, a font without a
Unicode map, an encryption dictionary of every kind, right and wrong). Written byte by byte
here: no PDF library makes files this wrong.

``Protection`` encrypts them as the standard security handler does (the spec's Algorithms 2–10,
written from the spec for the tests; tests/service/pdf/read/test_security.py checks with qpdf
that its files are right), with any entry of the encryption dictionary replaced."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    """A stream object's body (Flate-compressed unless told)."""
    body = zlib.compress(data, 9) if compress else data
    flate = b"/Filter /FlateDecode " if compress else b""
    return (b"<< " + flate + extra + b"/Length " + str(len(body)).encode() + b" >>\nstream\n"
            + body + b"\nendstream")


def document(pages: Sequence[bytes], resources: bytes = b"", extra: Sequence[bytes] = (),
             xref: bool = True, trailer: bytes = b"",
             protection: Protection | None = None, catalog: bytes = b"") -> bytes:
    """A PDF of pages given as their content streams' bodies (objects 3+2n and 4+2n); `extra`
    objects follow, numbered from 3+2×pages; `resources` is every page's resource dictionary;
    `protection` encrypts its streams, its encryption dictionary the last object; `catalog`
    adds entries to the catalog."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * n) for n in range(len(pages)))
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    resources = resources or b"<< /Font << /F1 " + _HELVETICA + b" >> >>"
    for n, content in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       + resources + b" /Contents %d 0 R >>" % (4 + 2 * n))
        objects.append(content)
    objects.extend(extra)
    if protection is not None:
        objects = [protection.encrypted(body, number) for number, body in enumerate(objects, 1)]
        objects.append(protection.dictionary())
        trailer = (b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (len(objects), FILE_ID.hex().encode(),
                                                          FILE_ID.hex().encode()) + trailer)
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


def bomb(megabytes: int, protection: Protection | None = None) -> bytes:
    """A page whose content stream inflates to `megabytes` MB of spaces (a few KB on disk)."""
    return document([stream(b" " * (megabytes * 1024 * 1024))], protection=protection)


def million_text_objects(count: int = 1_000_000, protection: Protection | None = None) -> bytes:
    """One page of `count` one-letter text objects."""
    return document([stream(b"BT /F1 1 Tf 300 400 Td (a) Tj ET\n" * count)],
                    protection=protection)


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


# --- encryption -------------------------------------------------------------------------------

FILE_ID = bytes.fromhex("0123456789abcdeffedcba9876543210")
_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_STREAM = re.compile(rb"\A(.*?)stream\n(.*)\nendstream\Z", re.DOTALL)
_PERMISSIONS = -3904  # printing allowed, copying and changing not


def _rc4(key: bytes, data: bytes) -> bytes:
    return Cipher(ARC4(key), mode=None).encryptor().update(data)


def _aes_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def _hash_2b(password: bytes, salt: bytes, user: bytes = b"") -> bytes:
    """Algorithm 2.B (revision 6)."""
    digest = hashlib.sha256(password + salt + user).digest()
    rounds = 0
    while True:
        encrypted = _aes_cbc(digest[:16], digest[16:32], (password + digest + user) * 64)
        digest = [hashlib.sha256, hashlib.sha384, hashlib.sha512][
            int.from_bytes(encrypted[:16], "big") % 3](encrypted).digest()
        rounds += 1
        if rounds >= 64 and encrypted[-1] <= rounds - 32:
            return digest[:32]


@dataclass
class Protection:
    """The standard security handler with a permissions password (`owner`) and a user password
    (`user`, empty: opened without asking). `kind`: rc4-40 (V1 R2), rc4-128 (V2 R3), rc4-v4
    (V4 R4, /V2 crypt filter), aes-128 (V4 R4, /AESV2), aes-256 (V5 R6, /AESV3), aes-256-r5.
    `entries` replace, add (raw bytes by name) or remove (None) the encryption dictionary's;
    `streams` replaces how a stream's data is encrypted: (data, object number) -> bytes."""

    kind: str = "aes-128"
    user: bytes = b""
    owner: bytes = b"owner"
    encrypt_metadata: bool = True
    entries: dict[str, bytes | None] = field(default_factory=dict)
    streams: Callable[[bytes, int], bytes] | None = None

    @property
    def revision(self) -> int:
        return {"rc4-40": 2, "rc4-128": 3, "aes-256": 6, "aes-256-r5": 5}.get(self.kind, 4)

    @property
    def length(self) -> int:
        return {"rc4-40": 5, "aes-256": 32, "aes-256-r5": 32}.get(self.kind, 16)

    def _key_r4(self, password: bytes, owner_entry: bytes) -> bytes:
        """Algorithm 2."""
        digest = hashlib.md5(
            (password + _PADDING)[:32] + owner_entry
            + (_PERMISSIONS & 0xFFFFFFFF).to_bytes(4, "little") + FILE_ID
            + (b"\xff" * 4 if self.revision >= 4 and not self.encrypt_metadata else b"")
        ).digest()
        if self.revision >= 3:
            for _ in range(50):
                digest = hashlib.md5(digest[: self.length]).digest()
        return digest[: self.length]

    def _owner_r4(self) -> bytes:
        """Algorithm 3."""
        digest = hashlib.md5((self.owner + _PADDING)[:32]).digest()
        if self.revision >= 3:
            for _ in range(50):
                digest = hashlib.md5(digest).digest()
        key = digest[: self.length]
        result = _rc4(key, (self.user + _PADDING)[:32])
        if self.revision >= 3:
            for step in range(1, 20):
                result = _rc4(bytes(byte ^ step for byte in key), result)
        return result

    def _user_r4(self, key: bytes) -> bytes:
        """Algorithms 4 and 5."""
        if self.revision == 2:
            return _rc4(key, _PADDING)
        result = _rc4(key, hashlib.md5(_PADDING + FILE_ID).digest())
        for step in range(1, 20):
            result = _rc4(bytes(byte ^ step for byte in key), result)
        return result + bytes(16)

    def _aes256(self) -> dict[str, bytes]:
        """Algorithms 8, 9 and 10 with a fixed file key and salts."""
        key = bytes(range(32))
        hashed = _hash_2b if self.revision == 6 else (
            lambda password, salt, user=b"": hashlib.sha256(password + salt + user).digest())
        user = hashed(self.user, b"uvsaltuv") + b"uvsaltuv" + b"uksaltuk"
        owner = hashed(self.owner, b"ovsaltov", user) + b"ovsaltov" + b"oksaltok"
        perms = ((_PERMISSIONS & 0xFFFFFFFF).to_bytes(4, "little") + b"\xff" * 4
                 + (b"T" if self.encrypt_metadata else b"F") + b"adb" + b"rand")
        ecb = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
        return {
            "key": key, "U": user, "O": owner,
            "UE": _aes_cbc(hashed(self.user, b"uksaltuk"), bytes(16), key),
            "OE": _aes_cbc(hashed(self.owner, b"oksaltok", user), bytes(16), key),
            "Perms": ecb.update(perms) + ecb.finalize(),
        }

    def _values(self) -> dict[str, bytes]:
        """The file key and the /O, /U (and /OE, /UE, /Perms) strings."""
        if self.revision >= 5:
            return self._aes256()
        owner = self._owner_r4()
        key = self._key_r4(self.user, owner)
        return {"key": key, "O": owner, "U": self._user_r4(key)}

    def key(self) -> bytes:
        """The file key."""
        return self._values()["key"]

    def dictionary(self) -> bytes:
        """The encryption dictionary, `entries` applied."""
        values = self._values()
        method = {"rc4-v4": b"/V2", "aes-128": b"/AESV2"}.get(self.kind, b"/AESV3")
        entries: dict[str, bytes | None] = {
            "Filter": b"/Standard",
            "V": {"rc4-40": b"1", "rc4-128": b"2"}.get(self.kind, b"5" if self.revision >= 5
                                                      else b"4"),
            "R": b"%d" % self.revision,
            "Length": b"%d" % (self.length * 8),
            "P": b"%d" % _PERMISSIONS,
        }
        entries.update({name: b"<" + value.hex().encode() + b">"
                        for name, value in values.items() if name != "key"})
        if self.revision >= 4:
            entries["CF"] = (b"<< /StdCF << /AuthEvent /DocOpen /CFM " + method
                             + b" /Length %d >> >>" % self.length)
            entries["StmF"] = entries["StrF"] = b"/StdCF"
        if not self.encrypt_metadata:
            entries["EncryptMetadata"] = b"false"
        entries.update(self.entries)
        return b"<< " + b" ".join(b"/" + name.encode() + b" " + value
                                  for name, value in entries.items() if value is not None) + b" >>"

    def encrypted(self, body: bytes, number: int) -> bytes:
        """An object's body with its stream's data encrypted (its /Length updated)."""
        match = _STREAM.match(body)
        if match is None:
            return body
        header, data = match.groups()
        secret = (self.stream if self.streams is None else self.streams)(data, number)
        header = re.sub(rb"/Length [0-9]+", b"/Length %d" % len(secret), header)
        return header + b"stream\n" + secret + b"\nendstream"

    def stream(self, data: bytes, number: int, padding: bytes | None = None,
               iv: bytes = b"0123456789abcdef") -> bytes:
        """A stream's data encrypted for object `number` (generation 0); `padding` replaces
        AES's."""
        key = self.key()
        if self.revision < 5:
            salt = b"sAlT" if self.kind == "aes-128" else b""
            key = hashlib.md5(key + number.to_bytes(3, "little") + b"\0\0" + salt).digest()[
                : min(self.length + 5, 16)]
            if self.kind != "aes-128":
                return _rc4(key, data)
        fill = 16 - len(data) % 16
        return iv + _aes_cbc(key, iv, data + (bytes([fill]) * fill if padding is None
                                              else padding))
