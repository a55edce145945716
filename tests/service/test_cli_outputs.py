"""``gov-report render -o X.html|X.pdf`` (``--to``, ``--fragment``, ``--pdfa``) and
``gov-report batch --to docx,html,pdf``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from service.cli import main
from service.pdf.convert.client import BrokerClient
from tests.docx_support import EXAMPLES, parts_of
from tests.pdf_support import pdf_info, pdf_text


@pytest.fixture
def shared_converters(pdf_converter: BrokerClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command uses the session's running converters as remote ones (GOV_REPORT_PDF_
    CONVERTERS) instead of starting its own: the multi-machine set-up, on one machine."""
    addresses = [converter["address"] for converter in pdf_converter.status()["converters"]]
    monkeypatch.setenv("GOV_REPORT_PDF_CONVERTERS", ",".join(addresses))


@pytest.mark.parametrize(("name", "arguments", "start"), [
    ("out.html", [], '<!DOCTYPE html>\n<html lang="zh-CN">'),
    ("out.html", ["--fragment"], '<div lang="zh-CN" style="'),
    ("out.HTML", [], "<!DOCTYPE html>"),
    ("out.txt", ["--to", "html"], "<!DOCTYPE html>"),  # --to wins over the extension
])
def test_render_html(tmp_path: Path, name: str, arguments: list[str], start: str) -> None:
    output = tmp_path / name
    assert main(["render", str(EXAMPLES["2021"]), "-o", str(output), *arguments]) == 0
    assert output.read_text(encoding="utf-8").startswith(start)


def test_render_docx_by_extension_or_to(tmp_path: Path) -> None:
    output = tmp_path / "out.bin"
    assert main(["render", str(EXAMPLES["2019"]), "-o", str(output), "--to", "docx"]) == 0
    assert "word/document.xml" in parts_of(output.read_bytes())


@pytest.mark.parametrize(("name", "arguments", "shown"), [
    ("out.txt", [], "--to"),
    ("out", [], "--to"),
    ("out.docx.zip", [], "--to"),
    ("out.docx", ["--fragment"], "--fragment"),
    ("out.html", ["--pdfa"], "--pdfa"),
])
def test_render_refuses_an_unknown_or_mismatched_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, arguments: list[str],
    shown: str,
) -> None:
    output = tmp_path / name
    assert main(["render", str(EXAMPLES["2021"]), "-o", str(output), *arguments]) == 2
    assert shown in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # never a .docx under another name


def test_render_pdf_when_pdf_is_off(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOV_REPORT_PDF_POOL_SIZE", "0")
    assert main(["render", str(EXAMPLES["2021"]), "-o", str(tmp_path / "out.pdf")]) == 2
    assert "GOV_REPORT_PDF_POOL_SIZE=0" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_report_starts_no_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # An unreachable converter: reaching it would fail the command differently, and slowly.
    monkeypatch.setenv("GOV_REPORT_PDF_CONVERTERS", "127.0.0.1:18199")
    raw = json.loads(EXAMPLES["2021"].read_text(encoding="utf-8"))
    raw["year"] = "later"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert main(["render", str(source), "-o", str(tmp_path / "out.pdf")]) == 1
    assert "year" in capsys.readouterr().out
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.usefixtures("shared_converters")
def test_render_pdf_and_pdfa(tmp_path: Path) -> None:
    plain, archival = tmp_path / "out.pdf", tmp_path / "archive.pdf"
    assert main(["render", str(EXAMPLES["2021"]), "-o", str(plain)]) == 0
    assert main(["render", str(EXAMPLES["2021"]), "-o", str(archival), "--pdfa"]) == 0
    assert int(pdf_info(plain.read_bytes())["Pages"]) >= 3
    assert "嘉兴市秀洲区人民政府办公室" in pdf_text(plain.read_bytes())
    assert b"pdfaid:part" not in plain.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in archival.read_bytes()


@pytest.mark.usefixtures("shared_converters")
def test_batch_to_every_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in EXAMPLES.values():
        (folder / path.name).write_bytes(path.read_bytes())
    output = tmp_path / "out.zip"
    code = main(["batch", str(folder), "-o", str(output), "--to", "docx,html,pdf", "--jobs", "2"])
    assert code == 0
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        for row in manifest["reports"]:
            docx, html, pdf = row["outputs"]
            assert (docx[-5:], html[-5:], pdf[-4:]) == (".docx", ".html", ".pdf")
            assert row["organization"] in pdf_text(archive.read(pdf))
            assert archive.read(html).startswith(b"<!DOCTYPE html>")
    assert len(names) == 3 * 2 + 4  # and manifest.json, manifest.csv, summary.xlsx, review.html


@pytest.mark.parametrize("value", ["odt", "docx,odt", "docx;pdf", ""])
def test_batch_refuses_an_unknown_output(tmp_path: Path, value: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["batch", str(tmp_path), "-o", str(tmp_path / "o.zip"), "--to", value])
    assert exit_.value.code == 2
    assert "docx、html、pdf" in capsys.readouterr().err
