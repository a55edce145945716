"""The registry of official report formats: everything that differs from one format to another.

Every other place (contract, model building, rules, Word templates, the template check, the CLI's
choices, ``/formats``, the blank, the sample report, readers and writers) derives what it needs
from here; the format ids are written here and in the two format modules only. A new official
format is one entry below (and its id in ``Format``), its contract module
(``schemas/contract/formatNNNN.py`` with ``disclosure_schema`` and ``other_handling_schema``), its
model classes, its example report and its Word template; ``find`` raises KeyError for an unknown
id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Literal

from schemas.contract import format2019, format2021
from schemas.model.cells import unit_path
from schemas.model.layout import TableLayout, tables
from schemas.model.report import Disclosure2019, Disclosure2021, OtherHandling2021, Row

#: The contract's ``format`` values (the model's ``Report.format``).
Format = Literal["2019", "2021"]


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One official format of the 政府信息公开工作年度报告."""

    id: Format
    """The contract's ``format`` value, e.g. ``"2021"``."""
    document_number: str
    """文号 of the notice that set the format, e.g. ``国办公开办函〔2021〕30号``."""
    notice: str
    """The notice's title (《…》 left off)."""
    first_year: int
    """First report year the format is the default for."""
    last_year: int | None
    """Last report year it is the default for; None: still current."""
    contract: ModuleType
    """The format's own contract module: the schemas of table 2 and of （六）其他处理."""
    disclosure_model: type
    """Model class of 二、主动公开政府信息情况 in this format."""
    other_handling_model: type
    """Model class of （六）其他处理 in this format (a Row or a group of Rows)."""
    fee_in_other_matters: bool
    """Whether 六、其他需要报告的事项 must report the 信息处理费 (the 2021 notice asks for it)."""
    documents_in_force: bool
    """Whether table 2 counts the 现行有效件数 of rules and normative documents: X2 follows them
    from last year's report, and next year's draft starts from them."""


    @property
    def name(self) -> str:
        """How staff see the format named: ``2021 格式（国办公开办函〔2021〕30号）``."""
        return f"{self.id} 格式（{self.document_number}）"

    @property
    def template_file(self) -> str:
        """File name of the format's Word template in the word_templates package."""
        return f"report-{self.id}.docx"

    @property
    def example_file(self) -> str:
        """File name of the format's complete example report in service/examples/."""
        return f"{self.id}.json"

    @property
    def tables(self) -> Mapping[str, TableLayout]:
        """The official layouts of table2, table3 and table4 (``official_tables.json``)."""
        return tables(self.id)

    @property
    def unit_paths(self) -> tuple[str, ...]:
        """The paths of the units the report chooses for its amounts (元 or 万元): the 2019
        format's 政府集中采购 amount; none in the 2021 format, whose fee is in 万元."""
        cells = (cell for table in self.tables.values() for cell in table.data_cells())
        return tuple(path for cell in cells if (path := unit_path(cell)) is not None)

    def covers(self, year: int) -> bool:
        """Whether this format is the default for report year `year`."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec(
        id="2019",
        document_number="国办公开办函〔2019〕60号",
        notice="国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知",
        first_year=2019,
        last_year=2020,
        contract=format2019,
        disclosure_model=Disclosure2019,
        other_handling_model=Row,
        fee_in_other_matters=False,
        documents_in_force=False,
    ),
    FormatSpec(
        id="2021",
        document_number="国办公开办函〔2021〕30号",
        notice="国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
        first_year=2021,
        last_year=None,
        contract=format2021,
        disclosure_model=Disclosure2021,
        other_handling_model=OtherHandling2021,
        fee_in_other_matters=True,
        documents_in_force=True,
    ),
)

#: The ids of every format, oldest first (the contract's choices for ``format``).
FORMAT_IDS: tuple[Format, ...] = tuple(spec.id for spec in FORMATS)
_BY_ID: dict[str, FormatSpec] = {spec.id: spec for spec in FORMATS}


def find(format_id: str) -> FormatSpec:
    """The format with id `format_id`; raises KeyError for an unknown one."""
    return _BY_ID[format_id]


def default_format(year: int) -> Format:
    """The official format of report year `year` (the oldest for years before every format)."""
    for spec in reversed(FORMATS):
        if spec.covers(year):
            return spec.id
    return FORMATS[0].id if year < FORMATS[0].first_year else FORMATS[-1].id
