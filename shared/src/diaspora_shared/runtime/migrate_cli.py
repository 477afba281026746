"""`platform-migrate`: bring a service's database to its newest schema, or wait until it is.

platform-migrate recruitment                 upgrade to head (a deployment's migration step)
platform-migrate recruitment --wait          wait until the schema is at head (a replica's start)

The database URL comes from the service's own settings (`RECRUITMENT_DATABASE_URL`, ...), so the
command needs nothing a running service does not already have. Replicas started with
`*_MIGRATE_ON_START=false` wait for one migration step instead of racing each other at it.
"""

import argparse
import asyncio
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine

from .database import async_driver_url
from .migrations import alembic_config, upgrade_to_head
from .service_definition import ServiceDefinition

SERVICES = ("recruitment", "reporting", "deployment", "grants")


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    asyncio.run(run(args.service, wait=args.wait, timeout_seconds=args.timeout))


async def run(service: str, *, wait: bool, timeout_seconds: float) -> None:
    definition = service_definition(service)
    database_url = definition.settings().resolved_database_url()
    if wait:
        await wait_for_head(service, definition.migrations, database_url, timeout_seconds)
    else:
        await upgrade_to_head(definition.migrations, database_url)
        print(f"{service}: schema at head", file=sys.stderr)


def service_definition(service: str) -> ServiceDefinition[Any]:
    """Each service declares itself in `<service>.entrypoints.app`; shared never imports it
    statically, since the services depend on shared."""
    definition = importlib.import_module(f"{service}.entrypoints.app").SERVICE
    if not isinstance(definition, ServiceDefinition):
        raise TypeError(f"{service}.entrypoints.app.SERVICE is not a ServiceDefinition")
    return definition


async def wait_for_head(
    service: str, script_location: Path, database_url: str, timeout_seconds: float
) -> None:
    """Returns once the schema is at head; exits non-zero when it is not within the timeout."""
    deadline = time.monotonic() + timeout_seconds
    while not await schema_at_head(script_location, database_url):
        if time.monotonic() >= deadline:
            raise SystemExit(f"{service}: schema not at head after {timeout_seconds:g} s")
        print(f"{service}: waiting for the migration to bring the schema to head", file=sys.stderr)
        await asyncio.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
    print(f"{service}: schema at head", file=sys.stderr)


async def schema_at_head(script_location: Path, database_url: str) -> bool:
    """True when the database's revisions are this code's heads; an unreachable database is
    simply not there yet (its URL, which holds a password, is never printed)."""
    scripts = ScriptDirectory.from_config(alembic_config(script_location, database_url))
    heads = set(scripts.get_heads())
    engine = create_async_engine(async_driver_url(database_url), hide_parameters=True)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(_current_heads)
    except (OSError, SQLAlchemyError) as error:
        print(f"database not answering yet: {type(error).__name__}", file=sys.stderr)
        return False
    finally:
        await engine.dispose()
    return current == heads


def _current_heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Upgrade a service's database to its newest schema, or wait until it is."
    )
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument(
        "--wait", action="store_true", help="only wait until another process has upgraded it"
    )
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds --wait waits at most (600)"
    )
    return parser
