"""WordprocessingML as the service reads it: the text a paragraph shows, and table grids.

The template check, the template starter, the reader of filled-in documents and the tests all
read paragraphs and tables through here (the names themselves are in ``service.docx.ns``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from service.docx.ns import NAMESPACES, W
from service.reading.layouts import squeeze

__all__ = ["squeeze"]  # re-exported: the template check and the tests compare labels with it
#: Elements that may wrap rows or cells without being one (content controls, custom XML).
_WRAPPERS = frozenset({f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"})


#: Inline elements whose runs a paragraph shows as its own text. Anything else between a run and
#: its paragraph holds text shown elsewhere or not at all: a moved-away or deleted revision
#: (w:moveFrom, w:del), a text box's own paragraphs inside a drawing, the fallback copy of
#: alternate content (its first choice is the one shown).
_MC = "{" + NAMESPACES["mc"] + "}"
_INLINE = frozenset(
    [
        *(
            f"{W}{name}"
            for name in (
                "r", "hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "sdt", "sdtContent",
                "customXml", "dir", "bdo",
            )
        ),
        f"{_MC}AlternateContent",
        f"{_MC}Choice",
    ]
)
_T, _TAB, _P, _TR, _TC = f"{W}t", f"{W}tab", f"{W}p", f"{W}tr", f"{W}tc"
_TC_PR, _GRID_SPAN, _V_MERGE, _VAL = f"{W}tcPr", f"{W}gridSpan", f"{W}vMerge", f"{W}val"
_TEXT_TAGS = (_T, f"{W}br", f"{W}cr", _TAB)
#: What may hold text a paragraph does not show; without any, every text node is shown. A
#: deletion holds w:delText, but a w:t in one (WPS, hand-made files) is no more shown.
_ELSEWHERE = frozenset({f"{W}moveFrom", f"{W}del", f"{W}txbxContent", f"{_MC}Fallback"})
#: Run properties that hide the run's text (hidden text, Word's "special vanish").
_HIDING = frozenset({f"{W}vanish", f"{W}specVanish"})
_OFF = frozenset({"0", "false", "off"})
_R, _RPR = f"{W}r", f"{W}rPr"
_TEXT_AND_ELSEWHERE = (*_TEXT_TAGS, *_ELSEWHERE, *_HIDING)


def paragraph_text(paragraph: etree._Element) -> str:
    """Return the text a paragraph shows, with w:br/w:cr as a line feed and w:tab as a tab.

    Revisions count as accepted (inserted text in, deleted and moved-away text out); hidden text
    (w:vanish) is not shown; the paragraphs of a text box anchored in this one are not its text.
    """
    pieces = []
    # A node's ancestors need checking only once something that can hide text has been met
    # (it comes before its own content in document order).
    check = False
    hidden: set[etree._Element] = set()
    for node in paragraph.iter(_TEXT_AND_ELSEWHERE):
        tag = node.tag
        if tag in _ELSEWHERE:
            check = True
            continue
        if tag in _HIDING:
            # A run's own properties (not the paragraph mark's, nor a tracked change's old ones).
            properties = node.getparent()
            run = properties.getparent() if properties is not None else None
            if properties.tag == _RPR and run is not None and run.tag == _R \
                    and node.get(_VAL, "true").lower() not in _OFF:
                hidden.add(run)
            continue
        if hidden and node.getparent() in hidden:
            continue
        if check and not _shown_in(node, paragraph):
            continue
        if tag == _T:
            pieces.append(node.text or "")
        elif tag == _TAB:
            pieces.append("\t")
        else:
            pieces.append("\n")
    return "".join(pieces)


def _shown_in(node: etree._Element, paragraph: etree._Element) -> bool:
    """Whether `node` (a run's child) is part of `paragraph`'s own text."""
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag not in _INLINE:
            return False
        parent = parent.getparent()
    return parent is paragraph


def cell_paragraphs_text(cell: etree._Element) -> str:
    """Return a table cell's text, its paragraphs joined by line feeds."""
    return "\n".join(paragraph_text(p) for p in cell.iter(_P))


@dataclass(slots=True)
class GridCell:
    """A logical cell of a Word table: its text and how many columns and rows it covers."""

    text: str
    colspan: int
    rowspan: int
    element: etree._Element
    """The w:tc that starts the cell."""


def own_children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The children of `parent` with `tag`, also where a content control wraps them (not those
    of a table nested inside)."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from own_children(child, tag)


def grid_rows(table: etree._Element, *rest: Iterable[etree._Element]) -> list[list[GridCell]]:
    """Return the table's rows with merges resolved: w:gridSpan is colspan, w:vMerge rowspan.

    Each w:tc is visited once; a cell covered by a merge (a vMerge continuation) is not listed,
    as in HTML. Rows of tables nested in a cell are not this table's rows. `rest`: more w:tr
    that continue the table (the rows of a table split in two), its merges carrying on.
    """
    rows: list[list[GridCell]] = []
    open_merges: dict[int, GridCell] = {}
    for tr in itertools.chain(own_children(table, _TR), *rest):
        row: list[GridCell] = []
        column = 0
        for tc in own_children(tr, _TC):
            properties = tc.find(_TC_PR)
            span = 1 if properties is None else _span(properties.find(_GRID_SPAN))
            merge = None if properties is None else properties.find(_V_MERGE)
            if merge is not None and merge.get(_VAL, "continue") == "continue":
                if column in open_merges:
                    open_merges[column].rowspan += 1
            else:
                cell = GridCell(cell_paragraphs_text(tc), span, 1, tc)
                row.append(cell)
                if merge is not None:
                    open_merges[column] = cell
                else:
                    open_merges.pop(column, None)
            column += span
        rows.append(row)
    return rows


def _span(element: etree._Element | None) -> int:
    """A gridSpan's value; 1 when absent or not a sensible number (a damaged document)."""
    if element is None:
        return 1
    value = element.get(f"{W}val", "1")
    return int(value) if value.isdigit() and 0 < int(value) <= 64 else 1


def grid_columns(table: etree._Element) -> int:
    """The number of w:gridCol of the table's grid."""
    return len(table.findall(f"{W}tblGrid/{W}gridCol"))
