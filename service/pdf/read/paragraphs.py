"""Lines of a PDF's text rejoined into the paragraphs they were typeset from.

The text column is measured on the body's lines (the type size most lines have): its left and
right edges. A line starts a paragraph when it is indented (the first-line indent of official
documents), centred or set to the right, in another type size than the line before, after a
blank line's gap, after a table, or when it is a chapter heading or a date; otherwise it
continues the paragraph before — with nothing between when that one reached the right edge
(a Chinese line break is not a space; Latin words get their space back), with a line break when
it stopped short. Across a page break the same holds. A paragraph's run-in heading is the text
at its start set in another typeface than the rest (楷体 after 仿宋), when it starts with （一）.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from service.pdf.read.layout import TextLine
from service.reading.text import Line, chapter_number, parse_date

_ITEM_START = re.compile(r"\s*[（(][一二三四五六七八九十]{1,3}[)）]")


@dataclass(frozen=True, slots=True)
class Column:
    """The body's text column: its left and right edges, its type size and line pitch."""

    left: float
    right: float
    size: float
    pitch: float
    """The distance from one line of the body to the next (its line spacing)."""


def column(runs: Sequence[Sequence[TextLine]]) -> Column:
    """The text column of a document's lines (in runs of lines that follow each other)."""
    lines = [line for run in runs for line in run]
    if not lines:
        return Column(0.0, 0.0, 1.0, 1.0)
    sizes = Counter(round(line.size) for line in lines for _ in line.chars)
    size = float(sizes.most_common(1)[0][0])
    body = [line for line in lines if round(line.size) == size] or lines
    steps = [
        after.top - before.top
        for run in runs
        for before, after in itertools.pairwise(run)
        if round(before.size) == round(after.size) == size
        and 0 < after.top - before.top < 4 * size
    ]
    pitch = statistics.median(steps) if steps else 1.5 * size
    return Column(min(line.x0 for line in body), max(line.x1 for line in body), size, pitch)


def _alignment(line: TextLine, text_column: Column) -> str | None:
    """``center`` or ``right`` for a line set so, else None."""
    size = max(line.size, 1.0)
    middle = (text_column.left + text_column.right) / 2
    starts_in = line.x0 - text_column.left
    if starts_in > 2 * size and abs((line.x0 + line.x1) / 2 - middle) < 1.5 * size:
        return "center"
    if starts_in > (text_column.right - text_column.left) * 0.35:
        return "right"
    return None


def _reaches_right(line: TextLine, text_column: Column) -> bool:
    """Whether a line runs to the right edge of the column (its paragraph goes on)."""
    return text_column.right - line.x1 < 2.0 * max(line.size, 1.0)


def _stands_alone(text: str) -> bool:
    """Whether a line is a paragraph of its own: a chapter heading or a date."""
    return chapter_number(Line(text, None, None, None, 0), False) is not None or bool(
        parse_date(text)
    )


def paragraphs(runs: Sequence[Sequence[TextLine]], text_column: Column) -> list[list[Line]]:
    """Each run of lines (the lines between two tables) as paragraphs."""
    number = 0
    result: list[list[Line]] = []
    for run in runs:
        groups: list[list[TextLine]] = []
        joints: list[list[str]] = []
        previous: str | None = None
        for line in run:
            this = _alignment(line, text_column)
            joint = _continues(groups[-1][-1], line, this, previous, text_column) \
                if groups else None
            if joint is None:
                groups.append([line])
                joints.append([])
            else:
                groups[-1].append(line)
                joints[-1].append(joint)
            previous = this
        found = []
        for group, glues in zip(groups, joints, strict=True):
            number += 1
            text = group[0].text + "".join(
                glue + line.text for glue, line in zip(glues, group[1:], strict=True)
            )
            alignment = _alignment(group[0], text_column)
            found.append(Line(text, None, alignment, _run_in(text, group), number))
        result.append(found)
    return result


def _continues(
    last: TextLine, line: TextLine, this: str | None, previous: str | None, text_column: Column
) -> str | None:
    """What joins `line` to the paragraph `last` ends, or None when `line` starts a new one."""
    same_size = abs(line.size - last.size) <= 0.5
    # A line further down than the body's line spacing (and a bit) is after a blank line; a
    # line higher up is on the next page.
    close = line.top - last.top <= max(1.4 * text_column.pitch, line.size + last.size)
    if this == previous == "center" and same_size and close:
        return ""  # a centred title over two lines is one paragraph
    indented = this is None and line.x0 - text_column.left > 0.9 * max(line.size, 1.0)
    if (
        indented
        or this is not None
        or previous is not None
        or not same_size
        or not close
        or _stands_alone(line.text)
        or _stands_alone(last.text)
    ):
        return None
    return _joint(last, line, _reaches_right(last, text_column))


def _joint(before: TextLine, after: TextLine, wrapped: bool) -> str:
    """What joins two lines of a paragraph: nothing for a wrapped Chinese line, a space between
    wrapped Latin words, a line break where the line stopped short."""
    if not wrapped:
        return "\n"
    end, start = before.text[-1:], after.text[:1]
    if end.isascii() and end.isalnum() and start.isascii() and start.isalnum():
        return " "
    return ""


def _run_in(text: str, lines: Sequence[TextLine]) -> str | None:
    """The paragraph's leading text in another typeface than the rest, when it starts with
    an item number (（一）); None otherwise."""
    if not lines or not _ITEM_START.match(text):
        return None
    chars = [char for line in lines for char in line.chars if not char.text.isspace()]
    if len(chars) < 3:
        return None
    fonts = [char.font for char in chars]
    body_font = statistics.mode(fonts)
    start_font = fonts[0]
    if start_font == body_font:
        return None
    end = 0
    while end < len(chars) and chars[end].font != body_font:
        end += 1
    if end >= len(chars):
        return None
    heading = "".join(char.text for char in chars[:end])
    return heading if text.lstrip().startswith(heading) else None
