"""The validated report: plain frozen dataclasses the renderer takes as they are.

Everything a document needs is resolved here: totals filled in, item numbers and heading
punctuation applied, the title split into lines, dates and amounts turned into the text that is
printed. The Word templates only place these values; they compute nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    # Only a type here: the registry holds the format ids, and imports this module.
    from schemas.registry import Format

#: The six applicant columns of table 3, in the official column order (总计 comes last).
APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
)


def decimal_text(value: Decimal) -> str:
    """Return `value` as plain positional digits, exactly as many decimals as were given."""
    return format(value, "f")


@dataclass(frozen=True, slots=True)
class Item:
    """A numbered sub-section （一）… of a Section: run-in heading plus its paragraphs."""

    number: str
    """The resolved number, e.g. ``（一）``."""
    heading: str
    """Heading text without its number, ending in ``。``, ``：`` or ``:``."""
    paragraphs: tuple[str, ...]
    """Body paragraphs; the first continues the heading's Word paragraph (may be empty)."""

    @property
    def title(self) -> str:
        """The heading as printed: number plus heading text, e.g. ``（一）主动公开情况。``."""
        return self.number + self.heading


@dataclass(frozen=True, slots=True)
class Section:
    """A chapter of free text (一、五、六): intro paragraphs, then numbered items."""

    paragraphs: tuple[str, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """落款: the signing organization and the 成文日期."""

    organization: str
    date: datetime.date | None

    @property
    def date_text(self) -> str:
        """The date as printed, without zero padding (``2021年1月20日``); empty when absent."""
        if self.date is None:
            return ""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


# --- Table 2, 2021 format -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentCounts2021:
    """第二十条第（一）项, 2021: 本年制发件数 / 本年废止件数 / 现行有效件数."""

    issued: int
    repealed: int
    in_force: int


@dataclass(frozen=True, slots=True)
class Disclosure2021:
    """Table 2 (二、主动公开政府信息情况) in the 2021 format."""

    rules: DocumentCounts2021
    normative_documents: DocumentCounts2021
    licensing_decisions: int
    penalty_decisions: int
    coercion_decisions: int
    fee_amount: Decimal
    """本年收费金额 in 万元, exact as given."""

    @property
    def fee_amount_text(self) -> str:
        """The fee as printed: the given digits, never through a float."""
        return decimal_text(self.fee_amount)


# --- Table 2, 2019 format -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentCounts2019:
    """第二十条第（一）项, 2019: 本年新制作数量 / 本年新公开数量 / 对外公开总数量."""

    produced: int
    published: int
    total_published: int


@dataclass(frozen=True, slots=True)
class ItemCounts:
    """上一年项目数量 / 本年增/减 / 处理决定数量 (2019 （五）（六）)."""

    previous_items: int
    change: int
    """Signed; ``str()`` prints ``-18`` for negatives and no sign otherwise, as required."""
    decisions: int


@dataclass(frozen=True, slots=True)
class FeeItems:
    """第二十条第（八）项, 2019: 上一年项目数量 / 本年增/减."""

    previous_items: int
    change: int


@dataclass(frozen=True, slots=True)
class Procurement:
    """第二十条第（九）项, 2019: 采购项目数量 / 采购总金额 with its unit."""

    projects: int
    amount: Decimal
    amount_unit: Literal["元", "万元"]

    @property
    def amount_text(self) -> str:
        """The amount as printed, digits as given plus unit, e.g. ``345000元``."""
        return decimal_text(self.amount) + self.amount_unit


@dataclass(frozen=True, slots=True)
class Disclosure2019:
    """Table 2 (二、主动公开政府信息情况) in the 2019 format."""

    rules: DocumentCounts2019
    normative_documents: DocumentCounts2019
    licensing: ItemCounts
    other_services: ItemCounts
    penalty: ItemCounts
    coercion: ItemCounts
    fees: FeeItems
    procurement: Procurement


# --- Table 3 --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One table-3 row: a count per applicant column and the row's 总计 (given or computed)."""

    natural_person: int
    commercial: int
    research: int
    social_welfare: int
    legal_service: int
    other_org: int
    total: int


@dataclass(frozen=True, slots=True)
class Withheld:
    """（三）不予公开, rows 1–8."""

    state_secret: Row
    prohibited_by_law: Row
    security_stability: Row
    third_party_rights: Row
    internal_affairs: Row
    process_information: Row
    enforcement_files: Row
    administrative_inquiry: Row


@dataclass(frozen=True, slots=True)
class UnableToProvide:
    """（四）无法提供, rows 1–3."""

    not_held: Row
    needs_creation: Row
    unclear_after_correction: Row


@dataclass(frozen=True, slots=True)
class NotProcessed:
    """（五）不予处理, rows 1–5."""

    petition_complaint: Row
    duplicate: Row
    publication: Row
    excessive: Row
    confirm_or_reissue: Row


@dataclass(frozen=True, slots=True)
class OtherHandling2021:
    """（六）其他处理 in the 2021 format, rows 1–3 (the 2019 format has a single Row)."""

    overdue_correction: Row
    overdue_fee: Row
    other: Row


@dataclass(frozen=True, slots=True)
class Applications:
    """Table 3 (三、收到和处理政府信息公开申请情况)."""

    new_received: Row
    carried_over: Row
    granted: Row
    partially_granted: Row
    withheld: Withheld
    unable_to_provide: UnableToProvide
    not_processed: NotProcessed
    other_handling: Row | OtherHandling2021
    """A Row for the 2019 format, OtherHandling2021 for the 2021 format."""
    total_processed: Row
    carried_forward: Row


# --- Table 4 --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcomes:
    """结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计 of one table-4 group."""

    upheld: int
    corrected: int
    other: int
    pending: int
    total: int


@dataclass(frozen=True, slots=True)
class ReviewLitigation:
    """Table 4 (四、政府信息公开行政复议、行政诉讼情况)."""

    review: Outcomes
    litigation_direct: Outcomes
    litigation_after_review: Outcomes


# --- The report -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report:
    """One validated annual report, ready to render."""

    format: Format
    year: int
    organization: str
    title: str
    title_lines: tuple[str, ...]
    """The title as printed: one line, or organization / ``{year}年…`` when it is too long."""
    preamble: tuple[str, ...]
    overview: Section
    active_disclosure: Disclosure2019 | Disclosure2021
    applications: Applications
    review_litigation: ReviewLitigation
    problems: Section
    other_matters: Section
    signature: Signature | None
    """None when the input has no ``signature``: no 落款 is printed."""
