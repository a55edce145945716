"""Shared fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import BatchCase

DATA = Path(__file__).parent / "data"
TITLE = "年政府信息公开工作年度报告.docx"


@pytest.fixture
def example_2019_path() -> Path:
    return Path(__file__).parents[2] / "shared" / "examples" / "xiuzhou-veterans-2020.json"


@pytest.fixture
def example_2021_path() -> Path:
    return DATA / "example-2021.json"


@pytest.fixture
def mixed_batch(example_2019_path: Path, example_2021_path: Path) -> list[BatchCase]:
    """Both formats, valid and invalid, a repeated organization, a warning, not JSON at all."""
    raw_2019 = example_2019_path.read_bytes()
    raw_2021 = example_2021_path.read_bytes()
    inconsistent = json.loads(raw_2021)
    inconsistent["applications"]["new_received"]["natural_person"] += 1
    warned = json.loads(raw_2019)
    warned["year"] = 2021
    org_2019 = json.loads(raw_2019)["organization"]
    org_2021 = json.loads(raw_2021)["organization"]

    def dumps(document: object) -> bytes:
        return json.dumps(document, ensure_ascii=False).encode()

    return [
        BatchCase("a-2019.json", raw_2019, "ok", org_2019, output=f"{org_2019}2020{TITLE}"),
        BatchCase("b-2021.json", raw_2021, "ok", org_2021, output=f"{org_2021}2021{TITLE}"),
        BatchCase(
            "c-2021.json", raw_2021, "ok", org_2021, output=f"{org_2021}2021{TITLE[:-5]}（2）.docx"
        ),
        BatchCase("d-inconsistent.json", dumps(inconsistent), "failed", org_2021, code="R1"),
        BatchCase("e-not-json.json", b"{not json", "failed", None, code="invalid_json"),
        BatchCase(
            "f-warned.json",
            dumps(warned),
            "ok",
            org_2019,
            output=f"{org_2019}2021{TITLE}",
            warning="format_year_mismatch",
        ),
    ]
