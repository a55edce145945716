"""The PDFs themselves: A4 pages, every font embedded, the stand-in faces of fonts.conf, and no
character of the examples, the blank or the tests' awkward text without a face to draw it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import pytest

from schemas.model.layout import FIELD_LABELS, tables
from schemas.registry import FORMAT_IDS
from service import documents
from service.catalog import blank, example
from service.docx.write.sample import AWKWARD_TEXT, sample_report
from service.outputs import PDF
from service.pdf.convert.client import BrokerClient
from service.pdf.convert.converter import FONTS_CONF
from tests.docx_support import load_blank
from tests.pdf_support import pdf_fonts, pdf_info, pdf_text
from word_templates import template_path

#: The faces fonts.conf puts in for the official fonts, and the fallbacks for rare characters
#: (BabelStone Han: CJK extensions B and on; DejaVu Sans: symbols, emoji).
STAND_INS = ("NotoSerifCJK", "NotoSansCJK", "UKaiCN", "LiberationSerif")
FALLBACKS = ("BabelStoneHan", "DejaVuSans")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _printed_characters() -> set[str]:
    """Every character the examples, the blanks, the table labels and headings and the tests'
    awkward text can print."""
    texts = [AWKWARD_TEXT, "— 0123456789 —", *FIELD_LABELS.values()]
    for format_id in FORMAT_IDS:
        texts += _strings(json.loads(example(format_id))) + _strings(json.loads(blank(format_id)))
        for layout in tables(format_id).values():
            texts += [layout.heading] + [cell.text or "" for row in layout.rows for cell in row]
    return {character for text in texts for character in text if not character.isspace()}


def _charset(ranges: str) -> set[int]:
    points: set[int] = set()
    for part in ranges.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


@cache
def _fc_match(*arguments: str) -> str:
    """fc-match with the project's fonts.conf, as the converters run."""
    environment = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    return subprocess.run(["fc-match", *arguments], capture_output=True, text=True, check=True,
                          env=environment).stdout


def _face_charset(name: str) -> tuple[str, set[int]]:
    """The family fontconfig (with fonts.conf) gives for `name`, and its characters."""
    family, path, index = _fc_match("-f", "%{family[0]}|%{file}|%{index}", name).split("|")
    charset = subprocess.run(["fc-query", "-i", index, "-f", "%{charset}", path],
                             capture_output=True, text=True, check=True).stdout
    return family, _charset(charset)


def _document_fonts() -> set[str]:
    names: set[str] = set()
    for format_id in FORMAT_IDS:
        with zipfile.ZipFile(template_path(format_id)) as archive:
            names |= set(re.findall(r'<w:font w:name="([^"]+)"', archive.read(
                "word/fontTable.xml").decode()))
    return names


@pytest.mark.parametrize(("official", "stand_in"), [
    ("仿宋_GB2312", "Noto Serif CJK SC"),  # cwTeX 仿宋 (fonts-cwtex-fs) lacks simplified forms
    ("楷体_GB2312", "AR PL UKai CN"),
    ("黑体", "Noto Sans CJK SC"),
    ("方正小标宋简体", "Noto Serif CJK SC"),
    ("宋体", "Noto Serif CJK SC"),
    ("Times New Roman", "Liberation Serif"),
])
def test_fonts_conf_puts_in_the_stand_ins(official: str, stand_in: str) -> None:
    assert _face_charset(official)[0] == stand_in
    if official == "方正小标宋简体":
        assert "Bold" in _fc_match("-f", "%{style[0]}", official)


def test_every_official_font_named_by_the_templates_has_a_stand_in() -> None:
    assert _document_fonts() == {"仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体",
                                 "Times New Roman"}


def test_each_chinese_stand_in_draws_every_common_character() -> None:
    # Emoji and CJK extension B and beyond come from the fallback faces.
    characters = {c for c in _printed_characters() if ord(c) < 0x1F000}
    for name in sorted(_document_fonts() - {"Times New Roman"}):
        family, charset = _face_charset(name)
        missing = sorted(c for c in characters if ord(c) not in charset)
        assert missing == [], f"{name} → {family} lacks {''.join(missing)}"


def test_every_printed_character_has_some_installed_face() -> None:
    """What the stand-in lacks (CJK extension B, emoji) LibreOffice takes from another face;
    a character no face has would be drawn as a box."""
    listing = subprocess.run(["fc-list", "-f", "%{charset}\n"], capture_output=True,
                             text=True, check=True).stdout
    covered: set[int] = set()
    for line in listing.splitlines():
        covered |= _charset(line)
    missing = sorted(c for c in _printed_characters() if ord(c) not in covered)
    assert missing == []


@pytest.fixture(scope="module")
def example_pdfs(pdf_converter: BrokerClient) -> dict[str, bytes]:
    pdfs = {}
    for format_id in FORMAT_IDS:
        report = documents.validate(example(format_id)).report
        assert report is not None
        pdfs[format_id] = documents.render_output(report, PDF, converter=pdf_converter)
    return pdfs


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_example_pdfs_embed_only_the_stand_ins(example_pdfs: dict[str, bytes], format_id: str,
                                               tmp_path: Path) -> None:
    rows = pdf_fonts(example_pdfs[format_id], tmp_path)
    assert rows
    for name, *_, emb, sub, uni, _object, _generation in rows:
        assert (emb, sub, uni) == ("yes", "yes", "yes"), name
        assert name.partition("+")[2].startswith(STAND_INS), name
    info = pdf_info(example_pdfs[format_id])
    assert info["Page size"].startswith("595.") and 3 <= int(info["Pages"]) <= 6


def test_awkward_text_is_drawn_by_embedded_faces(pdf_converter: BrokerClient,
                                                 tmp_path: Path) -> None:
    pdf = documents.render_output(sample_report("2021"), PDF, converter=pdf_converter)
    rows = pdf_fonts(pdf, tmp_path)
    assert all(row[-5] == "yes" for row in rows)  # embedded
    assert all(row[0].partition("+")[2].startswith(STAND_INS + FALLBACKS) for row in rows)
    text = pdf_text(pdf)
    for character in "😀𠀀𪚥“”&<>":
        assert character in text


def test_a_blank_report_prints_its_zeros(pdf_converter: BrokerClient) -> None:
    report = load_blank("2021")
    text = pdf_text(documents.render_output(report, PDF, converter=pdf_converter))
    assert "第二十条第（一）项" in text and "0000" in text
