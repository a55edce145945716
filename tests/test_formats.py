from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from service import formats
from service.errors import UnknownFormat


def test_known_formats_and_their_notices() -> None:
    assert [(f.id, f.document_number) for f in formats.FORMATS] == [
        ("2019", "国办公开办函〔2019〕60号"),
        ("2021", "国办公开办函〔2021〕30号"),
    ]
    assert formats.find("2021").last_year is None


def test_shipped_examples_are_the_package_files(
    example_2019_path: Path, example_2021_path: Path
) -> None:
    assert formats.example("2019") == example_2019_path.read_bytes()
    assert formats.example("2021") == example_2021_path.read_bytes()


SHARED_EXAMPLE = REPO / "../shared/examples/xiuzhou-veterans-2020.json"


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="no shared folder next to the repository")
def test_the_2019_example_is_the_shared_real_report() -> None:
    assert formats.example("2019") == SHARED_EXAMPLE.read_bytes()


@pytest.mark.parametrize("name", ["2020", "", "../2019", "2019.json"])
def test_unknown_format(name: str) -> None:
    with pytest.raises(UnknownFormat, match="2019、2021"):
        formats.example(name)
