"""A PDF's pages as PNG images, for the preview of pagination before download (pdfium).

pdfium is not thread-safe, so one document is drawn at a time per process (a lock). Pages are
drawn at screen resolution and kept in 16 colours: a page of text is then about 25 KB, and
the light blue of a shaded table row stays blue.
"""

from __future__ import annotations

import io
import threading

import pypdfium2

from service.errors import PdfFailed

#: Resolution of the preview images: an A4 page is 496 × 702 pixels.
PREVIEW_DPI = 60
#: Colours kept in a preview image.
PREVIEW_COLOURS = 16
#: pdfium is not thread-safe: every use of it in a process holds this lock.
PDFIUM = threading.Lock()


def page_images(pdf: bytes, max_pages: int, dpi: int = PREVIEW_DPI) -> tuple[list[bytes], int]:
    """The first `max_pages` pages as PNG bytes, and the document's page count; raises
    PdfFailed for bytes pdfium cannot read."""
    with PDFIUM:
        try:
            document = pypdfium2.PdfDocument(pdf)
        except pypdfium2.PdfiumError as exc:
            raise PdfFailed("PDF 无法读取 / the PDF cannot be read") from exc
        try:
            images = []
            for index in range(min(len(document), max_pages)):
                page = document[index]
                try:
                    picture = page.render(scale=dpi / 72).to_pil().quantize(PREVIEW_COLOURS)
                finally:
                    page.close()
                buffer = io.BytesIO()
                picture.save(buffer, "PNG")
                images.append(buffer.getvalue())
            return images, len(document)
        finally:
            document.close()
