"""Check a Word template before it is used: readable, every tag valid, the tables official.

A person who edits a template in Word and breaks a tag is told which tag and where: the part,
the paragraph number (paragraphs in table cells count too) and the paragraph's text.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from jinja2 import ChainableUndefined, Environment, Template, TemplateSyntaxError, meta, nodes
from jinja2.utils import missing
from lxml import etree

from schemas.model.cells import cell_text
from schemas.model.layout import tables
from schemas.model.report import Report, Section
from schemas.registry import FORMAT_IDS, Format
from service.docx.ns import W
from service.docx.tables import compare, find_table
from service.docx.write.environment import plain_environment, word_environment
from service.docx.write.prepared import MAIN_PART, Part, numbered, patch, read_parts
from service.docx.write.render import report_context
from service.docx.write.sample import sample_report
from service.docx.xml import paragraph_text

_TAG = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
_DELIMITER = re.compile(r"{{|}}|{%|%}|{#|#}")
_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}
_SNIPPET_LENGTH = 60
#: docxtpl forms that plain docxtpl handles after rendering or with objects the report model
#: never holds, so the prepared renderer (docxtpl's patching, then Jinja) would differ: row and
#: cell loops (``{%tr``, ``{%tc``: docxtpl then repairs the grid), rich text and sub-documents
#: (``{%r``, ``{{r``, ``{{p``, ``{{tr``, ``{{tc``), the cell tags ``colspan``, ``cellbg``, ``vm``,
#: ``hm``, and the escapes ``{_{ }_} {_% %_}`` docxtpl rewrites in its output. ``{%p`` is
#: supported: docxtpl's own patching resolves it.
_UNSUPPORTED = re.compile(
    r"\{%-?(?:tr|tc|r)\b|\{\{-?(?:p|tr|tc|r)\b|\{%-?\s*(?:colspan|cellbg|vm|hm)\b"
    r"|\{_\{|\}_\}|\{_%|%_\}"
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a template: where it is and what is wrong, in Chinese."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


def check_template(path: Path | str, report_format: Format | None = None) -> list[Problem]:
    """Return the template's problems (empty when it is fine); raises TemplateProblem when the
    file cannot be read as a .docx at all.

    The format is `report_format`, else the year in the file name, else whichever format the
    tables match best.
    """
    path = Path(path)
    parts = read_parts(path)
    candidates = [report_format] if report_format else _formats_named(path)
    results = [_check(parts, candidate) for candidate in candidates]
    return min(results, key=len)


def _formats_named(path: Path) -> list[Format]:
    """Return the format named in the file name (report-2019.docx), else every format."""
    named = [candidate for candidate in FORMAT_IDS if candidate in path.name]
    return named if len(named) == 1 else list(FORMAT_IDS)


def _samples(report_format: Format) -> tuple[Report, Report]:
    """Return a fully populated report and a minimal one (no 落款, no items, no preamble)."""
    full = sample_report(report_format)
    bare = Section(paragraphs=full.overview.paragraphs[:1], items=())
    minimal = dataclasses.replace(
        full, title_lines=full.title_lines[:1], preamble=(), overview=bare, problems=bare,
        other_matters=bare, signature=None,
    )
    return full, minimal


def _check(parts: tuple[Part, ...], report_format: Format) -> list[Problem]:
    """Return every problem of the template's parts for one format."""
    problems: list[Problem] = []
    full, minimal = _samples(report_format)
    main_output: str | None = None
    for part in parts:
        if part.source is None:
            continue
        checked = _PartCheck(part)
        problems.extend(checked.static_problems())
        if checked.template is None:
            continue
        for report in (full, minimal):
            output = checked.render(report)
            problems.extend(checked.problems_of_render(output))
            if isinstance(output, str) and part.name == MAIN_PART and report is full:
                main_output = output
        problems.extend(checked.recorded_problems())
    if main_output is not None:
        problems.extend(_table_problems(main_output, full))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Return `problems` without repeats (both sample reports may hit the same tag)."""
    return list(dict.fromkeys(problems))


class _PartCheck:
    """The checks of one templated part: syntax, names, rendering with the sample reports."""

    def __init__(self, part: Part) -> None:
        self.part = part
        self.source = patch(numbered(part.data.decode("utf-8")))
        self.lines = self.source.split("\n")
        self.paragraphs = (
            [paragraph_text(p) for p in etree.fromstring(part.data).iter(f"{W}p")]
            if part.is_word_xml else []
        )
        self.recorder = _recording_undefined()
        self.environment: Environment = (
            word_environment(self.recorder) if part.is_word_xml else plain_environment(
                self.recorder)
        )
        self.syntax_problem: Problem | None = None
        self.template: Template | None = None
        try:
            self.ast = self.environment.parse(self.source)
            self.template = self.environment.from_string(self.source)
        except TemplateSyntaxError as exc:
            self.syntax_problem = self.problem(
                exc.lineno, f"模板语法错误 / syntax error: {exc.message}"
            )

    def static_problems(self) -> Iterator[Problem]:
        """Yield the syntax error, unknown names and unsafe filters, found without rendering."""
        yield from self.unsupported_forms()
        yield from self.unclosed_tags()
        if self.syntax_problem is not None:
            yield self.syntax_problem
            return
        known = set(report_context(sample_report(FORMAT_IDS[-1])))
        for name in sorted(meta.find_undeclared_variables(self.ast) - known):
            for line in self.lines_mentioning(name) or [0]:
                yield self.problem(
                    line, f"未知变量“{name}”，报告中没有这一项 / unknown variable {name}"
                )
        for node in self.ast.find_all(nodes.Filter):
            if node.name == "safe":
                yield self.problem(
                    node.lineno, "不得使用 safe 过滤器（会跳过转义） / the safe filter is forbidden"
                )

    def unsupported_forms(self) -> Iterator[Problem]:
        """Yield each docxtpl tag form the prepared renderer does not reproduce (see
        _UNSUPPORTED), so that no template renders differently from plain docxtpl unnoticed."""
        for number, text in enumerate(self.paragraphs, 1):
            for match in _UNSUPPORTED.finditer(text):
                form = match.group()
                yield self.problem(
                    number + 1,
                    f"不支持 docxtpl 的“{form}”写法（生成结果会与 docxtpl 不同），请改用"
                    f"{{{{ … }}}} 或 {{%p … %}} / the docxtpl form {form} is not supported",
                )

    def unclosed_tags(self) -> Iterator[Problem]:
        """Yield each tag not closed within its paragraph (docxtpl tags never span paragraphs)."""
        for number, text in enumerate(self.paragraphs, 1):
            opened: tuple[str, int] | None = None
            for match in _DELIMITER.finditer(text):
                delimiter = match.group()
                if opened is not None and delimiter == _CLOSING[opened[0]]:
                    opened = None
                elif delimiter in _CLOSING:
                    if opened is not None:
                        yield self.unclosed(number, text, opened)
                    opened = (delimiter, match.start())
                else:
                    yield self.problem(number + 1, f"多余的结束符“{delimiter}” / stray {delimiter}")
            if opened is not None:
                yield self.unclosed(number, text, opened)

    def unclosed(self, number: int, text: str, opened: tuple[str, int]) -> Problem:
        """Return the problem of a tag opened at `opened` in paragraph `number` and not closed."""
        start, position = opened
        tag = text[position:position + _SNIPPET_LENGTH]
        return self.problem(
            number + 1, f"标签“{tag}”缺少结束符“{_CLOSING[start]}” / unclosed tag"
        )

    def render(self, report: Report) -> str | Exception:
        """Render the part with `report`; return the text, or the exception raised."""
        assert self.template is not None
        try:
            return self.template.render(report_context(report))
        except Exception as exc:
            return exc

    def problems_of_render(self, output: str | Exception) -> Iterator[Problem]:
        """Yield a problem for a failed render or for output that is not well-formed XML."""
        if isinstance(output, Exception):
            yield self.problem(_template_line(output.__traceback__),
                               f"渲染出错 / rendering failed: {output}")
            return
        try:
            etree.fromstring(output.encode("utf-8"))
        except etree.XMLSyntaxError as exc:
            yield self.problem(0, f"生成的 XML 不合法（标签位置不当？） / malformed output: {exc}")

    def recorded_problems(self) -> Iterator[Problem]:
        """Yield a problem for every field a tag asked for that the report does not have."""
        for owner, name, line in self.recorder.found:
            yield self.problem(
                line, f"报告中没有“{name}”这一项（{owner}） / unknown field {name}"
            )

    def lines_mentioning(self, name: str) -> list[int]:
        """Return the numbers of the lines whose tags use the identifier `name`."""
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
        return [
            number for number, line in enumerate(self.lines, 1)
            if any(pattern.search(tag) for tag in _TAG.findall(line))
        ]

    def problem(self, line: int, message: str) -> Problem:
        """Return a problem located at a line of the numbered source (0: the whole part)."""
        if not 0 < line <= len(self.lines):
            return Problem(self.part.name, message)
        tags = "、".join(_TAG.findall(self.lines[line - 1]))
        detail = f"；标签 {tags}" if tags else ""
        if not self.part.is_word_xml:
            return Problem(f"{self.part.name} 第{line}行", message + detail)
        if line == 1:
            return Problem(f"{self.part.name} 开头", message + detail)
        snippet = self.paragraphs[line - 2]
        if len(snippet) > _SNIPPET_LENGTH:
            snippet = snippet[:_SNIPPET_LENGTH] + "…"
        where = f"{self.part.name} 第{line - 1}段（表格内的段落也计数）"
        return Problem(where, f"{message}{detail}；该段文字“{snippet}”")


def _template_line(trace: TracebackType | None) -> int:
    """Return the template line of the innermost template frame of a traceback (0: none)."""
    line = 0
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


class _Recorder(ChainableUndefined):
    """An Undefined that notes each missing field and lets rendering go on."""

    found: ClassVar[list[tuple[str, str, int]]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = self._undefined_name
        # A missing top-level name (no owner) is already reported as an unknown variable.
        if name is not None and self._undefined_obj is not missing:
            owner = type(self._undefined_obj).__name__
            entry = (owner, str(name), _calling_template_line())
            if entry not in self.found:
                self.found.append(entry)


def _recording_undefined() -> type[_Recorder]:
    """Return a fresh Recorder class with its own list of findings."""
    return type("Recorder", (_Recorder,), {"found": []})


def _calling_template_line() -> int:
    """Return the template line being rendered when an Undefined is created (0: unknown)."""
    frame = sys._getframe(2)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            line: int = template.get_corresponding_lineno(frame.f_lineno)
            return line
        frame = frame.f_back  # type: ignore[assignment]
    return 0


def _table_problems(document_xml: str, report: Report) -> Iterator[Problem]:
    """Yield where the rendered tables differ from the official layouts of the format."""
    try:
        root = etree.fromstring(document_xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return  # already reported as malformed output
    found = list(root.iter(f"{W}tbl"))
    for layout in tables(report.format).values():
        table = find_table(found, layout)
        where = f"表格“{layout.heading}”"
        if table is None:
            yield Problem(where, f"找不到此表（首格应为“{layout.first_label}”） / table missing")
            continue
        for message in compare(table, layout, lambda cell: cell_text(report, cell)):
            yield Problem(where, message)
