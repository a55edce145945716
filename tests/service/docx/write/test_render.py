"""The rendered examples, reopened: tables, numbers, paragraphs, page, fonts, footers, metadata."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from lxml import etree

from schemas.model.layout import tables as official_tables
from schemas.model.report import Report, Section
from service.docx import render_report
from service.docx.ns import NAMESPACES, W, qn
from service.docx.tables import compare, find_table
from service.docx.xml import grid_rows, paragraph_text, squeeze
from tests.docx_support import (
    Rendered,
    body_paragraphs,
    body_texts,
    expected_value,
    load,
    paragraph_property,
    parts_of,
    render_example,
    run_format,
    tables_of,
)

CHAPTERS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


@pytest.fixture(scope="module", params=["2019", "2021"])
def rendered(request: pytest.FixtureRequest) -> Rendered:
    return render_example(request.param)


def _without_totals(node: Any) -> Any:
    """Return a copy of a report dict with every 总计 left out (so it must be computed)."""
    if isinstance(node, dict):
        return {key: _without_totals(value) for key, value in node.items()
                if key not in {"total", "total_processed"}}
    return node


def test_tables_have_the_official_labels_and_merges(rendered: Rendered) -> None:
    found = tables_of(rendered.document)
    assert len(found) == 3
    for name, layout in official_tables(rendered.report.format).items():
        table = find_table(found, layout)
        assert table is not None, name
        problems = compare(table, layout, lambda cell: expected_value(rendered.raw, cell.key))
        assert problems == [], name


def test_each_table_cell_label_by_label() -> None:
    """The comparison itself, spelt out on table 3 of 2021: the grid from gridSpan/vMerge."""
    rows = grid_rows(tables_of(render_example("2021").document)[1])
    assert len(rows) == 28
    assert [(squeeze(c.text), c.colspan, c.rowspan) for c in rows[0]] == [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        ("申请人情况", 7, 1),
    ]
    assert (squeeze(rows[5][0].text), rows[5][0].rowspan) == ("三、本年度办理结果", 22)
    assert [squeeze(c.text) for c in rows[2]] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


@pytest.mark.parametrize("report_format", ["2019", "2021"])
def test_totals_absent_from_the_input_are_computed(report_format: str) -> None:
    raw = _without_totals(render_example(report_format).raw)
    report = load(raw)
    document = parts_of(render_report(report))["word/document.xml"]
    for name, layout in official_tables(report.format).items():
        table = find_table(tables_of(document), layout)
        assert table is not None
        assert compare(table, layout, lambda cell: expected_value(raw, cell.key)) == [], name


def test_a_wrong_number_would_be_noticed(rendered: Rendered) -> None:
    layout = official_tables(rendered.report.format)["table3"]
    table = find_table(tables_of(rendered.document), layout)
    assert table is not None
    changed = copy.deepcopy(table)
    first_data = next(t for t in changed.iter(f"{W}t") if t.text and t.text.isdigit())
    first_data.text = str(int(first_data.text) + 1)
    assert compare(changed, layout, lambda cell: expected_value(rendered.raw, cell.key)) != []


def _expected_paragraphs(report: Report) -> list[str]:
    def section(part: Section) -> list[str]:
        texts = list(part.paragraphs)
        for item in part.items:
            texts.append(item.title + (item.paragraphs[0] if item.paragraphs else ""))
            texts.extend(item.paragraphs[1:])
        return texts

    texts = [*report.title_lines, "", *report.preamble, CHAPTERS[0], *section(report.overview),
             CHAPTERS[1], CHAPTERS[2], CHAPTERS[3], CHAPTERS[4], *section(report.problems),
             CHAPTERS[5], *section(report.other_matters)]
    if report.signature is not None:
        texts += ["", "", report.signature.organization, report.signature.date_text]
    return texts


def test_every_paragraph_in_order_with_its_numbering(rendered: Rendered) -> None:
    assert body_texts(rendered.document) == _expected_paragraphs(rendered.report)
    texts = body_texts(rendered.document)
    first = texts.index(CHAPTERS[0]) + 1 + len(rendered.report.overview.paragraphs)
    for number, raw_item in zip("一二三四五", rendered.raw["overview"]["items"], strict=False):
        heading = re.sub(r"^[（(][一二三四五][）)]", "", raw_item["heading"])
        assert texts[first].startswith(f"（{number}）{heading}")
        first += len(raw_item["paragraphs"])


def test_the_signature_is_printed_only_when_given(rendered: Rendered) -> None:
    texts = body_texts(rendered.document)
    if rendered.raw.get("signature") is None:
        assert rendered.report.signature is None
        assert texts[-1] != ""  # the body ends with its last paragraph, no blank 落款 lines
    else:
        assert texts[-4:] == ["", "", "嘉兴市秀洲区人民政府办公室", "2022年1月20日"]
        date = body_paragraphs(rendered.document)[-1]
        assert paragraph_property(rendered.styles, date, f"{W}jc", "val") == "right"
        assert paragraph_property(rendered.styles, date, f"{W}ind", "rightChars") == "400"


def test_page_size_margins_and_footer_distance(rendered: Rendered) -> None:
    section = rendered.document.find(f"{W}body/{W}sectPr")
    size = section.find(f"{W}pgSz")
    margins = section.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert {key: margins.get(f"{W}{key}") for key in ("top", "bottom", "left", "right",
                                                      "footer")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474", "footer": "1304"}


def test_odd_and_even_footers_carry_the_page_number(rendered: Rendered) -> None:
    assert rendered.parts["word/settings.xml"].find(f"{W}evenAndOddHeaders") is not None
    section = rendered.document.find(f"{W}body/{W}sectPr")
    rels = {rel.get("Id"): rel.get("Target")
            for rel in rendered.parts["word/_rels/document.xml.rels"]}
    footers = {ref.get(f"{W}type"): rendered.parts["word/" + rels[ref.get(
        qn("r:id"))]]
        for ref in section.iter(f"{W}footerReference")}
    assert set(footers) == {"default", "even"}
    for kind, footer in footers.items():
        paragraph = footer.find(f"{W}p")
        assert "".join(t.text for t in paragraph.iter(f"{W}instrText")).strip() == "PAGE"
        assert re.fullmatch(r"— \d+ —", paragraph_text(paragraph))
        styles = rendered.styles
        run = paragraph.find(f"{W}r")
        assert run_format(styles, paragraph, run) == {
            "eastAsia": "宋体", "ascii": "Times New Roman", "size": "28"}
        odd = kind == "default"
        assert paragraph_property(styles, paragraph, f"{W}jc", "val") == (
            "right" if odd else "left")
        indent = "rightChars" if odd else "leftChars"
        assert paragraph_property(styles, paragraph, f"{W}ind", indent) == "100"


def _format_of(rendered: Rendered, paragraph: etree._Element, run_index: int = 0) -> tuple:
    run = paragraph.findall(f"{W}r")[run_index]
    resolved = run_format(rendered.styles, paragraph, run)
    return resolved["eastAsia"], resolved["ascii"], resolved["size"]


def test_fonts_and_sizes_of_title_headings_and_body(rendered: Rendered) -> None:
    paragraphs = body_paragraphs(rendered.document)
    texts = [paragraph_text(p) for p in paragraphs]
    title = paragraphs[0]
    assert _format_of(rendered, title)[::2] == ("方正小标宋简体", "44")
    assert paragraph_property(rendered.styles, title, f"{W}jc", "val") == "center"
    chapter = paragraphs[texts.index(CHAPTERS[0])]
    assert _format_of(rendered, chapter) == ("黑体", "Times New Roman", "32")
    assert paragraph_property(rendered.styles, chapter, f"{W}ind", "firstLineChars") == "200"
    item = paragraphs[texts.index(CHAPTERS[0]) + 1 + len(rendered.report.overview.paragraphs)]
    assert paragraph_text(item).startswith("（一）")
    assert _format_of(rendered, item, 0) == ("楷体_GB2312", "Times New Roman", "32")
    assert _format_of(rendered, item, 1) == ("仿宋_GB2312", "Times New Roman", "32")
    body = paragraphs[texts.index(CHAPTERS[0]) + 1]
    assert _format_of(rendered, body) == ("仿宋_GB2312", "Times New Roman", "32")
    assert paragraph_property(rendered.styles, body, f"{W}jc", "val") == "both"
    assert paragraph_property(rendered.styles, body, f"{W}spacing", "line") == "579"
    assert paragraph_property(rendered.styles, body, f"{W}spacing", "lineRule") == "exact"
    assert paragraph_property(rendered.styles, body, f"{W}ind", "firstLineChars") == "200"


@pytest.mark.parametrize(("index", "label_size", "data_size"),
                         [(0, "24", "24"), (1, "20", "20"), (2, "21", "21")])
def test_table_fonts_widths_borders_and_row_flags(rendered: Rendered, index: int,
                                                  label_size: str, data_size: str) -> None:
    table = tables_of(rendered.document)[index]
    widths = [int(col.get(f"{W}w")) for col in table.iter(f"{W}gridCol")]
    assert sum(widths) == 8844
    assert table.find(f"{W}tblPr/{W}tblW").get(f"{W}w") == "8844"
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    assert {(b.get(f"{W}val"), b.get(f"{W}sz")) for b in borders} == {("single", "4")}
    rows = table.findall(f"{W}tr")
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    headers = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows]
    assert headers == ([False] * len(rows) if index == 0 else [True] * 3 + [False] * (
        len(rows) - 3))
    for cell in table.iter(f"{W}tc"):
        assert cell.find(f"{W}tcPr/{W}vAlign").get(f"{W}val") == "center"
        paragraph = cell.find(f"{W}p")
        assert paragraph_property(rendered.styles, paragraph, f"{W}jc", "val") == "center"
        assert paragraph_property(rendered.styles, paragraph, f"{W}spacing", "line") == "240"
        runs = paragraph.findall(f"{W}r")
        if not runs:
            continue
        east_asia, ascii_font, size = _format_of(rendered, paragraph)
        assert (east_asia, ascii_font) == ("宋体", "Times New Roman")
        is_number = paragraph_text(paragraph).lstrip("-").replace(".", "").isdigit()
        assert size == (data_size if is_number else label_size)


def test_table2_caption_rows_are_shaded_as_in_the_official_templates(
    rendered: Rendered,
) -> None:
    table = tables_of(rendered.document)[0]
    shaded = {
        paragraph_text(cell.find(f"{W}p")): shading.get(f"{W}fill")
        for cell in table.iter(f"{W}tc")
        if (shading := cell.find(f"{W}tcPr/{W}shd")) is not None
    }
    # The 2019 notice's template and the 2021 template .docx both fill these rows C6D9F1.
    items = ("一", "五", "六", "八", "九") if rendered.report.format == "2019" else (
        "一", "五", "六", "八")
    assert shaded == {f"第二十条第（{item}）项": "C6D9F1" for item in items}


def test_language_and_properties(rendered: Rendered) -> None:
    default = rendered.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(f"{W}eastAsia") == "zh-CN"
    core = rendered.parts["docProps/core.xml"]
    dc = "{" + NAMESPACES["dc"] + "}"
    assert core.find(f"{dc}title").text == rendered.report.title
    assert core.find(f"{dc}creator").text == rendered.report.organization
    app = rendered.parts["docProps/app.xml"]
    company = app.find(qn("ep:Company"))
    assert company.text == rendered.report.organization


def test_python_docx_opens_the_document(rendered: Rendered) -> None:
    import io

    import docx

    document = docx.Document(io.BytesIO(rendered.data))
    assert document.core_properties.title == rendered.report.title
    assert len(document.tables) == 3
    assert document.sections[0].page_width == 11906 * 635
