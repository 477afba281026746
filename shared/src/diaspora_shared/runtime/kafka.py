"""Kafka clients with the platform's delivery guarantees set explicitly."""

from aiokafka import AIOKafkaProducer


def create_producer(bootstrap_servers: str, client_id: str) -> AIOKafkaProducer:
    """A producer that never loses an acknowledged write and never duplicates on retry."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=0,
        request_timeout_ms=30_000,
    )
