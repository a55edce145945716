"""service.pdf.pages: a PDF's pages as PNG images for the preview."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from service import documents
from service.catalog import example
from service.errors import PdfFailed
from service.outputs import PDF
from service.pdf.convert.client import BrokerClient
from service.pdf.pages import PREVIEW_COLOURS, page_images


@pytest.fixture(scope="module")
def pdf(pdf_converter: BrokerClient) -> bytes:
    report = documents.validate(example("2019")).report
    assert report is not None
    return documents.render_output(report, PDF, converter=pdf_converter)


def test_every_page_as_a_small_png_at_screen_resolution(pdf: bytes) -> None:
    images, count = page_images(pdf, 50)
    assert len(images) == count >= 3
    for data in images:
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.size[0] in (496, 497)  # A4 at 60 dpi
        assert len(image.getcolors() or ()) <= PREVIEW_COLOURS
        assert len(data) < 80_000
    # The 2019 template shades table 2's caption rows light blue: still blue in the preview.
    colours = {colour for data in images for _, colour in
               Image.open(io.BytesIO(data)).convert("RGB").getcolors(10_000) or ()}
    assert any(blue > red + 20 for red, _, blue in colours)


@pytest.mark.parametrize("most", [1, 2])
def test_only_the_first_pages_but_the_whole_count(pdf: bytes, most: int) -> None:
    images, count = page_images(pdf, most)
    assert len(images) == most and count >= 3


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7 not really", b"PK\x03\x04"])
def test_not_a_pdf_is_pdf_failed(data: bytes) -> None:
    with pytest.raises(PdfFailed):
        page_images(data, 5)
