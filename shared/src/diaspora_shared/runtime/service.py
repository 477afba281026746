"""The runtime of one service process: its database, Kafka producer, outbox relay and
subscribers, started and stopped together by the HTTP app's lifespan."""

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from pathlib import Path
from typing import Any

import uvicorn
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from ..contracts.events import IntegrationEvent
from .access import publish_access_policies
from .actors import AssertionVerifier
from .body_limit import BodySizeLimit
from .consumer import BatchHandler, EventConsumer, EventHandler
from .database import Database
from .dead_letters import DeadLetterPublisher
from .errors import install_problem_handlers
from .health import ReadinessCheck, health_router
from .kafka import create_producer
from .logging import configure_logging, get_logger
from .metrics import ServiceMetrics
from .metrics_probes import ConsumerOf, consumer_lag_gauges, outbox_gauges
from .operations_http import operations_router
from .outbox_admin import Pruned, prune
from .outbox_relay import OutboxRelay
from .periodic import Job, PeriodicJob
from .settings import ServiceSettings
from .subscriptions import Membership, subscribe
from .tracing import configure_tracing
from .unit_of_work import UnitOfWork


class ServiceRuntime:
    def __init__(self, settings: ServiceSettings, *, migrations: Path) -> None:
        self.settings = settings
        self.migrations = migrations
        self.database = Database(settings.resolved_database_url())
        # On PostgreSQL the relay has a connection of its own: however many requests queue for
        # the main pool, committed events keep leaving. SQLite serialises writers anyway.
        self.relay_database = (
            self.database
            if self.database.is_sqlite
            else Database(settings.resolved_database_url(), pool_size=1, max_overflow=0)
        )
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers, client_id=settings.service_name, logger=None
        )
        self.consumers: list[EventConsumer] = []
        self._subscriptions: list[
            tuple[str, Mapping[type[IntegrationEvent], EventHandler], BatchHandler | None]
        ] = []
        # Kafka clients bind to the running event loop, so they are made in start().
        self._producer: AIOKafkaProducer | None = None
        self.periodic_jobs: list[PeriodicJob] = []
        self.relay: OutboxRelay | None = None
        self.every("outbox-pruning", settings.housekeeping_interval_seconds, self.prune)
        self._subscribers_starting: asyncio.Task[None] | None = None
        self.metrics = ServiceMetrics()
        self._kafka_consumers: list[tuple[str, ConsumerOf]] = []
        self.metrics.add_probe("outbox", lambda: outbox_gauges(self.database))
        self.metrics.add_probe("consumer-lag", lambda: consumer_lag_gauges(self._kafka_consumers))

    @property
    def producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise RuntimeError("the service runtime is not started")
        return self._producer

    def unit_of_work(self, correlation_id: str | None = None) -> UnitOfWork:
        return UnitOfWork(
            self.database,
            event_source=self.settings.event_source,
            on_events_committed=self.wake_relay,
            correlation_id=correlation_id,
        )

    def every(self, name: str, interval_seconds: float, job: Job) -> None:
        """Run `job` every `interval_seconds` while the service runs."""
        self.periodic_jobs.append(PeriodicJob(name, interval_seconds, job))

    def consume(
        self,
        group_id: str,
        handlers: Mapping[type[IntegrationEvent], EventHandler],
        *,
        batch: BatchHandler | None = None,
    ) -> None:
        """Declare a subscription; it is bound to Kafka when the service starts. With `batch`,
        each fetch is applied in one transaction, `handlers` being the fallback
        for a batch that fails (`consumer_batch`); without it, one transaction per event."""
        self._subscriptions.append((group_id, handlers, batch))

    async def start(self) -> None:
        settings = self.settings
        if settings.migrate_on_start:
            # Imported only here: where a migration job upgrades the schema (the cluster), the
            # service never loads Alembic and its templates (about 20 MB).
            from .migrations import upgrade_to_head

            await upgrade_to_head(self.migrations, settings.resolved_database_url())
        self._producer = create_producer(settings.kafka_bootstrap_servers, settings.service_name)
        await self._producer.start()
        self.relay = OutboxRelay(
            self.relay_database,
            self._producer,
            topic_prefix=settings.kafka_topic_prefix,
            poll_interval_seconds=settings.outbox_poll_interval_seconds,
            max_attempts=settings.outbox_max_attempts,
        )
        self.relay.start()
        for job in self.periodic_jobs:
            job.start()
        for group_id, handlers, batch in self._subscriptions:
            self._bind(group_id, handlers, batch)
        if self.consumers:
            # Joining a consumer group can take a whole session timeout after a crash (another
            # member's session must expire first); HTTP reads and readiness must not wait for it.
            self._subscribers_starting = asyncio.create_task(self._start_subscribers())
        get_logger().info("service started", consumers=[c.group_id for c in self.consumers])

    def _bind(
        self,
        group_id: str,
        handlers: Mapping[type[IntegrationEvent], EventHandler],
        batch: BatchHandler | None,
    ) -> None:
        consumer = EventConsumer(
            group_id=group_id,
            database=self.database,
            handlers=handlers,
            dead_letters=DeadLetterPublisher(self.producer, group_id),
            max_attempts=self.settings.consumer_max_attempts,
            retry_backoff_seconds=self.settings.consumer_retry_backoff_seconds,
            on_settled=lambda topic, outcome, records: self.metrics.event_settled(
                group_id, topic, outcome.value, records
            ),
            batch_handler=batch,
        )
        membership = Membership(
            self.settings.consumer_instance_name, self.settings.consumer_session_timeout_ms
        )
        subscriber = subscribe(
            self.broker,
            consumer,
            topic_prefix=self.settings.kafka_topic_prefix,
            membership=membership,
            batch_max_records=self.settings.consumer_batch_max_records,
        )
        self.consumers.append(consumer)
        self.watch_lag(group_id, subscriber)

    def watch_lag(self, group_id: str, subscriber: Any) -> None:
        """Report the lag of a FastStream subscriber's partitions in `/metrics`; subscribers
        declared on the broker directly call this themselves."""
        self._kafka_consumers.append((group_id, lambda: subscriber.consumer))

    async def prune(self) -> Pruned:
        """Drop sent outbox rows and processed event ids older than their retention."""
        pruned = await prune(
            self.database,
            sent_retention=timedelta(hours=self.settings.outbox_sent_retention_hours),
            redelivery_horizon=timedelta(hours=self.settings.processed_events_retention_hours),
        )
        get_logger().info(
            "pruned", outbox_rows=pruned.sent_rows, processed_events=pruned.processed_events
        )
        return pruned

    def consumer_metrics(self) -> dict[str, dict[str, int]]:
        """Records settled per consumer group and outcome (applied, skipped, ...)."""
        return {c.group_id: {k.value: n for k, n in c.outcomes.items()} for c in self.consumers}

    async def _start_subscribers(self) -> None:
        try:
            await self.broker.start()
        except Exception as error:
            get_logger().error("subscribers failed to start", error=str(error)[:500])
            raise

    def wake_relay(self) -> None:
        if self.relay is not None:
            self.relay.wake()

    async def stop(self) -> None:
        for job in self.periodic_jobs:
            await job.stop()
        if self._subscribers_starting is not None:
            self._subscribers_starting.cancel()
            with suppress(BaseException):
                await self._subscribers_starting
            await self.broker.stop()
        if self.relay is not None:
            await self.relay.stop()
        if self._producer is not None:
            await self._producer.stop()
        await self.database.dispose()
        if self.relay_database is not self.database:
            await self.relay_database.dispose()
        get_logger().info("service stopped")

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        return {"database": self.database.ping, "kafka": self._kafka_answers}

    async def _kafka_answers(self) -> None:
        await self.producer.client.fetch_all_metadata()


def create_service_app(runtime: ServiceRuntime, *, title: str, description: str) -> FastAPI:
    """A FastAPI app whose lifespan owns the runtime; nothing connects before it starts."""
    configure_logging(runtime.settings.service_name, runtime.settings.log_level)
    configure_tracing(runtime.settings.service_name, runtime.settings.trace_exporter)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, description=description, lifespan=lifespan)
    install_problem_handlers(app)
    app.include_router(health_router(runtime.readiness_checks()))
    app.include_router(operations_router(runtime.settings.service_name))
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.http_max_body_bytes)
    app.state.runtime = runtime
    secret = runtime.settings.internal_assertion_secret
    app.state.assertion_verifier = AssertionVerifier(
        secret=secret.get_secret_value() if secret else None,
        audience=runtime.settings.service_name,
    )
    publish_access_policies(app)
    return app


def serve(app: FastAPI, host: str, port: int, max_concurrency: int) -> None:
    """Run one service process; uvicorn turns SIGTERM and SIGINT into a graceful shutdown that
    runs the lifespan's stop (subscribers, relay, producer, database) before exiting.

    Beyond `max_concurrency` connections and requests, uvicorn answers 503 at once: under
    overload the service sheds the excess instead of queueing work its callers gave up on."""
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=None,
        timeout_graceful_shutdown=10,
        limit_concurrency=max_concurrency,
    )
