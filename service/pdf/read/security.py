"""The standard security handler: a PDF protected only by a permissions (owner) password is
opened with the empty user password, as every viewer opens it without asking; one that needs a
password to open, or whose encryption cannot be read, is refused.

``standard_security`` finds the encryption dictionary the trailers name (one, defined once),
reads it within bounds (``syntax``), derives the file key from the empty user password and
checks it against ``/U`` as the spec's algorithms do — RC4 (``/V`` 1, 2; ``/R`` 2, 3; 40–128
bits), crypt filters (``/V`` 4: ``/V2`` RC4, ``/AESV2`` AES-128, ``/Identity``) and AES-256
(``/V`` 5, ``/R`` 5 and 6, ``/AESV3``, with ``/Perms``). The ``Decryption`` it returns decrypts
each stream for the measure (``bounds``), so every bound holds on what pdfium will decode.

Where pdfium, which then opens the file, would read an encryption dictionary otherwise than the
spec (``/StmF`` ≠ ``/StrF``, a crypt filter without ``/CFM`` or with ``/None``, which it
decrypts as RC4), the PDF is refused: the measure must count what pdfium reads.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TypeVar

from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from service.errors import DocumentUnsupported
from service.pdf.read.syntax import Name, Ref, SyntaxProblem, Value, parse_value

_UPLOAD_INSTEAD = (
    "请上传报告的 Word 文档或数据工作簿，或在编辑器中录入", "upload the Word document or the "
    "workbook, or type the report into the editor",
)
ENCRYPTED = (
    f"PDF 已加密（设置了打开密码），无法读取。{_UPLOAD_INSTEAD[0]} / the PDF is encrypted (it "
    f"needs a password to open): {_UPLOAD_INSTEAD[1]}"
)
#: The padding of a password to 32 bytes (the spec's Algorithm 2, step a).
PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
#: Most objects read for the encryption dictionary (itself, its crypt filters; a loop of
#: references ends here), and most definitions of each (an incremental update may repeat one).
MAX_REFERENCES = 16
MAX_DEFINITIONS = 4
#: Most places a file names its encryption dictionary or its /ID (a trailer and its incremental
#: updates, a cross-reference stream). Every value is parsed, at most
#: ``syntax.MAX_VALUE_BYTES`` long: these bound the work.
MAX_NAMED = 32
_NAME_END = rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
#: Most bytes of /O, /U, /OE, /UE, /Perms kept (the spec's AES-256 strings are 48, 32 and 16
#: bytes; a few writers pad them to 127).
_LONGEST_KEY_STRING = 127


def unreadable(chinese: str, english: str) -> DocumentUnsupported:
    """The refusal of a PDF whose encryption cannot be read: what is wrong with it, in Chinese."""
    return DocumentUnsupported(
        f"PDF 已加密，但其加密设置无法识别或已损坏（{chinese}），无法读取。{_UPLOAD_INSTEAD[0]} / "
        f"the PDF is encrypted in a way that cannot be read ({english}): {_UPLOAD_INSTEAD[1]}"
    )


def _name_pattern(name: str) -> re.Pattern[bytes]:
    """A name in a PDF's bytes, each of its characters written as itself or as ``#xx``."""

    def either(char: str) -> str:
        digits = "".join(f"[{digit.upper()}{digit.lower()}]" for digit in f"{ord(char):02x}")
        return f"(?:{re.escape(char)}|#{digits})"

    return re.compile(("/" + "".join(either(char) for char in name)).encode() + _NAME_END)


_T = TypeVar("_T", Name, int, bool, bytes)
#: The names a trailer gives the encryption dictionary and the file's identifiers.
_TRAILER_NAMES = {name: _name_pattern(name) for name in ("Encrypt", "ID")}


@dataclass(frozen=True, slots=True)
class Decryption:
    """How the streams of an encrypted PDF are decrypted (opened with the empty user password)."""

    revision: int
    """The security handler's ``/R``, as pdfium reports it."""
    cipher: str
    """``rc4``, ``aes-128``, ``aes-256``, or ``none`` (the ``/Identity`` crypt filter)."""
    key: bytes
    encrypt_metadata: bool
    plain_objects: frozenset[int] = field(default_factory=frozenset)
    """Objects pdfium reads before it can decrypt (the encryption dictionary and what it
    refers to): whatever they are, their streams are measured undecrypted too."""

    def stream(self, data: bytes, number: int, generation: int, *, lenient: bool = False) -> bytes:
        """A stream's data of object `number` decrypted; raises DocumentUnsupported for AES
        data that is no whole number of blocks or not padded as the spec says, unless
        `lenient`: then decrypted as pdfium decrypts it (a part block left out, bad padding
        kept or its block dropped)."""
        if self.cipher == "none" or not data:
            return data
        if self.cipher == "aes-256":
            return _aes(self.key, data, number, lenient)
        salt = b"sAlT" if self.cipher == "aes-128" else b""
        digest = hashlib.md5(
            self.key + number.to_bytes(4, "little")[:3] + generation.to_bytes(4, "little")[:2]
            + salt, usedforsecurity=False,
        ).digest()
        if self.cipher == "aes-128":
            return _aes(digest, data, number, lenient)
        return _rc4(digest[: min(len(self.key) + 5, 16)], data)


def standard_security(data: bytes, objects: dict[int, list[int]]) -> Decryption | None:
    """How to decrypt the PDF `data` (`objects`: where each object's body starts, by number),
    or None when it is not encrypted; raises DocumentUnsupported when it needs a password to
    open or its encryption cannot be read."""
    named = _values_after(data, "Encrypt", (Ref, dict))
    if not named:
        return None
    if len(named) > 1:
        raise unreadable("文件中的多个文件尾指向不同的加密字典",
                         "its trailers name different encryption dictionaries")
    reader = _Reader(data, objects)
    dictionary = reader.dictionary(named[0], "加密字典", "the encryption dictionary")
    ids = _values_after(data, "ID", (list,))
    firsts = {value[0] for value in ids if isinstance(value, list) and value
              and isinstance(value[0], bytes)}
    if len(firsts) > 1:
        raise unreadable("文件中有多个不同的文件标识 /ID", "it has different file identifiers /ID")
    file_id = next(iter(firsts), b"")
    return _Handler(dictionary, reader, file_id).decryption()


def _values_after(data: bytes, name: str, kinds: tuple[type, ...]) -> list[Value]:
    """The distinct values of the kinds given that follow the name anywhere in the file;
    raises DocumentUnsupported past MAX_NAMED places."""
    values: list[Value] = []
    for place, match in enumerate(_TRAILER_NAMES[name].finditer(data)):
        if place == MAX_NAMED:
            raise unreadable(f"文件中超过 {MAX_NAMED} 处出现 /{name}",
                             f"the file names /{name} in more than {MAX_NAMED} places")
        try:
            value, _ = parse_value(data, match.end())
        except SyntaxProblem:
            continue
        if isinstance(value, kinds) and value not in values:
            values.append(value)
    return values


class _Reader:
    """Indirect objects read from their definitions, a bounded number of them."""

    def __init__(self, data: bytes, objects: dict[int, list[int]]) -> None:
        self.data = data
        self.objects = objects
        self.read: dict[int, Value] = {}

    @property
    def followed(self) -> set[int]:
        """The numbers of the objects read."""
        return set(self.read)

    def resolve(self, value: Value) -> Value:
        """The object a reference points to (references to references followed); raises
        DocumentUnsupported for one defined differently twice or too often, missing, a loop,
        or more than MAX_REFERENCES objects read."""
        for _ in range(MAX_REFERENCES + 1):  # a loop of references ends here too
            if not isinstance(value, Ref):
                return value
            if value.number not in self.read:
                if len(self.read) == MAX_REFERENCES:
                    break
                self.read[value.number] = self._definition(value.number)
            value = self.read[value.number]
        raise unreadable("加密字典中的引用超过 16 个或成环", "its encryption dictionary refers "
                         "in a loop or to more than 16 objects")

    def _definition(self, number: int) -> Value:
        """What object `number` is defined as; raises DocumentUnsupported."""
        starts = self.objects.get(number, [])
        if len(starts) > MAX_DEFINITIONS:
            raise unreadable(f"加密字典用到的对象 {number} 定义了超过 {MAX_DEFINITIONS} 次",
                             f"object {number} of the encryption dictionary is defined more "
                             f"than {MAX_DEFINITIONS} times")
        bodies: list[Value] = []
        for start in starts:
            try:
                body, _ = parse_value(self.data, start)
            except SyntaxProblem:
                raise unreadable(f"对象 {number} 无法解析",
                                 f"object {number} cannot be parsed") from None
            if body not in bodies:
                bodies.append(body)
        if len(bodies) != 1:
            problem = "找不到" if not bodies else "有多个不同的定义"
            raise unreadable(
                f"加密字典用到的对象 {number} {problem}",
                f"object {number} of the encryption dictionary is "
                + ("missing" if not bodies else "defined differently twice"),
            )
        return bodies[0]

    def dictionary(self, value: Value, chinese: str, english: str) -> dict[str, Value]:
        """A value that must be a dictionary; raises DocumentUnsupported."""
        found = self.resolve(value)
        if not isinstance(found, dict):
            raise unreadable(f"{chinese}不是字典", f"{english} is no dictionary")
        return found


class _Handler:
    """The standard security handler over one encryption dictionary."""

    def __init__(self, dictionary: dict[str, Value], reader: _Reader, file_id: bytes) -> None:
        self.entries = dictionary
        self.reader = reader
        self.file_id = file_id

    def entry(self, key: str, kind: type[_T], default: _T | None = None) -> _T:
        """An entry of the dictionary of the kind given (references followed); raises
        DocumentUnsupported."""
        value = self.reader.resolve(self.entries.get(key, default))
        if value is None and default is None:
            raise unreadable(f"加密字典缺少 /{key}", f"its encryption dictionary has no /{key}")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise unreadable(f"加密字典的 /{key} 无效", f"its encryption dictionary's /{key} is "
                             "not valid")
        return value

    def key_string(self, key: str, shortest: int, longest: int = _LONGEST_KEY_STRING) -> bytes:
        """/O, /U and the like: a string of `shortest`..`longest` bytes, its first `shortest`
        used; raises DocumentUnsupported."""
        value = self.entry(key, bytes)
        if not shortest <= len(value) <= longest:
            raise unreadable(f"加密字典的 /{key} 长度为 {len(value)} 字节，应为 {shortest} 字节",
                             f"its /{key} is {len(value)} bytes long, not {shortest}")
        return value[:shortest]

    def decryption(self) -> Decryption:
        """The decryption with the empty user password; raises DocumentUnsupported."""
        handler = self.entry("Filter", Name)
        if handler != "Standard":
            raise unreadable(
                f"加密方式 /{handler} 不是标准的密码加密，需要证书或专门的软件才能打开",
                f"its security handler /{handler} is not the standard password handler",
            )
        version = self.entry("V", int)
        revision = self.entry("R", int)
        allowed = {1: (2, 3), 2: (2, 3), 4: (4,), 5: (5, 6)}
        if revision not in allowed.get(version, ()):
            raise unreadable(f"不认识的加密版本 /V {version} /R {revision}",
                             f"unknown encryption version /V {version} /R {revision}")
        metadata = self.entry("EncryptMetadata", bool, True)
        cipher, length = self._cipher(version)
        if cipher == "none":  # /Identity: nothing is encrypted, nothing to check (as pdfium)
            key = b""
        elif revision >= 5:
            key = self._key_aes256(revision, metadata)
        else:
            key = self._key_rc4(revision, length, metadata)
        return Decryption(revision, cipher, key, metadata, frozenset(self.reader.followed))

    def _permissions(self) -> int:
        permissions = self.entry("P", int)
        if not -(2**31) <= permissions < 2**32:
            raise unreadable("加密字典的 /P 超出范围", "its /P is out of range")
        return permissions & 0xFFFFFFFF

    def _cipher(self, version: int) -> tuple[str, int]:
        """The streams' cipher and the key's length in bytes; raises DocumentUnsupported."""
        if version < 4:
            bits = self.entry("Length", int, 40) if version == 2 else 40
            if bits % 8 or not 40 <= bits <= 128:
                raise unreadable(f"RC4 密钥长度 /Length {bits} 无效（应为 40–128 位）",
                                 f"its RC4 key length /Length {bits} is not 40-128 bits")
            return "rc4", bits // 8
        streams = self.entry("StmF", Name, Name("Identity"))
        strings = self.entry("StrF", Name, Name("Identity"))
        if streams != strings:
            # pdfium refuses such a file as if it needed a password (cpdf_security_handler.cpp).
            raise unreadable(
                f"数据流和字符串使用不同的加密过滤器 /StmF /{streams}、/StrF /{strings}，"
                "本服务的 PDF 引擎不支持",
                f"its streams and strings use different crypt filters, /StmF /{streams} and "
                f"/StrF /{strings}, which the PDF engine cannot open",
            )
        if streams == "Identity":
            return "none", 0
        filters = self.reader.dictionary(self.entries.get("CF"), "加密过滤器字典 /CF",
                                         "its crypt filter dictionary /CF")
        crypt = self.reader.dictionary(filters.get(streams), f"加密过滤器 /{streams}",
                                       f"its crypt filter /{streams}")
        method = self.reader.resolve(crypt.get("CFM"))
        expected = {4: {"V2": "rc4", "AESV2": "aes-128"}, 5: {"AESV3": "aes-256"}}[version]
        if not isinstance(method, Name) or method not in expected:
            shown = f"/{method}" if isinstance(method, Name) else "无"
            raise unreadable(f"加密过滤器的加密方法 /CFM {shown} 不受支持",
                             f"its crypt filter method /CFM {shown} is not supported")
        found = self.reader.resolve(
            self.entries.get("Length", 256) if version == 5
            else crypt.get("Length", self.entries.get("Length", 128))
        )
        bits = found if isinstance(found, int) and not isinstance(found, bool) else 0
        if bits <= 0:
            raise unreadable("密钥长度 /Length 无效", "its key length /Length is not valid")
        length = bits if bits < 40 else bits // 8  # pdfium: under 40 is bytes, else bits
        valid = {"rc4": range(5, 17), "aes-128": range(16, 17), "aes-256": range(32, 33)}
        if (bits >= 40 and bits % 8) or length not in valid[expected[method]]:
            raise unreadable(f"密钥长度 /Length {bits} 与加密方法 /{method} 不符",
                             f"its key length /Length {bits} does not fit /{method}")
        return expected[method], length

    def _key_rc4(self, revision: int, length: int, metadata: bool) -> bytes:
        """The file key of /R 2–4 from the empty user password (Algorithms 2 and 6), tried
        with and without the metadata flag as pdfium does; raises DocumentUnsupported."""
        owner = self.key_string("O", 32, 32)
        user = self.key_string("U", 32, 32)
        permissions = self._permissions()
        for unencrypted_metadata in (True, False) if not metadata and revision >= 3 else (False,):
            digest = hashlib.md5(
                PADDING + owner + permissions.to_bytes(4, "little") + self.file_id
                + (b"\xff\xff\xff\xff" if unencrypted_metadata else b""),
                usedforsecurity=False,
            ).digest()
            if revision >= 3:
                for _ in range(50):
                    digest = hashlib.md5(digest[:length], usedforsecurity=False).digest()
            key = digest[:length]
            if revision == 2:
                matches = _rc4(key, PADDING) == user
            else:
                check = hashlib.md5(PADDING + self.file_id, usedforsecurity=False).digest()
                for step in range(20):
                    check = _rc4(bytes(byte ^ step for byte in key), check)
                matches = check == user[:16]
            if matches:
                return key
        raise DocumentUnsupported(ENCRYPTED)

    def _key_aes256(self, revision: int, metadata: bool) -> bytes:
        """The file key of /R 5, 6 from the empty user password (Algorithms 2.A, 2.B, 11 and
        13); raises DocumentUnsupported."""
        user = self.key_string("U", 48)
        self.key_string("O", 48)
        wrapped = self.key_string("UE", 32)
        perms = self.key_string("Perms", 16)
        hashed = _hash_r6 if revision == 6 else _hash_r5
        if hashed(user[32:40]) != user[:32]:
            raise DocumentUnsupported(ENCRYPTED)
        intermediate = hashed(user[40:48])
        decryptor = Cipher(algorithms.AES(intermediate), modes.CBC(bytes(16))).decryptor()
        key = decryptor.update(wrapped) + decryptor.finalize()
        opened = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
        permissions = opened.update(perms) + opened.finalize()
        if (permissions[9:12] != b"adb"
                or int.from_bytes(permissions[:4], "little") != self._permissions()
                or (permissions[8:9] != b"F" and not metadata)):
            raise unreadable("加密字典的 /Perms 与 /P 不符", "its /Perms does not match /P")
        return key


def _hash_r5(salt: bytes) -> bytes:
    """Revision 5's hash of the empty password with a salt."""
    return hashlib.sha256(salt).digest()


def _hash_r6(salt: bytes) -> bytes:
    """Revision 6's hash of the empty password with a salt (Algorithm 2.B, no owner's /U:
    64 to 288 rounds of AES-128 and SHA-2)."""
    digest = hashlib.sha256(salt).digest()
    round_ = 0
    while True:
        encryptor = Cipher(algorithms.AES(digest[:16]), modes.CBC(digest[16:32])).encryptor()
        encrypted = encryptor.update(digest * 64) + encryptor.finalize()
        choice = int.from_bytes(encrypted[:16], "big") % 3
        digest = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[choice](encrypted).digest()
        round_ += 1
        if round_ >= 64 and encrypted[-1] <= round_ - 32:
            return digest[:32]


def _rc4(key: bytes, data: bytes) -> bytes:
    """RC4 (the cipher of PDF's first revisions, from `cryptography`'s legacy algorithms)."""
    return Cipher(ARC4(key), mode=None).decryptor().update(data)


def _aes(key: bytes, data: bytes, number: int, lenient: bool) -> bytes:
    """AES-CBC data whose first block is its IV, decrypted and unpadded; raises
    DocumentUnsupported for data that is no whole number of blocks or badly padded, unless
    `lenient` (then read as pdfium reads it: cpdf_crypto_handler.cpp)."""
    if lenient:
        blocks, rest = divmod(len(data) - 16, 16)
        if blocks < 1:
            return b""
        decryptor = Cipher(algorithms.AES(key), modes.CBC(data[:16])).decryptor()
        plain = decryptor.update(data[16 : 16 + 16 * blocks]) + decryptor.finalize()
        if rest:  # a part block after the last: pdfium unpads nothing
            return plain
        return plain[: len(plain) - (plain[-1] if plain[-1] < 16 else 16)]
    if len(data) < 32 or len(data) % 16:
        raise unreadable(f"对象 {number} 的加密数据长度 {len(data)} 不是 16 字节的整数倍",
                         f"the encrypted data of object {number} is {len(data)} bytes, not "
                         "whole 16-byte blocks")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(data[:16])).decryptor()
    plain = decryptor.update(data[16:]) + decryptor.finalize()
    padding = plain[-1]
    if not 1 <= padding <= 16 or plain[-padding:] != bytes([padding]) * padding:
        raise unreadable(f"对象 {number} 的加密数据填充错误",
                         f"the encrypted data of object {number} is badly padded")
    return plain[:-padding]
