"""Word documents made the way a person fills the official template in Word or WPS.

2021: the official blank template (国办公开办函〔2021〕30号 attachment, tests/data) with numbers
typed into its cells — with the habits people have: full-width digits, thousands separators,
a trailing 件, the template's own full-width spaces left in the cell, nothing or a dash for 0 —
and text pasted over its （文字描述） placeholders; optionally chapter and item numbers by
Word's automatic numbering, a table pasted into a layout table, the title on one or two
paragraphs, tracked changes, a note beside a table, the 落款. 2019: there is no official .docx,
so the same template's page with the 2019 tables drawn from official_tables.json
(official-format §2–§4) in the template's own cell formatting.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from schemas import load_report
from schemas.model.cells import cell_text
from schemas.model.layout import FIELD_LABELS, TableLayout, tables
from schemas.model.report import Report, Section
from service.docx.ns import W
from service.docx.xml import grid_rows, own_children, paragraph_text
from service.importing import read_document
from service.reading.limits import ImportLimits
from service.reading.result import Imported
from tests.conftest import EXAMPLES

TEMPLATE = Path(__file__).resolve().parent / "data" / "official-template-2021.docx"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
NUMBERING_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
#: The six chapter headings, as the template (and every report) prints them.
CHAPTERS = (
    FIELD_LABELS["overview"],
    *(table.heading for table in tables("2021").values()),
    FIELD_LABELS["problems"],
    FIELD_LABELS["other_matters"],
)
TEMPLATE_TITLE = "政府信息公开工作年度报告格式模板"
PLACEHOLDER = re.compile(r"（文字描述.*）")

#: How a person types a value into a cell: (contract key, printed value) -> cell text.
Habit = Callable[[str, str], str]

_FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def plain(key: str, value: str) -> str:
    return value


def full_width(key: str, value: str) -> str:
    return value.translate(_FULL_WIDTH)


def thousands(key: str, value: str) -> str:
    whole, dot, fraction = value.partition(".")
    return f"{int(whole):,}{dot}{fraction}" if whole.isdigit() else value


def with_jian(key: str, value: str) -> str:
    return value + "件" if value.lstrip("-").isdigit() else value


def after_template_spaces(key: str, value: str) -> str:
    return "\u3000\u3000" + value


def blank_zero(key: str, value: str) -> str:
    return "" if value == "0" else value


def dash_zero(dash: str) -> Habit:
    def habit(key: str, value: str) -> str:
        return dash if value == "0" else value

    return habit


HABITS: tuple[Habit, ...] = (
    plain,
    full_width,
    thousands,
    with_jian,
    after_template_spaces,
    blank_zero,
    dash_zero("—"),
    dash_zero("-"),
    dash_zero("/"),
    dash_zero("无"),
)


def cycling(habits: Sequence[Habit] = HABITS) -> Habit:
    """Each cell typed with the next habit in turn."""
    turn = itertools.cycle(habits)

    def habit(key: str, value: str) -> str:
        return next(turn)(key, value)

    return habit


@dataclass(frozen=True)
class Filling:
    """How the person filled the template in."""

    habit: Habit = plain
    typed: Mapping[str, str] = field(default_factory=dict)
    """Exact cell texts by contract key (instead of the habit)."""
    auto_numbered: bool = False
    """Chapter headings 一、… and items （一）… numbered by Word's lists, not typed."""
    numbered_by_style: bool = False
    """With auto_numbered: the lists come from the heading styles, not from each paragraph."""
    nested: frozenset[str] = frozenset()
    """Tables (``table2``…) pasted into the single cell of a layout table."""
    title_lines: tuple[str, ...] | None = None
    """The title's paragraphs; default: organization / rest of the title."""
    split_runs: bool = True
    """Word's habit of cutting text into runs (spell check marks, bookmarks)."""
    signature: bool = True
    tracked_changes: bool = False
    """The first overview paragraph has an insertion and a deletion still tracked."""
    leave_placeholders: frozenset[str] = frozenset()
    """Sections (``other_matters``…) whose （文字描述） placeholder is left as it is."""
    table_note: str | None = None
    """A paragraph (e.g. ``单位：件``) typed under 三、 before its table."""


# --- XML helpers -----------------------------------------------------------------------------


def element(tag: str, **attributes: str) -> etree._Element:
    made = etree.Element(f"{W}{tag}")
    for name, value in attributes.items():
        made.set(f"{W}{name}", value)
    return made


def sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    made = element(tag, **attributes)
    parent.append(made)
    return made


def _pieces(text: str, split: bool) -> Iterator[str]:
    """Cut text as Word does, at arbitrary places."""
    if not split or len(text) < 4:
        yield text
        return
    cuts = sorted({len(text) // 3, len(text) // 2, len(text) * 3 // 4})
    start = 0
    for cut in [*cuts, len(text)]:
        if cut > start:
            yield text[start:cut]
            start = cut


def _run(parent: etree._Element, text: str, properties: etree._Element | None) -> None:
    run = sub(parent, "r")
    if properties is not None:
        run.append(copy.deepcopy(properties))
    for number, line in enumerate(text.split("\n")):
        if number:
            sub(run, "br")
        t = sub(run, "t")
        t.text = line
        t.set(XML_SPACE, "preserve")


def set_runs(
    paragraph: etree._Element,
    parts: Sequence[tuple[str, etree._Element | None]],
    split: bool,
) -> None:
    """Replace a paragraph's content by runs of the (text, rPr) parts."""
    for child in list(paragraph):
        if child.tag != f"{W}pPr":
            paragraph.remove(child)
    for number, (text, properties) in enumerate(parts):
        for index, piece in enumerate(_pieces(text, split)):
            if split and index == 1:
                sub(paragraph, "proofErr", type="spellStart")
            if split and index == 2:
                sub(paragraph, "bookmarkStart", id=str(number), name=f"_Hlk{number}")
                sub(paragraph, "bookmarkEnd", id=str(number))
            _run(paragraph, piece, properties)


def run_properties(paragraph: etree._Element) -> etree._Element | None:
    found = paragraph.find(f"{W}r/{W}rPr")
    if found is None:
        mark = paragraph.find(f"{W}pPr/{W}rPr")
        if mark is None:
            return None
        found = copy.deepcopy(mark)
        found.tag = f"{W}rPr"
        return found
    return copy.deepcopy(found)


# --- tables ----------------------------------------------------------------------------------


def data_cells(table: etree._Element, layout: TableLayout) -> dict[str, etree._Element]:
    """The w:tc of every data cell of an official table, by contract key."""
    found: dict[str, etree._Element] = {}
    rows = grid_rows(table)
    for row, official in zip(rows, layout.rows, strict=True):
        for cell, want in zip(row, official, strict=True):
            if want.key is not None:
                found[want.key] = cell.element
    return found


def type_into(tc: etree._Element, text: str, split: bool) -> None:
    """Type `text` into a cell's first paragraph, in the template's run format."""
    first = tc.find(f"{W}p")
    assert first is not None
    set_runs(first, [(text, run_properties(first))], split and len(text) > 3)


def fill_table(
    table: etree._Element, layout: TableLayout, report: Report, filling: Filling
) -> None:
    cells = {cell.key: cell for cell in layout.data_cells()}
    for key, tc in data_cells(table, layout).items():
        text = filling.typed.get(key)
        if text is None:
            text = filling.habit(key, cell_text(report, cells[key]))
        type_into(tc, text, filling.split_runs)


def nest(table: etree._Element) -> None:
    """Put `table` into the single cell of a borderless layout table."""
    outer = element("tbl")
    properties = sub(outer, "tblPr")
    sub(properties, "tblW", w="0", type="auto")
    borders = sub(properties, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, side, val="nil")
    sub(sub(outer, "tblGrid"), "gridCol", w="9740")
    tc = sub(sub(outer, "tr"), "tc")
    sub(sub(tc, "tcPr"), "tcW", w="9740", type="dxa")
    table.addprevious(outer)
    tc.append(table)
    sub(tc, "p")  # a cell ends with a paragraph


def draw_table(
    layout: TableLayout, sample: etree._Element, caption: etree._Element
) -> etree._Element:
    """An official table drawn from its layout in the template's cell formatting."""
    table = element("tbl")
    properties = sub(table, "tblPr")
    sub(properties, "tblW", w="0", type="auto")
    sub(properties, "jc", val="center")
    width = 9740 // layout.grid_columns
    grid = sub(table, "tblGrid")
    for _ in range(layout.grid_columns):
        sub(grid, "gridCol", w=str(width))
    covering: dict[int, list[int]] = {}  # column -> [colspan, rows still covered]
    for row in layout.rows:
        tr = sub(table, "tr")
        column = 0
        waiting = list(row)
        while waiting or column in covering:
            if column in covering:
                span, left = covering[column]
                tc = _drawn_cell(sample, "", span, width)
                sub(tc.find(f"{W}tcPr"), "vMerge")
                tr.append(tc)
                if left == 1:
                    del covering[column]
                else:
                    covering[column][1] = left - 1
                column += span
                continue
            cell = waiting.pop(0)
            source = caption if cell.colspan == layout.grid_columns else sample
            tc = _drawn_cell(source, cell.text or "", cell.colspan, width)
            if cell.rowspan > 1:
                sub(tc.find(f"{W}tcPr"), "vMerge", val="restart")
                covering[column] = [cell.colspan, cell.rowspan - 1]
            tr.append(tc)
            column += cell.colspan
    return table


def _drawn_cell(source: etree._Element, text: str, span: int, width: int) -> etree._Element:
    tc = copy.deepcopy(source)
    properties = tc.find(f"{W}tcPr")
    for old in properties.findall(f"{W}gridSpan") + properties.findall(f"{W}vMerge"):
        properties.remove(old)
    for old in properties.findall(f"{W}tcBorders"):
        properties.remove(old)
    width_element = properties.find(f"{W}tcW")
    width_element.set(f"{W}w", str(width * span))
    borders = element("tcBorders")
    for side in ("top", "left", "bottom", "right"):
        sub(borders, side, val="single", sz="8", space="0", color="auto")
    width_element.addnext(borders)
    if span > 1:
        width_element.addnext(element("gridSpan", val=str(span)))
    paragraphs = tc.findall(f"{W}p")
    for extra in paragraphs[1:]:
        tc.remove(extra)
    set_runs(paragraphs[0], [(text, run_properties(paragraphs[0]))], split=False)
    return tc


def official_tables(document: etree._Element, format_id: str) -> dict[str, etree._Element]:
    found = {}
    for table in document.iter(f"{W}tbl"):
        first = next(own_children(table, f"{W}tr"), None)
        cell = None if first is None else next(own_children(first, f"{W}tc"), None)
        text = "" if cell is None else re.sub(r"\s", "", "".join(cell.itertext()))
        for name, layout in tables(format_id).items():
            if text == layout.first_label:
                found[name] = table
    return found


# --- text ------------------------------------------------------------------------------------


class Lists:
    """A Word multi-level list: 一、 at level 0, （一） at level 1 (restarting under each 一、)."""

    NUM_ID = "7"

    def numbering_xml(self) -> bytes:
        numbering = element("numbering")
        abstract = sub(numbering, "abstractNum", abstractNumId="3")
        sub(abstract, "multiLevelType", val="multilevel")
        for level, text in enumerate(("%1、", "（%2）")):
            lvl = sub(abstract, "lvl", ilvl=str(level))
            sub(lvl, "start", val="1")
            sub(lvl, "numFmt", val="chineseCounting")
            sub(lvl, "lvlText", val=text)
            sub(lvl, "suff", val="nothing")
        num = sub(numbering, "num", numId=self.NUM_ID)
        sub(num, "abstractNumId", val="3")
        return etree.tostring(numbering, xml_declaration=True, encoding="UTF-8", standalone=True)

    def numbered_styles(self, styles: etree._Element) -> None:
        """Add paragraph styles 标题 1 / 标题 2 carrying the list (numbering by style)."""
        for level in (0, 1):
            style = sub(styles, "style", type="paragraph", styleId=f"ListHeading{level + 1}")
            sub(style, "name", val=f"List Heading {level + 1}")
            numbering = sub(sub(style, "pPr"), "numPr")
            sub(numbering, "ilvl", val=str(level))
            sub(numbering, "numId", val=self.NUM_ID)

    def apply(self, paragraph: etree._Element, level: int, by_style: bool) -> None:
        properties = paragraph.find(f"{W}pPr")
        if properties is None:
            properties = element("pPr")
            paragraph.insert(0, properties)
        style = properties.find(f"{W}pStyle")
        if by_style:
            if style is None:
                style = element("pStyle")
                properties.insert(0, style)
            style.set(f"{W}val", f"ListHeading{level + 1}")
            return
        numbering = element("numPr")
        sub(numbering, "ilvl", val=str(level))
        sub(numbering, "numId", val=self.NUM_ID)
        if style is not None:
            style.addnext(numbering)
        else:
            properties.insert(0, numbering)


def section_paragraphs(section: Section) -> Iterator[tuple[str | None, str, str]]:
    """(item number or None, heading, text) per paragraph; a heading runs into its paragraph."""
    for text in section.paragraphs:
        yield None, "", text
    for item in section.items:
        first, *rest = item.paragraphs or ("",)
        yield item.number, item.heading, first
        for text in rest:
            yield None, "", text


def write_section(
    placeholder: etree._Element, section: Section, filling: Filling, lists: Lists | None
) -> None:
    """Paste a section's text over the template's （文字描述） paragraph."""
    base = run_properties(placeholder)
    bold = copy.deepcopy(base) if base is not None else element("rPr")
    sub(bold, "b")
    anchor = placeholder
    for index, (number, heading, text) in enumerate(section_paragraphs(section)):
        paragraph = placeholder if index == 0 else copy.deepcopy(placeholder)
        if index:
            anchor.addnext(paragraph)
        anchor = paragraph
        if number is None:
            set_runs(paragraph, [(text, base)], filling.split_runs)
            continue
        if lists is not None:
            lists.apply(paragraph, 1, filling.numbered_by_style)
        else:
            heading = number + heading
        set_runs(paragraph, [(heading, bold), (text, base)], filling.split_runs)


def _track_changes(paragraph: etree._Element) -> None:
    """Wrap the paragraph's last run in an insertion and add a deleted run before it."""
    runs = paragraph.findall(f"{W}r")
    last = runs[-1]
    inserted = element("ins", id="901", author="张三", date="2022-01-10T09:00:00Z")
    last.addprevious(inserted)
    inserted.append(last)
    deleted = element("del", id="902", author="张三", date="2022-01-10T09:00:00Z")
    removed = sub(deleted, "r")
    sub(removed, "delText").text = "（已删除的旧数字 999 件）"
    inserted.addprevious(deleted)


def fill_text(document: etree._Element, report: Report, filling: Filling,
              lists: Lists | None) -> None:
    body = document.find(f"{W}body")
    paragraphs = list(body.iter(f"{W}p"))
    title = next(p for p in paragraphs if paragraph_text(p) == TEMPLATE_TITLE)
    lines = filling.title_lines or report.title_lines
    if len(lines) == 1 and filling.title_lines is None:
        lines = (report.organization, report.title.removeprefix(report.organization))
    properties = run_properties(title)
    set_runs(title, [(lines[0], properties)], filling.split_runs)
    anchor = title
    for line in lines[1:]:
        more = copy.deepcopy(title)
        set_runs(more, [(line, properties)], filling.split_runs)
        anchor.addnext(more)
        anchor = more
    headings = {paragraph_text(p): p for p in paragraphs if paragraph_text(p) in CHAPTERS}
    placeholder = next(p for p in paragraphs if PLACEHOLDER.fullmatch(paragraph_text(p)))
    pristine = copy.deepcopy(placeholder)
    for text in report.preamble:
        paragraph = copy.deepcopy(pristine)
        set_runs(paragraph, [(text, run_properties(pristine))], filling.split_runs)
        headings[CHAPTERS[0]].addprevious(paragraph)
    if filling.table_note:
        note = copy.deepcopy(pristine)
        set_runs(note, [(filling.table_note, run_properties(pristine))], False)
        headings[CHAPTERS[2]].addnext(note)
    sections = {0: ("overview", report.overview), 4: ("problems", report.problems),
                5: ("other_matters", report.other_matters)}
    for index, (key, section) in sections.items():
        following = headings[CHAPTERS[index]].getnext()
        while following is not None and not PLACEHOLDER.fullmatch(paragraph_text(following)):
            following = following.getnext()
        assert following is not None, CHAPTERS[index]
        if key not in filling.leave_placeholders:
            write_section(following, section, filling, lists)
    for heading, paragraph in headings.items():
        if lists is not None:
            lists.apply(paragraph, 0, filling.numbered_by_style)
            set_runs(paragraph, [(heading[2:], run_properties(paragraph))], filling.split_runs)
    if filling.tracked_changes:
        overview = headings[CHAPTERS[0]].getnext()
        assert overview is not None
        _track_changes(overview)
    if filling.signature and report.signature is not None:
        last = body.findall(f"{W}p")[-1]
        for text in ("", "", report.signature.organization, report.signature.date_text):
            paragraph = copy.deepcopy(pristine)
            if text:
                paragraph.find(f"{W}pPr/{W}jc").set(f"{W}val", "right")
                paragraph.find(f"{W}pPr/{W}ind").set(f"{W}firstLine", "0")
            set_runs(paragraph, [(text, run_properties(pristine))], filling.split_runs)
            last.addnext(paragraph)
            last = paragraph


def _redraw_2019(document: etree._Element) -> None:
    """Replace the 2021 tables 2 and 3 by the 2019 ones in the template's formatting."""
    found = official_tables(document, "2021")
    rows = found["table2"].findall(f"{W}tr")
    caption, sample = rows[0].find(f"{W}tc"), rows[2].findall(f"{W}tc")[1]
    for name in ("table2", "table3"):
        drawn = draw_table(tables("2019")[name], sample, caption)
        found[name].addprevious(drawn)
        found[name].getparent().remove(found[name])
    for paragraph in document.iter(f"{W}p"):
        if paragraph_text(paragraph) == "（文字描述，收取信息处理费情况在此处报告。）":
            set_runs(paragraph, [("（文字描述）", run_properties(paragraph))], False)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def filled_in(report: Report, filling: Filling | None = None) -> bytes:
    """The official template filled in with `report` as a person would (see the module)."""
    filling = filling or Filling()
    with zipfile.ZipFile(TEMPLATE) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    document = etree.fromstring(parts["word/document.xml"])
    if report.format == "2019":
        _redraw_2019(document)
    lists = Lists() if filling.auto_numbered else None
    found = official_tables(document, report.format)
    for name, table in found.items():
        fill_table(table, tables(report.format)[name], report, filling)
    for name in filling.nested:
        nest(found[name])
    fill_text(document, report, filling, lists)
    parts["word/document.xml"] = _xml(document)
    if lists is not None:
        parts["word/numbering.xml"] = lists.numbering_xml()
        if filling.numbered_by_style:
            styles = etree.fromstring(parts["word/styles.xml"])
            lists.numbered_styles(styles)
            parts["word/styles.xml"] = _xml(styles)
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdNum" Type="{NUMBERING_REL}" Target="numbering.xml"/>'
            "</Relationships>",
        ).encode()
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace(
            "</Types>",
            f'<Override PartName="/word/numbering.xml" ContentType="{NUMBERING_TYPE}"/></Types>',
        ).encode()
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return output.getvalue()


# --- reading back ----------------------------------------------------------------------------


def read(data: bytes, **limits: int) -> Imported:
    """Read a document with the default limits (or `limits` for ImportLimits)."""
    return read_document(data, ImportLimits(**limits))


def read_model(data: bytes) -> Report:
    """Read a document and validate what was read; fails the test unless both succeed."""
    imported = read(data)
    assert imported.report is not None, [(i.path, i.code, i.message) for i in imported.errors]
    result = load_report(imported.report)
    assert result.report is not None, [(i.path, i.code, i.message) for i in result.errors]
    return result.report


def example_model(format_id: str) -> Report:
    """The shipped example of a format as a validated model."""
    result = load_report(EXAMPLES[format_id].read_bytes())
    assert result.report is not None
    return result.report
