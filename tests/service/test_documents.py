"""service.documents: the file name of a document."""

from __future__ import annotations

import dataclasses

import pytest

from schemas import load_report
from service.documents import FILENAME_MAX_BYTES, filename


@pytest.fixture
def report(example_2021):
    result = load_report(example_2021)
    assert result.report is not None
    return result.report


def test_the_name_is_organization_year_and_the_official_title(report):
    assert filename(report) == f"{report.organization}2021年政府信息公开工作年度报告.docx"


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        ("市/县 局", "市_县 局"),
        ("a\\b:c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i"),
        ("局\r\n\x00", "局___"),
        (" . ", "报告"),
    ],
)
def test_characters_no_file_system_takes_are_replaced(report, organization, expected):
    named = filename(dataclasses.replace(report, organization=organization))
    assert named == f"{expected}2021年政府信息公开工作年度报告.docx"


@pytest.mark.parametrize("length", [60, 61, 100])
def test_a_long_organization_is_shortened_to_fit_a_file_system(report, length):
    organization = "区" * length
    named = filename(dataclasses.replace(report, organization=organization))
    assert len(named.encode()) <= FILENAME_MAX_BYTES
    assert named.endswith("2021年政府信息公开工作年度报告.docx")
    kept = named.removesuffix("2021年政府信息公开工作年度报告.docx")
    assert organization.startswith(kept)
    suffix_bytes = len("2021年政府信息公开工作年度报告.docx".encode())
    assert len(kept) == min(length, (FILENAME_MAX_BYTES - suffix_bytes) // 3)
