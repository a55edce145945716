"""Time reading a report back: a Word report (import, and the round trip import + validate +
render) against python-docx's own ``Document(path)`` on the same file; a report as published —
a 6-page text PDF and a whole portal page — against its library's bare parse of the same file.

Run: ``python benchmarks/import.py [N]`` (N runs per measurement, default 200; the published
kinds take N/4). The documents are the 2021 example as the service renders it and the same
report typed into the official template by hand (tests/handfilled.py); the PDF is the 2021
example with a longer overview (6 pages, tables broken across pages) exported by LibreOffice,
and the same PDF protected by a permissions password by qpdf (RC4-128 and AES-256: each stream
decrypted in the measure, pdfium decrypting again);
the portal page is a TRS-style GBK page (tests/portal_pages.py) with navigation, a metadata
table and a footer around the article. The bare parses: pdfium (pypdfium2, the library the PDF
reader uses) opening the PDF and reading every character's box and every path, and — when it
is installed (``pip install -e '.[bench]'``) — pdfplumber's open + extract_tables; lxml's
``lxml.html.document_fromstring`` of the page. Prints the median and spread of each, in
wall-clock and CPU time, and the ratio to the bare parse measured in the same run (the
machine's load affects both alike).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from render import describe  # noqa: E402 (benchmarks/render.py, beside this script)

from schemas import load_report  # noqa: E402
from service import documents  # noqa: E402
from service.reading.limits import DEFAULT_IMPORT_LIMITS  # noqa: E402
from tests.handfilled import Filling, cycling, filled_in  # noqa: E402
from tests.portal_pages import trs_page  # noqa: E402
from tests.reading_support import exported, qpdf_protected  # noqa: E402

EXAMPLE = REPO / "service/examples/2021.json"


def import_only(data: bytes) -> object:
    """Read the document into the contract."""
    return documents.read(data, imports=DEFAULT_IMPORT_LIMITS)


def round_trip(data: bytes) -> bytes:
    """Read, validate, render again."""
    imported = documents.read(data, imports=DEFAULT_IMPORT_LIMITS)
    result = documents.validate(imported.report)
    assert result.report is not None
    return documents.render(result.report)


def python_docx(data: bytes) -> object:
    """python-docx opening the same bytes (the reference: no reading of the report at all)."""
    return docx.Document(io.BytesIO(data))


def timings(
    work: Callable[[bytes], object], data: bytes, runs: int
) -> tuple[list[float], list[float]]:
    """`runs` wall-clock and CPU durations of work(data) in milliseconds, after one warm-up.

    CPU time is this process's own: on a machine shared with other work it moves far less than
    wall time, which also counts the time the process waited for a core.
    """
    work(data)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work(data)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def pdfium_parse(data: bytes) -> object:
    """pypdfium2's bare parse: open, then every page's characters (text and box) and paths."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(data)
    rect = pdfium.FS_RECTF()
    found = 0
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        for char in range(pdfium.FPDFText_CountChars(textpage.raw)):
            pdfium.FPDFText_GetUnicode(textpage.raw, char)
            pdfium.FPDFText_GetLooseCharBox(textpage.raw, char, ctypes.byref(rect))
        for position in range(pdfium.FPDFPage_CountObjects(page.raw)):
            handle = pdfium.FPDFPage_GetObject(page.raw, position)
            if pdfium.FPDFPageObj_GetType(handle) == pdfium.FPDF_PAGEOBJ_PATH:
                found += pdfium.FPDFPath_CountSegments(handle)
        textpage.close()
        page.close()
    document.close()
    return found


def pdfplumber_parse(data: bytes) -> object:
    """pdfplumber's open + extract_tables on every page (pdfminer.six underneath)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


def lxml_parse(data: bytes) -> object:
    """lxml's bare parse of a web page into a tree."""
    import lxml.html

    return lxml.html.document_fromstring(data)


def published() -> dict[str, tuple[bytes, list[tuple[str, Callable[[bytes], object]]]]]:
    """The published documents and the bare parses each is measured against."""
    import json

    document = json.loads(EXAMPLE.read_bytes())
    document["overview"]["paragraphs"] = document["overview"]["paragraphs"] * 9
    longer = load_report(json.dumps(document)).report
    assert longer is not None
    [pdf] = exported({"r": documents.render(longer)}, "pdf").values()
    pdf_bases: list[tuple[str, Callable[[bytes], object]]] = [("pdfium parse", pdfium_parse)]
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        print("(pdfplumber is not installed: its baseline is left out; pip install -e '.[bench]')")
    else:
        pdf_bases.append(("pdfplumber tables", pdfplumber_parse))
    page = trs_page(longer, charset="gbk")
    return {
        f"text PDF, 6 pages, {len(pdf) // 1024} KB": (pdf, pdf_bases),
        **{f"the same protected by a permissions password, {protection}": (
            qpdf_protected(pdf, protection), pdf_bases
        ) for protection in ("rc4-128", "aes-256")},
        f"portal page (GBK, whole site page), {len(page) // 1024} KB": (
            page, [("lxml parse", lxml_parse)]
        ),
    }


def main() -> None:
    """Measure every document and print one summary line each."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    report = load_report(EXAMPLE.read_bytes()).report
    assert report is not None
    documents.prepare()
    cases = {
        "2021 example rendered by the service": documents.render(report),
        "2021 example typed into the official template": filled_in(
            report, Filling(habit=cycling(), auto_numbered=True, nested=frozenset({"table3"}))
        ),
    }
    for name, data in cases.items():
        print(name)
        reference, reference_cpu = timings(python_docx, data, runs)
        base, base_cpu = statistics.median(reference), statistics.median(reference_cpu)
        print(f"  python-docx Document(): wall {describe(reference)}")
        print(f"                          cpu  {describe(reference_cpu)}")
        for label, work in (("import:", import_only), ("import+validate+render:", round_trip)):
            wall, cpu = timings(work, data, runs)
            print(f"  {label:<24}wall {describe(wall)}  "
                  f"({statistics.median(wall) / base:.1f}× python-docx)")
            print(f"  {'':<24}cpu  {describe(cpu)}  "
                  f"({statistics.median(cpu) / base_cpu:.1f}× python-docx)")
    for name, (data, bases) in published().items():
        print(name)
        few = max(5, runs // 4)
        wall, cpu = timings(import_only, data, few)
        medians = []
        for label, parse in bases:
            reference, reference_cpu = timings(parse, data, few)
            medians.append((label, statistics.median(reference), statistics.median(reference_cpu)))
            print(f"  {label + ':':<24}wall {describe(reference)}")
            print(f"  {'':<24}cpu  {describe(reference_cpu)}")
        print(f"  {'import:':<24}wall {describe(wall)}")
        print(f"  {'':<24}cpu  {describe(cpu)}")
        for label, base, base_cpu in medians:
            print(f"  ratio to {label}: wall {statistics.median(wall) / base:.1f}×, "
                  f"cpu {statistics.median(cpu) / base_cpu:.1f}×")


if __name__ == "__main__":
    main()
