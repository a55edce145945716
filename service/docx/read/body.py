"""The body of a Word document as a reader sees it: paragraphs with their shown text, and tables.

Paragraphs are ``service.reading.text.Line``s, the same as every reader gives: the service's
own styles become their roles (title, chapter heading, 落款).

A paragraph's shown text is its list number (Word's automatic numbering, ``一、``) followed by
its own text. Content controls and custom XML around paragraphs and tables are looked through.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from service.docx.ns import W
from service.docx.read.lists import ListNumbers
from service.docx.xml import paragraph_text
from service.reading.text import CHAPTER, SIGNATURE, SIGNATURE_DATE, TITLE, Block, Line

#: The styles of the service's own templates (any version) that mark the report's structure.
TITLE_STYLE = "Title"
CHAPTER_STYLE = "Heading1"
RUN_IN_STYLE = "RunInHeading"
SIGNATURE_STYLE = "Signature"
SIGNATURE_DATE_STYLE = "SignatureDate"
_WRAPPERS = frozenset({f"{W}sdt", f"{W}customXml"})


#: A paragraph's role in the report, by its style in the service's own templates.
ROLES = {
    TITLE_STYLE: TITLE,
    CHAPTER_STYLE: CHAPTER,
    SIGNATURE_STYLE: SIGNATURE,
    SIGNATURE_DATE_STYLE: SIGNATURE_DATE,
}


def blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables of `container` in order, also inside content controls."""
    for child in container.iterchildren():
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                yield from blocks(content)


def body(document: etree._Element, lists: ListNumbers) -> list[Block]:
    """The body's paragraphs (as Lines) and tables, in order."""
    found: list[Block] = []
    element = document.find(f"{W}body")
    if element is None:
        return found
    number = 0
    for block in blocks(element):
        if block.tag == f"{W}tbl":
            found.append(block)
            continue
        number += 1
        properties = block.find(f"{W}pPr")
        style = align = None
        if properties is not None:
            style = _value(properties.find(f"{W}pStyle"))
            align = _value(properties.find(f"{W}jc"))
        role = None if style is None else ROLES.get(style)
        found.append(
            Line(lists.label(block) + paragraph_text(block), role, align, _run_in(block), number)
        )
    return found


def _value(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(f"{W}val")


def _run_in(paragraph: etree._Element) -> str | None:
    """The text of the paragraph's leading runs styled as a run-in heading, if it has any."""
    pieces: list[str] = []
    for run in paragraph.iter(f"{W}r"):
        style = run.find(f"{W}rPr/{W}rStyle")
        if style is None or style.get(f"{W}val") != RUN_IN_STYLE:
            break
        pieces.append(paragraph_text(run))
    return "".join(pieces) if pieces else None
