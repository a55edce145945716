"""The layout of the workbook bureaus fill in, shared by its writer and its reader.

Five sheets, named exactly: ``基本信息`` (labels in column A, values in column B), ``正文`` (a
header row ``章节 | 小标题 | 段落``, then one row per paragraph), and ``表二``, ``表三``,
``表四``: each official grid of ``official_tables.json`` laid out cell for cell, its first label
at ``GRID_TOP`` in column A. The reader finds everything by these labels, never by address.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from schemas.model.layout import FIELD_LABELS

INFO_SHEET = "基本信息"
TEXT_SHEET = "正文"
#: The sheet of each official table (keys as in ``official_tables.json``).
TABLE_SHEETS = {"table2": "表二", "table3": "表三", "table4": "表四"}
#: Row of a table sheet where the grid starts (its heading and a note are above it).
GRID_TOP = 3


@dataclass(frozen=True, slots=True)
class InfoRow:
    """One row of 基本信息: its label in column A, the contract path of its value, a hint."""

    label: str
    path: str
    hint: str


INFO_ROWS = (
    InfoRow("机关名称", "organization", "必填"),
    InfoRow("年度", "year", "必填，如 2021"),
    InfoRow("格式", "format", "本工作簿表格的格式，请勿修改"),
    InfoRow("标题", "title", "可选；默认为“机关名称 + 年度 + 年政府信息公开工作年度报告”"),
    InfoRow("落款机关", "signature.organization", "可选；默认为机关名称"),
    InfoRow("成文日期", "signature.date", "可选；日期，或 YYYY-MM-DD，如 2022-01-20"),
)

#: The header of 正文: chapter, item heading, paragraph.
CHAPTER, HEADING, PARAGRAPH = "章节", "小标题", "段落"


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter of free text as 正文 names it, and where it goes in the contract."""

    key: str
    """``preamble`` or a section key (``overview``, ``problems``, ``other_matters``)."""

    @property
    def name(self) -> str:
        """The chapter's name in the 章节 column: its label (``一、总体情况``, ``前言``)."""
        return FIELD_LABELS[self.key]

    @property
    def has_items(self) -> bool:
        """Whether rows of this chapter may start items (the preamble is paragraphs only)."""
        return self.key != "preamble"


CHAPTERS = tuple(Chapter(key) for key in ("preamble", "overview", "problems", "other_matters"))

_WHITE_SPACE = re.compile(r"\s+")


def label_key(text: str) -> str:
    """A label as compared: compatibility forms folded (``（`` is ``(``), white space removed
    (labels may be typed over several lines)."""
    return _WHITE_SPACE.sub("", unicodedata.normalize("NFKC", text))
