"""`platform-dead-letters`: show a topic's dead letters, and publish them again once fixed.

platform-dead-letters list --topic recruitment.applications
platform-dead-letters redrive --topic recruitment.applications --offset 7     (or --all)
    [--group reporting.recruitment-funnel]  only the letters of one consumer group

`--topic` names the original topic (its dead letters are on `<topic>.dlt`); the broker and the
topic prefix come from `KAFKA_BOOTSTRAP_SERVERS` and `KAFKA_TOPIC_PREFIX` unless given.
Values are never printed: they may hold an applicant's data.
"""

import argparse
import asyncio
import os
from collections.abc import Sequence

from ..contracts.topics import dead_letter_topic, qualified
from .dead_letter_admin import DeadLetter, read_dead_letters, redrive
from .kafka import create_producer

REASON_SHOWN_CHARS = 200


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "redrive" and not (args.offset or args.all):
        raise SystemExit("redrive needs --offset N (repeatable) or --all")
    asyncio.run(run(args))


async def run(args: argparse.Namespace) -> None:
    topic = dead_letter_topic(qualified(args.topic, args.prefix))
    letters = chosen(await read_dead_letters(args.bootstrap_servers, topic), args)
    if args.command == "list":
        _print(letters)
        return
    producer = create_producer(args.bootstrap_servers, "platform-dead-letters")
    await producer.start()
    try:
        count = await redrive(producer, letters)
    finally:
        await producer.stop()
    print(f"published {count} record(s) again on their original topic")


def chosen(letters: list[DeadLetter], args: argparse.Namespace) -> list[DeadLetter]:
    if args.group:
        letters = [letter for letter in letters if letter.consumer_group == args.group]
    if args.offset:
        letters = [letter for letter in letters if letter.offset in set(args.offset)]
    return letters


def _print(letters: list[DeadLetter]) -> None:
    if not letters:
        print("no dead letters")
        return
    print("partition\toffset\tfailed_at\tgroup\toriginal_topic\treason")
    for letter in letters:
        reason = letter.reason.replace("\n", " ")[:REASON_SHOWN_CHARS]
        print(
            f"{letter.partition}\t{letter.offset}\t{letter.failed_at}\t{letter.consumer_group}\t"
            f"{letter.original_topic}\t{reason}"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Show or redrive a topic's dead letters.")
    parser.add_argument("command", choices=["list", "redrive"])
    parser.add_argument("--topic", required=True, help="the original topic, without prefix")
    parser.add_argument(
        "--bootstrap-servers", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    )
    parser.add_argument("--prefix", default=os.environ.get("KAFKA_TOPIC_PREFIX", ""))
    parser.add_argument("--group", help="only the letters this consumer group wrote")
    parser.add_argument("--offset", type=int, action="append", help="a dead letter's offset")
    parser.add_argument("--all", action="store_true", help="every chosen letter")
    return parser
