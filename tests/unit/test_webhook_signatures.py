"""The partners' check of a delivery's signature: a match within the replay window passes;
a changed body, another secret, an old or future timestamp and malformed headers fail."""

import hashlib
import hmac

import pytest

from reporting.service_layer.webhook_signatures import (
    InvalidSignature,
    signature_header,
    verify_signature,
)

SECRET = "whsec_partner-secret"
BODY = b'{"id":"e1","type":"org.iom.diaspora.call.opened.v1"}'
SENT_AT = 1_800_000_000


def test_a_signed_body_verifies_and_gives_its_timestamp() -> None:
    header = signature_header(SECRET, BODY, SENT_AT)
    assert header.startswith(f"t={SENT_AT},v1=")
    assert verify_signature(SECRET, header, BODY, now=SENT_AT + 10) == SENT_AT


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), f"{SENT_AT}.".encode() + BODY, hashlib.sha256)
    assert signature_header(SECRET, BODY, SENT_AT) == f"t={SENT_AT},v1={expected.hexdigest()}"


@pytest.mark.parametrize(
    ("secret", "body"),
    [(SECRET, BODY + b" "), ("whsec_another", BODY)],
    ids=["changed body", "other secret"],
)
def test_a_mismatch_is_refused(secret: str, body: bytes) -> None:
    header = signature_header(SECRET, BODY, SENT_AT)
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_signature(secret, header, body, now=SENT_AT)


@pytest.mark.parametrize("offset", [-301, 301])
def test_a_timestamp_outside_the_window_is_refused(offset: int) -> None:
    header = signature_header(SECRET, BODY, SENT_AT)
    with pytest.raises(InvalidSignature, match="replay window"):
        verify_signature(SECRET, header, BODY, now=SENT_AT + offset)


def test_the_window_is_the_receivers_choice() -> None:
    header = signature_header(SECRET, BODY, SENT_AT)
    assert verify_signature(SECRET, header, BODY, now=SENT_AT + 3000, tolerance_seconds=3600)


def test_a_replayed_timestamp_with_the_old_signature_cannot_be_moved_forward() -> None:
    old = signature_header(SECRET, BODY, SENT_AT)
    forged = old.replace(f"t={SENT_AT}", f"t={SENT_AT + 1000}")
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_signature(SECRET, forged, BODY, now=SENT_AT + 1000)


def test_any_of_several_v1_values_may_match() -> None:
    good = signature_header(SECRET, BODY, SENT_AT).split(",v1=")[1]
    header = f"t={SENT_AT},v1={'0' * 64},v1={good}"
    assert verify_signature(SECRET, header, BODY, now=SENT_AT) == SENT_AT


@pytest.mark.parametrize(
    "header",
    ["", "v1=abc", "t=,v1=abc", "t=12x,v1=abc", f"t={SENT_AT}", f"t=1,t=2,v1={'a' * 64}"],
)
def test_malformed_headers_are_refused(header: str) -> None:
    with pytest.raises(InvalidSignature, match="malformed"):
        verify_signature(SECRET, header, BODY, now=SENT_AT)
