"""``gov-report render``: a document for a valid report, nothing written for a bad one."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from service.cli import main
from tests.docx_support import EXAMPLES, parts_of


def test_render_writes_the_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "out.docx"
    assert main(["render", str(EXAMPLES["2021"]), "-o", str(output)]) == 0
    assert "word/document.xml" in parts_of(output.read_bytes())
    assert "已生成" in capsys.readouterr().out


def test_render_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "out.docx"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLES["2019"].read_bytes())))
    assert main(["render", "-", "-o", str(output)]) == 0
    assert output.stat().st_size > 0


def _invalid(tmp_path: Path) -> Path:
    raw = json.loads(EXAMPLES["2021"].read_text(encoding="utf-8"))
    raw["applications"]["new_received"]["natural_person"] = "many"
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return target


def _not_json(tmp_path: Path) -> Path:
    target = tmp_path / "bad.json"
    target.write_bytes(b"{not json")
    return target


@pytest.mark.parametrize(("make", "code", "shown"), [
    (_invalid, 1, "applications.new_received.natural_person"),
    (_not_json, 2, "invalid_json"),
    (lambda tmp: tmp / "absent.json", 2, "无法读取文件"),
])
def test_bad_input_leaves_no_output(tmp_path: Path, capsys: pytest.CaptureFixture[str], make,
                                    code: int, shown: str) -> None:
    output = tmp_path / "out.docx"
    assert main(["render", str(make(tmp_path)), "-o", str(output)]) == code
    captured = capsys.readouterr()
    assert shown in captured.out + captured.err
    assert not output.exists()
    assert [path.name for path in tmp_path.iterdir() if path.suffix != ".json"] == []


def test_an_unwritable_output_is_a_clear_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "no such directory" / "out.docx"
    assert main(["render", str(EXAMPLES["2021"]), "-o", str(output)]) == 2
    assert "无法写入文件" in capsys.readouterr().err
    assert not output.parent.exists()


def test_an_existing_output_survives_a_failed_render(tmp_path: Path) -> None:
    output = tmp_path / "out.docx"
    output.write_bytes(b"previous")
    assert main(["render", str(_invalid(tmp_path)), "-o", str(output)]) == 1
    assert output.read_bytes() == b"previous"
