"""Helpers of the portal-page and PDF reader tests: reading a file back as a validated report,
and LibreOffice's own exports (HTML, PDF) of Word documents made in a private profile."""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from schemas import load_report
from schemas.model.report import Report
from service.importing import read_document
from service.reading.limits import ImportLimits
from service.reading.result import Imported

SOFFICE = "soffice"
#: LibreOffice's export filters by target extension.
FILTERS = {"html": "html:HTML (StarWriter):UTF8", "pdf": "pdf:writer_pdf_Export"}


def read(data: bytes, **limits: int) -> Imported:
    """Read a document with the default limits (or `limits` for ImportLimits)."""
    return read_document(data, ImportLimits(**limits))


def read_back(data: bytes) -> Report:
    """Read a document and validate what was read; fails the test unless both succeed."""
    imported = read(data)
    assert imported.report is not None, [(i.path, i.code, i.message) for i in imported.errors]
    result = load_report(json.dumps(imported.report, ensure_ascii=False))
    assert result.report is not None, [(i.path, i.code, i.message) for i in result.errors]
    return result.report


#: PDF export options: an open password, or a permissions password only (copying forbidden).
ENCRYPTED = 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},' \
    '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
PERMISSIONS = 'pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},' \
    '"PermissionPassword":{"type":"string","value":"owner"},' \
    '"EnableCopyingOfContent":{"type":"boolean","value":"false"}}'


#: qpdf's permissions-password protections (empty user password), as exporters write them:
#: name -> (options before --encrypt, key bits, options after it).
QPDF_PROTECTIONS: dict[str, tuple[list[str], str, list[str]]] = {
    "rc4-40": ([], "40", []),
    "rc4-128": ([], "128", ["--use-aes=n"]),
    "rc4-128-crypt-filter": ([], "128", ["--use-aes=n", "--force-V4"]),
    "aes-128": ([], "128", ["--use-aes=y"]),
    "aes-128-clear-metadata": ([], "128", ["--use-aes=y", "--cleartext-metadata"]),
    "aes-256-r5": ([], "256", ["--force-R5"]),
    "aes-256": ([], "256", []),
    "aes-256-object-streams": (["--object-streams=generate"], "256", []),
}


def qpdf_protected(pdf: bytes, protection: str, user: str = "") -> bytes:
    """A PDF protected by qpdf as `protection` (QPDF_PROTECTIONS) with the permissions
    password "owner", copying and changing forbidden, and the user password `user`."""
    before, bits, after = QPDF_PROTECTIONS[protection]
    restrictions = ["--print=full", "--modify=none"] if bits != "40" else ["--modify=n"]
    with tempfile.TemporaryDirectory(prefix="qpdf-") as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["qpdf", "--allow-weak-crypto", *before, "--encrypt", user, "owner", bits,
             *restrictions, "--extract=n", *after, "--", str(source), str(target)],
            check=True, capture_output=True, timeout=60,
        )
        return target.read_bytes()


def exported(documents: Mapping[str, bytes], to: str, how: str | None = None) -> dict[str, bytes]:
    """Word documents (by name) as LibreOffice exports them to `to` (html, pdf; `how`: another
    filter with its options): one soffice run with a profile of its own, so that it never meets
    the service's converters."""
    with tempfile.TemporaryDirectory(prefix="lo-export-") as folder:
        root = Path(folder)
        for name, data in documents.items():
            (root / f"{name}.docx").write_bytes(data)
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{root}/profile", "--headless",
             "--convert-to", how or FILTERS[to], "--outdir", str(root / "out"),
             *(str(root / f"{name}.docx") for name in documents)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        return {name: (root / "out" / f"{name}.{to}").read_bytes() for name in documents}
