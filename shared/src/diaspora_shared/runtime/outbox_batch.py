"""What became of one batch of outbox rows: which Kafka acknowledged, which it refused, and
which must wait behind a failed row of their key."""

from dataclasses import dataclass, field

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, ProducerClosed

from .outbox import OutboxMessage

OrderingKey = tuple[str, str]


def ordering_key(row: OutboxMessage) -> OrderingKey:
    """Kafka keeps order per topic partition, and the key picks the partition."""
    return (row.topic, row.message_key)


def is_transient(error: BaseException) -> bool:
    """A failure of the broker or the network, not of the record: it never parks a row."""
    if isinstance(error, KafkaTimeoutError | KafkaConnectionError | ProducerClosed | TimeoutError):
        return True
    return bool(getattr(error, "retriable", False))


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


@dataclass
class BatchOutcome:
    acknowledged: list[OutboxMessage] = field(default_factory=list)
    _failures: list[tuple[OutboxMessage, Exception]] = field(default_factory=list)
    _first_failed_seq: dict[OrderingKey, int] = field(default_factory=dict)

    def holds_back(self, row: OutboxMessage) -> bool:
        """True for a row behind a failed row of its key: it must go out after that one."""
        failed_seq = self._first_failed_seq.get(ordering_key(row))
        return failed_seq is not None and _seq(row) > failed_seq

    def failed(self, row: OutboxMessage, error: Exception) -> None:
        self._failures.append((row, error))
        key = ordering_key(row)
        self._first_failed_seq[key] = min(self._first_failed_seq.get(key, _seq(row)), _seq(row))

    def acknowledged_row(self, row: OutboxMessage) -> None:
        self.acknowledged.append(row)

    def sendable(self) -> list[OutboxMessage]:
        """Acknowledged rows that may be marked sent: none behind a failure of their key."""
        return [row for row in self.acknowledged if not self.holds_back(row)]

    def refusals(self) -> list[tuple[OutboxMessage, str]]:
        """Rows Kafka refused, each the first failure of its key; a row failing behind it is
        not to blame, and a transient failure blames no row."""
        return [
            (row, describe(error))
            for row, error in self._failures
            if not self.holds_back(row) and not is_transient(error)
        ]

    @property
    def first_failure(self) -> Exception | None:
        return self._failures[0][1] if self._failures else None


def _seq(row: OutboxMessage) -> int:
    if row.seq is None:
        raise ValueError("an outbox row read from the database always has a seq")
    return row.seq
