"""service.pdf.read.security: the standard security handler opened with the empty user
password — the file key of every revision equal to qpdf's, each stream decrypted so that the
measure counts what the unprotected file holds; a user password refused as before; and every
hostile encryption dictionary or encrypted stream a clear refusal (415, "PDF 已加密…"), never
a crash, a hang or a bound passed."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

import pypdfium2
import pytest

from service.errors import DocumentTooLarge, DocumentUnsupported
from service.pdf.read import security
from service.pdf.read.bounds import measure
from service.reading.limits import ImportLimits
from tests.hostile import pdfs
from tests.hostile.pdfs import Protection
from tests.reading_support import QPDF_PROTECTIONS, qpdf_protected, read

KINDS = ["rc4-40", "rc4-128", "rc4-v4", "aes-128", "aes-256", "aes-256-r5"]
MIB = 1024 * 1024


def _page() -> bytes:
    return pdfs.text_page(["Hello world", "Second line"])


def _protected(protection: Protection, extra: list[bytes] | None = None,
               trailer: bytes = b"", pages: list[bytes] | None = None) -> bytes:
    return pdfs.document(pages or [_page()], extra=extra or [], trailer=trailer,
                         protection=protection)


def _starts(data: bytes) -> dict[int, list[int]]:
    """Where each object's body starts (as the measure finds them)."""
    starts: dict[int, list[int]] = {}
    for match in re.finditer(rb"(?<![0-9])([0-9]+) ([0-9]+) obj", data):
        starts.setdefault(int(match.group(1)), []).append(match.end())
    return starts


def _qpdf(path: Path, *options: str) -> str:
    return subprocess.run(["qpdf", *options, str(path)], capture_output=True, text=True,
                          timeout=60).stdout


# --- the test material is right: qpdf reads our hand-made protections ---------------------------


@pytest.mark.parametrize("metadata", [True, False], ids=["metadata", "clear-metadata"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_hand_made_protections_are_what_qpdf_reads(tmp_path, kind, metadata):
    protection = Protection(kind, encrypt_metadata=metadata)
    path = tmp_path / "protected.pdf"
    path.write_bytes(_protected(protection))
    shown = _qpdf(path, "--show-encryption", "--show-encryption-key")
    assert "User password = \n" in shown
    assert f"Encryption key = {protection.key().hex()}" in shown
    assert "owner password" in _qpdf(path, "--password=owner", "--show-encryption")
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


# --- the file key is qpdf's, and every stream decrypts to the unprotected file's ----------------


@pytest.mark.parametrize("protection", list(QPDF_PROTECTIONS))
def test_the_file_key_of_every_qpdf_protection_is_qpdfs(tmp_path, protection):
    plain = pdfs.document([_page(), pdfs.text_page(["Page two"])])
    protected = qpdf_protected(plain, protection)
    path = tmp_path / "protected.pdf"
    path.write_bytes(protected)
    decryption = security.standard_security(protected, _starts(protected))
    assert decryption is not None
    assert f"Encryption key = {decryption.key.hex()}" in _qpdf(path, "--show-encryption-key",
                                                                "--show-encryption")
    measured, unprotected = measure(protected, ImportLimits()), measure(plain, ImportLimits())
    assert measured.operators == unprotected.operators
    assert measured.revision == {"rc4-40": 2, "rc4-128": 3}.get(
        protection, 4 if protection.startswith(("aes-128", "rc4")) else 6 - ("r5" in protection))
    if "object-streams" not in protection:  # qpdf's object and cross-reference streams add some
        assert measured.decompressed == unprotected.decompressed


@pytest.mark.parametrize("kind", KINDS)
def test_a_user_password_is_refused_as_before(kind):
    with pytest.raises(DocumentUnsupported) as caught:
        measure(_protected(Protection(kind, user=b"secret")), ImportLimits())
    assert caught.value.detail == security.ENCRYPTED and caught.value.status == 415


def test_identity_crypt_filters_encrypt_nothing_and_check_nothing():
    protection = Protection("aes-128", user=b"secret", entries={
        "StmF": b"/Identity", "StrF": b"/Identity"}, streams=lambda data, number: data)
    data = _protected(protection)
    assert measure(data, ImportLimits()).revision == 4
    assert measure(data, ImportLimits()).decompressed == measure(
        pdfs.document([_page()]), ImportLimits()).decompressed
    assert read(data) == read(pdfs.document([_page()]))  # pdfium opens it alike


_XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b"<rdf:RDF/></x:xmpmeta>" * 20 + b'<?xpacket end="w"?>')


def _with_metadata(protection: Protection | None) -> bytes:
    metadata = pdfs.stream(_XMP, extra=b"/Type /Metadata /Subtype /XML ", compress=False)
    return pdfs.document([_page()], extra=[metadata], catalog=b"/Metadata 5 0 R ",
                         protection=protection)


@pytest.mark.parametrize("protection", ["aes-128-clear-metadata", "aes-128"])
def test_metadata_left_clear_or_encrypted_is_measured_as_the_unprotected_file(protection):
    plain = _with_metadata(None)
    protected = qpdf_protected(plain, protection)
    assert (_XMP[:40] in protected) == (protection == "aes-128-clear-metadata")
    assert measure(protected, ImportLimits()).decompressed == measure(
        plain, ImportLimits()).decompressed
    assert read(protected) == read(plain)


def test_metadata_left_clear_by_our_protector_is_measured_too():
    protection = Protection("aes-256", encrypt_metadata=False)
    protection.streams = lambda data, number: data if number == 5 else protection.stream(
        data, number)
    assert measure(_with_metadata(protection), ImportLimits()).decompressed == measure(
        _with_metadata(None), ImportLimits()).decompressed


# --- hostile encryption dictionaries: each a clear refusal ----------------------------------------


def _defined_twice() -> bytes:
    data = _protected(Protection("rc4-128"))
    number = max(_starts(data))
    return data + b"%d 0 obj\n<< /Filter /Standard /V 1 /R 2 >>\nendobj\n" % number


def _named_everywhere() -> bytes:
    """/Encrypt followed by an unterminated 60 KB string, 200 times: each parse is bounded and
    the places are counted."""
    return _protected(Protection(), extra=[b"(" + b"/Encrypt (" * 200 + b"x" * 60_000])


def _references_everywhere() -> bytes:
    """The crypt filter dictionary refers to one object that refers to the next, 20 long."""
    chain = [b"%d 0 R" % (number + 1) for number in range(5, 25)]
    return _protected(Protection(entries={"CF": b"5 0 R"}), extra=chain)


def _defined_many_times() -> bytes:
    data = _protected(Protection("rc4-128"))
    number = max(_starts(data))
    definition = data[data.rindex(b"%d 0 obj" % number) :].split(b"endobj")[0] + b"endobj\n"
    return data + definition * 5


def _in_object_stream() -> bytes:
    """The encryption dictionary (object 6) also declared in an object stream (object 5)."""
    inner = b"6 0 << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>"
    objstm = (b"<< /Type /ObjStm /N 1 /First 4 /Length %d >>\nstream\n" % len(inner) + inner
              + b"\nendstream")
    protection = Protection("aes-128")
    protection.streams = lambda data, number: data if number == 5 else protection.stream(
        data, number)
    return _protected(protection, extra=[objstm])


def _aes_stream(change: str) -> bytes:
    protection = Protection("aes-128")

    def streams(data: bytes, number: int) -> bytes:
        if change == "cut":
            return protection.stream(data, number)[:-3]
        fill = 16 - len(data) % 16
        return protection.stream(data, number, padding=bytes([fill]) * (fill - 1) + b"\x00")

    protection.streams = streams
    return _protected(protection)


def _crypt_filter_on_a_stream() -> bytes:
    body = zlib.compress(b"BT /F1 12 Tf 72 700 Td (x) Tj ET")
    content = (b"<< /Filter [/Crypt /FlateDecode] /DecodeParms [<< /Name /Identity >> null] "
               b"/Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    return _protected(Protection("aes-128"), pages=[content])


HOSTILE_DICTIONARIES = {
    "certificate handler": (Protection(entries={"Filter": b"/Adobe.PubSec"}), "/Adobe.PubSec"),
    "filter no name": (Protection(entries={"Filter": b"(Standard)"}), "/Filter 无效"),
    "unknown V": (Protection(entries={"V": b"7"}), "不认识的加密版本 /V 7"),
    "unpublished V 3": (Protection("rc4-128", entries={"V": b"3"}), "/V 3"),
    "unknown R": (Protection(entries={"R": b"9"}), "/R 9"),
    "absurd Length": (Protection("rc4-128", entries={"Length": b"4096"}), "/Length 4096"),
    "Length not whole bytes": (Protection("rc4-128", entries={"Length": b"44"}), "/Length 44"),
    "Length huge": (Protection("rc4-128", entries={"Length": b"99999999999999"}), "/Length"),
    "crypt filter Length negative": (
        Protection(entries={"CF": b"<< /StdCF << /CFM /AESV2 /Length -16 >> >>"}), "密钥长度"),
    "huge O": (Protection(entries={"O": b"<" + b"00" * 100_000 + b">"}), "无法解析"),
    "long O": (Protection(entries={"O": b"<" + b"00" * 1000 + b">"}), "/O 长度为 1000 字节"),
    "short U": (Protection("aes-256", entries={"U": b"<00>"}), "/U 长度为 1 字节"),
    "no U": (Protection(entries={"U": None}), "缺少 /U"),
    "P out of range": (Protection(entries={"P": b"99999999999"}), "/P 超出范围"),
    "P no number": (Protection(entries={"P": b"/All"}), "/P 无效"),
    "crypt filter loop": (Protection(entries={"CF": b"5 0 R"}), "成环"),
    "crypt filter missing": (Protection(entries={"CF": None}), "/CF"),
    "crypt filter not found": (Protection(entries={"StmF": b"/Other", "StrF": b"/Other"}),
                               "/Other"),
    "CFM None": (Protection(entries={"CF": b"<< /StdCF << /CFM /None >> >>"}), "/CFM /None"),
    "CFM missing": (Protection(entries={"CF": b"<< /StdCF << /Length 16 >> >>"}), "/CFM 无"),
    "AESV3 under V4": (Protection(entries={"CF": b"<< /StdCF << /CFM /AESV3 >> >>"}),
                       "/CFM /AESV3"),
    "StmF is not StrF": (Protection(entries={"StrF": b"/Identity"}), "不同的加密过滤器"),
    "Perms wrong": (Protection("aes-256", entries={"Perms": b"<" + b"00" * 16 + b">"}),
                    "/Perms"),
}


@pytest.mark.parametrize("case", list(HOSTILE_DICTIONARIES))
def test_a_hostile_encryption_dictionary_is_refused_saying_what(case):
    protection, says = HOSTILE_DICTIONARIES[case]
    extra = [b"5 0 R"] if case == "crypt filter loop" else []  # object 5 refers to itself
    with pytest.raises(DocumentUnsupported) as caught:
        measure(_protected(protection, extra=extra), ImportLimits())
    assert caught.value.detail.startswith("PDF 已加密，但其加密设置无法识别或已损坏")
    assert says in caught.value.detail and caught.value.status == 415


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (lambda: _protected(Protection(), trailer=b"/Encrypt 99 0 R "), "多个文件尾"),
        (lambda: pdfs.document([_page()], trailer=b"/Encrypt 9 0 R "), "对象 9 找不到"),
        (_defined_twice, "有多个不同的定义"),
        (_named_everywhere, "超过 32 处出现 /Encrypt"),
        (_defined_many_times, "定义了超过 4 次"),
        (_references_everywhere, "超过 16 个"),
        (_in_object_stream, "对象流"),
        (lambda: _aes_stream("cut"), "不是 16 字节的整数倍"),
        (lambda: _aes_stream("padding"), "填充错误"),
        (_crypt_filter_on_a_stream, "/Crypt"),
    ],
    ids=["two encryption dictionaries", "missing", "defined twice", "named everywhere",
         "defined 6 times", "20 references", "in an object stream",
         "AES not whole blocks", "AES wrong padding", "a stream's own crypt filter"],
)
def test_a_hostile_encrypted_file_is_refused_saying_what(build, says):
    with pytest.raises(DocumentUnsupported) as caught:
        measure(build(), ImportLimits())
    assert "PDF 已加密" in caught.value.detail and says in caught.value.detail


def test_pdfium_itself_refuses_different_stream_and_string_filters():
    """Why they are refused: pdfium, which opens the file, will not (if it ever does, the
    refusal can go)."""
    data = _protected(Protection(entries={"StrF": b"/Identity"}))
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(data, password="")


# --- the bounds hold on what pdfium may read ------------------------------------------------------


@pytest.mark.parametrize("padding", [True, False], ids=["padded", "badly padded"])
def test_a_bomb_labelled_as_a_cross_reference_stream_is_measured_decrypted(padding):
    """pdfium decrypts a page's content whatever its /Type says: a bomb calling itself /XRef
    (read both ways, AES as leniently as pdfium) is counted, well or badly padded."""
    protection = Protection("aes-128")
    if not padding:
        protection.streams = lambda data, number: protection.stream(
            data, number, padding=b"\xff" * (16 - len(data) % 16))
    bomb = pdfs.stream(b" " * (4 * MIB), extra=b"/Type /XRef ")
    with pytest.raises(DocumentTooLarge):
        measure(_protected(protection, pages=[bomb]), ImportLimits(max_pdf_decompressed_bytes=MIB))


def test_a_plain_object_stream_is_measured_as_pdfium_reads_it_too():
    """An object stream left unencrypted in an encrypted file is counted undecrypted."""
    body = b"9 0 " + b" " * 100
    objstm = pdfs.stream(body, extra=b"/Type /ObjStm /N 1 /First 4 ")
    protection = Protection("rc4-128")
    protection.streams = lambda data, number: data if number == 5 else protection.stream(
        data, number)
    measured = measure(_protected(protection, extra=[objstm]), ImportLimits())
    assert measured.decompressed >= len(body)
