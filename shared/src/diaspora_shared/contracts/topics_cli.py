"""`platform-topics`: create or list the declared Kafka topics."""

import argparse
import asyncio
import os

from .admin import ensure_topics
from .topics import all_topics, qualified


def main() -> None:
    parser = argparse.ArgumentParser(description="Manage the platform's declared Kafka topics.")
    parser.add_argument("command", choices=["create", "list"])
    parser.add_argument(
        "--bootstrap-servers",
        default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
    )
    parser.add_argument("--prefix", default=os.environ.get("KAFKA_TOPIC_PREFIX", ""))
    parser.add_argument("--replication-factor", type=int, default=1)
    args = parser.parse_args()
    if args.command == "list":
        for spec in all_topics():
            print(f"{qualified(spec.name, args.prefix)}\t{spec.partitions}\t{spec.description}")
        return
    created = asyncio.run(
        ensure_topics(
            args.bootstrap_servers, args.prefix, replication_factor=args.replication_factor
        )
    )
    print(f"created {len(created)} topic(s): {', '.join(created) or 'none missing'}")


if __name__ == "__main__":
    main()
