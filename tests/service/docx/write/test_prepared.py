"""The prepared-once template: same output as plain docxtpl, safe errors, threads, template dir."""

from __future__ import annotations

import io
import re
import shutil
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from lxml import etree

import word_templates
from schemas.registry import FORMAT_IDS
from service.docx import render_report
from service.docx.ns import NAMESPACES, W, qn
from service.docx.write.environment import word_environment
from service.docx.write.prepared import SUPPORTED_DOCXTPL, check_docxtpl
from service.docx.write.render import prepared_template, report_context
from service.docx.write.sample import sample_report
from service.errors import TemplateProblem
from tests.docx_support import REPO, TEMPLATES, parts_of, render_example


def _plain_docxtpl(template: Path, context: dict) -> bytes:
    document = DocxTemplate(template)
    document.render(context, jinja_env=word_environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _canonical(root: etree._Element) -> bytes:
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize("kind", ["example", "sample"])
@pytest.mark.parametrize("report_format", FORMAT_IDS)
def test_fast_path_matches_plain_docxtpl(report_format: str, kind: str) -> None:
    """Every shipped template, with its example and with the sample of awkward text: the gate
    for any docxtpl upgrade (service.docx.write.prepared reuses its patching)."""
    report = render_example(report_format).report if kind == "example" else sample_report(
        report_format)
    template = word_templates.template_path(report_format)
    fast = parts_of(render_report(report))
    plain = parts_of(_plain_docxtpl(template, report_context(report)))
    assert set(fast) == set(plain)
    assert _canonical(fast["word/document.xml"].find(f"{W}body")) == _canonical(
        plain["word/document.xml"].find(f"{W}body"))
    dc = "{" + NAMESPACES["dc"] + "}"
    for tag in ("title", "creator"):
        given = fast["docProps/core.xml"].find(dc + tag).text
        # docxtpl renders the properties with the Word environment, which writes markup and
        # breaks as runs there: the prepared path gives the plain text, docxtpl only matches it
        # for text without them.
        expected = getattr(report, "title" if tag == "title" else "organization")
        assert given == expected
        if kind == "example":
            assert given == plain["docProps/core.xml"].find(dc + tag).text
    # plain docxtpl does not render app.xml: the only difference is the company left as a tag
    company = qn("ep:Company")
    assert fast["docProps/app.xml"].find(company).text == report.organization
    assert plain["docProps/app.xml"].find(company).text == "{{ organization }}"
    for name in set(fast) - {"word/document.xml", "docProps/core.xml", "docProps/app.xml",
                             "[Content_Types].xml"}:
        assert _canonical(fast[name]) == _canonical(plain[name]), name
    types = {(item.get("PartName"), item.get("ContentType")) for item in fast[
        "[Content_Types].xml"] if item.get("PartName")}
    assert types <= {(item.get("PartName"), item.get("ContentType")) for item in plain[
        "[Content_Types].xml"]}


def test_the_template_is_prepared_once() -> None:
    path = TEMPLATES / "report-2021.docx"
    assert prepared_template(path) is prepared_template(path)


def test_output_is_deterministic() -> None:
    report = sample_report("2021")
    assert render_report(report) == render_report(report)


def test_eight_threads_render_eight_reports_correctly() -> None:
    reports = [sample_report("2019" if seed % 2 else "2021", seed) for seed in range(8)]
    expected = [render_report(report) for report in reports]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            results = list(pool.map(render_report, reports * 3))
            assert results == expected * 3
    organizations = {report.organization for report in reports}
    assert len(organizations) == 8
    for report, data in zip(reports, expected, strict=True):
        core = parts_of(data)["docProps/core.xml"]
        assert core.find(qn("dc:creator")).text == report.organization


def test_the_template_directory_can_be_moved(tmp_path: Path) -> None:
    shutil.copy(TEMPLATES / "report-2021.docx", tmp_path / "report-2021.docx")
    report = sample_report("2021")
    assert render_report(report, tmp_path) == render_report(report)
    with pytest.raises(TemplateProblem, match=r"report-2019\.docx"):
        render_report(sample_report("2019"), tmp_path)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _template_with(replace: tuple[str, str]) -> bytes:
    with zipfile.ZipFile(TEMPLATES / "report-2021.docx") as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    old, new = replace
    document = entries["word/document.xml"].decode()
    assert old in document
    entries["word/document.xml"] = document.replace(old, new, 1).encode()
    return _zip(entries)


BROKEN = [
    ("not a zip", b"this is not a docx", "不是可读的 Word 文件"),
    ("empty zip", _zip({"a.txt": b"x"}), "缺少 word/document.xml"),
    ("malformed XML", _zip({"word/document.xml": b"<w:document"}), "不是合法的 XML"),
    ("Jinja syntax", _template_with(("{{ line }}", "{{ line }")), "语法错误"),
    ("unknown field", _template_with(("{{ line }}", "{{ nothing.here }}")), "不匹配"),
    ("unsafe attribute", _template_with(("{{ line }}", "{{ line.__class__.__mro__ }}")),
     "不匹配"),
]


@pytest.mark.parametrize(("case", "content", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_templates_raise_template_problem(tmp_path: Path, case: str, content: bytes,
                                                 message: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "report-2021.docx").write_bytes(content)
    with pytest.raises(TemplateProblem, match=message) as raised:
        render_report(sample_report("2021"), tmp_path)
    assert raised.value.status == 500
    assert "report-2021.docx" in raised.value.detail
    assert caplog.records, "the cause is logged"


def test_a_missing_template_raises_template_problem(tmp_path: Path) -> None:
    with pytest.raises(TemplateProblem, match="找不到模板"):
        render_report(sample_report("2021"), tmp_path)


def test_the_supported_docxtpl_is_the_one_pinned_and_installed() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert f"docxtpl=={SUPPORTED_DOCXTPL}" in pyproject["project"]["dependencies"]
    check_docxtpl(version("docxtpl"))


@pytest.mark.parametrize("other", ["0.20.1", "0.21.0", "1.0"])
def test_another_docxtpl_is_refused_with_what_to_do(other: str) -> None:
    with pytest.raises(ImportError, match=rf"docxtpl {re.escape(other)} is installed.*pip install"):
        check_docxtpl(other)
