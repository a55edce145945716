"""schemas.checks.narrative: numbers the narrative states against the tables — no false warnings on
published-style texts, every contradiction found, each warning quoting the sentence's number
and naming the cell and its value."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from schemas import load_report
from schemas.checks.narrative import mismatches, number_value, statements
from schemas.model.report import Report
from tests.conftest import EXAMPLES
from tests.narratives import NARRATIVES, Narrative

CODE = "text_table_mismatch"


def report_of(case: Narrative) -> Report:
    """A report of the case's year with its cells (0 elsewhere) and its paragraphs as items."""
    format_id = "2019" if case.year <= 2020 else "2021"
    document: dict[str, Any] = json.loads(EXAMPLES[format_id].read_bytes())
    document = copy.deepcopy(document)
    document.update(year=case.year, applications={}, review_litigation={})
    document.pop("title", None)
    disclosure = document["active_disclosure"]
    for group in ("rules", "normative_documents"):
        if group in disclosure:
            disclosure[group] = dict.fromkeys(disclosure[group], 0)
    for path, value in case.cells.items():
        *parents, last = path.split(".")
        node = document
        for key in parents:
            node = node.setdefault(key, {})
        if path.startswith("applications.") and last == "total" and len(node) == 0:
            node["natural_person"] = value  # the row's only count: its total follows
        node[last] = value
    paragraphs = [text for heading, text in case.paragraphs if not heading]
    items = [
        {"heading": heading, "paragraphs": [text]} for heading, text in case.paragraphs if heading
    ]
    document["overview"] = {"paragraphs": paragraphs, "items": items}
    result = load_report(document, allow_inconsistent=True)
    assert result.report is not None, result.errors
    return result.report


@pytest.mark.parametrize("case", NARRATIVES, ids=lambda case: case.name)
def test_the_narratives_contradictions_and_nothing_else(case):
    found = mismatches(report_of(case))
    stated = sorted(_numbers(message) for _, _, message in found)
    assert stated == sorted(case.contradictions), [message for _, _, message in found]


def test_the_corpus_has_many_agreeing_numbers_and_a_few_contradictions():
    found = [statement for case in NARRATIVES for statement in statements(report_of(case))]
    agreeing = [statement for statement in found if statement.stated == statement.actual]
    contradicting = sum(len(case.contradictions) for case in NARRATIVES)
    assert len(found) == len(agreeing) + contradicting
    assert len(agreeing) >= 3 * contradicting, (len(agreeing), contradicting)


def test_a_warning_quotes_the_number_and_names_the_cell_and_its_value():
    case = NARRATIVES[2]  # "three numbers contradict"
    found = mismatches(report_of(case))
    path, code, message = found[0]
    assert (path, code) == ("overview.items.0.paragraphs.0", CODE)
    assert message.startswith("文中“收到政府信息公开申请1305件”为 1305，但表格中 ")
    assert "一、本年新收政府信息公开申请数量 · 总计 为 1350" in message


def test_every_validation_warns_and_labels_the_paragraph():
    document = json.loads(EXAMPLES["2021"].read_bytes())
    document["overview"]["items"][1]["paragraphs"][0] = "2021年，我办共收到政府信息公开申请1351件。"
    result = load_report(document)
    assert result.valid
    [warning] = [issue for issue in result.warnings if issue.code == CODE]
    assert warning.path == "overview.items.1.paragraphs.0"
    assert warning.label == "一、总体情况 · （二） · 第1段"


def test_the_shipped_examples_agree_with_themselves():
    for path in EXAMPLES.values():
        result = load_report(path.read_bytes())
        assert result.report is not None
        assert mismatches(result.report) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("1350", 1350), ("1,350", 1350), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20),
     ("一百零五", 105), ("两千", 2000), ("三三", None)],
)
def test_numbers_as_prose_writes_them(text, value):
    assert number_value(text) == value


def _numbers(message: str) -> tuple[int, int]:
    """(stated, table value) from a warning message."""
    stated = int(message.split("为 ", 1)[1].split("，", 1)[0])
    value = int(message.split(" 为 ")[-1].split("，", 1)[0])
    return stated, value


@pytest.mark.parametrize("run", ["1234", "一二三四", "1,234,567"])
def test_a_count_is_tried_only_from_the_start_of_its_run(run):
    """Defect: every pattern was tried from every digit of a run, scanning the rest of the run
    each time: a report of 130 paragraphs of 5,000 digits took over a minute to validate."""
    from schemas.checks.narrative import FACTS

    sentence = f"信息公开{run}件行政复议{run}件顺延到下年度"
    inside = {
        start + offset
        for start in (sentence.index(run), sentence.rindex(run))
        for offset, char in enumerate(run)
        if offset and char != ","
    }
    for fact in FACTS:
        assert not any(fact.pattern.match(sentence, position) for position in inside), fact


def test_a_badly_grouped_number_states_nothing():
    case = Narrative(
        "1234,567件", 2021,
        cells={"applications.carried_forward.total": 567},
        paragraphs=(("", "政府信息公开申请中1234,567件顺延到下年度办理。"),),
    )
    assert list(statements(report_of(case))) == []


class CountingPattern:
    """A compiled pattern that counts how often a sentence is searched with it."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def finditer(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.finditer(*args)

    def search(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.search(*args)


def test_a_sentence_is_read_once_for_all_its_phrases(monkeypatch):
    """Defect: each phrase found read its sentence again (for the clause it is in and for the
    review or litigation it follows): 20 paragraphs of 800 phrases took 4 s to validate."""
    import schemas.checks.narrative as narrative

    patterns = {name: CountingPattern(getattr(narrative, name))
                for name in ("_CLAUSE_START", "_NOT_THIS_YEAR", "_GROUP")}
    for name, pattern in patterns.items():
        monkeypatch.setattr(narrative, name, pattern)
    def searches(phrases: int) -> int:
        case = Narrative(
            "many phrases in one sentence", 2021,
            cells={"review_litigation.review.total": 1, "review_litigation.review.upheld": 1},
            paragraphs=(("", "因政府信息公开被申请行政复议1件" + "，结果维持1件" * phrases),),
        )
        for pattern in patterns.values():
            pattern.calls = 0
        found = list(statements(report_of(case)))
        assert len(found) == phrases + 1 and all(s.stated == s.actual for s in found)
        return sum(pattern.calls for pattern in patterns.values())

    assert searches(300) == searches(1)


REVIEWED = {
    "review_litigation.review.total": 3,
    "review_litigation.review.upheld": 2,
    "review_litigation.review.pending": 1,
}


@pytest.mark.parametrize(
    "text",
    [
        "因政府信息公开被申请行政复议3件，结果维持2件、尚未审结1件（上年结果维持1件）。",
        "因政府信息公开被申请行政复议3件，结果维持2件，较上年维持的5件有所减少。",
        "因政府信息公开被申请行政复议3件，累计维持12件。",
        "因政府信息公开被申请行政复议3件，维持4件（含申请人撤回的1件）。",
    ],
)
def test_an_outcome_of_another_year_or_that_includes_more_is_not_compared(text):
    """Defect: 维持/纠正… after 行政复议 were compared whatever stood before them in their
    clause (上年, 较, 累计) or after them (（含…）), unlike every other phrase."""
    case = Narrative("outcomes", 2021, cells=REVIEWED, paragraphs=(("", text),))
    assert mismatches(report_of(case)) == []
