"""Alembic glue shared by every service: each service keeps its own migration scripts and its
own database, and runs them through these helpers."""

import asyncio
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from .database import async_driver_url


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", async_driver_url(database_url))
    return config


async def upgrade_to_head(script_location: Path, database_url: str) -> None:
    # Alembic drives its own event loop (see run_env), so it runs in a worker thread.
    config = alembic_config(script_location, database_url)
    await asyncio.to_thread(command.upgrade, config, "head")


def run_env() -> None:
    """The body of every service's `env.py`."""
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("sqlalchemy.url is not set for the migrations")
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url))


async def _run_online(url: str) -> None:
    engine = create_async_engine(url, hide_parameters=True)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_with_connection)
            await connection.commit()
    finally:
        await engine.dispose()


def _run_with_connection(connection: Connection) -> None:
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def create_outbox_table() -> None:
    """The outbox as of its first version; later changes get migrations of their own."""
    op.create_table(
        "outbox_messages",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("message_key", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(1000), nullable=True),
    )
    op.create_index("ix_outbox_messages_sent_at", "outbox_messages", ["sent_at"])


def create_processed_events_table() -> None:
    op.create_table(
        "processed_events",
        sa.Column("consumer_group", sa.String(200), primary_key=True),
        sa.Column("event_id", sa.String(200), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )


def add_outbox_parking() -> None:
    """Second version of the outbox: parked rows, and an index to prune processed events."""
    op.add_column("outbox_messages", sa.Column("parked_at", sa.DateTime(timezone=True)))
    op.add_column("outbox_messages", sa.Column("park_reason", sa.String(1000)))
    # Partial: it holds the few parked rows only, so the relay finds their keys at once, and
    # no planner mistakes it for a way to find pending rows (whose parked_at is null).
    parked = sa.text("parked_at IS NOT NULL")
    op.create_index(
        "ix_outbox_messages_parked_keys",
        "outbox_messages",
        ["topic", "message_key"],
        sqlite_where=parked,
        postgresql_where=parked,
    )
    op.create_index("ix_processed_events_processed_at", "processed_events", ["processed_at"])


def drop_outbox_parking() -> None:
    op.drop_index("ix_processed_events_processed_at", "processed_events")
    op.drop_index("ix_outbox_messages_parked_keys", "outbox_messages")
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("park_reason")
        batch.drop_column("parked_at")


def create_idempotency_keys_table() -> None:
    """Answers of POST requests sent with an Idempotency-Key (see runtime/idempotency.py), as
    of the version that marks the effect committed in the command's own transaction."""
    op.create_table(
        "idempotency_keys",
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("idempotency_key", sa.String(255), primary_key=True),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=True),
        sa.Column("content_type", sa.String(100), nullable=True),
        sa.Column("body", sa.LargeBinary, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effect_committed_at", sa.DateTime(timezone=True), nullable=True),
    )
