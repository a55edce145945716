from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from schemas.registry import FORMAT_IDS, Format, default_format, find
from service import catalog
from service.errors import UnknownFormat
from tests.conftest import REPO


def test_known_formats_and_their_notices() -> None:
    assert [(f.id, f.document_number) for f in catalog.FORMATS] == [
        ("2019", "国办公开办函〔2019〕60号"),
        ("2021", "国办公开办函〔2021〕30号"),
    ]
    assert catalog.find("2021").last_year is None


def test_shipped_examples_are_the_package_files(
    example_2019_path: Path, example_2021_path: Path
) -> None:
    assert catalog.example("2019") == example_2019_path.read_bytes()
    assert catalog.example("2021") == example_2021_path.read_bytes()


SHARED_EXAMPLE = REPO / "../shared/examples/xiuzhou-veterans-2020.json"


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="no shared folder next to the repository")
def test_the_2019_example_is_the_shared_real_report() -> None:
    assert catalog.example("2019") == SHARED_EXAMPLE.read_bytes()


@pytest.mark.parametrize("name", ["2020", "", "../2019", "2019.json"])
def test_unknown_format(name: str) -> None:
    with pytest.raises(UnknownFormat, match="2019、2021"):
        catalog.example(name)


def test_the_model_names_the_formats_of_the_registry() -> None:
    assert set(get_args(Format)) == set(FORMAT_IDS)


@pytest.mark.parametrize(
    ("year", "expected"), [(2018, "2019"), (2019, "2019"), (2020, "2019"), (2021, "2021"),
                           (2030, "2021")]
)
def test_the_default_format_of_a_year_comes_from_the_registry(year: int, expected: str) -> None:
    assert default_format(year) == expected


def test_an_unknown_id_is_a_key_error_in_the_registry() -> None:
    with pytest.raises(KeyError):
        find("2020")
