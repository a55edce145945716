"""The review's charts as geometry for inline SVG, drawn on the server (no script, no library):
horizontal bars, one row of bars per category, one bar per series (this year, last year).

A chart knows its numbers; the page draws its shapes and prints the same numbers as a table
beside it. Nothing here raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Drawing units (CSS pixels at 100 %): the SVG scales to the page's width.
WIDTH = 860
LABEL_WIDTH = 250
VALUE_ROOM = 70
BAR_HEIGHT = 13
BAR_GAP = 3
CATEGORY_GAP = 12
TOP = 34
BOTTOM = 8
#: Characters of a category's name drawn beside its bars (the table under the chart has it whole).
LABEL_CHARS = 16


@dataclass(frozen=True, slots=True)
class Category:
    """One row of bars: a name and one value per series (None: no value, no bar)."""

    name: str
    values: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class Rect:
    """One bar."""

    x: float
    y: float
    width: float
    height: float
    series: int


@dataclass(frozen=True, slots=True)
class Label:
    """One text of the drawing."""

    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart with its title, description, series names and numbers."""

    id: str
    title: str
    description: str
    series: tuple[str, ...]
    categories: tuple[Category, ...]
    unit: str = "件"

    @property
    def height(self) -> int:
        """The drawing's height."""
        rows = len(self.categories)
        per_row = len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + CATEGORY_GAP
        return TOP + rows * per_row + BOTTOM

    @property
    def width(self) -> int:
        """The drawing's width."""
        return WIDTH

    def bars(self) -> list[Rect]:
        """The bars, scaled so that the largest value fills the bar area."""
        scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / max(self._largest(), 1)
        rects = []
        for row, category in enumerate(self.categories):
            for series, value in enumerate(category.values):
                if value:
                    rects.append(
                        Rect(LABEL_WIDTH, self._bar_top(row, series), value * scale,
                             BAR_HEIGHT, series)
                    )  # fmt: skip
        return rects

    def labels(self) -> list[Label]:
        """The category names (shortened) at the left, each bar's value after it."""
        scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / max(self._largest(), 1)
        texts = []
        for row, category in enumerate(self.categories):
            rows_top = self._bar_top(row, 0)
            middle = rows_top + (len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP) / 2 + 4
            texts.append(Label(LABEL_WIDTH - 8, middle, shortened(category.name), "end"))
            for series, value in enumerate(category.values):
                shown = "—" if value is None else str(value)
                x = LABEL_WIDTH + (value or 0) * scale + 4
                texts.append(Label(x, self._bar_top(row, series) + BAR_HEIGHT - 2, shown))
        return texts

    def legend(self) -> list[tuple[float, str, int]]:
        """(x, name, series) of each series' key, along the top."""
        return [(LABEL_WIDTH + index * 120, name, index) for index, name in enumerate(self.series)]

    def _bar_top(self, row: int, series: int) -> float:
        """The top of a bar."""
        per_row = len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + CATEGORY_GAP
        return TOP + row * per_row + series * (BAR_HEIGHT + BAR_GAP)

    def _largest(self) -> int:
        """The largest value drawn."""
        return max((v for c in self.categories for v in c.values if v is not None), default=0)


def shortened(name: str, chars: int = LABEL_CHARS) -> str:
    """`name` cut to `chars` characters with an ellipsis (the drawing's room for a label)."""
    return name if len(name) <= chars else name[: chars - 1] + "…"


def series_names(compared: bool) -> tuple[str, ...]:
    """The series of a chart: this year, and last year when last year's reports were given."""
    return ("本年", "上年") if compared else ("本年",)


def values(now: int | None, before: int | None, compared: bool) -> tuple[int | None, ...]:
    """A category's values for `series_names(compared)`."""
    return (now, before) if compared else (now,)


def categories(rows: Sequence[tuple[str, int | None, int | None]], compared: bool) -> tuple[
    Category, ...
]:
    """Categories from (name, this year, last year) rows."""
    return tuple(Category(name, values(now, before, compared)) for name, now, before in rows)
