"""schemas.contract.fields: messages declared marshmallow's way, and fields that keep no state."""

from __future__ import annotations

import datetime
import threading

import pytest
from marshmallow import ValidationError

from schemas.contract.fields import Amount, Choice, Count, Text, Year


def test_year_allows_this_year_and_leaves_the_shared_field_unchanged() -> None:
    field = Year(2019)
    before = dict(vars(field))
    this_year = datetime.date.today().year
    assert field.deserialize(this_year) == this_year
    with pytest.raises(ValidationError) as raised:
        field.deserialize(this_year + 1)
    assert raised.value.messages == [f"必须在 2019 到 {this_year} 之间 / must be between 2019 and"
                                     f" {this_year}"]
    assert vars(field) == before  # one schema instance serves every thread


def test_one_field_used_from_many_threads_gives_each_its_own_message() -> None:
    field = Count(0, 10)
    found: list[str] = []

    def check(value: object) -> None:
        try:
            field.deserialize(value)
        except ValidationError as exc:
            found.append(exc.messages[0])

    threads = [threading.Thread(target=check, args=(value,)) for value in [11, "x"] * 50]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(found)) == ["必须在 0 到 10 之间 / must be between 0 and 10",
                                  "必须是整数 / must be an integer"]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        (Count(0, 5), 6, "out_of_range"),
        (Count(0, 5), 1.5, "not_an_integer"),
        (Amount(2, 100), "1.234", "too_many_decimals"),
        (Amount(2, 100), "abc", "not_a_number"),
        (Text(1, 3), "abcd", "too_long"),
        (Text(1, 3), " ", "empty"),
        (Text(1, 3), "a\x00", "invalid_character"),
        (Choice(["元", "万元"]), "美元", "invalid_choice"),
    ],
)
def test_every_message_carries_its_code(field: object, value: object, code: str) -> None:
    with pytest.raises(ValidationError) as raised:
        field.deserialize(value)  # type: ignore[attr-defined]
    assert raised.value.messages[0].code == code
