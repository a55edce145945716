"""Helpers for the docx tests: reopen a generated .docx and read what a reader would see."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from schemas import load_report
from schemas.model.report import APPLICANT_COLUMNS, Report
from schemas.registry import FORMAT_IDS
from service import documents
from service.docx.ns import W
from service.docx.xml import paragraph_text

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = {format_id: REPO / "service/examples" / f"{format_id}.json" for format_id in FORMAT_IDS}
TEMPLATES = REPO / "word_templates"


@dataclass
class Rendered:
    """One example: its JSON, the validated model and the generated document's parts."""

    raw: dict[str, Any]
    report: Report
    data: bytes
    parts: dict[str, etree._Element]

    @property
    def document(self) -> etree._Element:
        return self.parts["word/document.xml"]

    @property
    def styles(self) -> etree._Element:
        return self.parts["word/styles.xml"]


def parts_of(data: bytes) -> dict[str, etree._Element]:
    """Parse every XML part of a .docx (this also proves each one is well-formed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def render_example(report_format: str) -> Rendered:
    """Validate and render an example through the service functions."""
    import json

    raw_bytes = EXAMPLES[report_format].read_bytes()
    data, result = documents.generate(raw_bytes)
    assert result.report is not None
    return Rendered(json.loads(raw_bytes), result.report, data, parts_of(data))


def load_blank(format_id: str) -> Report:
    """The blank report of a format as a model, its placeholders let through (as the blank's
    own sample document is made)."""
    from service.catalog import blank

    result = load_report(blank(format_id), allow_placeholders=True)
    assert result.report is not None, result.errors
    return result.report


def load(raw: dict[str, Any]) -> Report:
    """Validate a report dict; fails the test when it is invalid."""
    import json

    result = load_report(json.dumps(raw, ensure_ascii=False))
    assert result.report is not None, result.errors
    return result.report


def body_paragraphs(document: etree._Element) -> list[etree._Element]:
    """Return the body's paragraphs outside tables, in order."""
    body = document.find(f"{W}body")
    assert body is not None
    return list(body.iterchildren(f"{W}p"))


def body_texts(document: etree._Element) -> list[str]:
    """Return the texts of the body paragraphs outside tables, empty ones included."""
    return [paragraph_text(p) for p in body_paragraphs(document)]


def tables_of(document: etree._Element) -> list[etree._Element]:
    """Return the document's tables in order."""
    return list(document.iter(f"{W}tbl"))


def _style(styles: etree._Element, style_id: str) -> etree._Element | None:
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}styleId") == style_id:
            return style
    return None


def _chain(styles: etree._Element, style_id: str | None) -> list[etree._Element]:
    """The rPr of a style and of the styles it is based on, nearest first."""
    found = []
    while style_id:
        style = _style(styles, style_id)
        assert style is not None, style_id
        if style.find(f"{W}rPr") is not None:
            found.append(style.find(f"{W}rPr"))
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return found


def _default_paragraph_style(styles: etree._Element) -> str:
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in {"1", "true"}:
            return str(style.get(f"{W}styleId"))
    return "Normal"


def _value(element: etree._Element | None, attribute: str) -> str | None:
    return None if element is None else element.get(f"{W}{attribute}")


def run_format(styles: etree._Element, paragraph: etree._Element,
               run: etree._Element) -> dict[str, str | None]:
    """Resolve a run's effective eastAsia and ascii fonts and size (half points).

    Order: the run's own rPr, its character style, the paragraph style chain, docDefaults.
    """
    layers = []
    if run.find(f"{W}rPr") is not None:
        layers.append(run.find(f"{W}rPr"))
    run_style = _value(run.find(f"{W}rPr/{W}rStyle"), "val")
    layers.extend(_chain(styles, run_style))
    paragraph_style = _value(paragraph.find(f"{W}pPr/{W}pStyle"), "val")
    layers.extend(_chain(styles, paragraph_style or _default_paragraph_style(styles)))
    layers.append(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    resolved: dict[str, str | None] = {"eastAsia": None, "ascii": None, "size": None}
    for layer in layers:
        fonts = layer.find(f"{W}rFonts")
        for key in ("eastAsia", "ascii"):
            if resolved[key] is None:
                resolved[key] = _value(fonts, key)
        if resolved["size"] is None:
            resolved["size"] = _value(layer.find(f"{W}sz"), "val")
    return resolved


def paragraph_property(styles: etree._Element, paragraph: etree._Element,
                       path: str, attribute: str) -> str | None:
    """Resolve a paragraph property attribute (e.g. ``ind``/``firstLineChars``) through styles."""
    own = paragraph.find(f"{W}pPr/{path}")
    if own is not None and own.get(f"{W}{attribute}") is not None:
        return own.get(f"{W}{attribute}")
    style_id = _value(paragraph.find(f"{W}pPr/{W}pStyle"), "val") or "Normal"
    while style_id:
        style = _style(styles, style_id)
        assert style is not None
        found = style.find(f"{W}pPr/{path}")
        if found is not None and found.get(f"{W}{attribute}") is not None:
            return found.get(f"{W}{attribute}")
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return None


# --- the numbers a table must show, computed from the JSON alone -----------------------------


def _get(raw: dict[str, Any], key: str) -> Any:
    node: Any = raw
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _row_total(raw: dict[str, Any], row_key: str) -> int:
    return sum(_get(raw, f"{row_key}.{column}") or 0 for column in APPLICANT_COLUMNS)


def _result_rows(raw: dict[str, Any]) -> list[str]:
    rows = ["applications.granted", "applications.partially_granted"]
    for group in ("withheld", "unable_to_provide", "not_processed"):
        rows += [f"applications.{group}.{name}" for name in (_get(raw, f"applications.{group}")
                                                             or {})]
    other = _get(raw, "applications.other_handling") or {}
    if raw.get("format") == "2021" or raw.get("year", 0) >= 2021:
        rows += [f"applications.other_handling.{name}" for name in other]
    else:
        rows.append("applications.other_handling")
    return rows


def expected_value(raw: dict[str, Any], key: str) -> str:
    """The text a data cell must show, computed from the JSON (totals when absent)."""
    given = _get(raw, key)
    if key == "active_disclosure.procurement.amount":
        unit = _get(raw, "active_disclosure.procurement.amount_unit") or "元"
        return f"{Decimal(str(given))}{unit}"
    if given is not None:
        return str(Decimal(str(given))) if key.endswith("fee_amount") else str(given)
    parent, _, column = key.rpartition(".")
    if key.startswith("applications.total_processed."):
        rows = _result_rows(raw)
        if column == "total":
            return str(sum(_row_total(raw, row) for row in rows))
        return str(sum(_get(raw, f"{row}.{column}") or 0 for row in rows))
    if key.startswith("applications.") and column == "total":
        return str(_row_total(raw, parent))
    if key.startswith("review_litigation.") and column == "total":
        return str(sum(_get(raw, f"{parent}.{name}") or 0
                       for name in ("upheld", "corrected", "other", "pending")))
    return "0"
