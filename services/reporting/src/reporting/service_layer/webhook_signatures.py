"""The signature on every webhook delivery, and the check a partner runs on receipt.

    Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>

The timestamp is signed with the body, so a captured delivery cannot be replayed outside the
window the receiver accepts. `verify_signature` depends on the standard library only, so a
partner can copy this module as it is.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Webhook-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


class InvalidSignature(ValueError):
    """The header is malformed, the signature does not match, or it is outside the window."""


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    return f"t={timestamp},v1={_digest(secret, body, timestamp)}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """Check a delivery's `Webhook-Signature` against its raw body; returns its timestamp.

    Raises `InvalidSignature` unless one `v1` value matches and the timestamp lies within
    `tolerance_seconds` of `now` (either side, for clocks that drift)."""
    timestamp, candidates = _parsed(header)
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        raise InvalidSignature("timestamp outside the replay window")
    expected = _digest(secret, body, timestamp)
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise InvalidSignature("signature does not match")
    return timestamp


def _digest(secret: str, body: bytes, timestamp: int) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def _parsed(header: str) -> tuple[int, list[str]]:
    timestamps: list[str] = []
    signatures: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t":
            timestamps.append(value)
        elif name == "v1":
            signatures.append(value)
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not signatures:
        raise InvalidSignature("malformed signature header")
    return int(timestamps[0]), signatures
