"""A partner's consumer of the diaspora programmes' public topics, with plain aiokafka.

It subscribes to every `public.*` topic, checks that each record is a CloudEvents 1.0 event in
Kafka binary mode (the `ce_` headers, JSON data), skips an event id it has already printed (a
record may be delivered twice; its id stays the same), and prints one JSON line per event.
With `--username` it authenticates with SASL/SCRAM-SHA-512, as partners do; without, it
connects in plain text (a local broker). The AsyncAPI document the gateway serves at
`/partners/asyncapi.yaml` describes every event type.

    python partner_consumer.py --bootstrap kafka.example:9094 --group partner-acme-reader \
        --username acme --password-env ACME_KAFKA_PASSWORD
"""

import argparse
import asyncio
import json
import os
import re
import sys
from typing import Any

from aiokafka import AIOKafkaConsumer

REQUIRED_ATTRIBUTES = ("id", "source", "type", "specversion")


class NotACloudEvent(ValueError):
    """The record breaks the CloudEvents Kafka binding; the message says how."""


def cloud_event(record: Any) -> dict[str, Any]:
    """The CloudEvent a record carries, in structured form, or NotACloudEvent."""
    attributes = {
        name.removeprefix("ce_"): value.decode("utf-8", errors="replace")
        for name, value in record.headers
        if name.startswith("ce_") and value is not None
    }
    missing = [name for name in REQUIRED_ATTRIBUTES if not attributes.get(name)]
    if missing:
        raise NotACloudEvent(f"missing attributes: {', '.join(missing)}")
    if attributes["specversion"] != "1.0":
        raise NotACloudEvent(f"unsupported specversion {attributes['specversion']}")
    try:
        data = json.loads(record.value or b"")
    except ValueError as error:
        raise NotACloudEvent("data is not JSON") from error
    if not isinstance(data, dict):
        raise NotACloudEvent("data is not a JSON object")
    return {**attributes, "datacontenttype": "application/json", "data": data}


def connection_options(args: argparse.Namespace) -> dict[str, Any]:
    if not args.username:
        return {"security_protocol": "PLAINTEXT"}
    return {
        "security_protocol": "SASL_SSL" if args.tls else "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": args.username,
        "sasl_plain_password": os.environ[args.password_env],
    }


async def consume(args: argparse.Namespace) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=args.bootstrap,
        group_id=args.group,
        auto_offset_reset="earliest",
        enable_auto_commit=True,
        **connection_options(args),
    )
    consumer.subscribe(pattern=f"^{re.escape(args.topic_prefix)}public\\..*")
    await consumer.start()
    seen: set[str] = set()
    read = 0
    try:
        async for record in consumer:
            read += 1
            show(record, seen)
            if args.max_records and read >= args.max_records:
                break
    finally:
        await consumer.stop()
    return 0


def show(record: Any, seen: set[str]) -> None:
    where = f"{record.topic}@{record.partition}:{record.offset}"
    try:
        event = cloud_event(record)
    except NotACloudEvent as error:
        print(f"skipped {where}: {error}", file=sys.stderr)
        return
    if event["id"] in seen:
        print(f"duplicate {where}: {event['id']}", file=sys.stderr)
        return
    seen.add(event["id"])
    print(json.dumps({"topic": record.topic, "key": _text(record.key), **event}), flush=True)


def _text(raw: bytes | None) -> str | None:
    return raw.decode("utf-8", errors="replace") if raw is not None else None


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Print the public diaspora events.")
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--group", default="partner.example", help="your group, with your prefix")
    parser.add_argument("--username", help="SASL/SCRAM principal; plain text when absent")
    parser.add_argument("--password-env", default="PARTNER_KAFKA_PASSWORD")
    parser.add_argument("--tls", action="store_true", help="SASL over TLS (SASL_SSL)")
    parser.add_argument("--topic-prefix", default="", help="a prefix an environment adds")
    parser.add_argument("--max-records", type=int, default=0, help="stop after N (0: never)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(consume(arguments())))
