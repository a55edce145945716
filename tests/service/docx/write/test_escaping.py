"""Text comes out of the document exactly as it went in: markup, template syntax, rare text."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from service.docx import render_report
from service.docx.ns import NAMESPACES, W
from service.docx.write.sample import AWKWARD_TEXT
from service.docx.xml import paragraph_text
from tests.docx_support import body_paragraphs, body_texts, load, parts_of, render_example

AWKWARD = [
    "甲 & 乙 < 丙 > 丁",
    '"双引号" \'单引号\' “中文引号” ‘中文单引号’',
    "{{ report.organization }} {% if true %}x{% endif %} {# c #} {_{ }_} {%p x %}",
    "</w:t></w:r><w:r><w:t>注入</w:t>",
    "&amp; &lt; &#x41; ]]> <![CDATA[x]]>",
    "表情😀👍🏽，扩展B区𠀀𠀁𪚥，康熙部首⼀",
    "first line\nsecond line\n\nfourth after an empty line",
    "before\ttab\tafter",
    "Windows\r\nline\rends",
]


def _report_with(text: str, title: str = "测试机关&<>"):
    raw = copy.deepcopy(render_example("2021").raw)
    raw["organization"] = title
    raw.pop("title", None)
    raw["preamble"] = [text]
    raw["overview"]["items"][0]["paragraphs"] = [text, text]
    raw["signature"] = {"organization": title, "date": "2022-01-20"}
    return load(raw)


@pytest.mark.parametrize("text", AWKWARD)
def test_text_comes_back_exactly(text: str) -> None:
    report = _report_with(text, title="机关“&<>”{{ x }}")
    parts = parts_of(render_report(report))
    texts = body_texts(parts["word/document.xml"])
    expected = report.preamble[0].replace("\r\n", "\n").replace("\r", "\n")
    assert texts[len(report.title_lines) + 1] == expected
    item = report.overview.items[0]
    assert item.title + expected in texts
    assert texts[-2] == "机关“&<>”{{ x }}"
    dc = "{" + NAMESPACES["dc"] + "}"
    assert parts["docProps/core.xml"].find(f"{dc}creator").text == "机关“&<>”{{ x }}"
    assert parts["docProps/core.xml"].find(f"{dc}title").text == report.title


def test_line_breaks_and_tabs_are_word_breaks_in_the_same_run() -> None:
    report = _report_with("一\n二\t三")
    document = parts_of(render_report(report))["word/document.xml"]
    paragraph = body_paragraphs(document)[len(report.title_lines) + 1]
    runs = paragraph.findall(f"{W}r")
    assert len(runs) == 1
    assert [child.tag.split("}")[1] for child in runs[0] if child.tag != f"{W}rPr"] == [
        "t", "br", "t", "tab", "t"]
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
               for t in runs[0].iter(f"{W}t"))


def test_the_sample_text_survives_the_check_render() -> None:
    from service.docx.write.sample import sample_report

    report = sample_report("2019")
    texts = body_texts(parts_of(render_report(report))["word/document.xml"])
    assert texts[len(report.title_lines) + 1] == report.preamble[0]
    assert AWKWARD_TEXT in report.preamble[0]


def test_a_two_line_title_is_two_centred_title_paragraphs() -> None:
    rendered = render_example("2021")
    assert len(rendered.report.title_lines) == 2
    paragraphs = body_paragraphs(rendered.document)
    for paragraph, line in zip(paragraphs, rendered.report.title_lines, strict=False):
        assert paragraph.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Title"
        assert paragraph_text(paragraph) == line
    assert paragraph_text(paragraphs[2]) == ""


def test_long_multi_paragraph_sections_render_completely() -> None:
    raw = copy.deepcopy(render_example("2019").raw)
    long_paragraph = "长段落" * 1600  # 4,800 characters: several pages on its own
    raw["problems"] = {
        "paragraphs": [long_paragraph] * 3,
        "items": [{"heading": f"第{n}个问题", "paragraphs": [long_paragraph, "短段。", "再一段。"]}
                  for n in range(1, 11)],
    }
    report = load(raw)
    texts = body_texts(parts_of(render_report(report))["word/document.xml"])
    assert texts.count(long_paragraph) == 3
    assert sum(text.endswith(long_paragraph) and text.startswith("（") for text in texts) == 10
    assert texts.count("短段。") == 10
    assert "（十）第10个问题。" + long_paragraph in texts


def test_every_part_stays_well_formed_with_awkward_text() -> None:
    report = _report_with("\n".join(AWKWARD))
    for name, root in parts_of(render_report(report)).items():
        assert isinstance(root, etree._Element), name
