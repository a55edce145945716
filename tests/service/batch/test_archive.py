"""The output zip: unique names, manifest last, readable from a non-seekable stream."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from schemas import Issue
from service.batch.archive import BatchArchive, UniqueNames
from service.batch.pool import Done
from service.batch.runner import Chunks
from service.batch.worker import Outcome


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a.docx", "a.docx", "a.docx"], ["a.docx", "a（2）.docx", "a（3）.docx"]),
        (["a.docx", "A.DOCX"], ["a.docx", "A（2）.DOCX"]),
        (["a.docx", "a（2）.docx", "a.docx"], ["a.docx", "a（2）.docx", "a（3）.docx"]),
        (["b", "b"], ["b", "b（2）"]),
        (["a（2）.docx", "a.docx", "a.docx", "a.docx"],
         ["a（2）.docx", "a.docx", "a（3）.docx", "a（4）.docx"]),
        (["a.docx", "a.docx", "a（3）.docx", "a.docx"],
         ["a.docx", "a（2）.docx", "a（3）.docx", "a（4）.docx"]),
    ],
)
def test_unique_names(names: list[str], expected: list[str]) -> None:
    unique = UniqueNames()
    assert [unique.claim(name) for name in names] == expected


def test_ten_thousand_repeats_of_one_name_are_all_distinct() -> None:
    unique = UniqueNames()
    names = [unique.claim("局.docx") for _ in range(10_000)]
    assert len(set(names)) == 10_000
    assert names[-1] == "局（10000）.docx"


def test_non_seekable_stream_gives_a_valid_zip_in_input_order() -> None:
    sink = Chunks()
    archive = BatchArchive(sink)
    failed = Issue("", "R1", "不一致", "标签")
    archive.add(Done(1, "second", Outcome(None, (failed,), organization="乙", year=2021)))
    archive.add(Done(0, "first", Outcome(b"doc", organization="甲", year=2020, filename="甲.docx")))
    summary = archive.close(1.5)
    assert (summary.total, summary.succeeded, summary.failed) == (2, 1, 1)
    with zipfile.ZipFile(io.BytesIO(sink.take())) as result:
        assert result.namelist() == [
            "甲.docx", "manifest.json", "manifest.csv", "summary.xlsx", "review.html"
        ]
        assert result.read("甲.docx") == b"doc"
        assert result.getinfo("甲.docx").external_attr >> 16 == 0o644
        manifest = json.loads(result.read("manifest.json"))
    assert [row["input"] for row in manifest["reports"]] == ["first", "second"]
    assert manifest["reports"][1] == {
        "input": "second",
        "organization": "乙",
        "year": 2021,
        "status": "failed",
        "output": None,
        "outputs": [],
        "valid": False,
        "warnings": [],
        "errors": [failed.to_dict()],
    }
    assert manifest["summary"]["elapsed_seconds"] == 1.5


def test_every_output_of_a_report_is_stored_and_listed() -> None:
    sink = Chunks()
    archive = BatchArchive(sink)
    more = (("甲.html", b"<html>"), ("甲.pdf", b"%PDF"))
    for index in range(2):  # the same organization twice: each of its files numbered alike
        archive.add(Done(index, f"r{index}", Outcome(b"doc", filename="甲.docx", more=more)))
    archive.close(0.1)
    with zipfile.ZipFile(io.BytesIO(sink.take())) as result:
        assert result.namelist()[:6] == ["甲.docx", "甲.html", "甲.pdf", "甲（2）.docx",
                                         "甲（2）.html", "甲（2）.pdf"]
        assert result.read("甲（2）.pdf") == b"%PDF"
        manifest = json.loads(result.read("manifest.json"))
        rows = list(csv.reader(io.StringIO(result.read("manifest.csv").decode("utf-8-sig"))))
    second = manifest["reports"][1]
    assert second["output"] == "甲（2）.docx"
    assert second["outputs"] == ["甲（2）.docx", "甲（2）.html", "甲（2）.pdf"]
    assert rows[2][4] == "甲（2）.docx\n甲（2）.html\n甲（2）.pdf"
