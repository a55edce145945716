"""A PDF's pages as PNG images, for the preview of pagination before download (pdfium).

pdfium is not thread-safe, so one page is rendered at a time per process (a lock); a preview of
a report's few pages at screen resolution takes tens of milliseconds.
"""

from __future__ import annotations

import io
import threading

import pypdfium2

from service.errors import PdfFailed

#: Resolution of the preview images: an A4 page is 496 × 702 pixels.
PREVIEW_DPI = 60
_PDFIUM = threading.Lock()


def page_images(pdf: bytes, max_pages: int, dpi: int = PREVIEW_DPI) -> tuple[list[bytes], int]:
    """The first `max_pages` pages as PNG bytes, and the page count; raises PdfFailed."""
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(pdf)
        except pypdfium2.PdfiumError as exc:
            raise PdfFailed("PDF 无法读取 / the PDF cannot be read") from exc
        try:
            count = len(document)
            images = []
            for index in range(min(count, max_pages)):
                page = document[index]
                bitmap = page.render(scale=dpi / 72)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, "PNG", optimize=False)
                images.append(buffer.getvalue())
                page.close()
            return images, count
        finally:
            document.close()
