"""Which rows of a batch are marked sent, held back or blamed after a failure."""

from datetime import UTC, datetime

from aiokafka.errors import KafkaConnectionError, MessageSizeTooLargeError

from diaspora_shared.runtime.outbox import OutboxMessage
from diaspora_shared.runtime.outbox_batch import BatchOutcome


def row(seq: int, key: str) -> OutboxMessage:
    return OutboxMessage(
        seq=seq,
        event_id=f"event-{seq}",
        topic="recruitment.calls",
        message_key=key,
        event_type="test",
        headers="[]",
        payload="{}",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_rows_of_other_keys_are_sent_after_a_refusal() -> None:
    outcome = BatchOutcome()
    refused, other, same_key = row(1, "a"), row(2, "b"), row(3, "a")
    outcome.failed(refused, MessageSizeTooLargeError("too large"))
    outcome.acknowledged_row(other)
    assert outcome.holds_back(same_key)
    assert outcome.sendable() == [other]
    assert [(r.seq, reason.split(":")[0]) for r, reason in outcome.refusals()] == [
        (1, "MessageSizeTooLargeError")
    ]


def test_an_acknowledged_row_behind_a_failed_row_of_its_key_is_not_marked() -> None:
    outcome = BatchOutcome()
    earlier, failed, later = row(1, "a"), row(2, "a"), row(3, "a")
    outcome.acknowledged_row(earlier)
    outcome.failed(failed, MessageSizeTooLargeError("too large"))
    outcome.acknowledged_row(later)
    assert outcome.sendable() == [earlier]


def test_only_the_first_failure_of_a_key_is_blamed() -> None:
    outcome = BatchOutcome()
    outcome.failed(row(1, "a"), MessageSizeTooLargeError("too large"))
    outcome.failed(row(2, "a"), MessageSizeTooLargeError("too large"))
    assert [r.seq for r, _ in outcome.refusals()] == [1]


def test_a_broker_outage_blames_no_row() -> None:
    outcome = BatchOutcome()
    outage = KafkaConnectionError("no broker")
    outcome.failed(row(1, "a"), outage)
    outcome.failed(row(2, "b"), outage)
    assert outcome.refusals() == []
    assert outcome.first_failure is outage
