"""service.docx.read.lists: the numbers Word's automatic lists show (一、 （一） 1.), in order."""

from __future__ import annotations

import pytest
from lxml import etree

from service.docx.ns import NAMESPACES
from service.docx.read.lists import ListNumbers, format_number

W_NS = NAMESPACES["w"]


@pytest.mark.parametrize(
    ("number", "number_format", "shown"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCountingThousand", "十一"),
        (21, "japaneseCounting", "二十一"),
        (3, "ideographTraditional", "丙"),
        (2, "decimalFullWidth", "２"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (28, "lowerLetter", "bb"),
        (2, "upperLetter", "B"),
        (7, "decimalZero", "07"),
        (5, "decimal", "5"),
        (5, "bullet", ""),
        (5, "someFutureFormat", "5"),
        (120, "chineseCounting", "120"),
    ],
)
def test_each_number_format_is_shown_as_word_shows_it(number, number_format, shown):
    assert format_number(number, number_format) == shown


def level(index: int, number_format: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def num_pr(num_id: str, level_index: int | None = None) -> str:
    level_xml = "" if level_index is None else f'<w:ilvl w:val="{level_index}"/>'
    return f'<w:numPr>{level_xml}<w:numId w:val="{num_id}"/></w:numPr>'


NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="0">'
    + level(0, "chineseCounting", "%1、")
    + level(1, "chineseCounting", "（%2）")
    + level(2, "decimal", "%1.%3", "<w:isLgl/>")
    + '</w:abstractNum><w:abstractNum w:abstractNumId="1">'
    + level(0, "decimal", "%1.")
    + level(1, "decimal", "(%2)", '<w:lvlRestart w:val="0"/>')
    + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    "</w:numbering>"
)

STYLES = (
    f'<w:styles xmlns:w="{W_NS}">'
    f'<w:style w:type="paragraph" w:styleId="H1"><w:pPr>{num_pr("1")}</w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="H1Child"><w:basedOn w:val="H1"/></w:style>'
    f'<w:style w:type="paragraph" w:styleId="H2"><w:pPr>{num_pr("1", 1)}</w:pPr></w:style>'
    "</w:styles>"
)


def paragraph(num_id: str | None = None, level: int | None = None, style: str | None = None):
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None:
        properties += num_pr(num_id, level)
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:pPr>{properties}</w:pPr></w:p>')


def labels(paragraphs, numbering=NUMBERING, styles=STYLES) -> list[str]:
    numbers = ListNumbers(
        None if numbering is None else etree.fromstring(numbering),
        None if styles is None else etree.fromstring(styles),
    )
    numbers.count(paragraphs)
    return [numbers.label(p) for p in paragraphs]


def test_a_two_level_list_restarts_its_items_under_each_chapter():
    paragraphs = [
        paragraph("1", 0), paragraph("1", 1), paragraph("1", 1), paragraph(),
        paragraph("1", 0), paragraph("1", 1),
    ]  # fmt: skip
    assert labels(paragraphs) == ["一、", "（一）", "（二）", "", "二、", "（一）"]


def test_lists_come_from_paragraph_styles_and_the_styles_they_are_based_on():
    paragraphs = [
        paragraph(style="H1"), paragraph(style="H2"), paragraph(style="H1Child"),
        paragraph(style="H2"),
    ]  # fmt: skip
    assert labels(paragraphs) == ["一、", "（一）", "二、", "（一）"]


def test_numid_0_switches_a_styles_list_off():
    assert labels([paragraph(style="H1"), paragraph("0", style="H1")]) == ["一、", ""]


def test_a_start_override_and_a_legal_level_and_a_level_that_does_not_restart():
    assert labels([paragraph("3", 0), paragraph("3", 2)]) == ["五、", "5.1"]
    lists = [paragraph("2", 0), paragraph("2", 1), paragraph("2", 0), paragraph("2", 1)]
    assert labels(lists) == ["1.", "(1)", "2.", "(2)"]


@pytest.mark.parametrize(
    ("numbering", "paragraphs"),
    [
        (None, [paragraph("1", 0)]),
        (NUMBERING, [paragraph("99", 0)]),  # a list that is not defined
        (NUMBERING, [paragraph("1", 7)]),  # a level the list does not have
        (f'<w:numbering xmlns:w="{W_NS}"><w:num w:numId="1"/></w:numbering>',
         [paragraph("1")]),
    ],
)
def test_a_damaged_list_shows_no_number(numbering, paragraphs):
    assert labels(paragraphs, numbering) == [""]


@pytest.mark.parametrize(
    ("number", "number_format", "shown"),
    [
        (3999, "upperRoman", "MMMCMXCIX"),
        (4000, "upperRoman", "4000"),
        (3999, "lowerLetter", "u" * 154),
        (4000, "lowerLetter", "4000"),
        (2_000_000_000, "upperLetter", "2000000000"),
    ],
)
def test_roman_numerals_and_letters_at_and_over_their_bound(number, number_format, shown):
    """Defect: a number was spelled out whatever its size (2,000,000,000 in letters was a
    77-million-character label, for each paragraph of the list)."""
    assert format_number(number, number_format) == shown


def start_at(start: str, number_format: str = "decimal") -> str:
    """A list numbering its paragraphs from `start` (as w:start holds it)."""
    return (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{number_format}"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )


@pytest.mark.parametrize(
    ("start", "first"),
    [
        (str(2**31 - 1), f"{2**31 - 1}."),
        (str(2**31), "1."),  # more than Word holds: damaged, counted from 1
        ("9" * 4_000, "1."),
        ("9" * 5_000, "1."),
    ],
)
def test_a_start_beyond_what_word_holds_is_damaged(start, first):
    """Defect: any start was taken (a 4,000-digit one gave every paragraph a 4,000-digit
    label)."""
    paragraphs = [paragraph("1", 0), paragraph("1", 0)]
    shown = labels(paragraphs, start_at(start), None)
    assert shown[0] == first and len(shown[1]) <= len(first)


def level_text(text: str) -> str:
    """A list whose one level shows `text` (``%1`` the counter)."""
    return (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )


@pytest.mark.parametrize(("extra", "shown"), [(60, "第1章" + "x" * 60), (61, "")])
def test_a_level_text_at_and_over_its_bound(extra, shown):
    """Defect: a level's text of any length was repeated before every paragraph of its list
    (4 MB in numbering.xml times 100,000 list paragraphs in document.xml)."""
    assert labels([paragraph("1", 0)], level_text("第%1章" + "x" * extra), None) == [shown]
