"""Hostile documents given to the Word reader through every interface (service, CLI, API, staff
page): a zip bomb, billion laughs, an external entity, a 50 MB image, a .docm, an encrypted Word
file, a .doc, a renamed .xlsx, XML too deep or with a text node too large. Each gets a clear
answer — never a 5xx, never a hang, never a network access — and none is decompressed or parsed
past its limits."""

from __future__ import annotations

import base64
import functools
import io
import json
import os
import socket
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from schemas import load_report
from service import cli, documents
from service.config import Settings
from service.errors import DocumentTooLarge, DocumentUnsupported
from service.http.downloads import DOCX_MIME
from service.importing import read_document
from service.reading.limits import ImportLimits
from tests.hostile.documents import (
    as_docm,
    billion_laughs,
    encrypted_word,
    external_entity,
    package,
    with_large_image,
    word_97,
    zip_bomb,
)
from tests.hostile.test_web_hostile import page_text, post

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "service/examples/2021.json"
MIB = 1024 * 1024
FORM_LIMIT = Settings().form_max_body_bytes


@functools.cache
def report_docx() -> bytes:
    """A real report as the service renders it."""
    result = load_report(EXAMPLE.read_bytes())
    assert result.report is not None
    return documents.render(result.report)


def too_deep() -> bytes:
    return package(b"<w:document>" + b"<a>" * 300 + b"</a>" * 300 + b"</w:document>")


@functools.cache
def huge_text() -> bytes:
    # One text node over lxml's 10 MB limit, incompressible so that the zip's ratio limit lets
    # it through (the part itself stays under the part limit).
    text = base64.b64encode(os.urandom(8 * MIB + MIB // 4))
    return package(b"<d><t>" + text + b"</t></d>")


@dataclass(frozen=True)
class Hostile:
    id: str
    build: Callable[[], bytes]
    status: int
    """HTTP status of POST /api/v1/imports (200: read, with a warning)."""
    says: str
    """What the answer says, in Chinese."""


HOSTILE = [
    Hostile("zip-bomb", zip_bomb, 413, "压缩比超过上限"),
    Hostile("billion-laughs", billion_laughs, 415, "不是有效的 XML"),
    Hostile("external-entity", external_entity, 415, "DTD"),
    Hostile("encrypted-word", encrypted_word, 415, "打开密码"),
    Hostile("word-97", word_97, 415, ".doc"),
    Hostile("too-deep", too_deep, 415, "不是有效的 XML"),
    Hostile("huge-text-node", huge_text, 413, "解压后有"),  # over the part limit already
    Hostile("docm", lambda: as_docm(report_docx()), 200, "文档含有宏，已忽略"),
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_service_refuses_each_saying_why(hostile: Hostile) -> None:
    data = hostile.build()
    if hostile.status == 200:
        imported = read_document(data, ImportLimits())
        assert imported.report is not None
        assert hostile.says in " ".join(issue.message for issue in imported.warnings)
        return
    expected = DocumentTooLarge if hostile.status == 413 else DocumentUnsupported
    with pytest.raises(expected) as caught:
        read_document(data, ImportLimits())
    assert hostile.says in caught.value.detail


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_api_answers_each_as_documented(client: FlaskClient, hostile: Hostile) -> None:
    response = client.post("/api/v1/imports", data=hostile.build(), content_type=DOCX_MIME)
    assert response.status_code == hostile.status
    if hostile.status == 200:
        warnings = [w["code"] for w in response.get_json()["warnings"]]
        assert "macros_ignored" in warnings
        return
    assert response.mimetype == "application/problem+json"
    assert hostile.says in response.get_json()["detail"]


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_cli_exits_2_for_each_unreadable_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile: Hostile
) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(hostile.build())
    output = tmp_path / "report.json"
    code = cli.main(["import", str(source), "-o", str(output)])
    err = capsys.readouterr().err
    assert hostile.says in err
    if hostile.status == 200:
        assert code == cli.EXIT_OK and output.exists()
    else:
        assert code == cli.EXIT_UNUSABLE and not output.exists()


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.id)
def test_the_staff_page_lists_each_as_a_problem_of_that_file(
    client: FlaskClient, hostile: Hostile
) -> None:
    data = hostile.build()
    response = post(client, "check", files=[(io.BytesIO(data), "上传.docx", "files", DOCX_MIME)])
    assert response.mimetype == "text/html"
    page = page_text(response)
    if len(data) > FORM_LIMIT:  # over the whole form's limit: refused before it is read
        assert response.status_code == 413 and "超过" in page
        return
    assert response.status_code == 200
    assert "上传.docx" in page and hostile.says in page


@pytest.fixture(scope="module")
def large_image() -> bytes:
    return with_large_image(report_docx(), 50 * MIB)


def test_a_50_mb_image_is_over_the_document_limit_everywhere(
    client: FlaskClient, tmp_path: Path, capsys: pytest.CaptureFixture[str], large_image: bytes
) -> None:
    response = client.post("/api/v1/imports", data=large_image, content_type=DOCX_MIME)
    assert response.status_code == 413
    source = tmp_path / "big.docx"
    source.write_bytes(large_image)
    assert cli.main(["import", str(source)]) == cli.EXIT_UNUSABLE
    assert f"超过 {16 * MIB} 字节的上限" in capsys.readouterr().err  # never read
    form = post(client, "check", files=[(io.BytesIO(large_image), "big.docx", "files", DOCX_MIME)])
    assert form.status_code == 413 and "超过" in page_text(form)


def test_with_a_higher_limit_the_image_is_never_decompressed(large_image: bytes) -> None:
    # Only the XML parts are read: the report comes back although the image could not even be
    # held under the part limit.
    limits = ImportLimits(max_document_bytes=64 * MIB, max_part_bytes=MIB)
    imported = read_document(large_image, limits)
    assert imported.report is not None


def test_a_text_node_over_lxmls_limit_is_refused_when_the_part_limit_lets_it_through() -> None:
    limits = ImportLimits(max_part_bytes=16 * MIB)
    with pytest.raises(DocumentUnsupported) as caught:
        read_document(huge_text(), limits)
    assert "不是有效的 XML" in caught.value.detail


def test_an_external_entity_is_never_fetched() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        document = external_entity(f"http://127.0.0.1:{port}/secret")
        with pytest.raises(DocumentUnsupported):
            read_document(document, ImportLimits())
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected


def test_hostile_word_reports_fail_alone_in_a_batch(tmp_path: Path) -> None:
    """Word reports are batch inputs too: each hostile one is a failed row of the manifest
    with a clear code, and the good report beside them is rendered."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.docx").write_bytes(report_docx())
    (folder / "b-bomb.docx").write_bytes(zip_bomb())
    (folder / "c-laughs.docx").write_bytes(billion_laughs())
    (folder / "d-word97.docx").write_bytes(word_97())
    (folder / "e-encrypted.docx").write_bytes(encrypted_word())
    output = tmp_path / "out.zip"
    assert cli.main(["batch", str(folder), "-o", str(output), "--jobs", "1"]) == 1
    with zipfile.ZipFile(output) as archive:
        listing = json.loads(archive.read("manifest.json"))
    outcome = {row["input"]: (row["status"], len(row["errors"])) for row in listing["reports"]}
    assert outcome == {
        "a-good.docx": ("ok", 0),
        "b-bomb.docx": ("failed", 1),
        "c-laughs.docx": ("failed", 1),
        "d-word97.docx": ("failed", 1),
        "e-encrypted.docx": ("failed", 1),
    }
    assert all(
        row["errors"][0]["message"] and row["errors"][0]["label"] == "输入文件"
        for row in listing["reports"][1:]
    )
