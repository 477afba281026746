"""Bounded text and lists for contracts and request models: every string and list that crosses
a boundary has a maximum length, and text carries no control characters (PostgreSQL refuses
NUL; the others only hide content from the people who read it)."""

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

# Newline and tab are the only control characters free text keeps.
ALLOWED_CONTROLS = frozenset("\n\t")


def _no_control_characters(value: str) -> str:
    if any(_is_control(character) for character in value):
        raise ValueError("text must not contain control characters (other than newline and tab)")
    return value


def _is_control(character: str) -> bool:
    code = ord(character)
    is_control = code < 0x20 or 0x7F <= code < 0xA0
    return is_control and character not in ALLOWED_CONTROLS


def _single_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise ValueError("text must fit on one line")
    return value


SAFE_LINE_MAX = 200
SAFE_TEXT_MAX = 4000
MAX_LIST_LENGTH = 50

# A one-line text (a name, a title, a course): stripped, 1 to 200 characters, no control
# characters. Narrow it further with `Annotated[SafeLine, Field(max_length=...)]`.
SafeLine = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SAFE_LINE_MAX),
    AfterValidator(_no_control_characters),
    AfterValidator(_single_line),
]

# Free text (a justification, a comment): stripped, 1 to 4000 characters, newline and tab allowed.
SafeText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SAFE_TEXT_MAX),
    AfterValidator(_no_control_characters),
]


def bounded(max_length: int = MAX_LIST_LENGTH, *, min_length: int = 0, **field: Any) -> Any:
    """A list field with `min_length` to `max_length` members (and any other Field options)."""
    return Field(min_length=min_length, max_length=max_length, **field)
