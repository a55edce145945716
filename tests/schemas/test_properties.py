"""Property tests: random consistent reports validate; any single changed count breaks a rule
whose issue names that count, or the total it feeds."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from schemas import load_report
from schemas.model.report import APPLICANT_COLUMNS
from tests.conftest import changed

COLUMNS = (*APPLICANT_COLUMNS, "total")
GROUPS = {
    "withheld": (
        "state_secret",
        "prohibited_by_law",
        "security_stability",
        "third_party_rights",
        "internal_affairs",
        "process_information",
        "enforcement_files",
        "administrative_inquiry",
    ),
    "unable_to_provide": ("not_held", "needs_creation", "unclear_after_correction"),
    "not_processed": (
        "petition_complaint",
        "duplicate",
        "publication",
        "excessive",
        "confirm_or_reissue",
    ),
}
OTHER_2021 = ("overdue_correction", "overdue_fee", "other")
OUTCOMES = ("upheld", "corrected", "other", "pending")


def result_row_paths(report_format: str) -> list[str]:
    paths = ["granted", "partially_granted"]
    paths += [f"{group}.{row}" for group, rows in GROUPS.items() for row in rows]
    if report_format == "2019":
        paths.append("other_handling")
    else:
        paths += [f"other_handling.{row}" for row in OTHER_2021]
    return paths


small = st.integers(0, 30)


@st.composite
def rows(draw: Any) -> dict[str, int]:
    """Six applicant counts; the total given (correctly) or left out."""
    values = {column: draw(small) for column in APPLICANT_COLUMNS}
    if draw(st.booleans()):
        values["total"] = sum(values.values())
    return values


@st.composite
def consistent_reports(draw: Any) -> dict[str, Any]:
    """A report whose tables 3 and 4 satisfy R1–R4."""
    report_format = draw(st.sampled_from(["2019", "2021"]))
    year = 2020 if report_format == "2019" else draw(st.integers(2021, 2024))
    document: dict[str, Any] = {
        "year": year,
        "organization": "某局",
        "overview": {"paragraphs": ["概况。"]},
        "active_disclosure": {},
        "applications": {},
        "review_litigation": {},
        "problems": {"paragraphs": ["问题。"]},
        "other_matters": {"paragraphs": ["未收取信息处理费。"]},
    }
    processed = dict.fromkeys(COLUMNS, 0)
    for path in result_row_paths(report_format):
        row = draw(rows())
        document = changed(document, f"applications.{path}", row)
        for column in APPLICANT_COLUMNS:
            processed[column] += row[column]
    processed["total"] = sum(processed[column] for column in APPLICANT_COLUMNS)
    if draw(st.booleans()):
        document = changed(document, "applications.total_processed", processed)
    forward = draw(rows())
    over = {
        column: min(draw(small), processed[column] + forward[column])
        for column in APPLICANT_COLUMNS
    }
    new = {
        column: processed[column] + forward[column] - over[column] for column in APPLICANT_COLUMNS
    }
    for key, row in (("carried_forward", forward), ("carried_over", over), ("new_received", new)):
        if key != "carried_forward" and draw(st.booleans()):
            row = {**row, "total": sum(row[column] for column in APPLICANT_COLUMNS)}
        document = changed(document, f"applications.{key}", row)
    for group in ("review", "litigation_direct", "litigation_after_review"):
        outcome = {name: draw(small) for name in OUTCOMES}
        if draw(st.booleans()):
            outcome["total"] = sum(outcome.values())
        document = changed(document, f"review_litigation.{group}", outcome)
    return document


def counts(node: Any, path: str = "") -> list[str]:
    """Dotted paths of every count in tables 3 and 4."""
    if isinstance(node, dict):
        return [
            p for key, value in node.items() for p in counts(value, f"{path}.{key}".lstrip("."))
        ]
    return [path] if isinstance(node, int) else []


def document_at(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for key in path.split("."):
        node = node[key]
    return node


def covered(issue_path: str, code: str, report_format: str) -> set[str]:
    """The cells the rule behind an issue relates."""
    parent, _, column = issue_path.rpartition(".")
    if code in {"R2", "R4"}:
        names = COLUMNS if code == "R2" else (*OUTCOMES, "total")
        return {f"{parent}.{name}" for name in names}
    cells = {f"applications.total_processed.{column}"}
    cells |= {f"applications.{path}.{column}" for path in result_row_paths(report_format)}
    if code == "R1":  # （七）总计 may itself be computed from the result rows
        cells |= {
            f"applications.{row}.{column}"
            for row in ("new_received", "carried_over", "carried_forward")
        }
    return cells


@settings(max_examples=40, deadline=None)
@given(consistent_reports())
def test_consistent_reports_validate(document):
    result = load_report(document)
    assert result.errors == ()
    assert not [issue for issue in result.warnings if issue.code.startswith("R")]


@settings(max_examples=60, deadline=None)
@given(consistent_reports(), st.data())
def test_changing_one_count_breaks_a_rule_naming_it(document, data):
    tables = {key: document[key] for key in ("applications", "review_litigation")}
    path = data.draw(st.sampled_from(counts(tables)))
    group = path.rpartition(".")[0]
    # A table-4 group without a given 总计 relates nothing: its total just follows.
    assume(not group.startswith("review_litigation.") or "total" in document_at(document, group))
    broken = changed(document, path, document_at(document, path) + data.draw(st.integers(1, 5)))
    result = load_report(broken)
    report_format = "2019" if document["year"] == 2020 else "2021"
    assert result.report is None
    assert {issue.code for issue in result.errors} <= {"R1", "R2", "R3", "R4"}
    feeds = path.rpartition(".")[0] + ".total"
    assert any(
        path in cells or feeds in cells
        for cells in (covered(i.path, i.code, report_format) for i in result.errors)
    ), (path, [(i.path, i.code) for i in result.errors])
