"""A validated Report as HTML for a government portal: a standalone page or a fragment.

Every element carries its own ``style`` attribute (no ``<style>``, no class, no script, no URL),
so the page needs nothing from elsewhere and the fragment keeps its look when pasted into a
CMS editor that strips ``<style>``. The three tables are the official grids of
``official_tables.json`` (rows, colspan, rowspan, exact labels) and every number is printed by
``schemas.model.cells.cell_text``, the text the .docx shows. Nothing here raises for a valid Report.
"""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Environment
from markupsafe import Markup, escape

from schemas.model.cells import cell_text
from schemas.model.layout import FIELD_LABELS, TableLayout, tables
from schemas.model.report import Report, Section

#: Font stacks: the official font first, then its Windows and macOS names, then the faces a
#: Linux desktop has (the same stand-ins as the PDF), then the generic family.
_LATIN = "'Times New Roman',"
_FANGSONG = "'仿宋_GB2312',仿宋,FangSong,STFangsong,'Noto Serif CJK SC',serif"
_KAI = "'楷体_GB2312',楷体,KaiTi,STKaiti,'AR PL UKai CN',serif"
_HEI = "黑体,SimHei,'Noto Sans CJK SC',sans-serif"
_XIAOBIAOSONG = "方正小标宋简体,'FZXiaoBiaoSong-B05S',STZhongsong,'Noto Serif CJK SC',serif"
_SONG = "宋体,SimSun,'Noto Serif CJK SC',serif"

#: The styles of each kind of element: the .docx's fonts and sizes (GB/T 9704: 3号 body and
#: headings, 2号 title, 小四 table 2, 五号 tables 3 and 4).
STYLES = {
    "root": f"font-family:{_LATIN}{_FANGSONG};font-size:16pt;line-height:1.8;color:#000;"
    "text-align:justify;overflow-wrap:break-word",
    "title": f"font-family:{_LATIN}{_XIAOBIAOSONG};font-size:22pt;font-weight:bold;"
    "line-height:1.5;text-align:center;margin:0 0 1em",
    "paragraph": "text-indent:2em;margin:0",
    "heading": f"font-family:{_LATIN}{_HEI};font-size:16pt;font-weight:normal;"
    "text-indent:2em;margin:0",
    "run_in": f"font-family:{_LATIN}{_KAI}",
    "table": f"border-collapse:collapse;width:100%;margin:0.5em 0 1em;"
    f"font-family:{_LATIN}{_SONG};line-height:1.4;text-indent:0;text-align:center",
    "cell": "border:1px solid #000;padding:4px 3px;text-align:center;vertical-align:middle;"
    "font-weight:normal",
    "signature": "text-indent:0;text-align:right;margin:2em 0 0",
    "date": "text-indent:0;text-align:right;margin:0;padding-right:4em",
    "page": "margin:0;background:#fff",
    "column": "max-width:52em;margin:0 auto;padding:2em 1.5em",
}
TABLE_FONT_SIZES = {"table2": "12pt", "table3": "10.5pt", "table4": "10.5pt"}
#: Share of the table width its number columns take when it also has label-only columns.
_DATA_SHARE = 60

_FRAGMENT = """\
<div lang="zh-CN" style="{{ s.root }}">
<h1 style="{{ s.title }}">{{ report.title | text }}</h1>
{%- for paragraph in report.preamble %}
<p style="{{ s.paragraph }}">{{ paragraph | text }}</p>
{%- endfor %}
<h2 style="{{ s.heading }}">{{ headings.overview }}</h2>
{{ section(report.overview) }}
{%- for name in ("table2", "table3", "table4") %}
<h2 style="{{ s.heading }}">{{ layouts[name].heading }}</h2>
{{ table(name) }}
{%- endfor %}
<h2 style="{{ s.heading }}">{{ headings.problems }}</h2>
{{ section(report.problems) }}
<h2 style="{{ s.heading }}">{{ headings.other_matters }}</h2>
{{ section(report.other_matters) }}
{%- if report.signature %}
<p style="{{ s.signature }}">{{ report.signature.organization | text }}</p>
<p style="{{ s.date }}">{{ report.signature.date_text | text }}</p>
{%- endif %}
</div>
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ report.title }}</title>
</head>
<body style="{{ s.page }}">
<div style="{{ s.column }}">
{{ body }}</div>
</body>
</html>
"""


def text(value: str) -> Markup:
    """`value` escaped, its line feeds (any convention) as ``<br>``."""
    escaped = str(escape(value)).replace("\r\n", "\n").replace("\r", "\n")
    return Markup(escaped.replace("\n", "<br>"))


def _paragraph(content: Markup) -> str:
    """One body paragraph."""
    return f'<p style="{STYLES["paragraph"]}">{content}</p>'


def _section(section: Section) -> Markup:
    """A free-text chapter: its paragraphs, then each （一） item run in with its paragraph."""
    lines = [_paragraph(text(paragraph)) for paragraph in section.paragraphs]
    for item in section.items:
        first, *rest = item.paragraphs or ("",)
        lines.append(_paragraph(
            Markup(f'<span style="{STYLES["run_in"]}">{text(item.title)}</span>{text(first)}')
        ))
        lines.extend(_paragraph(text(paragraph)) for paragraph in rest)
    return Markup("\n".join(lines))


def _data_columns(layout: TableLayout) -> set[int]:
    """The grid columns in which some one-column data cell sits (the number columns)."""
    covered: set[tuple[int, int]] = set()
    columns: set[int] = set()
    for row_index, row in enumerate(layout.rows):
        column = 0
        for cell in row:
            while (row_index, column) in covered:
                column += 1
            if cell.key is not None and cell.colspan == 1:
                columns.add(column)
            covered.update(
                (row_index + down, column + across)
                for down in range(cell.rowspan)
                for across in range(cell.colspan)
            )
            column += cell.colspan
    return columns


def _colgroup(layout: TableLayout) -> str:
    """Equal widths for the number columns; the label columns share the rest by their text."""
    data = _data_columns(layout)
    share = 100 if len(data) == layout.grid_columns else _DATA_SHARE
    width = f"{share / len(data):.2f}%"
    columns = (
        f'<col style="width:{width}">' if index in data else "<col>"
        for index in range(layout.grid_columns)
    )
    return "<colgroup>" + "".join(columns) + "</colgroup>"


def _rows(report: Report, layout: TableLayout) -> Iterable[str]:
    """The table's rows: labels in ``<th>``, data in ``<td>``, with their merges."""
    style = STYLES["cell"]
    for row in layout.rows:
        cells = []
        for cell in row:
            spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            if cell.key is None:
                cells.append(f'<th{spans} style="{style}">{escape(cell.text or "")}</th>')
            else:
                cells.append(f'<td{spans} style="{style}">{escape(cell_text(report, cell))}</td>')
        yield "<tr>" + "".join(cells) + "</tr>"


def _table(report: Report, name: str) -> Markup:
    """One official table as an HTML table."""
    layout = tables(report.format)[name]
    style = f"{STYLES['table']};font-size:{TABLE_FONT_SIZES[name]}"
    return Markup(
        f'<table style="{style}">{_colgroup(layout)}\n<tbody>\n'
        + "\n".join(_rows(report, layout))
        + "\n</tbody>\n</table>"
    )


def _environment() -> Environment:
    """Autoescaping Jinja with the ``text`` filter."""
    environment = Environment(autoescape=True, keep_trailing_newline=True)
    environment.filters["text"] = text
    return environment


_ENVIRONMENT = _environment()
_FRAGMENT_TEMPLATE = _ENVIRONMENT.from_string(_FRAGMENT)
_PAGE_TEMPLATE = _ENVIRONMENT.from_string(_PAGE)


#: The styles as markup: they are this module's constants, printed into attributes unescaped
#: (their quotes are single quotes inside double-quoted attributes).
_STYLE_MARKUP = {name: Markup(style) for name, style in STYLES.items()}


def fragment(report: Report) -> str:
    """The report's body as one ``<div lang="zh-CN">`` with inline styles only."""
    return _FRAGMENT_TEMPLATE.render(
        report=report,
        s=_STYLE_MARKUP,
        headings=FIELD_LABELS,
        layouts=tables(report.format),
        section=_section,
        table=lambda name: _table(report, name),
    )


def page(report: Report) -> str:
    """A standalone UTF-8 page (``<html lang="zh-CN">``) holding the fragment in a column."""
    return _PAGE_TEMPLATE.render(report=report, s=_STYLE_MARKUP, body=Markup(fragment(report)))
