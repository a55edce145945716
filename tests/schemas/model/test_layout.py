"""Official table grids and the Chinese labels of paths."""

from __future__ import annotations

import json

import pytest

from schemas.model.layout import FIELD_LABELS, label, tables
from tests.conftest import REPO

SHARED_TABLES = REPO / "../shared/spec/official-tables.json"
PACKAGE_TABLES = REPO / "schemas/model/official_tables.json"


@pytest.mark.skipif(not SHARED_TABLES.exists(), reason="no shared spec next to the repository")
def test_the_packaged_tables_equal_the_shared_spec():
    assert json.loads(PACKAGE_TABLES.read_text("utf-8")) == json.loads(
        SHARED_TABLES.read_text("utf-8")
    )


@pytest.mark.parametrize(("report_format", "rows"), [("2019", (18, 26, 4)), ("2021", (14, 28, 4))])
def test_grids(report_format, rows):
    layout = tables(report_format)
    assert tuple(len(layout[name].rows) for name in ("table2", "table3", "table4")) == rows
    assert layout["table3"].grid_columns == 10
    assert layout["table3"].rows[0][0].rowspan == 3


def test_every_data_cell_is_a_path_of_the_model(example_2019, example_2021):
    from schemas import load_report

    for document in (example_2019, example_2021):
        report = load_report(document).report
        for cell in tables(report.format)["table3"].data_cells():
            node = report
            for key in cell.key.split("."):
                node = getattr(node, key)
            assert isinstance(node, int)


LABELS = [
    (
        "applications.withheld.state_secret.natural_person",
        "2021",
        "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （三）不予公开 · "
        "1.属于国家秘密 · 自然人",
    ),
    (
        "applications.withheld",
        "2021",
        "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （三）不予公开",
    ),
    (
        "applications.other_handling.total",
        "2019",
        "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （六）其他处理 · 总计",
    ),
    (
        "active_disclosure.fee_amount",
        "2021",
        "二、主动公开政府信息情况 · 第二十条第（八）项 · 行政事业性收费 · "
        "本年收费金额（单位：万元）",
    ),
    ("active_disclosure", "2019", "二、主动公开政府信息情况"),
    (
        "review_litigation.litigation_direct",
        "2021",
        "四、政府信息公开行政复议、行政诉讼情况 · 行政诉讼 · 未经复议直接起诉",
    ),
    ("overview.items.0.paragraphs.2", "2021", "一、总体情况 · （一） · 第3段"),
    ("problems.items.1.heading", "2021", "五、存在的主要问题及改进情况 · （二）小标题"),
    ("other_matters.paragraphs.0", "2019", "六、其他需要报告的事项 · 第1段"),
    ("overview.items.3", "2021", "一、总体情况 · （四）"),
    ("preamble.3", "2021", "前言 · 第4段"),
    ("signature.date", "2021", "落款 · 成文日期"),
    ("title", "2019", "标题"),
    ("", "2021", "报告"),
    (
        "applications.withheld.state_secre",
        "2021",
        "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （三）不予公开 · state_secre",
    ),
    ("overview.items.0.heding", "2021", "一、总体情况 · （一） · heding"),
    ("colour", "2021", "colour"),
]


@pytest.mark.parametrize(("path", "report_format", "text"), LABELS)
def test_labels(path, report_format, text):
    assert label(path, report_format) == text


def test_every_top_level_key_has_a_label():
    for key in (
        "format",
        "year",
        "organization",
        "title",
        "preamble",
        "overview",
        "problems",
        "other_matters",
        "signature",
    ):
        assert key in FIELD_LABELS
    for key in ("active_disclosure", "applications", "review_litigation"):
        assert label(key, "2021").endswith("情况")


@pytest.mark.parametrize("report_format", ["2019", "2021"])
def test_placed_cells_tile_each_grid_exactly_once(report_format):
    for layout in tables(report_format).values():
        covered = [
            (place.row + down, place.column + across)
            for place in layout.placed()
            for down in range(place.cell.rowspan)
            for across in range(place.cell.colspan)
        ]
        assert len(covered) == len(set(covered))
        rows, columns = range(len(layout.rows)), range(layout.grid_columns)
        assert set(covered) == {(row, column) for row in rows for column in columns}
        assert [place.cell for place in layout.placed()] == [c for row in layout.rows for c in row]


def test_placed_puts_table3_labels_where_the_official_grid_has_them():
    table = tables("2021")["table3"]
    placed = {place.cell.text: (place.row, place.column) for place in table.placed()}
    assert placed["自然人"] == (1, 3)
    assert placed["商业企业"] == (2, 4)
    assert placed["1.属于国家秘密"] == (7, 2)
    assert placed["（七）总计"] == (26, 1)
