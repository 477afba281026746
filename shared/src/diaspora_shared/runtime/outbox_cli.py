"""`platform-outbox`: show a service's parked outbox rows, release them, prune old rows.

platform-outbox list --database-url postgresql://platform@127.0.0.1:55432/recruitment
platform-outbox release --database-url ... --seq 42     (or --all)
platform-outbox prune --database-url ... --sent-retention-hours 168 --horizon-hours 720
"""

import argparse
import asyncio
from collections.abc import Sequence
from datetime import timedelta

from .database import Database
from .outbox_admin import parked_rows, prune, release


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "release" and not (args.seq or args.all):
        raise SystemExit("release needs --seq N (repeatable) or --all")
    asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> None:
    database = Database(args.database_url, pool_size=1, max_overflow=0)
    try:
        if args.command == "list":
            await _list(database)
        elif args.command == "release":
            released = await release(database, None if args.all else args.seq)
            print(f"released {released} row(s); the relay publishes them at its next poll")
        else:
            pruned = await prune(
                database,
                sent_retention=timedelta(hours=args.sent_retention_hours),
                redelivery_horizon=timedelta(hours=args.horizon_hours),
            )
            print(f"pruned {pruned.sent_rows} sent row(s), {pruned.processed_events} event id(s)")
    finally:
        await database.dispose()


async def _list(database: Database) -> None:
    rows = await parked_rows(database)
    if not rows:
        print("no parked rows")
        return
    print("seq\tparked_at\tattempts\ttopic\tkey\tevent_type\tevent_id\twaiting\treason")
    for row in rows:
        print(
            f"{row.seq}\t{row.parked_at.isoformat()}\t{row.attempts}\t{row.topic}\t{row.key}\t"
            f"{row.event_type}\t{row.event_id}\t{row.waiting_behind}\t{row.reason}"
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Operate a service's transactional outbox.")
    parser.add_argument("command", choices=["list", "release", "prune"])
    parser.add_argument("--database-url", required=True, help="the service's database")
    parser.add_argument("--seq", type=int, action="append", help="a parked row to release")
    parser.add_argument("--all", action="store_true", help="release every parked row")
    parser.add_argument("--sent-retention-hours", type=float, default=168)
    parser.add_argument("--horizon-hours", type=float, default=720)
    return parser


if __name__ == "__main__":
    main()
