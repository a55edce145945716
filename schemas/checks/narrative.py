"""The text–table check: numbers stated in the narrative that contradict the report's own tables.

Precision matters more than recall — a false warning teaches staff to ignore warnings — so a
phrase counts only when it names one cell (or a plain sum of cells) beyond doubt:
``收到政府信息公开申请N件`` is 一、本年新收 总计, ``上年结转N件`` 二、上年结转,
``结转下年度继续办理N件`` or ``N件顺延到下年度`` 四、结转下年度, ``予以公开N件`` /
``部分公开N件`` / ``予以公开及部分公开N件``, ``行政复议N件`` and the 结果维持/纠正/其他结果/尚未审结
that follow it (after 行政诉讼 they are litigation's), ``行政诉讼N件`` (both kinds),
``现行有效…行政规范性文件N件``, ``制发/废止…规范性文件N件``, and ``未收到…申请`` /
``未发生…行政复议`` as 0. Nothing else is guessed: 政策性文件 is not 行政规范性文件, 规章制度
is not 规章; a sentence naming another year is skipped whole; a number
after 上年/去年/同比/较/累计/以来 in its clause is not this year's; a number followed by （含… is
not one cell; 行政复议 and 行政诉讼 count only in a sentence (or item) about 信息公开 — a 司法局
handles review cases of all kinds. Each finding is ``(path, code, message)``; none raises.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from schemas.model.layout import SEPARATOR, label
from schemas.model.paths import model_value
from schemas.model.report import Report, Section
from schemas.registry import find

Finding = tuple[str, str, str]
CODE = "text_table_mismatch"

_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                   "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Where a count may start: not inside a longer one (after a digit or numeral, or after
#: ``1,`` of a grouped number). Tried at every position of a run, a pattern would scan the rest
#: of the run each time: a paragraph of 5,000 digits took half a second.
_NUMBER_START = r"(?<![0-9零〇一二两三四五六七八九十百千])(?<![0-9],)"
#: A count as prose writes it (after NFKC): 1350, 1,350, 三, 十二, 一百零五.
NUMBER = (
    _NUMBER_START + r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|[零〇一二两三四五六七八九十百千]+)"
)
_APPLICATIONS = "(?:件|份|个|条)"
_CASES = "(?:件|起|宗|个)"
#: Words allowed between a verb and its noun (收到…政府信息公开申请): none changes what is counted.
_APPLICATION = (
    r"(?:各类|群众|公民、法人(?:或|和)其他组织|社会公众)?(?:提出|提交)?的?"
    r"(?:政府信息公开|信息公开|依申请公开|政府信息)?的?申请"
)
_TOTAL = r"(?:共计?|合计|总计|总共|共有|为|达)?"
#: Words (never arbitrary characters) allowed between 未发生/未收到 and 行政复议/行政诉讼.
_CAUSE = (
    r"(?:因|由|涉及|关于|政府|政务|信息|公开|工作|申请|而|引起|引发|产生|导致|被|提起|提出|的"
    r"|相关|有关|依|方面|任何)*"
)
#: Where a "there were none" phrase must end: its clause ends there.
_NONE_END = r"(?:案件)?的?(?:情况|事项|案例)?(?=[,。;]|$)"
_AND = r"(?:和|及|、|或|与)"


@dataclass(frozen=True, slots=True)
class Fact:
    """A phrase stating one cell's value, or a plain sum of cells."""

    pattern: re.Pattern[str]
    cells: tuple[str, ...]
    topic: re.Pattern[str] | None
    """What the sentence or its item heading must mention; None: nothing."""
    none: bool = False
    """The phrase says there were none: the number is 0."""


_ABOUT_DISCLOSURE = re.compile("信息公开|依申请")


def _fact(pattern: str, *cells: str, topic: bool = True, none: bool = False) -> Fact:
    return Fact(
        re.compile(pattern.replace("{N}", NUMBER)),
        cells,
        _ABOUT_DISCLOSURE if topic else None,
        none,
    )


_NEW = "applications.new_received.total"
_REVIEW = "review_litigation.review.total"
_LITIGATION = (
    "review_litigation.litigation_direct.total",
    "review_litigation.litigation_after_review.total",
)
_DOCUMENTS = "active_disclosure.normative_documents"

#: The phrases, most specific first: an earlier phrase's span is not matched again.
FACTS: tuple[Fact, ...] = (
    _fact(rf"(?:收到|受理|接收|接到|新收)了?{_APPLICATION}{_TOTAL}{{N}}{_APPLICATIONS}", _NEW),
    _fact(rf"(?:收到|受理|接收|接到|新收)了?{_TOTAL}{{N}}{_APPLICATIONS}{_APPLICATION}", _NEW),
    _fact(
        rf"(?:未|没有|无)(?:收到|受理|接到|发生)?(?:任何)?(?:{_APPLICATION}|依申请公开(?:事项)?)"
        + _NONE_END,
        _NEW,
        none=True,
    ),
    _fact(
        rf"(?:上年度?|上一年度?|去年)末?(?:结转|遗留|转入)(?:至|到)?(?:本年度?)?的?"
        rf"(?:政府信息公开)?(?:申请)?{_TOTAL}{{N}}{_APPLICATIONS}",
        "applications.carried_over.total",
    ),
    _fact(
        rf"结转(?:至|到)?下一?年度?(?:继续)?(?:办理|答复|处理)?的?(?:申请)?{_TOTAL}{{N}}"
        + _APPLICATIONS,
        "applications.carried_forward.total",
    ),
    _fact(
        rf"{{N}}{_APPLICATIONS}(?:申请)?(?:结转|顺延|转入|延续)(?:至|到)?下一?年度?",
        "applications.carried_forward.total",
    ),
    _fact(
        r"(?:无|没有)(?:结转(?:至|到)?下一?年度?|下一?年度?结转)" + _NONE_END,
        "applications.carried_forward.total",
        none=True,
    ),
    _fact(
        rf"(?:予以|同意)公开{_AND}部分公开的?(?:申请)?{_TOTAL}{{N}}{_APPLICATIONS}",
        "applications.granted.total",
        "applications.partially_granted.total",
    ),
    _fact(
        rf"(?:予以|同意)公开(?!{_AND}部分)的?(?:申请)?{_TOTAL}{{N}}{_APPLICATIONS}",
        "applications.granted.total",
    ),
    _fact(
        rf"(?<!公开[和及与或、])部分公开的?(?:申请)?{_TOTAL}{{N}}{_APPLICATIONS}",
        "applications.partially_granted.total",
    ),
    _fact(rf"未经复议直接(?:起诉|提起(?:行政)?诉讼){_TOTAL}{{N}}{_CASES}", _LITIGATION[0]),
    _fact(rf"(?<!未经)复议后(?:起诉|提起(?:行政)?诉讼){_TOTAL}{{N}}{_CASES}", _LITIGATION[1]),
    _fact(rf"(?:行政复议|被申请复议)(?:案件|申请)?{_TOTAL}{{N}}{_CASES}", _REVIEW),
    _fact(rf"{{N}}{_CASES}(?:政府信息公开)?(?:行政)?复议", _REVIEW),
    _fact(rf"(?:行政诉讼|被提起诉讼|被起诉)(?:案件)?{_TOTAL}{{N}}{_CASES}", *_LITIGATION),
    _fact(rf"{{N}}{_CASES}(?:政府信息公开)?行政诉讼", *_LITIGATION),
    _fact(
        rf"(?:未|没有|无)(?:发生|收到|出现|产生|有)?{_CAUSE}(?:行政)?复议{_AND}(?:被)?(?:提起)?"
        rf"(?:行政)?诉讼{_NONE_END}",
        _REVIEW,
        *_LITIGATION,
        none=True,
    ),
    _fact(
        rf"(?:未|没有|无)(?:发生|收到|出现|产生|有)?{_CAUSE}(?:行政)?复议{_NONE_END}",
        _REVIEW,
        none=True,
    ),
    _fact(
        rf"(?:未|没有|无)(?:发生|收到|出现|产生|有)?{_CAUSE}(?:行政)?诉讼{_NONE_END}",
        *_LITIGATION,
        none=True,
    ),
    _fact(
        rf"现行有效的?(?:行政)?规范性文件{_TOTAL}{{N}}件",
        f"{_DOCUMENTS}.in_force",
        topic=False,
    ),
    _fact(
        rf"现行有效的?规章(?!制度){_TOTAL}{{N}}件",
        "active_disclosure.rules.in_force",
        topic=False,
    ),
    _fact(
        rf"(?<!公开)(?:制发|印发|出台)了?(?:行政)?规范性文件{_TOTAL}{{N}}件",
        f"{_DOCUMENTS}.issued",
        topic=False,
    ),
    _fact(rf"废止了?(?:行政)?规范性文件{_TOTAL}{{N}}件", f"{_DOCUMENTS}.repealed", topic=False),
)

#: The outcome words of table 4 and their contract keys.
OUTCOMES = {"维持": "upheld", "纠正": "corrected", "其他结果": "other", "尚未审结": "pending"}
_OUTCOME = re.compile(
    rf"(?:结果)?(?P<word>维持|纠正|其他结果|尚未审结)(?:原(?:具体)?行政行为)?的?{_TOTAL}{NUMBER}{_CASES}"
)
#: What an outcome refers to: the last group named before it.
_GROUP = re.compile(
    r"(?P<direct>未经复议直接(?:起诉|提起))|(?P<after>复议后(?:起诉|提起))"
    r"|(?P<litigation>行政诉讼|被起诉|诉讼)|(?P<review>行政复议|复议)"
)
_LITIGATION_GROUPS = {"direct": "litigation_direct", "after": "litigation_after_review"}
_SENTENCE = re.compile(r"[^。;!?\n]+")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")
#: Before a number in its clause: it is not this year's own figure.
_NOT_THIS_YEAR = re.compile(r"上年|上一年|去年|前年|同比|较|累计|历年|以来")
_CLAUSE_START = re.compile(r"[,:(]")
#: Right after a number: it includes something else, so it is not one cell's.
_QUALIFIED = re.compile(r"[(,]?(?:含|包括|包含)")


def paragraphs(report: Report) -> Iterator[tuple[str, str, str]]:
    """(path, text, heading of its item or "") of every paragraph of the report."""
    for index, text in enumerate(report.preamble):
        yield f"preamble.{index}", text, ""
    for key in ("overview", "problems", "other_matters"):
        section: Section = getattr(report, key)
        for index, text in enumerate(section.paragraphs):
            yield f"{key}.paragraphs.{index}", text, ""
        for number, item in enumerate(section.items):
            for index, text in enumerate(item.paragraphs):
                yield f"{key}.items.{number}.paragraphs.{index}", text, item.heading


def normalized(text: str) -> str:
    """Full-width digits and punctuation narrowed (NFKC), white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def number_value(text: str) -> int | None:
    """``1,350`` or ``一百零五`` as an integer; None for what is not a plain numeral."""
    if text[0].isdigit():
        return int(text.replace(",", ""))
    total = 0
    digit: int | None = None
    for char in text:
        if char in _CHINESE_DIGITS:
            if digit:  # 一二: two digits in a row are not a numeral
                return None
            digit = _CHINESE_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _CHINESE_UNITS[char]
            digit = None
    return total + (digit or 0)


@dataclass(frozen=True, slots=True)
class Statement:
    """A number the text states about the tables."""

    path: str
    quote: str
    stated: int
    cells: tuple[str, ...]
    actual: int
    """What the tables say: the cell, or the sum of the cells."""


def statements(report: Report) -> Iterator[Statement]:
    """Every number the report's text states about its tables, with the tables' value."""
    cells = {
        cell.key
        for table in find(report.format).tables.values()
        for cell in table.data_cells()
        if cell.key is not None
    }
    for path, text, heading in paragraphs(report):
        context = normalized(heading)
        for sentence in _SENTENCE.findall(normalized(text)):
            for quote, stated, keys in _statements(sentence, context, report.year, cells):
                yield Statement(path, quote, stated, keys, sum(_value(report, k) for k in keys))


def mismatches(report: Report) -> list[Finding]:
    """Every number stated in the report's text that contradicts its tables."""
    return [
        (found.path, CODE, _message(report, found))
        for found in statements(report)
        if found.stated != found.actual
    ]


def _statements(
    sentence: str, context: str, year: int, cells: set[str]
) -> Iterator[tuple[str, int, tuple[str, ...]]]:
    """(quote, number stated, cells it states) of one sentence."""
    if {int(found) for found in _YEAR.findall(sentence)} - {year}:
        return  # another year's figures may be quoted: those are never compared
    marks = _Marks.of(sentence)
    claimed = bytearray(len(sentence))  # 1 where an earlier phrase matched
    for fact in FACTS:
        if not set(fact.cells) <= cells:
            continue  # the report's format has no such cell
        if fact.topic and not (fact.topic.search(sentence) or fact.topic.search(context)):
            continue
        for match in fact.pattern.finditer(sentence):
            start, end = match.span()
            if 1 in claimed[start:end]:
                continue
            if not fact.cells[0].endswith("carried_over.total") and marks.not_this_years(start):
                continue
            if not fact.none and _QUALIFIED.match(sentence, end):
                continue
            stated = 0 if fact.none else number_value(match.group("number"))
            if stated is None:
                continue
            claimed[start:end] = b"\1" * (end - start)
            yield match.group(0), stated, fact.cells
    if _ABOUT_DISCLOSURE.search(sentence):
        yield from _outcomes(sentence, marks, cells)


@dataclass(frozen=True, slots=True)
class _Marks:
    """What a phrase is judged by in its sentence, found once per sentence (so that judging
    each phrase does not read the sentence again: a sentence of a thousand phrases would take
    a million steps): where its clauses start, the words that make a number not this year's,
    and the mentions of review and litigation."""

    clause_starts: tuple[int, ...]
    past: tuple[tuple[int, int], ...]
    """The spans of _NOT_THIS_YEAR's words, in order."""
    past_ends: tuple[int, ...]
    group_ends: tuple[int, ...]
    """Where each mention of _GROUP ends, in order."""
    groups: tuple[str, ...]
    """The kind of each mention (``review``, ``litigation``, ``direct``, ``after``)."""
    litigations: tuple[frozenset[str], ...]
    """The kinds of litigation among the first n mentions, for each n."""

    @classmethod
    def of(cls, sentence: str) -> _Marks:
        """The marks of `sentence`."""
        past = tuple(found.span() for found in _NOT_THIS_YEAR.finditer(sentence))
        mentions = [(found.end(), found.lastgroup or "") for found in _GROUP.finditer(sentence)]
        litigations = [frozenset[str]()]
        for _, kind in mentions:
            litigations.append(litigations[-1] | ({kind} - {"review"}))
        return cls(
            clause_starts=tuple(found.end() for found in _CLAUSE_START.finditer(sentence)),
            past=past,
            past_ends=tuple(end for _, end in past),
            group_ends=tuple(end for end, _ in mentions),
            groups=tuple(kind for _, kind in mentions),
            litigations=tuple(litigations),
        )

    def not_this_years(self, position: int) -> bool:
        """Whether the clause before `position` says the number is not this year's own."""
        clauses = bisect.bisect_right(self.clause_starts, position)
        clause_start = self.clause_starts[clauses - 1] if clauses else 0
        words = bisect.bisect_right(self.past_ends, position)
        return bool(words) and self.past[words - 1][0] >= clause_start

    def outcome_cells(self, position: int, name: str) -> tuple[str, ...] | None:
        """The cells an outcome at `position` states, None when that is not certain."""
        mentions = bisect.bisect_right(self.group_ends, position)
        if not mentions:
            return None
        last = self.groups[mentions - 1]
        if last == "review":
            return (f"review_litigation.review.{name}",)
        litigation = self.litigations[mentions]
        if last == "litigation" and litigation == {"litigation"}:
            return tuple(
                f"review_litigation.{group}.{name}" for group in _LITIGATION_GROUPS.values()
            )
        if last in _LITIGATION_GROUPS and litigation == {last}:
            return (f"review_litigation.{_LITIGATION_GROUPS[last]}.{name}",)
        return None  # both kinds of litigation named: which one is meant is not certain


def _outcomes(
    sentence: str, marks: _Marks, cells: set[str]
) -> Iterator[tuple[str, int, tuple[str, ...]]]:
    """维持/纠正/其他结果/尚未审结 N 件 after 行政复议 or 行政诉讼 in the same sentence."""
    for match in _OUTCOME.finditer(sentence):
        if marks.not_this_years(match.start()) or _QUALIFIED.match(sentence, match.end()):
            continue  # judged like every other phrase: another year's, or more than one cell
        keys = marks.outcome_cells(match.start(), OUTCOMES[match.group("word")])
        stated = number_value(match.group("number"))
        if keys is not None and stated is not None and set(keys) <= cells:
            yield match.group(0), stated, keys


def _value(report: Report, path: str) -> int:
    """The value of a table cell of the report model."""
    value = model_value(report, path)
    assert isinstance(value, int)
    return value


def _message(report: Report, found: Statement) -> str:
    """The warning: the sentence's number, the cell(s) and their value."""
    names = " + ".join(label(key, report.format).split(SEPARATOR, 1)[-1] for key in found.cells)
    return (
        f"文中“{found.quote}”为 {found.stated}，但表格中 {names} 为 {found.actual}，请核对 / "
        f"the text states {found.stated} but {' + '.join(found.cells)} is {found.actual}"
    )
