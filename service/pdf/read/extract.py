"""A PDF's pages as pdfium reads them: each character with its box and font, each ruling line.

Within limits checked as it goes: the page count right after the document opens, each page's
objects right after the page loads (before its text is read), form objects nested at most a few
levels. Coordinates are in points from the page's top left. Characters pdfium adds itself
(spaces and line ends it guesses) are left out, but for a space between two Latin characters;
a character whose font has no Unicode map is counted, not guessed.
"""

from __future__ import annotations

import ctypes
import itertools
from dataclasses import dataclass, field

import pypdfium2
import pypdfium2.raw as pdfium

from service.errors import DocumentTooLarge, DocumentUnsupported
from service.pdf.pages import PDFIUM
from service.pdf.read.security import ENCRYPTED, unreadable
from service.reading.limits import ImportLimits

#: How thin a filled rectangle is drawn to be a ruling line (Word draws borders so).
RULE_THICKNESS = 2.5
#: How far apart two points may be and still be on one line (points).
_STRAIGHT = 0.6
_FORM_DEPTH = 4
_FONT_NAME = 64


@dataclass(frozen=True, slots=True)
class Char:
    """One character shown on a page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    font: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line: horizontal (``y0 == y1``) or vertical (``x0 == x1``)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        """Whether the line runs across."""
        return self.y0 == self.y1


@dataclass(slots=True)
class PageContent:
    """What one page shows."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: int = 0
    unmapped: int = 0
    """Characters whose font has no Unicode map (their text cannot be known)."""


def _too_large(chinese: str, english: str) -> DocumentTooLarge:
    """The refusal of a PDF over a limit."""
    return DocumentTooLarge(f"{chinese}，超出读取上限 / {english}, over the reading limit")


def pages(data: bytes, limits: ImportLimits, revision: int = -1) -> list[PageContent]:
    """Every page's characters and ruling lines, the PDF opened with the empty password
    (`revision`: its security handler's, as the measure found it, -1 for none); raises
    DocumentUnsupported (needs a password, encrypted otherwise than measured, damaged beyond
    repair) or DocumentTooLarge (too many pages or page objects)."""
    with PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data, password="")
        except pypdfium2.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium.FPDF_ERR_PASSWORD and revision == -1:
                raise DocumentUnsupported(ENCRYPTED) from None
            if code in (pdfium.FPDF_ERR_PASSWORD, pdfium.FPDF_ERR_SECURITY):
                raise _not_as_measured() from None
            raise DocumentUnsupported(
                "PDF 文件已损坏，无法打开 / the PDF is damaged and cannot be opened"
            ) from exc
        try:
            if pdfium.FPDF_GetSecurityHandlerRevision(document.raw) != revision:
                # pdfium found other encryption than the measure decrypted: what it would
                # decode was not measured.
                raise _not_as_measured()
            count = len(document)
            if count > limits.max_pdf_pages:
                raise _too_large(
                    f"PDF 有 {count} 页，超过 {limits.max_pdf_pages} 页",
                    f"the PDF has {count} pages, more than {limits.max_pdf_pages}",
                )
            return [_page(document, index, limits) for index in range(count)]
        finally:
            document.close()


def _not_as_measured() -> DocumentUnsupported:
    """The refusal of a PDF pdfium decrypts otherwise than the measure did."""
    return unreadable("PDF 引擎读到的加密设置与文件中的不一致",
                      "the PDF engine finds other encryption than the file shows")


def _page(document: pypdfium2.PdfDocument, index: int, limits: ImportLimits) -> PageContent:
    """One page's content."""
    page = document[index]
    try:
        objects = pdfium.FPDFPage_CountObjects(page.raw)
        if objects > limits.max_pdf_page_objects:
            raise _too_large(
                f"PDF 第 {index + 1} 页有 {objects} 个对象（文字、线条），超过 "
                f"{limits.max_pdf_page_objects} 个",
                f"page {index + 1} has {objects} objects, more than {limits.max_pdf_page_objects}",
            )
        width, height = page.get_size()
        content = PageContent(index + 1, width, height)
        budget = [limits.max_pdf_page_objects]
        for position in range(objects):
            _object(pdfium.FPDFPage_GetObject(page.raw, position), None, content, 0, budget)
        textpage = page.get_textpage()
        try:
            _chars(textpage, content)
        finally:
            textpage.close()
        return content
    finally:
        page.close()


def _object(
    handle: object, outer: tuple[float, ...] | None, content: PageContent, depth: int,
    budget: list[int],
) -> None:
    """Collect the ruling lines and images of one page object (forms: of what they hold)."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _too_large("PDF 一页的对象过多", "a page of the PDF has too many objects")
    kind = pdfium.FPDFPageObj_GetType(handle)
    if kind == pdfium.FPDF_PAGEOBJ_IMAGE:
        content.images += 1
        return
    matrix = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(handle, ctypes.byref(matrix)):
        return
    own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
    whole = own if outer is None else _compose(own, outer)
    if kind == pdfium.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
        for position in range(pdfium.FPDFFormObj_CountObjects(handle)):
            inner = pdfium.FPDFFormObj_GetObject(handle, position)
            _object(inner, whole, content, depth + 1, budget)
    elif kind == pdfium.FPDF_PAGEOBJ_PATH:
        _path(handle, whole, content)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix of `inner` applied, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)  # fmt: skip


def _path(handle: object, matrix: tuple[float, ...], content: PageContent) -> None:
    """The straight, axis-aligned pieces of a path as ruling lines (a thin filled rectangle as
    the line along its middle)."""
    a, b, c, d, e, f = matrix
    points: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for position in range(pdfium.FPDFPath_CountSegments(handle)):
        segment = pdfium.FPDFPath_GetPathSegment(handle, position)
        if not pdfium.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        point = (point[0], content.height - point[1])
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_MOVETO or not points:
            points.append([point])
            closed.append(False)
        elif kind == pdfium.FPDF_SEGMENT_LINETO:
            points[-1].append(point)
        else:  # a curve: not a ruling line
            points[-1] = [point]
        if pdfium.FPDFPathSegment_GetClose(segment):
            closed[-1] = True
    for polyline, is_closed in zip(points, closed, strict=True):
        if is_closed and len(polyline) >= 4:
            xs = [px for px, _ in polyline]
            ys = [py for _, py in polyline]
            width, height = max(xs) - min(xs), max(ys) - min(ys)
            if min(width, height) <= RULE_THICKNESS and _rectangle(polyline):
                if width >= height:
                    middle = (min(ys) + max(ys)) / 2
                    content.rules.append(Rule(min(xs), middle, max(xs), middle))
                else:
                    middle = (min(xs) + max(xs)) / 2
                    content.rules.append(Rule(middle, min(ys), middle, max(ys)))
                continue
        corners = [*polyline, polyline[0]] if is_closed else polyline
        for (x0, y0), (x1, y1) in itertools.pairwise(corners):
            if abs(y1 - y0) <= _STRAIGHT and abs(x1 - x0) > _STRAIGHT:
                middle = (y0 + y1) / 2
                content.rules.append(Rule(min(x0, x1), middle, max(x0, x1), middle))
            elif abs(x1 - x0) <= _STRAIGHT and abs(y1 - y0) > _STRAIGHT:
                middle = (x0 + x1) / 2
                content.rules.append(Rule(middle, min(y0, y1), middle, max(y0, y1)))


def _rectangle(points: list[tuple[float, float]]) -> bool:
    """Whether a closed polyline is an axis-aligned rectangle."""
    corners = points[:4] if len(points) == 4 or points[4] == points[0] else points
    if len(corners) != 4:
        return False
    return all(
        abs(x0 - x1) <= _STRAIGHT or abs(y0 - y1) <= _STRAIGHT
        for (x0, y0), (x1, y1) in zip(corners, [*corners[1:], corners[0]], strict=True)
    )


def _chars(textpage: pypdfium2.PdfTextPage, content: PageContent) -> None:
    """The page's characters with their boxes, sizes and fonts."""
    raw = textpage.raw
    rect = pdfium.FS_RECTF()
    name = ctypes.create_string_buffer(_FONT_NAME)
    flags = ctypes.c_int()
    fonts: dict[int, tuple[str, float]] = {}
    count = pdfium.FPDFText_CountChars(raw)
    pending_space = False
    for index in range(count):
        code = pdfium.FPDFText_GetUnicode(raw, index)
        if pdfium.FPDFText_IsGenerated(raw, index):
            pending_space = pending_space or code == 0x20
            continue
        if pdfium.FPDFText_HasUnicodeMapError(raw, index) or code in (0, 0xFFFD, 0xFFFE):
            content.unmapped += 1
            continue
        if code in (0x0D, 0x0A, 0x02, 0xFFFE):
            continue
        if not pdfium.FPDFText_GetLooseCharBox(raw, index, ctypes.byref(rect)):
            continue
        # A text object has one font at one size: asked once per object.
        obj = pdfium.FPDFText_GetTextObject(raw, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        known = fonts.get(key)
        if known is None:
            length = pdfium.FPDFText_GetFontInfo(raw, index, name, _FONT_NAME, ctypes.byref(flags))
            known = (
                name.value.decode("utf-8", "replace") if length else "",
                pdfium.FPDFText_GetFontSize(raw, index),
            )
            fonts[key] = known
        font, size = known
        text = chr(code) if code < 0x110000 else "\ufffd"
        if pending_space and content.chars and _latin(content.chars[-1].text) and _latin(text):
            previous = content.chars[-1]
            content.chars.append(Char(" ", previous.x1, previous.top, rect.left,
                                      previous.bottom, previous.size, previous.font))
        pending_space = False
        content.chars.append(Char(
            text, rect.left, content.height - rect.top, rect.right,
            content.height - rect.bottom, size, font,
        ))


def _latin(char: str) -> bool:
    """Whether a character is a Latin letter or digit (words are spaced, not CJK)."""
    return char.isascii() and char.isalnum()
