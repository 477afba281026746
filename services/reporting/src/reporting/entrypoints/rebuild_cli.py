"""`reporting-rebuild <projection>|--all`: rebuild read models from the domain topics into a
fresh database (migrated first), or finish a rebuild that stopped, then exit. Progress goes to
standard error: a line redrawn in place on a terminal, log lines otherwise."""

import argparse
import json
import sys
from collections.abc import Sequence

import uvloop

from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.kafka import create_producer
from diaspora_shared.runtime.logging import configure_logging
from diaspora_shared.runtime.migrations import upgrade_to_head

from ..service_layer.catalogue import PROJECTIONS
from ..service_layer.rebuild import (
    DEFAULT_MAX_RECORDS,
    REBUILD_GROUP,
    ProjectionRebuild,
    RebuildError,
    RebuildStats,
)
from ..service_layer.rebuild_progress import ProgressListener
from ..settings import ReportingSettings
from .app import MIGRATIONS
from .rebuild_display import progress_display


async def rebuild(
    database_url: str,
    *,
    bootstrap_servers: str,
    projections: Sequence[str] = tuple(PROJECTIONS),
    topic_prefix: str = "",
    max_records: int = DEFAULT_MAX_RECORDS,
    migrate: bool = True,
    on_progress: ProgressListener | None = None,
) -> list[RebuildStats]:
    """Migrate the database, then fold every event of the named projections' topics into it,
    in one pass over those topics that feeds every projection."""
    if migrate:
        await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    producer = create_producer(bootstrap_servers, REBUILD_GROUP)
    await producer.start()
    try:
        dead_letters = DeadLetterPublisher(producer, REBUILD_GROUP)
        return await ProjectionRebuild(
            database,
            [PROJECTIONS[name] for name in projections],
            bootstrap_servers=bootstrap_servers,
            topic_prefix=topic_prefix,
            dead_letters=dead_letters,
            max_records=max_records,
            on_progress=on_progress,
        ).run()
    finally:
        await producer.stop()
        await database.dispose()


def main(argv: list[str] | None = None) -> None:
    settings = ReportingSettings()
    parser = argparse.ArgumentParser(prog="reporting-rebuild", description=__doc__)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("projection", nargs="?", choices=sorted(PROJECTIONS))
    which.add_argument("--all", action="store_true", help="rebuild every projection")
    parser.add_argument(
        "--database-url",
        default=settings.database_url or None,
        help="target database (default: REPORTING_DATABASE_URL); must be fresh or a rebuild's",
    )
    parser.add_argument("--kafka-bootstrap-servers", default=settings.kafka_bootstrap_servers)
    parser.add_argument("--topic-prefix", default=settings.kafka_topic_prefix)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_MAX_RECORDS)
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set REPORTING_DATABASE_URL")
    configure_logging("reporting-rebuild", settings.log_level)
    try:
        # libuv's loop, as the services run on: less of each fetch goes to the loop itself.
        stats = uvloop.run(
            rebuild(
                args.database_url,
                bootstrap_servers=args.kafka_bootstrap_servers,
                projections=sorted(PROJECTIONS) if args.all else [args.projection],
                topic_prefix=args.topic_prefix,
                max_records=args.batch_size,
                on_progress=progress_display(sys.stderr),
            )
        )
    except RebuildError as error:
        print(f"reporting-rebuild: {error}", file=sys.stderr)
        raise SystemExit(2) from error
    for each in stats:
        print(json.dumps(vars(each) | {"records_per_second": round(each.records_per_second)}))


if __name__ == "__main__":
    main()
