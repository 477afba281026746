"""Personal fields and e-mail addresses never reach a written log line."""

import json
import logging

import pytest

from diaspora_shared.runtime.log_scrubbing import MASK, scrub_personal_data
from diaspora_shared.runtime.logging import configure_logging, get_logger


def test_known_personal_fields_are_masked_at_any_depth() -> None:
    scrubbed = scrub_personal_data(
        None,
        "info",
        {
            "event": "applicant updated",
            "given_name": "Aline",
            "Email": "aline@example.org",
            "changes": {"contact": {"phone": "+250 788 000 000"}, "years": 5},
            "application_id": "0b7e",
        },
    )
    assert scrubbed == {
        "event": "applicant updated",
        "given_name": MASK,
        "Email": MASK,
        "changes": {"contact": MASK, "years": 5},
        "application_id": "0b7e",
    }


def test_addresses_and_phone_numbers_inside_any_text_are_masked() -> None:
    scrubbed = scrub_personal_data(
        None,
        "error",
        {
            "event": "mail to jean.claude+cv@mail.example.rw failed",
            "error": ValueError("duplicate key for +32 470 12 34 56"),
            "attempts": [3, "call +250788123456"],
            "offset": 1234567890,
        },
    )
    assert scrubbed["event"] == f"mail to {MASK} failed"
    assert scrubbed["error"] == f"ValueError: duplicate key for {MASK}"
    assert scrubbed["attempts"] == [3, f"call {MASK}"]
    assert scrubbed["offset"] == 1234567890


def test_structlog_and_library_lines_are_scrubbed_when_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("test-service", "INFO")
    get_logger().info("contact stored", email="marie@example.org", application_id="a-1")
    try:
        raise RuntimeError("refused: marie@example.org")
    except RuntimeError:
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["email"] == MASK
    assert lines[0]["application_id"] == "a-1"
    assert lines[1]["logger"] == "uvicorn.error"
    assert "RuntimeError" in lines[1]["exception"]
    assert "marie@example.org" not in json.dumps(lines)
