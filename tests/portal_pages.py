"""Web pages made the way government portals publish an annual report (test material).

Each style follows what real portal pages do (read, not copied): a TRS-style GBK page with the
site's navigation, breadcrumb, a metadata table, the title in an <h1> above the article, the
article in a content <div> of Word-pasted markup (<p><span> in every cell, &nbsp; and
ideographic spaces, headings in <strong> or not) and the footer with scripts; an old portal whose
whole page is nested layout tables; the article alone as a CMS fragment with <th> headers split
over several <p>, numbers typed with full-width digits, 件 and spaces, a table split in two with
its header rows repeated, items whose heading is a paragraph of its own. The numbers are the
report's, each typed with a habit of tests.handfilled.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from schemas.model.cells import cell_text
from schemas.model.layout import FIELD_LABELS, TableLayout, tables
from schemas.model.report import Report, Section
from tests.handfilled import Habit, plain

_NAV = "".join(
    f'<li><a href="/col/col{n}/index.html" target="_blank">{name}</a></li>'
    for n, name in enumerate(
        ["首页", "政务公开", "政务服务", "互动交流", "走进本区", "专题专栏", "政府信息公开指南",
         "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开"] * 6
    )
)
_SCRIPT = (
    '<script type="text/javascript">var _hmt = _hmt || []; document.write("<p>统计</p>");'
    " function fontZoom(size){document.getElementById('zoom').style.fontSize=size+'px';}"
    "</script>"
)
_FOOTER = (
    '<div class="footer"><p>主办单位：某某区人民政府办公室&nbsp;&nbsp;'
    "承办单位：某某区大数据中心</p><p>网站标识码：3304110001&nbsp;&nbsp;浙ICP备05012345号"
    "&nbsp;&nbsp;浙公网安备 33041102000123号</p>"
    "<p>版权所有 © 2022 某某区人民政府 建议使用1920×1080分辨率</p></div>"
    '<script src="/script/0/common.js"></script>'
)


@dataclass(frozen=True)
class Style:
    """How a portal writes the article."""

    heading: Callable[[str], str]
    paragraph: Callable[[str], str]
    cell: Callable[[str, int, int, bool], str]
    """(text, colspan, rowspan, is_label) -> the <td>."""
    item_heading_alone: bool = False
    """Items as a heading paragraph of their own, then the text."""
    split_table3: bool = False
    """Table 3 in two tables, the second repeating the header rows."""
    habit: Habit = plain


def _spans(colspan: int, rowspan: int) -> str:
    return (f' colspan="{colspan}"' if colspan > 1 else "") + (
        f' rowspan="{rowspan}"' if rowspan > 1 else ""
    )


def word_pasted_cell(text: str, colspan: int, rowspan: int, label: bool) -> str:
    """A cell as Word pasted into a CMS editor: <td> holding <p><span> with &nbsp;."""
    inner = "".join(
        f'<p class="MsoNormal" align="center" style="text-align:center;line-height:15pt">'
        f'<span style="font-size:9pt;font-family:宋体">{html.escape(part)}</span></p>'
        for part in (text.split("\n") if label else [text])
    ) or '<p class="MsoNormal"><span>&nbsp;</span></p>'
    return (f'<td width="60"{_spans(colspan, rowspan)} valign="center" '
            f'style="border:solid windowtext 1pt;padding:0cm 5.4pt">{inner}</td>')


def plain_cell(text: str, colspan: int, rowspan: int, label: bool) -> str:
    """A cell of a CMS table: labels in <th> split over <p>s, numbers padded with spaces."""
    if label:
        parts = [text[i : i + 6] for i in range(0, len(text), 6)] or [""]
        inner = "".join(f"<p>{html.escape(part)}</p>" for part in parts)
        return f"<th{_spans(colspan, rowspan)}>{inner}</th>"
    return f"<td{_spans(colspan, rowspan)}>&nbsp; {html.escape(text)}\n </td>"


def _table_html(report: Report, layout: TableLayout, style: Style, split: bool) -> str:
    """One official table (split in two after its header and six rows when `split`)."""
    rows = []
    for row in layout.rows:
        cells = []
        for cell in row:
            if cell.key is None:
                cells.append(style.cell(cell.text or "", cell.colspan, cell.rowspan, True))
            else:
                typed = style.habit(cell.key, cell_text(report, cell))
                cells.append(style.cell(typed, cell.colspan, cell.rowspan, False))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    table = ('<table border="1" cellspacing="0" cellpadding="0" width="100%" '
             'style="border-collapse:collapse;border:none">')
    if not split:
        return table + "<tbody>" + "".join(rows) + "</tbody></table>"
    header = 3  # table 3's header rows, repeated on the second part
    cut = header + 6
    return (
        table + "<tbody>" + "".join(rows[:cut]) + "</tbody></table>"
        + '<p style="text-align:center">&nbsp;</p><p>（续表）</p>'
        + table + "<tbody>" + "".join(rows[:header]) + "".join(rows[cut:]) + "</tbody></table>"
    )


def _section(section: Section, style: Style) -> Iterator[str]:
    for text in section.paragraphs:
        yield style.paragraph(text)
    for item in section.items:
        first, *rest = item.paragraphs or ("",)
        if style.item_heading_alone and first:
            yield style.paragraph(item.title)
            yield style.paragraph(first)
        else:
            yield style.paragraph(item.title + first)
        for text in rest:
            yield style.paragraph(text)


def article(report: Report, style: Style, with_title: bool = True) -> str:
    """The report's article as the portal's editor holds it."""
    parts = []
    if with_title:
        parts.append(f'<p align="center" style="text-align:center"><strong>'
                     f'{html.escape(report.title)}</strong></p>')
    parts.extend(style.paragraph(text) for text in report.preamble)
    parts.append(style.heading(FIELD_LABELS["overview"]))
    parts.extend(_section(report.overview, style))
    for name, layout in tables(report.format).items():
        parts.append(style.heading(layout.heading))
        parts.append(_table_html(report, layout, style, style.split_table3 and name == "table3"))
    parts.append(style.heading(FIELD_LABELS["problems"]))
    parts.extend(_section(report.problems, style))
    parts.append(style.heading(FIELD_LABELS["other_matters"]))
    parts.extend(_section(report.other_matters, style))
    if report.signature is not None:
        parts.append(f'<p style="text-align:right">{html.escape(report.signature.organization)}'
                     "</p>")
        parts.append(f'<p style="text-align:right">{html.escape(report.signature.date_text)}'
                     "&nbsp;&nbsp;&nbsp;&nbsp;</p>")
    return "\n".join(parts)


def _indented(text: str) -> str:
    escaped = html.escape(text).replace("\n", "<br/>")
    return (f'<p style="text-indent:2em;line-height:28px"><span style="font-family:仿宋_GB2312;'
            f'font-size:16pt">&nbsp;&nbsp;&nbsp;&nbsp;{escaped}</span></p>')


def _bare(text: str) -> str:
    return "<p>\u3000\u3000" + html.escape(text).replace("\n", "<br>") + "</p>"


TRS = Style(
    heading=lambda text: f'<p style="text-indent:2em"><strong><span style="font-family:黑体">'
    f"{html.escape(text)}</span></strong></p>",
    paragraph=_indented,
    cell=word_pasted_cell,
)
FRAGMENT = Style(
    heading=lambda text: f"<p>\u3000\u3000{html.escape(text)}</p>",
    paragraph=_bare,
    cell=plain_cell,
    item_heading_alone=True,
    split_table3=True,
)


def trs_page(report: Report, habit: Habit = plain, charset: str = "gb2312") -> bytes:
    """A TRS-style portal page: navigation, breadcrumb, metadata table, <h1> title above the
    article, the content <div>, footer and scripts; encoded in `charset`."""
    style = Style(TRS.heading, TRS.paragraph, TRS.cell, habit=habit)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{html.escape(report.title)}_某某区人民政府</title>
<meta name="ArticleTitle" content="{html.escape(report.title)}">
<link href="/css/style.css" rel="stylesheet" type="text/css" />{_SCRIPT}
<style>.TRS_Editor P{{line-height:2;font-size:12pt;}}</style>
</head><body>
<div class="top"><div class="logo"><img src="/images/logo.png" alt="某某区人民政府"></div>
<ul class="nav">{_NAV}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>
&gt; 政府信息公开年报</div>
<div class="main">
<table class="xxgk_table" width="100%"><tr><td>索 引 号：</td>
<td>001008003012345/2022-00123</td><td>分 类：</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构：</td><td>{html.escape(report.organization)}</td><td>发文日期：</td>
<td>2022-01-20</td></tr></table>
<h1 class="title">{html.escape(report.title)}</h1>
<div class="info">发布时间：2022-01-20 10:12 &nbsp; 信息来源：本站 &nbsp;
浏览次数：<span id="count">1203</span> &nbsp; 字号：[ <a href="javascript:fontZoom(20)">大</a>
<a href="javascript:fontZoom(16)">中</a> <a href="javascript:fontZoom(12)">小</a> ]</div>
<div class="TRS_Editor" id="zoom">
{article(report, style, with_title=False)}
</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div style="display:none">隐藏的统计代码 1 2 3</div>
{_FOOTER}
</body></html>"""
    return page.encode(_python_codec(charset))


def _python_codec(charset: str) -> str:
    return "gb18030" if charset.lower() in ("gb2312", "gbk", "gb18030") else charset


def layout_table_page(report: Report, habit: Habit = plain) -> bytes:
    """An old portal: the whole page in nested layout tables, the article (title inside) in one
    cell of the innermost, the official tables nested in it; UTF-8 without a declaration."""
    style = Style(TRS.heading, _bare, word_pasted_cell, habit=habit)
    page = f"""<html><head><title>{html.escape(report.title)}</title></head>
<body leftmargin="0" topmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><table width="100%"><tr><td><a href="/">网站首页</a></td>
<td><a href="/zwgk">政务公开</a></td><td><a href="/bsfw">办事服务</a></td></tr></table></td></tr>
<tr><td valign="top"><table width="100%" border="0"><tr>
<td width="200" valign="top"><table><tr><td><a href="/nb/2021">2021年年报</a></td></tr>
<tr><td><a href="/nb/2020">2020年年报</a></td></tr></table></td>
<td valign="top"><table width="100%"><tr><td class="content">
{article(report, style)}
</td></tr></table></td></tr></table></td></tr>
<tr><td align="center">版权所有：某某县人民政府 &nbsp; 地址：某某县人民路1号</td></tr>
</table></body></html>"""
    return page.encode("utf-8")


def fragment_page(report: Report, habit: Habit = plain) -> bytes:
    """The article alone as a CMS stores it: no <html>, headings not bold, <th> labels over
    several <p>, table 3 split with its header repeated, item headings as paragraphs."""
    style = Style(FRAGMENT.heading, FRAGMENT.paragraph, FRAGMENT.cell,
                  item_heading_alone=True, split_table3=True, habit=habit)
    return ("<div>\n" + article(report, style) + "\n</div>").encode("utf-8")


def cycling_habits(*habits: Habit) -> Habit:
    turn = itertools.cycle(habits)

    def habit(key: str, value: str) -> str:
        return next(turn)(key, value)

    return habit
