"""A starter for the Word template of a new official format: drafts the whole document from code.

The shipped ``report-*.docx`` files are the source of the documents and are edited in Word or
WPS; this module is not run by the build. It drafts a template for a format of the registry,
its tables laid out from ``schemas/model/official_tables.json`` (labels, merges, a ``{{ … }}``
in every data cell) and the page, fonts and spacing of the house decisions (GB/T 9704-2012), as
the first version of a new format's template::

    python -m service.docx.write.starter 2021 draft.docx

Open the draft in Word, adjust it, then check it with ``gov-report check-template draft.docx``
before it becomes ``word_templates/report-<format>.docx``.
"""

from __future__ import annotations

import argparse
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from schemas.model.cells import printed_path
from schemas.model.layout import FIELD_LABELS, Cell, tables
from schemas.registry import FORMAT_IDS
from service.docx.ns import CT, NAMESPACES, RT, WORD_COMPATIBILITY, W, nsdecls, qn

W_NS = NAMESPACES["w"]
R_NS = NAMESPACES["r"]
XML_SPACE = qn("xml:space")

#: 版心 width in twips (156 mm).
TEXT_WIDTH = 8844
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
#: Exact line pitch of the body: 28.95 pt, 22 lines on the 225 mm 版心.
LINE_PITCH = 579
#: Cell margins left and right, twips (0.7 mm): narrow cells keep room for their labels.
CELL_MARGIN = 40

#: Column widths (twips) per table; each list sums to TEXT_WIDTH.
COLUMN_WIDTHS: dict[str, list[int]] = {
    "table2": [2604, 2080, 2080, 2080],
    # Table 3: 三、本年度办理结果 one character wide (it stacks), the （三）… group labels, the
    # numbered sub-rows wide enough for 13 characters, then seven applicant columns that hold
    # 自然人 on one line and counts of up to five digits.
    "table3": [320, 864, 2760] + [700] * 7,
    "table4": [590] * 9 + [589] * 6,
}

#: Minimum row heights (twips): an airy form, as in the official templates.
ROW_HEIGHTS = {"table2": 400, "table3": 320, "table4": 400}

#: Both official templates shade table 2's 第二十条 caption rows light blue: the 2019 one per
#: official-format §2.2, the 2021 one as its .docx does (four w:shd w:fill="C6D9F1" cells in
#: shared/spec/official-template-2021.docx, found when reading it back for the importer).
CAPTION_SHADING = "C6D9F1"

#: Paragraph styles of each table: (labels, data). Table 3's counts are at 10 pt like its
#: labels, so that six digits fit its 700-twip applicant columns on one line.
TABLE_STYLES = {
    "table2": ("TableText", "TableText"),
    "table3": ("TableLabelSmall", "TableLabelSmall"),
    "table4": ("TableNumberSmall", "TableNumberSmall"),
}

#: Where a label is broken (the text stays identical once white space is removed, which is how
#: labels are compared), keyed by label and the number of columns its cell spans: each line
#: fits its cell at the table's font size, and no word is split.
LABEL_BREAKS = {
    ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3):
        "（本列数据的勾稽关系为：\n第一项加第二项之和，\n等于第三项加第四项之和）",
    ("商业企业", 1): "商业\n企业",
    ("科研机构", 1): "科研\n机构",
    ("社会公益组织", 1): "社会\n公益\n组织",
    ("法律服务机构", 1): "法律\n服务\n机构",
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2):
        "（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）",
    ("（三）不予公开", 1): "（三）\n不予\n公开",
    ("（四）无法提供", 1): "（四）\n无法\n提供",
    ("（五）不予处理", 1): "（五）\n不予\n处理",
    ("（六）其他处理", 1): "（六）\n其他\n处理",
    ("5.要求行政机关确认或重新出具已获取信息", 1): "5.要求行政机关确认\n或重新出具已获取信息",
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1):
        "1.申请人无正当理由\n逾期不补正、\n行政机关不再处理其\n政府信息公开申请",
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1):
        "2.申请人逾期未按收费\n通知要求缴纳费用、\n行政机关不再处理其\n政府信息公开申请",
}



# --- element helpers ------------------------------------------------------------------------


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """Return a w: element with w: attributes and children."""
    element = etree.Element(W + tag, nsmap={"w": W_NS, "r": R_NS})
    for name, value in (attrs or {}).items():
        key = name if name.startswith("{") else W + name
        element.set(key, value)
    element.extend(children)
    return element


def fonts(east_asia: str, latin: str = LATIN_FONT) -> etree._Element:
    """Return rFonts: Chinese in `east_asia`, digits and Latin letters in `latin`."""
    return el("rFonts", {"ascii": latin, "hAnsi": latin, "eastAsia": east_asia, "cs": latin})


def size(half_points: int) -> list[etree._Element]:
    """Return sz and szCs for a font size given in half points."""
    return [el("sz", {"val": str(half_points)}), el("szCs", {"val": str(half_points)})]


def text_run(text: str, style: str | None = None) -> etree._Element:
    """Return a run of `text`; line feeds in `text` become line breaks."""
    run = el("r")
    if style:
        run.append(el("rPr", None, el("rStyle", {"val": style})))
    for number, line in enumerate(text.split("\n")):
        if number:
            run.append(el("br"))
        t = el("t")
        t.set(XML_SPACE, "preserve")
        t.text = line
        run.append(t)
    return run


def paragraph(
    *runs: etree._Element, style: str | None = None, keep_next: bool = False
) -> etree._Element:
    """Return a paragraph with an optional paragraph style, optionally kept with the next."""
    p = el("p")
    properties = [el("pStyle", {"val": style})] if style else []
    if keep_next:
        properties.append(el("keepNext"))
    if properties:
        p.append(el("pPr", None, *properties))
    p.extend(runs)
    return p


def tag_paragraph(tag: str) -> etree._Element:
    """Return a paragraph holding only a docxtpl ``{%p … %}`` tag (removed when rendering)."""
    return paragraph(text_run("{%p " + tag + " %}"))


def repeated(loop: str, *body: etree._Element) -> list[etree._Element]:
    """Return `body` wrapped in a ``{%p for … %}`` … ``{%p endfor %}`` pair of paragraphs."""
    return [tag_paragraph("for " + loop), *body, tag_paragraph("endfor")]


# --- body -----------------------------------------------------------------------------------


def section(name: str) -> list[etree._Element]:
    """Return the paragraphs of a free-text chapter: intro paragraphs, then run-in items."""
    run_in = paragraph(
        text_run("{{ item.title }}", style="RunInHeading"),
        text_run('{{ item.paragraphs|first|default("") }}'),
    )
    return [
        *repeated(f"paragraph in {name}.paragraphs", paragraph(text_run("{{ paragraph }}"))),
        *repeated(
            f"item in {name}.items",
            run_in,
            *repeated("paragraph in item.paragraphs[1:]", paragraph(text_run("{{ paragraph }}"))),
        ),
    ]


def signature() -> list[etree._Element]:
    """Return the 落款 block, printed only when the report has a signature."""
    return [
        tag_paragraph("if signature"),
        paragraph(),
        paragraph(),
        paragraph(text_run("{{ signature.organization }}"), style="Signature"),
        paragraph(text_run("{{ signature.date_text }}"), style="SignatureDate"),
        tag_paragraph("endif"),
    ]


def body(format_: str) -> list[etree._Element]:
    """Return every block element of the document body, in order."""
    layouts = tables(format_)

    def heading(text: str) -> etree._Element:
        return paragraph(text_run(text), style="Heading1")

    def official(name: str, shading: str | None = None) -> list[etree._Element]:
        return [heading(layouts[name].heading), table(layouts[name].rows, name, shading)]

    return [
        *repeated("line in title_lines", paragraph(text_run("{{ line }}"), style="Title")),
        paragraph(),
        *repeated("paragraph in preamble", paragraph(text_run("{{ paragraph }}"))),
        heading(FIELD_LABELS["overview"]),
        *section("overview"),
        *official("table2", CAPTION_SHADING),
        *official("table3"),
        *official("table4"),
        heading(FIELD_LABELS["problems"]),
        *section("problems"),
        heading(FIELD_LABELS["other_matters"]),
        *section("other_matters"),
        *signature(),
    ]


# --- tables ---------------------------------------------------------------------------------


def place(rows: Sequence[Sequence[Cell]]) -> list[list[tuple[int, Cell, bool]]]:
    """Place HTML-style cells on the grid: per row, (grid column, cell, is_continuation)."""
    covered: dict[tuple[int, int], Cell] = {}
    placed: list[list[tuple[int, Cell, bool]]] = []
    for row_index, row in enumerate(rows):
        entries: list[tuple[int, Cell, bool]] = []
        column = 0
        for cell in row:
            while (row_index, column) in covered:
                entries.append((column, covered[(row_index, column)], True))
                column += covered[(row_index, column)].colspan
            entries.append((column, cell, False))
            for below in range(1, cell.rowspan):
                covered[(row_index + below, column)] = cell
            column += cell.colspan
        while (row_index, column) in covered:
            entries.append((column, covered[(row_index, column)], True))
            column += covered[(row_index, column)].colspan
        placed.append(entries)
    return placed


def cell_text(cell: Cell) -> str:
    """Return what a template cell holds: its label, or the ``{{ … }}`` of its data."""
    if cell.key is None:
        label = cell.text or ""
        return LABEL_BREAKS.get((label, cell.colspan), label)
    return "{{ " + printed_path(cell) + " }}"


def table_cell(
    cell: Cell, width: int, continuation: bool, style: str, keep_next: bool,
    fill: str | None = None,
) -> etree._Element:
    """Return one w:tc; a continuation is the empty lower part of a vertical merge."""
    properties = el("tcPr", None, el("tcW", {"w": str(width), "type": "dxa"}))
    if cell.colspan > 1:
        properties.append(el("gridSpan", {"val": str(cell.colspan)}))
    if cell.rowspan > 1:
        properties.append(el("vMerge", None if continuation else {"val": "restart"}))
    if fill is not None:
        properties.append(el("shd", {"val": "clear", "color": "auto", "fill": fill}))
    properties.append(el("vAlign", {"val": "center"}))
    runs = [] if continuation else [text_run(cell_text(cell))]
    content = paragraph(*runs, style=style, keep_next=keep_next)
    return el("tc", None, properties, content)


def table(rows: Sequence[Sequence[Cell]], name: str, caption_fill: str | None = None
          ) -> etree._Element:
    """Return one official table as a w:tbl at the full 版心 width.

    `caption_fill` shades the full-width caption rows (第二十条第（X）项) with that colour.
    """
    widths = COLUMN_WIDTHS[name]
    assert sum(widths) == TEXT_WIDTH, name
    border = {"val": "single", "sz": "4", "space": "0", "color": "000000"}
    margins = el(
        "tblCellMar",
        None,
        el("left", {"w": str(CELL_MARGIN), "type": "dxa"}),
        el("right", {"w": str(CELL_MARGIN), "type": "dxa"}),
    )
    properties = el(
        "tblPr",
        None,
        el("tblW", {"w": str(TEXT_WIDTH), "type": "dxa"}),
        el("jc", {"val": "center"}),
        el("tblBorders", None, *(el(side, border) for side in
                                 ("top", "left", "bottom", "right", "insideH", "insideV"))),
        el("tblLayout", {"type": "fixed"}),
        margins,
        el("tblLook", {"val": "0000", "firstRow": "0", "lastRow": "0", "firstColumn": "0",
                       "lastColumn": "0", "noHBand": "1", "noVBand": "1"}),
    )
    grid = el("tblGrid", None, *(el("gridCol", {"w": str(width)}) for width in widths))
    tbl = el("tbl", None, properties, grid)
    # Table 2 has no header proper (each 第二十条 block carries its own caption row).
    header_rows = 0 if name == "table2" else header_row_count(rows)
    kept = kept_rows(rows, name, header_rows)
    for row_index, entries in enumerate(place(rows)):
        row_properties = el("trPr", None, el("cantSplit"))
        row_properties.append(el("trHeight", {"val": str(ROW_HEIGHTS[name]), "hRule": "atLeast"}))
        if row_index < header_rows:
            row_properties.append(el("tblHeader"))
        tr = el("tr", None, row_properties)
        for column, cell, continuation in entries:
            width = sum(widths[column:column + cell.colspan])
            style = TABLE_STYLES[name][cell.key is not None]
            fill = caption_fill if cell.colspan == len(widths) else None
            tr.append(table_cell(cell, width, continuation, style, row_index in kept, fill))
        tbl.append(tr)
    return tbl


def kept_rows(rows: Sequence[Sequence[Cell]], name: str, header_rows: int) -> set[int]:
    """Return the rows kept on the same page as the row below them.

    Table 2 may break only between its 第二十条 blocks; table 3 keeps its header with the first
    data row and may break after it (the header repeats), but never inside a vertically merged
    label (三、本年度办理结果 split over two pages reads 三、本 / 年度办理结果); table 4 stays
    whole.
    """
    last = len(rows) - 1
    if name == "table2":
        captions = {index for index, row in enumerate(rows) if len(row) == 1}
        return {index for index in range(last) if index + 1 not in captions}
    if name == "table3":
        merged = {
            index
            for start, entries in enumerate(place(rows))
            for _, cell, continuation in entries
            if not continuation
            for index in range(start, start + cell.rowspan - 1)
        }
        return set(range(header_rows + 1)) | merged
    return set(range(last))


def header_row_count(rows: Sequence[Sequence[Cell]]) -> int:
    """Return how many leading rows hold only labels (they repeat on each page)."""
    count = 0
    for row in rows:
        if any(cell.key is not None for cell in row):
            break
        count += 1
    return count


# --- other parts ----------------------------------------------------------------------------


def style(kind: str, style_id: str, name: str, ppr: Iterable[etree._Element] = (),
          rpr: Iterable[etree._Element] = (), based_on: str | None = "Normal",
          extra: Iterable[etree._Element] = ()) -> etree._Element:
    """Return one w:style."""
    element = el("style", {"type": kind, "styleId": style_id}, el("name", {"val": name}))
    if based_on:
        element.append(el("basedOn", {"val": based_on}))
    element.extend(extra)
    element.append(el("qFormat"))
    ppr, rpr = list(ppr), list(rpr)
    if ppr:
        element.append(el("pPr", None, *ppr))
    if rpr:
        element.append(el("rPr", None, *rpr))
    return element


def no_indent() -> etree._Element:
    """Return an indentation without the body's two-character first-line indent."""
    return el("ind", {"firstLineChars": "0", "firstLine": "0"})


def styles() -> etree._Element:
    """Return styles.xml: body defaults plus the few named styles the templates use."""
    defaults = el(
        "docDefaults",
        None,
        el("rPrDefault", None, el("rPr", None, fonts(BODY_FONT), *size(32),
                                  el("lang", {"val": "en-US", "eastAsia": "zh-CN",
                                              "bidi": "ar-SA"}))),
        el("pPrDefault", None, el("pPr")),
    )
    exact = {"line": str(LINE_PITCH), "lineRule": "exact", "before": "0", "after": "0"}
    single = {"line": "240", "lineRule": "auto", "before": "0", "after": "0"}
    root = el("styles", None, defaults)
    root.extend([
        style("paragraph", "Normal", "Normal", based_on=None, extra=[el("uiPriority",
              {"val": "0"})],
              ppr=[el("widowControl", {"val": "0"}), el("spacing", exact),
                   el("ind", {"firstLineChars": "200", "firstLine": "640"}),
                   el("jc", {"val": "both"})]),
        style("paragraph", "Title", "Title", extra=[el("next", {"val": "Normal"})],
              ppr=[el("keepNext"), no_indent(), el("jc", {"val": "center"})],
              rpr=[fonts(TITLE_FONT, TITLE_FONT), *size(44)]),
        style("paragraph", "Heading1", "heading 1", extra=[el("next", {"val": "Normal"})],
              ppr=[el("keepNext"), el("outlineLvl", {"val": "0"})],
              rpr=[fonts(HEADING1_FONT)]),
        style("character", "RunInHeading", "二级标题（接排）", based_on=None,
              rpr=[fonts(HEADING2_FONT)]),
        style("paragraph", "Signature", "落款", ppr=[no_indent(), el("jc", {"val": "right"})]),
        style("paragraph", "SignatureDate", "成文日期", based_on="Signature",
              ppr=[el("ind", {"firstLineChars": "0", "firstLine": "0", "rightChars": "400",
                              "right": "1280"})]),
        style("paragraph", "TableText", "表格文字", ppr=[
            el("widowControl", {"val": "0"}), el("spacing", single),
            no_indent(), el("jc", {"val": "center"})], rpr=[fonts(TABLE_FONT), *size(24)]),
        style("paragraph", "TableNumberSmall", "表格文字（五号）", based_on="TableText",
              rpr=[*size(21)]),
        style("paragraph", "TableLabelSmall", "表格文字（10磅）", based_on="TableText",
              rpr=[*size(20)]),
        style("paragraph", "Footer", "footer", ppr=[el("spacing", single), no_indent()],
              rpr=[fonts(TABLE_FONT), *size(28)]),
    ])
    return root


def page_number(odd: bool) -> etree._Element:
    """Return a footer with ``— N —``: odd pages right, even pages left, one character in."""
    indent = {"rightChars": "100", "right": "280"} if odd else {"leftChars": "100", "left": "280"}
    properties = el("pPr", None, el("pStyle", {"val": "Footer"}),
                    el("ind", {"firstLineChars": "0", "firstLine": "0", **indent}),
                    el("jc", {"val": "right" if odd else "left"}))

    def dash(text: str) -> etree._Element:
        run = text_run(text)
        run.insert(0, el("rPr", None, el("rFonts", {"hint": "eastAsia"})))
        return run

    field = [el("r", None, el("fldChar", {"fldCharType": "begin"})),
             el("r", None, el("instrText", {XML_SPACE: "preserve"})),
             el("r", None, el("fldChar", {"fldCharType": "separate"})),
             el("r", None, el("t")),
             el("r", None, el("fldChar", {"fldCharType": "end"}))]
    field[1][0].text = " PAGE "
    field[3][0].text = "1"
    p = el("p", None, properties, dash("— "), *field, dash(" —"))
    return el("ftr", None, p)


def section_properties() -> etree._Element:
    """Return the sectPr: A4, GB/T 9704 margins, odd and even footers."""
    return el(
        "sectPr",
        None,
        el("footerReference", {"type": "default", qn("r:id"): "rIdFooterOdd"}),
        el("footerReference", {"type": "even", qn("r:id"): "rIdFooterEven"}),
        el("pgSz", {"w": "11906", "h": "16838"}),
        el("pgMar", {"top": "2098", "right": "1474", "bottom": "1984", "left": "1587",
                     "header": "851", "footer": "1304", "gutter": "0"}),
        el("cols", {"space": "425"}),
        el("docGrid", {"linePitch": str(LINE_PITCH)}),
    )


def settings() -> etree._Element:
    """Return settings.xml: different odd and even footers, Chinese punctuation handling."""
    return el(
        "settings",
        None,
        el("defaultTabStop", {"val": "420"}),
        el("evenAndOddHeaders"),
        el("characterSpacingControl", {"val": "compressPunctuation"}),
        # A line ended by a line break (a "\n" in a paragraph) must not be stretched to the
        # full width in justified text.
        el("compat", None, el("doNotExpandShiftReturn"), el("compatSetting", {
            "name": "compatibilityMode", "uri": WORD_COMPATIBILITY,
            "val": "15"})),
        el("themeFontLang", {"val": "en-US", "eastAsia": "zh-CN"}),
    )


def font_table() -> etree._Element:
    """Return fontTable.xml naming each font with a GB2312 charset and a fallback name."""
    fallbacks = {BODY_FONT: "仿宋", HEADING2_FONT: "楷体", TITLE_FONT: "宋体",
                 HEADING1_FONT: "SimHei", TABLE_FONT: "SimSun"}
    root = el("fonts")
    for name, fallback in fallbacks.items():
        root.append(el("font", {"name": name}, el("altName", {"val": fallback}),
                       el("charset", {"val": "86"}), el("family", {"val": "modern"}),
                       el("pitch", {"val": "fixed"})))
    root.append(el("font", {"name": LATIN_FONT}, el("charset", {"val": "00"}),
                   el("family", {"val": "roman"}), el("pitch", {"val": "variable"})))
    return root


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OVERRIDES = {
    "/word/document.xml": CT.DOCUMENT_MAIN,
    "/word/styles.xml": CT.STYLES,
    "/word/settings.xml": CT.SETTINGS,
    "/word/fontTable.xml": CT.FONT_TABLE,
    "/word/footer1.xml": CT.FOOTER,
    "/word/footer2.xml": CT.FOOTER,
    "/docProps/core.xml": CT.CORE_PROPERTIES,
    "/docProps/app.xml": CT.EXTENDED_PROPERTIES,
}
CONTENT_TYPES = (
    f'{_DECLARATION}<Types {nsdecls("=ct")}>'
    f'<Default Extension="rels" ContentType="{CT.RELATIONSHIPS}"/>'
    f'<Default Extension="xml" ContentType="{CT.XML}"/>'
    + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>'
              for part, kind in _OVERRIDES.items())
    + "</Types>"
)


def _relationships(*targets: tuple[str, str, str]) -> str:
    """A relationships part: one (id, target, type) each."""
    return (
        f'{_DECLARATION}<Relationships {nsdecls("=pr")}>'
        + "".join(f'<Relationship Id="{rid}" Target="{target}" Type="{kind}"/>'
                  for rid, target, kind in targets)
        + "</Relationships>"
    )


RELS = _relationships(
    ("rId1", "word/document.xml", RT.OFFICE_DOCUMENT),
    ("rId2", "docProps/core.xml", RT.CORE_PROPERTIES),
    ("rId3", "docProps/app.xml", RT.EXTENDED_PROPERTIES),
)
DOCUMENT_RELS = _relationships(
    ("rIdStyles", "styles.xml", RT.STYLES),
    ("rIdSettings", "settings.xml", RT.SETTINGS),
    ("rIdFontTable", "fontTable.xml", RT.FONT_TABLE),
    ("rIdFooterOdd", "footer1.xml", RT.FOOTER),
    ("rIdFooterEven", "footer2.xml", RT.FOOTER),
)

# The title and author are rendered from the report; no dates, so equal input gives equal bytes.
CORE = (
    f'{_DECLARATION}<cp:coreProperties {nsdecls("cp", "dc", "dcterms")}>'
    "<dc:title>{{ title }}</dc:title><dc:creator>{{ organization }}</dc:creator>"
    "<cp:lastModifiedBy>{{ organization }}</cp:lastModifiedBy><dc:language>zh-CN</dc:language>"
    "</cp:coreProperties>"
)

APP = (
    f'{_DECLARATION}<Properties {nsdecls("=ep")}>'
    "<Application>gov-report-docx</Application><Company>{{ organization }}</Company></Properties>"
)


def xml_bytes(root: etree._Element) -> bytes:
    """Serialize a part with the XML declaration Word expects."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def document(format_: str) -> etree._Element:
    """Return document.xml for one format."""
    return el("document", None, el("body", None, *body(format_), section_properties()))


def build(format_: str, target: Path) -> None:
    """Write the template of `format_` to `target` with fixed timestamps (reproducible)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": RELS.encode(),
        "docProps/core.xml": CORE.encode(),
        "docProps/app.xml": APP.encode(),
        "word/document.xml": xml_bytes(document(format_)),
        "word/_rels/document.xml.rels": DOCUMENT_RELS.encode(),
        "word/styles.xml": xml_bytes(styles()),
        "word/settings.xml": xml_bytes(settings()),
        "word/fontTable.xml": xml_bytes(font_table()),
        "word/footer1.xml": xml_bytes(page_number(odd=True)),
        "word/footer2.xml": xml_bytes(page_number(odd=False)),
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def main(argv: Sequence[str] | None = None) -> None:
    """Draft the template of one format to the file named on the command line."""
    parser = argparse.ArgumentParser(description="起草新格式的 Word 模板 / draft a template")
    parser.add_argument("format", choices=FORMAT_IDS, help="格式 / the format of the registry")
    parser.add_argument("output", type=Path, help="输出 .docx / the draft to write")
    args = parser.parse_args(argv)
    build(args.format, args.output)
    print(f"已起草 / drafted {args.output}")


if __name__ == "__main__":
    main()
