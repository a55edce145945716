"""The text of a report read from its paragraphs: title, preamble, the chapters' text, the 落款.

The same for every kind of file: a reader gives its paragraphs as ``Line``s (and its tables as
other blocks, skipped here), whether they come from Word, a web page or a PDF.

Chapters are found by their heading text 一、总体情况 … 六、其他需要报告的事项 (the number typed or
shown by Word's automatic numbering, the wording as real reports vary it), in order. Within
一、五、六 an item starts with its number （一）（二）… at the start of a paragraph; its run-in
heading ends at the first 。, ： or :. The title is the first paragraph ending in 报告, with the
paragraph before it when the organization is on a line of its own; the preamble is what lies
between it and 一、. The 落款 is the organization line and the date line at the very end.

In the service's own documents the styles say all this exactly (title, chapter heading, run-in
heading, 落款), and only they are used: a paragraph of text that happens to start with （一）
stays a paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from schemas.model.numbering import MAX_ITEMS, chinese_numeral

#: The roles a paragraph of the service's own documents has (from its Word style, or the HTML
#: writer's own element styles): the structure a reader then takes as given.
TITLE = "title"
CHAPTER = "chapter"
SIGNATURE = "signature"
SIGNATURE_DATE = "signature_date"


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the body."""

    text: str
    """The text shown: its list number, then its own text (not trimmed); a line break inside
    the paragraph is a line feed."""
    role: str | None
    """TITLE, CHAPTER, SIGNATURE or SIGNATURE_DATE in the service's own documents, else None."""
    align: str | None
    """Its alignment (``right``, ``center``…), None when it has none of its own."""
    run_in: str | None
    """The text of its leading run-in heading (the service's own documents, or a heading set
    apart by its font), None when it has none."""
    number: int
    """Its position among the body's paragraphs, from 1 (for messages)."""


Block: TypeAlias = "Line | object"
"""A paragraph, or a table (whatever object its reader uses for one: skipped here)."""

#: The chapters' numbers and the word each heading must contain, whatever its exact wording
#: (五、政府信息公开工作存在的主要问题及改进情况 is 五 too).
CHAPTERS = {
    1: ("一", re.compile("总体情况")),
    2: ("二", re.compile("主动公开")),
    3: ("三", re.compile("申请")),
    4: ("四", re.compile("复议|诉讼")),
    5: ("五", re.compile("问题")),
    6: ("六", re.compile("其他")),
}
#: The contract key of each chapter of free text, and those the contract requires.
SECTION_KEYS = {1: "overview", 5: "problems", 6: "other_matters"}
REQUIRED_CHAPTERS = (1, 5)
#: A 续表 line (after NFKC, without white space): （续表）, 续表1, 续表三：, 表三（续）.
_CONTINUED_LINE = re.compile(
    r"\(?续表[一二三四五六七八九十0-9]*\)?:?|表[一二三四五六七八九十0-9]*\(续\)"
)
_CHAPTER = re.compile(r"([一二三四五六])[、.,]?(.{2,40})")
_ITEM = re.compile(r"\s*[（(]([一二三四五六七八九十]{1,3})[)）]\s*")
_HEADING_ENDS = re.compile(r"[。：:]")
#: The template's placeholders: （文字描述）, （文字描述，收取信息处理费情况在此处报告。）.
_PLACEHOLDER = re.compile(r"[（(]文字描述.*[)）]")
#: How a title paragraph ends: 报告, perhaps followed by its year in brackets.
_TITLE_END = re.compile(r"报告(?:\((?:19|20)[0-9]{2}年度?\))?\Z")
_TITLE_ORGANIZATION_FIRST = re.compile(
    r"(?P<organization>.+?)(?P<year>(?:19|20)[0-9]{2})年度?(?P<rest>.*报告)"
)
_TITLE_YEAR_FIRST = re.compile(
    r"(?P<year>(?:19|20)[0-9]{2})年度?(?P<organization>(?!度).{2,}?)(?P<rest>政府信息公开.*报告)"
)
_TITLE_YEAR_LAST = re.compile(
    r"(?P<organization>.+?)(?P<rest>政府信息公开.*报告)\((?P<year>(?:19|20)[0-9]{2})年度?\)"
)
_DATE = re.compile(r"([0-9〇零一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,3})月"
                   r"([0-9一二三四五六七八九十]{1,3})日")
_DIGIT = {char: str(value) for value, char in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_SENTENCE_MARKS = re.compile(r"[。；;！!？?，,]")
_RIGHT = frozenset({"right", "end", "center"})
_SNIPPET = 30
#: How many paragraphs from the end the 落款's date line may be (a note such as （此件公开发布）
#: may follow it).
_SIGNATURE_REACH = 3


def shown(text: str) -> str:
    """A paragraph's text as compared: full-width forms narrowed, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def snippet(line: Line) -> str:
    """Where a paragraph is, for a person: ``第12段“二〇二一年，我局……”``."""
    text = line.text.strip()
    short = text if len(text) <= _SNIPPET else text[:_SNIPPET] + "……"
    return f"第{line.number}段“{short}”"


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in the text: (path, code, message, label) of an Issue."""

    path: str
    code: str
    message: str
    label: str


@dataclass(slots=True)
class Text:
    """What the paragraphs say: the contract's text fields and what could not be placed."""

    fields: dict[str, Any] = field(default_factory=dict)
    chapters: dict[int, list[Block]] = field(default_factory=dict)
    opening: str | None = None
    """The first paragraph with text (where a title was looked for, for messages)."""
    warnings: list[Finding] = field(default_factory=list)

    def ignored(self, line: Line, why: str) -> None:
        """Warn that a paragraph's text is not in the report."""
        self.warnings.append(
            Finding(
                "",
                "text_ignored",
                f"{why}，这段文字未读入报告 / this paragraph is not part of the report",
                snippet(line),
            )
        )


def continued_table_line(text: str) -> bool:
    """Whether a paragraph is a 续表 line (（续表）, 续表1, 表三（续）) set above the second part
    of a table split over two pages: typesetting, not text of the report."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return _CONTINUED_LINE.fullmatch(compact) is not None


def chapter_number(line: Line, house: bool) -> int | None:
    """The chapter a paragraph is the heading of, or None."""
    if house and line.role != CHAPTER:
        return None
    text = shown(line.text).rstrip("。：:")
    match = _CHAPTER.fullmatch(text)
    if match is None or "。" in text:
        return None
    for number, (numeral, word) in CHAPTERS.items():
        if match.group(1) == numeral:
            return number if word.search(match.group(2)) else None
    return None


def read_text(blocks: Sequence[Block], house: bool) -> Text:
    """Split the body into head and chapters and read the title, preamble, sections, 落款."""
    text = Text()
    head: list[Line] = []
    current = 0
    for block in blocks:
        number = chapter_number(block, house) if isinstance(block, Line) else None
        if number is not None and number > current:
            current = number
            text.chapters[current] = []
        elif current:
            text.chapters[current].append(block)
        elif isinstance(block, Line):
            head.append(block)
    _title(head, text, house)
    last = text.chapters.get(max(text.chapters, default=0), [])
    signature = _signature(last, text, house, text.fields.get("organization"))
    for number, key in SECTION_KEYS.items():
        if number in text.chapters:
            section = _section(text.chapters[number], text, house)
            # 六、 may be left out (its default is 无。); 一、 and 五、 may not: an empty one is
            # kept for validation to name.
            if section or number in REQUIRED_CHAPTERS:
                text.fields[key] = section
    for number in (2, 3, 4):
        for block in text.chapters.get(number, ()):
            if (
                isinstance(block, Line)
                and block.text.strip()
                and not continued_table_line(block.text)
            ):
                text.ignored(block, f"“{CHAPTERS[number][0]}、”部分的表格之外的文字")
    if signature:
        text.fields["signature"] = signature
    return text


def _title(head: list[Line], text: Text, house: bool) -> None:
    """Title, organization, year and preamble from the paragraphs before 一、."""
    lines = [line for line in head if line.text.strip()]
    if lines:
        text.opening = lines[0].text.strip()
    title_lines = [line for line in lines if line.role == TITLE] if house else _title_lines(lines)
    if not title_lines:
        return
    first, last = lines.index(title_lines[0]), lines.index(title_lines[-1])
    for line in lines[:first]:
        text.ignored(line, "标题之前的文字")
    title = "".join(line.text.strip() for line in title_lines)
    text.fields["title"] = title
    parsed = parse_title(title)
    if parsed is not None:
        text.fields["organization"], text.fields["year"] = parsed
    preamble = [line.text.strip() for line in lines[last + 1 :] if not house or
                line.role != TITLE]
    if preamble:
        text.fields["preamble"] = preamble


def title_line(text: str) -> bool:
    """Whether a paragraph may be (the last line of) a report's title: it ends in 报告."""
    return _TITLE_END.search(shown(text)) is not None


def _title_lines(lines: list[Line]) -> list[Line]:
    """The title's paragraphs: the first ending in 报告, with the one before when it alone
    does not name both organization and year."""
    for index, line in enumerate(lines):
        if title_line(line.text):
            if parse_title(line.text) is None and index > 0:
                return [lines[index - 1], line]
            return [line]
    return []


def parse_title(title: str) -> tuple[str, int] | None:
    """(organization, year) from ``{机关}{年份}年(度)…报告`` (or the year first:
    ``{年份}年(度){机关}政府信息公开…报告``, or last: ``{机关}政府信息公开…报告（{年份}年度）``);
    None when the title names neither."""
    compact = shown(title)
    for pattern in (_TITLE_ORGANIZATION_FIRST, _TITLE_YEAR_FIRST, _TITLE_YEAR_LAST):
        match = pattern.fullmatch(compact)
        if match is not None:
            # 某局关于2021年度政府信息公开工作情况的报告: 关于 is not part of the name.
            organization = match.group("organization").removesuffix("关于")
            return _original(title, organization), int(match.group("year"))
    return None


def _original(title: str, compact: str) -> str:
    """`compact` (part of the title narrowed and squeezed) as the title writes it: full-width
    brackets kept as typed (the narrowed form when no part of the title matches it)."""
    kept = re.sub(r"\s+", "", title.strip())
    for start in range(len(kept) - len(compact) + 1):
        if shown(kept[start : start + len(compact)]) == compact:
            return kept[start : start + len(compact)]
    return compact


def _section(blocks: list[Block], text: Text, house: bool) -> dict[str, Any]:
    """A chapter's intro paragraphs and numbered items."""
    paragraphs: list[str] = []
    items: list[dict[str, Any]] = []
    for block in blocks:
        if not isinstance(block, Line):
            continue
        content = block.text.strip()
        if not content:
            continue
        if _PLACEHOLDER.fullmatch(shown(content)):
            text.warnings.append(
                Finding(
                    "",
                    "placeholder_left",
                    "模板的占位文字仍在文档中，已略去 / the template's placeholder is still "
                    "there and was left out",
                    snippet(block),
                )
            )
            continue
        item = _item(block, len(items) + 1, house)
        if item is not None:
            items.append(item)
        elif items:
            items[-1].setdefault("paragraphs", []).append(content)
        else:
            paragraphs.append(content)
    section: dict[str, Any] = {}
    if paragraphs:
        section["paragraphs"] = paragraphs
    if items:
        section["items"] = items
    return section


def _item(line: Line, position: int, house: bool) -> dict[str, Any] | None:
    """The item a paragraph starts, or None when it is not the next item's first paragraph."""
    content = line.text.strip()
    if house:
        if line.run_in is None:
            return None
        heading = line.run_in.strip()
        body = line.text.lstrip()[len(line.run_in.lstrip()) :].strip()
        numbered = _ITEM.match(heading)
        rest = heading[numbered.end() :] if numbered else heading
    else:
        numbered = _ITEM.match(content)
        if numbered is None or position > MAX_ITEMS:
            return None
        if numbered.group(1) != chinese_numeral(position):
            return None
        after = content[numbered.end() :]
        end = _HEADING_ENDS.search(after)
        rest, body = (after, "") if end is None else (after[: end.end()], after[end.end() :])
        body = body.strip()
    # A heading that itself begins like a number keeps the item's own in front, so that the
    # contract's "replace a heading's own number" rule leaves it as printed.
    number = numbered.group(0).strip() if numbered else ""
    heading = rest if _ITEM.match(rest) is None else number + rest
    item: dict[str, Any] = {"heading": heading or number}
    if body:
        item["paragraphs"] = [body]
    return item


def _signature(
    blocks: list[Block], text: Text, house: bool, organization: str | None
) -> dict[str, Any] | None:
    """The 落款 at the end of the last chapter (taken out of it), or None."""
    lines = [block for block in blocks if isinstance(block, Line) and block.text.strip()]
    date_at = None
    for index in range(len(lines) - 1, max(len(lines) - 1 - _SIGNATURE_REACH, -1), -1):
        line = lines[index]
        if (not house or line.role == SIGNATURE_DATE) and parse_date(line.text):
            date_at = index
            break
    signature: dict[str, Any] = {}
    taken: list[Line] = []
    if date_at is not None:
        signature["date"] = parse_date(lines[date_at].text)
        taken.append(lines[date_at])
        for after in lines[date_at + 1 :]:
            text.ignored(after, "落款之后的文字")
            taken.append(after)
        organization_at = date_at - 1
    else:
        organization_at = len(lines) - 1
    if organization_at >= 0:
        line = lines[organization_at]
        if _is_signature_organization(line, house, date_at is not None, organization):
            signature["organization"] = line.text.strip()
            taken.append(line)
    for line in taken:
        blocks.remove(line)
    return signature or None


def _is_signature_organization(
    line: Line, house: bool, dated: bool, organization: str | None
) -> bool:
    """Whether a paragraph just before the date (or last of all) is the signing organization:
    ours by its style; in other documents a short line without sentence marks before the date,
    aligned right (or centred), or naming the report's organization."""
    if house:
        return line.role == SIGNATURE
    content = line.text.strip()
    return (
        dated
        and (line.align in _RIGHT or content == organization)
        and len(content) <= 100
        and _SENTENCE_MARKS.search(content) is None
    )


def parse_date(text: str) -> str | None:
    """``2022年1月20日`` (also ``二〇二二年一月二十日``, full-width digits) as ``2022-01-20``;
    None when the paragraph is not just a date."""
    match = _DATE.fullmatch(shown(text))
    if match is None:
        return None
    year = "".join(_DIGIT.get(char, char) for char in match.group(1))
    month, day = (_small_number(part) for part in match.group(2, 3))
    if not year.isdigit() or month is None or day is None:
        return None
    return f"{year}-{month:02d}-{day:02d}"


def _small_number(text: str) -> int | None:
    """1 … 31 in digits or Chinese numerals (十, 二十一); None otherwise."""
    if text.isdigit():
        return int(text)
    for number in range(1, 32):
        if chinese_numeral(number) == text:
            return number
    return None
