"""What went wrong in JSON a person typed or saved, said the way they would fix it.

``syntax_hint`` names the actual mistake behind a decoder error (a full-width comma, a count
written ``12件``, a trailing comma, a straight quote inside a text) and where it is, which is not
always where the decoder stopped; ``excerpt`` shows that line with a caret under the mistake.
``not_text`` says what a file that is not UTF-8 text is (GBK or UTF-16 text, a Word or Excel
file, a zip, a PDF). All of them work on input already bounded by the caller and never raise.
"""

from __future__ import annotations

import json
import unicodedata

#: Characters the decoder stops at after a number or string: what ends a JSON value.
_VALUE_END = frozenset(',}] \t\r\n"')
_FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")
#: Longest unit word quoted after a number (``12件``, ``3万元``).
_UNIT_CHARS = 8
#: Characters shown either side of the mistake in an excerpt (minified JSON is one long line).
EXCERPT_WIDTH = 40
#: The decoder's own words for what it expected, for mistakes without a better name.
_EXPECTED = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting ',' delimiter", "此处缺少逗号"),
    ("Expecting ':' delimiter", "此处缺少冒号"),
    ("Expecting property name enclosed in double quotes", "键名必须用英文双引号括起"),
    ("Unterminated string", "字符串没有结束引号"),
    ("Invalid control character", "字符串中有未转义的控制字符"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义"),
    ("Invalid \\escape", "无效的转义序列"),
    ("Extra data", "JSON 结束后还有多余内容"),
    ("Illegal trailing comma", "多余的逗号"),
)


def syntax_hint(exc: json.JSONDecodeError) -> tuple[int, str]:
    """The position of the mistake in ``exc.doc`` and its Chinese name."""
    text, position = exc.doc, exc.pos
    char = text[position : position + 1]
    before_at = _previous(text, position)
    before = text[before_at] if before_at >= 0 else ""
    if char == "，":
        return position, "这里是中文逗号，请改为英文逗号"
    if char == "：":
        return position, "这里是中文冒号，请改为英文冒号"
    if char in {"“", "”", "‘", "’"}:
        return position, '这里是中文引号，键名和文字须用英文双引号 " 括起'
    if char == "'":
        return position, '键名和文字须用英文双引号 " 括起，不能用单引号'
    if char in _FULL_WIDTH_DIGITS:
        return position, "这里是全角数字，请改为半角数字"
    if char in {"}", "]"} and before == ",":
        return before_at, "多余的逗号"
    if exc.msg.startswith("Expecting ',' delimiter") and char and char not in _VALUE_END:
        if before.isdigit():
            unit = _word(text, position)
            return position, f"数字不能带“{unit}”"
        if before == '"' and char != ":":
            return before_at, '文字中的英文引号需写成 \\"'
    if exc.msg.startswith("Expecting value") and char and not char.isascii():
        return position, '文字须用英文双引号 " 括起'
    return position, next((zh for en, zh in _EXPECTED if exc.msg.startswith(en)), "语法错误")


def _previous(text: str, position: int) -> int:
    """The index of the last character before `position` that is not white space (-1: none)."""
    index = position - 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return index


def _word(text: str, start: int) -> str:
    """The characters from `start` up to the end of the value, at most _UNIT_CHARS."""
    end = start
    while end < len(text) and text[end] not in _VALUE_END and end - start < _UNIT_CHARS:
        end += 1
    return text[start:end]


def line_and_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of `position` in `text`."""
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


def excerpt(text: str, position: int) -> str:
    """The line of `text` holding `position` (around it when long) and, below it, a caret
    under that character; wide (CJK) characters count as two columns."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    end = len(text) if end == -1 else end
    left = max(start, position - EXCERPT_WIDTH)
    right = min(end, position + EXCERPT_WIDTH)
    lead = ("…" if left > start else "") + text[left:position]
    shown = lead + text[position:right] + ("…" if right < end else "")
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in lead)
    return _printable(shown) + "\n" + " " * width + "^"


def _printable(line: str) -> str:
    """`line` with tabs and other controls as one space each (the caret stays aligned)."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in line)


#: Leading bytes of files people upload instead of JSON, and what to call them.
_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "旧版 Word 或 Excel 文件（.doc/.xls）", "an old Word or Excel file"),
    (b"%PDF", "PDF 文件", "a PDF file"),
)
#: Names inside a zip that tell a Word document and an Excel workbook apart.
_ZIP_KINDS = (
    (b"word/document.xml", "Word 文档（.docx）", "a Word document (.docx)"),
    (b"xl/workbook.xml", "Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
)


def not_text(raw: bytes) -> tuple[str, str] | None:
    """What `raw` is when it is a kind of file rather than text: (Chinese, English), else None."""
    for magic, chinese, english in _MAGIC:
        if raw.startswith(magic):
            return chinese, english
    if raw.startswith(b"PK\x03\x04"):
        # Entry names are stored uncompressed: the document's own part names are in the bytes.
        for name, chinese, english in _ZIP_KINDS:
            if name in raw:
                return chinese, english
        return "zip 压缩包", "a zip archive"
    return None


def encoding_hint(raw: bytes) -> tuple[str, str] | None:
    """The encoding of text that is not UTF-8 when it is a Chinese one people save in
    (UTF-16, GBK/GB18030): (Chinese, English), else None."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16", "UTF-16"
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if any("\u4e00" <= char <= "\u9fff" for char in text):
        return "GBK", "GBK"
    return None
