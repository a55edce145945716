"""The template check: the shipped templates pass; each kind of breakage is named and located."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from service.cli import main
from service.docx import check_template
from service.errors import TemplateProblem
from tests.docx_support import TEMPLATES


@pytest.mark.parametrize("report_format", ["2019", "2021"])
def test_the_shipped_templates_pass(report_format: str) -> None:
    assert check_template(TEMPLATES / f"report-{report_format}.docx") == []


def test_a_template_checked_against_the_other_format_fails() -> None:
    problems = check_template(TEMPLATES / "report-2019.docx", "2021")
    assert any("表格“二、主动公开政府信息情况”" in problem.where for problem in problems)


def _edited(tmp_path: Path, old: str, new: str, name: str = "report-2021.docx") -> Path:
    with zipfile.ZipFile(TEMPLATES / "report-2021.docx") as archive:
        entries = {entry: archive.read(entry) for entry in archive.namelist()}
    document = entries["word/document.xml"].decode()
    assert old in document, old
    entries["word/document.xml"] = document.replace(old, new, 1).encode()
    target = tmp_path / name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    target.write_bytes(buffer.getvalue())
    return target


# (case, old text, new text, expected in the problem's message, expected in its location)
BREAKAGES = [
    ("unknown field", "{{ applications.granted.natural_person }}",
     "{{ applications.granted.natural_persn }}", "natural_persn", "第"),
    ("unknown variable", "{{ applications.carried_over.total }}",
     "{{ aplications.carried_over.total }}", "未知变量“aplications”", "段"),
    ("unclosed tag", "{%p for item in problems.items %}", "{%p for item in problems.items ",
     "缺少结束符“%}”", "word/document.xml 第"),
    ("syntax error", "{{ item.title }}", "{{ item.title | }}", "模板语法错误", "段"),
    ("safe filter", "{{ item.title }}", "{{ item.title|safe }}", "safe 过滤器", "段"),
    ("wrong label", ">行政许可<", ">行政审批<", "应为“行政许可”", "表格“二、主动公开政府信息情况”"),
    ("wrong cell binding", "{{ applications.granted.research }}",
     "{{ applications.granted.commercial }}", "applications.granted.research",
     "表格“三、收到和处理政府信息公开申请情况”"),
    ("lost merge", '<w:gridSpan w:val="7"/>', "", "合并应为", "表格“三、"),
    ("missing table", ">行政复议<", ">复议<", "找不到此表", "表格“四、"),
]


@pytest.mark.parametrize(("case", "old", "new", "message", "where"), BREAKAGES,
                         ids=[b[0] for b in BREAKAGES])
def test_each_breakage_is_named_and_located(tmp_path: Path, case: str, old: str, new: str,
                                            message: str, where: str) -> None:
    problems = check_template(_edited(tmp_path, old, new))
    assert problems, case
    assert any(message in problem.message and where in problem.where for problem in problems), [
        str(problem) for problem in problems]


#: docxtpl forms the prepared renderer does not reproduce, each as a person would type it.
UNSUPPORTED = [
    ("{%tr for row in rows %}", "{%tr"),
    ("{%tc for cell in cells %}", "{%tc"),
    ("{%r if rich %}", "{%r"),
    ("{{r rich }}", "{{r"),
    ("{{p subdoc }}", "{{p"),
    ("{{tr rows }}", "{{tr"),
    ("{{tc cells }}", "{{tc"),
    ("{% colspan 2 %}", "{% colspan"),
    ("{% cellbg 'FF0000' %}", "{% cellbg"),
    ("{% vm %}", "{% vm"),
    ("{% hm %}", "{% hm"),
    ("{_{ literal }_}", "{_{"),
    ("{_% literal %_}", "{_%"),
]


@pytest.mark.parametrize(("typed", "form"), UNSUPPORTED, ids=[u[1] for u in UNSUPPORTED])
def test_docxtpl_forms_the_fast_path_does_not_reproduce_are_refused(
    tmp_path: Path, typed: str, form: str
) -> None:
    cell = "{{ applications.granted.natural_person }}"
    problems = check_template(_edited(tmp_path, cell, typed + cell))
    assert any(f"不支持 docxtpl 的“{form}" in problem.message and "段" in problem.where
               for problem in problems), [str(problem) for problem in problems]


def test_paragraph_tags_stay_supported() -> None:
    with zipfile.ZipFile(TEMPLATES / "report-2021.docx") as archive:
        assert b"{%p for" in archive.read("word/document.xml")
    assert check_template(TEMPLATES / "report-2021.docx") == []


def test_a_broken_tag_shows_the_paragraph_text(tmp_path: Path) -> None:
    problems = check_template(_edited(tmp_path, "{{ applications.granted.natural_person }}",
                                      "{{ applications.granted.natural_persn }}"))
    assert any("{{ applications.granted.natural_persn }}" in problem.message
               for problem in problems)


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_an_unreadable_file_raises(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "report-2021.docx"
    target.write_bytes(content)
    with pytest.raises(TemplateProblem):
        check_template(target)


@pytest.mark.parametrize(("make", "code", "output"), [
    (lambda tmp: TEMPLATES / "report-2019.docx", 0, "模板检查通过"),
    (lambda tmp: _edited(tmp, ">行政许可<", ">行政审批<"), 1, "模板有问题（1）"),
    (lambda tmp: tmp / "missing.docx", 2, "找不到模板文件"),
])
def test_the_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], make,
                                code: int, output: str) -> None:
    assert main(["check-template", str(make(tmp_path))]) == code
    captured = capsys.readouterr()
    assert output in captured.out + captured.err
