"""Bounded text without control characters, and bounded lists."""

from typing import Annotated

import pytest
from pydantic import BaseModel, Field, ValidationError

from diaspora_shared.contracts.text import SafeLine, SafeText, bounded


class Sample(BaseModel):
    line: SafeLine = "x"
    text: SafeText = "x"
    short: Annotated[SafeText, Field(max_length=5)] = "x"
    items: list[SafeLine] = bounded(3, default=["x"])


@pytest.mark.parametrize(
    "field",
    [
        {"line": "a\x00b"},
        {"line": "a\nb"},
        {"line": "a\x1bb"},
        {"line": "a\u0085b"},
        {"line": "x" * 201},
        {"line": "   "},
        {"text": "a\x00b"},
        {"text": "x" * 4001},
        {"short": "x" * 6},
        {"items": ["a"] * 4},
        {"items": ["a\x00"]},
    ],
)
def test_refused(field: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Sample.model_validate(field)


def test_free_text_keeps_newlines_and_tabs_and_is_stripped() -> None:
    sample = Sample.model_validate({"text": "  first\n\tsecond  ", "line": " name "})
    assert (sample.text, sample.line) == ("first\n\tsecond", "name")


def test_limits_are_in_the_json_schema() -> None:
    properties = Sample.model_json_schema()["properties"]
    assert properties["line"]["maxLength"] == 200
    assert properties["text"]["maxLength"] == 4000
    assert properties["items"]["maxItems"] == 3
