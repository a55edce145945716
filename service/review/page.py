"""The review page's HTML: Jinja templates in a sandboxed environment with autoescape and strict
undefined (every text of a report is hostile input), parts rendered one by one as reports
come (``part``) and the page streamed around them at the end (``write_page``).

The page is one self-contained file: inline styles, inline SVG, no script, nothing loaded.
Nothing here raises for good data; a template mistake raises jinja2's errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import IO, Any

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from schemas.model.layout import TableLayout
from service.review.rows import STATE_TEXT, STATES, in_words

_ENCODING = "utf-8"


@cache
def environment() -> SandboxedEnvironment:
    """The templates of ``service/review/templates`` with the page's filters."""
    env = SandboxedEnvironment(
        loader=PackageLoader("service.review", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    env.globals.update(in_words=in_words, change=change, STATE_TEXT=STATE_TEXT, STATES=STATES)
    return env


def number(value: int | Decimal | None) -> str:
    """A count or amount as printed (its own digits); ``—`` for none."""
    if value is None:
        return "—"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def change(now: int | None, before: int | None) -> str:
    """This year against last: ``+12``, ``−3``, ``0``; ``—`` when either is unknown."""
    if now is None or before is None:
        return "—"
    difference = now - before
    if difference > 0:
        return f"+{difference}"
    return f"−{-difference}" if difference < 0 else "0"


def part(macro: str, **context: Any) -> str:
    """One macro of ``review/parts.html`` rendered (a bureau's row, a comparison row…)."""
    rendered: Markup = getattr(environment().get_template("review/parts.html").module, macro)(
        **context
    )
    return str(rendered)


def write_page(stream: IO[bytes], context: Mapping[str, Any]) -> None:
    """Write the whole page to `stream` as it is rendered (the spooled parts are read in as
    the template reaches them); raises OSError from the stream."""
    template = environment().get_template("review/page.html")
    for chunk in template.generate(**context):
        stream.write(chunk.encode(_ENCODING))


def spooled(read: Callable[[], Iterator[str]]) -> Iterator[Markup]:
    """Parts written earlier (already escaped by their template) as they are read back."""
    for text in read():
        yield Markup(text)  # rendered by this package's own autoescaping templates


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of an official grid on the page: a label (``th``) or a data cell's sums."""

    id: str
    text: str | None
    colspan: int
    rowspan: int
    headers: str = ""
    """For a data cell: the ids of the label cells that name it (left and above)."""
    now: int | None = None
    before: int | None = None


def grid(
    layout: TableLayout,
    prefix: str,
    now: Callable[[str], int | None],
    before: Callable[[str], int | None],
) -> list[list[GridCell]]:
    """The rows of an official table with each data cell's sums, this year (`now`) and last
    (`before`), and for each data cell the label cells that name it (``headers``: for a screen
    reader, merged headers read as the printed table does)."""
    placed = list(enumerate(layout.placed()))
    labels = [(position, item) for position, item in placed if item.cell.key is None]
    rows: list[list[GridCell]] = [[] for _ in layout.rows]
    for position, item in placed:
        cell = item.cell
        ident = f"{prefix}-{position}"
        if cell.key is None:
            rows[item.row].append(GridCell(ident, cell.text, cell.colspan, cell.rowspan))
            continue
        names = [
            f"{prefix}-{place}"
            for place, label in labels
            if (label.row <= item.row < label.row + label.cell.rowspan
                and label.column < item.column)
            or (label.column <= item.column < label.column + label.cell.colspan
                and label.row < item.row)
        ]
        rows[item.row].append(
            GridCell(ident, None, cell.colspan, cell.rowspan, " ".join(names),
                     now(cell.key), before(cell.key))
        )  # fmt: skip
    return rows
