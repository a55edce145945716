"""``gov-report import FILE.docx [-o OUT.json]`` (exit 0 / 1 / 2) and ``--previous LAST`` on
validate, render, import and batch."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from schemas import load_report
from service import documents
from service.cli import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, main
from tests.conftest import EXAMPLES, changed
from tests.handfilled import Filling, example_model, filled_in
from tests.hostile import pdfs
from tests.reading_support import qpdf_protected


def example(format_id: str = "2021") -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLES[format_id].read_bytes())
    return document


def write(path: Path, data: bytes | dict[str, Any]) -> str:
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False).encode()
    path.write_bytes(data)
    return str(path)


def test_import_writes_the_report_to_standard_output(tmp_path, capsys):
    report = example_model("2021")
    docx = write(tmp_path / "report.docx", filled_in(report, Filling(table_note="单位：件")))
    assert main(["import", docx]) == EXIT_OK
    captured = capsys.readouterr()
    read_back = load_report(captured.out.encode())
    assert read_back.report == report
    assert "读取时的提示（1）" in captured.err and "text_ignored" in captured.err
    assert "第" in captured.err and "单位：件" in captured.err


def test_import_to_a_file_passes_validate(tmp_path, capsys):
    docx = write(tmp_path / "report.docx", documents.render(example_model("2019")))
    output = tmp_path / "report.json"
    assert main(["import", docx, "-o", str(output)]) == EXIT_OK
    assert capsys.readouterr().out == ""
    assert main(["validate", str(output)]) == EXIT_OK


def test_a_read_report_with_broken_rules_is_written_and_its_errors_listed(tmp_path, capsys):
    report = example_model("2021")
    typed = {"applications.new_received.natural_person": "504"}  # R1 and R2 now broken
    docx = write(tmp_path / "report.docx", filled_in(report, Filling(typed=typed)))
    output = tmp_path / "report.json"
    assert main(["import", docx, "-o", str(output)]) == EXIT_OK
    err = capsys.readouterr().err
    assert "校验发现的错误（请在输出的 JSON 中修改）" in err and "R2" in err
    assert json.loads(output.read_text())["applications"]["new_received"]["natural_person"] == 504


def test_a_word_document_that_is_not_a_readable_report_exits_1(tmp_path, capsys):
    typed = {"applications.granted.total": "约744"}
    docx = write(tmp_path / "report.docx", filled_in(example_model("2021"), Filling(typed=typed)))
    output = tmp_path / "report.json"
    assert main(["import", docx, "-o", str(output)]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert "无法读取的内容（1）" in captured.err
    assert "（一）予以公开 · 总计" in captured.err and "约744" in captured.err
    assert not output.exists() and captured.out == ""


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.4", "PDF"),
        (b'{"year": 2021}', "不是 Word 文档"),
        (b"PK\x03\x04 broken", "已损坏"),
    ],
)
def test_a_file_that_cannot_be_opened_exits_2(tmp_path, capsys, data, says):
    assert main(["import", write(tmp_path / "x.docx", data)]) == EXIT_UNUSABLE
    assert says in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["import", str(tmp_path / "missing.docx")]) == EXIT_UNUSABLE
    assert "无法读取文件" in capsys.readouterr().err


def test_a_file_over_the_size_limit_exits_2(tmp_path, capsys, monkeypatch):
    docx = write(tmp_path / "report.docx", filled_in(example_model("2021")))
    monkeypatch.setenv("GOV_REPORT_IMPORT_MAX_DOCUMENT_BYTES", "1000")
    assert main(["import", docx]) == EXIT_UNUSABLE
    assert "超过 1000 字节的上限" in capsys.readouterr().err


# --- --previous ------------------------------------------------------------------------------


def last_year(document: dict[str, Any]) -> dict[str, Any]:
    """Last year's report of the same organization that this year's follows (X1 and X2)."""
    last = changed(document, "year", document["year"] - 1)
    last.pop("title", None)
    for row in ("rules", "normative_documents"):
        counts = document["active_disclosure"][row]
        in_force = counts["in_force"] - counts["issued"] + counts["repealed"]
        last = changed(last, f"active_disclosure.{row}.in_force", in_force)
    return changed(
        last, "applications.carried_forward", dict(document["applications"]["carried_over"])
    )


def test_validate_with_last_years_json_or_docx(tmp_path, capsys):
    document = example()
    this = write(tmp_path / "this.json", document)
    last = last_year(document)
    as_json = write(tmp_path / "last.json", last)
    previous = load_report(last, allow_inconsistent=True).report
    assert previous is not None
    as_docx = write(tmp_path / "last.docx", documents.render(previous))
    for name in (as_json, as_docx):
        assert main(["validate", this, "--previous", name]) == EXIT_OK
    broken = changed(last, "applications.carried_forward.research", 9)
    assert main(["validate", this, "--previous", write(tmp_path / "b.json", broken)]) == 1
    out = capsys.readouterr().out
    assert "applications.carried_over.research · X1" in out


def test_render_refuses_on_x1_and_renders_when_allowed(tmp_path, capsys):
    document = example()
    broken = changed(last_year(document), "applications.carried_forward.total", 0)
    previous = write(tmp_path / "last.json", broken)
    output = tmp_path / "out.docx"
    this = write(tmp_path / "this.json", document)
    assert main(["render", this, "-o", str(output), "--previous", previous]) == EXIT_INVALID
    assert not output.exists()
    options = ["--previous", previous, "--allow-inconsistent"]
    assert main(["render", this, "-o", str(output), *options]) == EXIT_OK
    assert output.exists() and "X1" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["validate", "render", "import"])
def test_an_unusable_previous_report_exits_2_saying_why(tmp_path, capsys, command):
    document = example()
    target = write(tmp_path / "this.json", document)
    if command == "import":
        target = write(tmp_path / "this.docx", filled_in(example_model("2021")))
    previous = write(tmp_path / "last.json", {"year": "2020"})
    extra = ["-o", str(tmp_path / "out.docx")] if command == "render" else []
    assert main([command, target, *extra, "--previous", previous]) == EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert "上年度报告有" in err and "previous.year · not_an_integer" in err


def test_a_previous_report_of_another_year_is_an_error(tmp_path, capsys):
    document = example()
    wrong = changed(last_year(document), "year", 2019)
    options = ["--previous", write(tmp_path / "last.json", wrong)]
    assert main(["validate", write(tmp_path / "this.json", document), *options]) == EXIT_INVALID
    assert "previous.year · previous_wrong_year" in capsys.readouterr().out


def test_batch_matches_last_years_reports_by_organization(tmp_path, capsys):
    first = example()
    second = changed(example(), "organization", "某县人民政府办公室")
    second.pop("title")
    third = changed(example(), "organization", "没有上年度报告的机关")
    third.pop("title")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, document in (("a.json", first), ("b.json", second), ("c.json", third)):
        write(inputs / name, document)
    previous = tmp_path / "previous"
    previous.mkdir()
    write(previous / "a.json", last_year(first))
    broken = changed(last_year(second), "applications.carried_forward.total", 0)
    last_docx = load_report(broken, allow_inconsistent=True).report
    assert last_docx is not None
    write(previous / "b.docx", documents.render(last_docx))
    write(previous / "not-a-report.json", {"year": "x"})
    output = tmp_path / "out.zip"
    for jobs in ("1", "2"):
        code = main(["batch", str(inputs), "-o", str(output), "--previous", str(previous),
                     "--jobs", jobs])
        assert code == EXIT_INVALID
        with zipfile.ZipFile(io.BytesIO(output.read_bytes())) as archive:
            manifest = json.loads(archive.read("manifest.json"))
        rows = {row["input"]: row for row in manifest["reports"]}
        assert rows["a.json"]["status"] == "ok" and not rows["a.json"]["warnings"]
        assert rows["b.json"]["status"] == "failed"
        assert [e["code"] for e in rows["b.json"]["errors"]] == ["X1"]
        assert [w["code"] for w in rows["c.json"]["warnings"]] == ["previous_missing"]
    err = capsys.readouterr().err
    assert "上年度报告：读取 2 份" in err and "not-a-report.json" in err


def test_batch_previous_must_be_a_folder_with_reports(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs / "a.json", example())
    empty = tmp_path / "empty"
    empty.mkdir()
    for previous in (tmp_path / "missing", empty):
        code = main(["batch", str(inputs), "-o", str(tmp_path / "o.zip"), "--previous",
                     str(previous)])
        assert code == EXIT_UNUSABLE
    assert "上年度报告" in capsys.readouterr().err
    assert not (tmp_path / "o.zip").exists()


# --- reports as published: a PDF, a portal page ------------------------------------------------


@pytest.mark.parametrize("name", ["pdf-2019", "pdf-2021", "html-2019", "gbk-2021"])
def test_import_reads_a_published_report_exactly(tmp_path, capsys, published, name):
    suffix = ".pdf" if name.startswith("pdf") else ".html"
    source = write(tmp_path / f"report{suffix}", published[name])
    assert main(["import", source]) == EXIT_OK
    read_back = load_report(capsys.readouterr().out.encode())
    assert read_back.report == example_model(name.rpartition("-")[2])


@pytest.mark.parametrize("protection", ["rc4-128", "aes-256"])
def test_import_reads_a_pdf_with_a_permissions_password_as_the_unprotected_one(
    tmp_path, capsys, published, protection
):
    plain = write(tmp_path / "plain.pdf", published["pdf-2021"])
    protected = write(tmp_path / "protected.pdf",
                      qpdf_protected(published["pdf-2021"], protection))
    assert main(["import", plain, "-o", str(tmp_path / "plain.json")]) == EXIT_OK
    assert main(["import", protected, "-o", str(tmp_path / "protected.json")]) == EXIT_OK
    assert (tmp_path / "protected.json").read_bytes() == (tmp_path / "plain.json").read_bytes()
    assert load_report((tmp_path / "protected.json").read_bytes()).report == example_model("2021")


def test_import_refuses_a_pdf_that_needs_a_password_exit_2(tmp_path, capsys, published):
    locked = write(tmp_path / "x.pdf", qpdf_protected(published["pdf-2021"], "aes-256", "pw"))
    assert main(["import", locked, "-o", str(tmp_path / "x.json")]) == EXIT_UNUSABLE
    assert "PDF 已加密（设置了打开密码）" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_import_compares_with_last_years_published_pdf(tmp_path, capsys, published):
    this = write(tmp_path / "2021.html", published["gbk-2021"])
    last = write(tmp_path / "2020.pdf", published["pdf-2020"])
    assert main(["import", this, "--previous", last]) == EXIT_OK
    assert main(["validate", write(tmp_path / "r.json", example()), "--previous", last]) == EXIT_OK
    other = write(tmp_path / "2019.pdf", published["pdf-2019"])
    assert main(["validate", write(tmp_path / "r.json", example()), "--previous", other]) == 1
    assert "秀洲区退役军人事务局" in capsys.readouterr().out  # another bureau: nothing compared


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (pdfs.scan(), "扫描件"),
        (pdfs.garbage(), "已损坏"),
        (pdfs.bomb(80), "解压后超过"),
    ],
    ids=["scan", "damaged", "bomb"],
)
def test_a_pdf_that_cannot_be_read_exits_2_naming_it(tmp_path, capsys, data, says):
    assert main(["import", write(tmp_path / "x.pdf", data)]) == EXIT_UNUSABLE
    assert says in capsys.readouterr().err


def test_a_page_that_is_not_a_report_exits_1_saying_what_it_holds(tmp_path, capsys):
    page = b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>"
    assert main(["import", write(tmp_path / "x.html", page)]) == EXIT_INVALID
    assert "不是官方统计表格" in capsys.readouterr().err
