"""A web page parsed into a small tree of what a browser shows, bounded while it parses.

lxml's HTML parser (libxml2: C, no network, no scripts run) sends its events to a builder here
that keeps only what a reader needs (tags, the attributes of merges and visibility, text) and
counts elements and depth as they come: the page is refused at the first element over
``max_html_elements`` or deeper than ``max_html_depth``, before anything more is built, so a
page of ten thousand nested tables costs what its first few hundred do. Scripts, styles,
templates, form controls, embedded objects and anything hidden (``hidden``, ``display:none``,
``visibility:hidden``) are not kept: a browser does not show them; nor are the page headers
and footers a word processor writes into the pages it exports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from service.errors import DocumentTooLarge, DocumentUnsupported
from service.reading.limits import ImportLimits

#: Elements whose content a browser does not show as text of the page.
_NOT_SHOWN = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
     "select", "textarea", "button", "input", "canvas", "audio", "video", "map", "head"}
)  # fmt: skip
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-element\s*:\s*(?:header|footer))",
    re.I,
)
#: How word processors mark a page's header and footer in the web pages they export
#: (LibreOffice: ``<div title="footer">``; Word: ``style="mso-element:footer"``): page
#: furniture, not text of the document.
_FURNITURE_TITLES = frozenset({"header", "footer"})
#: The attributes a reader uses; the others are not kept.
_KEPT = frozenset({"colspan", "rowspan", "style", "align"})


@dataclass(slots=True, eq=False)
class Node:
    """An element as kept: its tag, some attributes, its children (elements and text)."""

    tag: str
    attributes: Mapping[str, str]
    children: list[Node | str] = field(default_factory=list)
    tables_inside: bool = False
    """Whether a table is nested anywhere inside it."""


@dataclass(slots=True)
class Page:
    """A parsed page: its body as a tree, and its ``<title>``."""

    body: Node
    title: str
    elements: int


class _Refused(Exception):
    """Raised in the builder to stop the parser at a limit."""

    def __init__(self, error: DocumentTooLarge) -> None:
        super().__init__(error.detail)
        self.error = error


class _Builder:
    """lxml parser target: builds Nodes, counting elements and depth against the limits."""

    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.root = Node("body", {})
        self.stack: list[Node] = [self.root]
        self.skipping = 0
        """Depth inside an element whose content is not shown (0: shown)."""
        self.depth = 0
        self.elements = 0
        self.title: list[str] = []
        self.in_title = False
        self.title_read = False

    def start(self, tag: str, attributes: Mapping[str, str]) -> None:
        """An element starts: count it; keep it unless it or its parent is not shown."""
        self.elements += 1
        self.depth += 1
        if self.elements > self.limits.max_html_elements:
            raise _Refused(_too_large(
                f"网页的元素超过 {self.limits.max_html_elements} 个",
                f"the page has more than {self.limits.max_html_elements} elements",
            ))
        if self.depth > self.limits.max_html_depth:
            raise _Refused(_too_large(
                f"网页的元素嵌套超过 {self.limits.max_html_depth} 层",
                f"the page nests elements more than {self.limits.max_html_depth} deep",
            ))
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == "title" and not self.title_read:
            self.in_title = True
        if self.skipping or tag in ("html", "body"):
            self.skipping += bool(self.skipping)
            return
        if tag in _NOT_SHOWN or _hidden(attributes):
            self.skipping = 1
            return
        node = Node(tag, {k: v for k, v in attributes.items() if k in _KEPT})
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def end(self, tag: str) -> None:
        """An element ends."""
        self.depth -= 1
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == "title" and self.in_title:
            self.in_title, self.title_read = False, True
        if self.skipping:
            self.skipping -= 1
            return
        if tag in ("html", "body") or len(self.stack) == 1:
            return
        node = self.stack.pop()
        parent = self.stack[-1]
        parent.tables_inside = parent.tables_inside or node.tables_inside or node.tag == "table"

    def data(self, text: str) -> None:
        """Text: kept where it is shown (and the title's)."""
        if self.in_title:
            self.title.append(text)
        elif not self.skipping:
            self.stack[-1].children.append(text)

    def close(self) -> Page:
        """The parsed page."""
        return Page(self.root, "".join(self.title), self.elements)


def _hidden(attributes: Mapping[str, str]) -> bool:
    """Whether an element's attributes hide it (or make it a page's header or footer)."""
    if "hidden" in attributes or attributes.get("title") in _FURNITURE_TITLES:
        return True
    style = attributes.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def _too_large(chinese: str, english: str) -> DocumentTooLarge:
    """The refusal of a page over a limit."""
    return DocumentTooLarge(f"{chinese}，超出读取上限 / {english}, over the reading limit")


def parse(text: str, limits: ImportLimits) -> Page:
    """The page's tree; raises DocumentTooLarge over a limit, DocumentUnsupported when lxml
    cannot parse it at all."""
    parser = etree.HTMLParser(
        target=_Builder(limits), no_network=True, remove_comments=True, remove_pis=True,
        recover=True, huge_tree=False,
    )
    try:
        page: Page = etree.fromstring(text, parser)
    except _Refused as refused:
        raise refused.error from None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise DocumentUnsupported(
            "网页无法解析 / the web page cannot be parsed"
        ) from exc
    return page
