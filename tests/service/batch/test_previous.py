"""Last year's reports for --previous: read through the batch's inputs (a folder or a zip), kept
out of memory, found by the bureau's name as people write it, never guessed between two."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from schemas.contract.limits import DEFAULT_LIMITS
from service.batch import DEFAULT_BATCH_LIMITS, PreviousReports
from service.errors import BatchUnusable
from service.reading.limits import DEFAULT_IMPORT_LIMITS
from tests.review_support import bureau, last_year_of


def last_year(name: str) -> dict[str, Any]:
    return last_year_of(bureau(name, 2024, 1))


def load(path: Path) -> PreviousReports:
    return PreviousReports.load(
        path, imports=DEFAULT_IMPORT_LIMITS, batch=DEFAULT_BATCH_LIMITS, limits=DEFAULT_LIMITS
    )


def folder_of(tmp_path: Path, names: list[str], extra: dict[str, bytes] | None = None) -> Path:
    folder = tmp_path / "last"
    folder.mkdir()
    for number, name in enumerate(names):
        (folder / f"{number}.json").write_text(json.dumps(last_year(name), ensure_ascii=False))
    for file, data in (extra or {}).items():
        (folder / file).write_bytes(data)
    return folder


def test_a_bureau_is_found_by_its_name_as_people_write_it(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["洪泽区财政局", "淮安市洪泽区教育局", "洪泽区 民政局"])
    with load(folder) as previous:
        assert len(previous) == 3
        found = previous.find("洪泽区财政局", 2024)
        assert found is not None and found.organization == "洪泽区财政局"
        assert previous.find("淮安市洪泽区财政局", 2024).organization == "洪泽区财政局"  # type: ignore[union-attr]
        assert previous.find("洪泽区教育局", 2024).organization == "淮安市洪泽区教育局"  # type: ignore[union-attr]
        assert previous.find("洪泽区民政局（本级）", 2024) is None  # more than brackets
        assert previous.find("洪泽区民政局", 2024) is not None
        assert previous.find("洪泽区财政局", 2023) is None  # a report of 2022 is not there
        assert sorted(last.organization for last in previous.last_years()) == [
            "洪泽区 民政局", "洪泽区财政局", "淮安市洪泽区教育局",
        ]


def test_two_reports_as_close_as_each_other_are_not_guessed(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["江苏省洪泽区财政局", "淮安市洪泽区财政局"])
    with load(folder) as previous:
        assert previous.find("洪泽区财政局", 2024) is None
        assert previous.find("淮安市洪泽区财政局", 2024) is not None  # the same name wins


def test_a_zip_is_read_like_a_folder_and_what_cannot_be_read_is_named(tmp_path: Path) -> None:
    archive = tmp_path / "last.zip"
    with zipfile.ZipFile(archive, "w") as stored:
        stored.writestr("a.json", json.dumps(last_year("甲局"), ensure_ascii=False))
        stored.writestr("b.json", json.dumps(last_year("甲局"), ensure_ascii=False))
        stored.writestr("c.json", b"{oops")
        stored.writestr("notes.txt", b"x")
    with load(archive) as previous:
        assert len(previous) == 1
        skipped = "\n".join(previous.skipped)
    assert "b.json：与另一份报告的机关和年度相同，未使用" in skipped
    assert "c.json：上年度报告 · 报告：不是有效的 JSON" in skipped
    assert "notes.txt：不是 .json、.docx、.xlsx、.pdf 或 .html 文件" in skipped


@pytest.mark.parametrize("kind", ["missing", "file", "nothing readable"])
def test_what_is_not_a_folder_of_reports_is_unusable(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "last"
    if kind == "file":
        target = tmp_path / "last.json"
        target.write_text("{}")
    elif kind == "nothing readable":
        target.mkdir()
        (target / "a.json").write_bytes(b"[]")
    with pytest.raises(BatchUnusable, match="上年度报告"):
        load(target)
