"""Keeps personal data out of logs: known personal fields are masked wherever they appear in a
log line, and text that looks like an e-mail address or an international phone number is
masked inside any value (messages, errors, rendered exceptions)."""

import re
from collections.abc import Mapping
from typing import Any

from structlog.typing import EventDict

MASK = "[personal data removed]"

PERSONAL_FIELDS = frozenset(
    {
        "address",
        "birth_date",
        "contact",
        "date_of_birth",
        "document",
        "documents",
        "e_mail",
        "email",
        "family_name",
        "first_name",
        "full_name",
        "given_name",
        "last_name",
        "mobile",
        "name",
        "national_id",
        "passport",
        "passport_number",
        "phone",
        "phone_number",
        "surname",
    }
)

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "+" then 8 to 15 digits, optionally grouped by spaces, dots or dashes (E.164 and its
# usual spellings); plain numbers such as offsets and counts never start with "+".
PHONE_NUMBER = re.compile(r"\+\d(?:[ .\-]?\d){7,14}")


def scrub_personal_data(_logger: Any, _method: str, event_dict: EventDict) -> EventDict:
    """A structlog processor; put it right before the renderer."""
    return {key: _scrub_field(key, value) for key, value in event_dict.items()}


def scrub_text(text: str) -> str:
    return PHONE_NUMBER.sub(MASK, EMAIL_ADDRESS.sub(MASK, text))


def _scrub_field(key: object, value: Any) -> Any:
    if isinstance(key, str) and key.lower() in PERSONAL_FIELDS:
        return MASK
    return _scrub_value(value)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, Mapping):
        return {key: _scrub_field(key, item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub_value(item) for item in value]
    if isinstance(value, BaseException):
        return scrub_text(f"{type(value).__name__}: {value}")
    if isinstance(value, bytes):
        return scrub_text(value.decode(errors="replace"))
    return value
