"""The body of a Word document as a reader sees it: paragraphs with their shown text, and tables.

A paragraph's shown text is its list number (Word's automatic numbering, ``一、``) followed by
its own text. Content controls and custom XML around paragraphs and tables are looked through.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from lxml import etree

from service.docx.ns import W
from service.docx.read.lists import ListNumbers
from service.docx.xml import paragraph_text

#: The styles of the service's own templates (any version) that mark the report's structure.
TITLE_STYLE = "Title"
CHAPTER_STYLE = "Heading1"
RUN_IN_STYLE = "RunInHeading"
SIGNATURE_STYLE = "Signature"
SIGNATURE_DATE_STYLE = "SignatureDate"
_WRAPPERS = frozenset({f"{W}sdt", f"{W}customXml"})


@dataclass(frozen=True, slots=True)
class Line:
    """One body paragraph."""

    text: str
    """The text shown: its list number, then its own text (not trimmed)."""
    style: str | None
    """Its paragraph style id."""
    align: str | None
    """Its own alignment (w:jc), None when it has none."""
    run_in: str | None
    """The text of its leading runs in the run-in heading style (the service's documents),
    None when it has none."""
    number: int
    """Its position among the body's paragraphs, from 1 (for messages)."""


Block: TypeAlias = Line | etree._Element
"""A body paragraph, or a body-level table (its w:tbl)."""


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
        found.append(
            Line(lists.label(block) + paragraph_text(block), style, align, _run_in(block), number)
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
