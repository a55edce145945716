"""R1–R4 (勾稽关系) and the 总计 cells as data: which cells each rule adds up, per format.

One definition serves every reader: the rules (``schemas.checks.rules`` checks each relation on the
model), the computed totals (``schemas.model.totals``), and the report editor's page, which receives
the same relations as JSON and checks them in the browser on every keystroke, so the rules are
never written out a second time in JavaScript.

A relation says ``sum(left) == sum(right)``; a break is reported at ``path`` with the rule's code
and message. When ``computes`` is set, ``left`` is one 总计 cell that is the sum of ``right``
when the report leaves it out. Nothing here raises for a known format.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from schemas.contract.parts import APPLICATION_GROUPS, OUTCOME_KEYS, names
from schemas.model.report import APPLICANT_COLUMNS, Applications, ReviewLitigation, Row
from schemas.registry import Format, find

Finding = tuple[str, str, str]
COLUMNS = (*APPLICANT_COLUMNS, "total")
#: The four parts a table-4 group's 总计 adds up.
OUTCOME_PARTS = tuple(key for key in OUTCOME_KEYS if key != "total")
#: The table-3 members （七）总计 adds up: the results （一）…（六）, rows or groups of rows.
RESULT_GROUPS = (
    "granted",
    "partially_granted",
    "withheld",
    "unable_to_provide",
    "not_processed",
    "other_handling",
)
#: The order findings are listed in, most specific first: a row or group against its own
#: 总计 (where a wrong total is usually typed), then a column's results, then the balance.
RULE_ORDER = ("R2", "R4", "R3", "R1")

_R1 = (
    "第一项加第二项之和为 {left}，但第三项（七）总计加第四项之和为 {right}（R1） / "
    "new_received + carried_over is {left} but total_processed + carried_forward is {right} (R1)"
)
_R2 = (
    "总计 为 {left}，但本行六个申请人栏之和为 {right}（R2） / "
    "total is {left} but the six applicant columns add up to {right} (R2)"
)
_R3 = (
    "（七）总计 为 {left}，但各办理结果之和为 {right}（R3） / "
    "total_processed is {left} but the result rows add up to {right} (R3)"
)
_R4 = (
    "总计 为 {left}，但结果维持、结果纠正、其他结果、尚未审结之和为 {right}（R4） / "
    "total is {left} but upheld + corrected + other + pending is {right} (R4)"
)


@dataclass(frozen=True, slots=True)
class Relation:
    """One cell relation of tables 3 and 4: ``sum(left) == sum(right)``."""

    code: str
    """The rule: R1, R2, R3 or R4."""
    path: str
    """The cell a break is reported at."""
    left: tuple[str, ...]
    right: tuple[str, ...]
    message: str
    """``中文 / English`` with ``{left}`` and ``{right}`` for the two sums."""
    computes: bool
    """Whether ``left`` is a 总计 cell that is the sum of ``right`` when not given."""

    def broken(self, values: Mapping[str, int]) -> Finding | None:
        """The finding when the two sums differ in `values` (every cell by path), else None."""
        left = sum(values[path] for path in self.left)
        right = sum(values[path] for path in self.right)
        if left == right:
            return None
        return self.path, self.code, self.message.format(left=left, right=right)


def table3_rows(report_format: Format) -> tuple[str, ...]:
    """The path of every table-3 row of a format, sub-rows included, in table order."""
    handling = find(report_format).other_handling_model
    rows: list[str] = []
    for key in names(Applications):
        group = APPLICATION_GROUPS.get(key, handling)
        path = f"applications.{key}"
        rows.extend([path] if group is Row else [f"{path}.{name}" for name in names(group)])
    return tuple(rows)


@cache
def relations(report_format: Format) -> tuple[Relation, ...]:
    """Every relation of a format, in RULE_ORDER, each rule in table order."""
    rows = table3_rows(report_format)
    results = tuple(row for row in rows if row.split(".")[1] in RESULT_GROUPS)
    found = [_total("R2", f"{row}.total", _cells(row, APPLICANT_COLUMNS), _R2) for row in rows]
    for group in names(ReviewLitigation):
        path = f"review_litigation.{group}"
        found.append(_total("R4", f"{path}.total", _cells(path, OUTCOME_PARTS), _R4))
    processed = "applications.total_processed"
    for column in COLUMNS:
        parts = tuple(f"{row}.{column}" for row in results)
        # （七）总计's own 总计 is computed across its row (R2), like every row's.
        found.append(_total("R3", f"{processed}.{column}", parts, _R3, column != "total"))
    for column in COLUMNS:
        found.append(
            Relation(
                "R1",
                f"applications.carried_forward.{column}",
                (f"applications.new_received.{column}", f"applications.carried_over.{column}"),
                (f"{processed}.{column}", f"applications.carried_forward.{column}"),
                _R1,
                False,
            )
        )
    return tuple(found)


def _total(
    code: str, path: str, parts: tuple[str, ...], message: str, computes: bool = True
) -> Relation:
    """The relation of one 总计 cell to the cells it adds up."""
    return Relation(code, path, (path,), parts, message, computes)


def _cells(row: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The paths of `columns` in `row`."""
    return tuple(f"{row}.{column}" for column in columns)


def cell_values(applications: Applications, review_litigation: ReviewLitigation) -> dict[str, int]:
    """Every count of tables 3 and 4 by contract path."""
    values: dict[str, int] = {}
    _collect(applications, "applications", values)
    _collect(review_litigation, "review_litigation", values)
    return values


def _collect(node: object, path: str, values: dict[str, int]) -> None:
    """Add the counts of a model dataclass (nested ones too) under `path`."""
    for name in names(type(node)):
        member = getattr(node, name)
        if dataclasses.is_dataclass(member):
            _collect(member, f"{path}.{name}", values)
        else:
            values[f"{path}.{name}"] = member


def broken(report_format: Format, values: Mapping[str, int]) -> Iterator[Finding]:
    """Every broken relation of `values` (each count by path), most specific first."""
    for relation in relations(report_format):
        finding = relation.broken(values)
        if finding is not None:
            yield finding
