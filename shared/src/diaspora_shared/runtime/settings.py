"""Settings every service shares; each service subclasses with its own env prefix."""

import socket
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .tracing import TraceExporter

# A live backlog drained in fetches of 1,000 records went at 2,900 events/s (`make bench`'s
# live projections), of 2,000 at 3,500, of 5,000 at 3,700: each fetch costs a transaction and an
# offset commit whatever its size. 2,000 takes most of the gain for two fifths of the memory.
DEFAULT_BATCH_MAX_RECORDS = 2_000

DATA_DIR = Path(".data")


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    service_name: str = Field(
        description="Name used in logs, CloudEvents source and consumer groups."
    )
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_prefix: str = Field(
        default="", description="Prepended to every topic name, so environments can share a broker."
    )
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty means one SQLite file per service in .data/."
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    http_max_concurrency: int = Field(
        default=200, ge=1, description="Connections and requests served at once; beyond, 503."
    )
    http_max_body_bytes: int = Field(
        default=1024 * 1024, ge=1, description="Largest request body accepted (413 beyond)."
    )
    internal_assertion_secret: SecretStr | None = Field(
        default=None,
        description="Key the gateway signs internal assertions with; without it every request "
        "that needs an actor is refused.",
    )
    person_ref_key: SecretStr | None = Field(
        default=None,
        description="Key of the person reference (a keyed pseudonym of a login subject) that "
        "recruitment puts on acceptances and deployment and grants compare with their caller's; "
        "the same in every service. Without it, professionals cannot act on their own records.",
    )
    log_level: str = "INFO"
    trace_exporter: TraceExporter = Field(
        default="none",
        description="Where spans go: none (only trace ids travel, nothing is recorded), "
        "console, or otlp (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT, whose presence alone "
        "turns otlp on).",
    )
    consumer_max_attempts: int = Field(default=3, ge=1)
    consumer_retry_backoff_seconds: float = Field(default=0.2, ge=0)
    consumer_batch_max_records: int = Field(
        default=DEFAULT_BATCH_MAX_RECORDS,
        ge=1,
        description="Records per fetch for subscriptions applied in batches.",
    )
    consumer_instance_name: str = Field(
        default_factory=socket.gethostname,
        description="Stable name of this instance; with the group it forms the static "
        "`group_instance_id`, so a restarted instance takes its partitions back at once.",
    )
    consumer_session_timeout_ms: int = Field(default=10_000, ge=6_000)
    outbox_poll_interval_seconds: float = Field(default=1.0, gt=0)
    outbox_max_attempts: int = Field(
        default=5, ge=1, description="Refusals by Kafka after which an outbox row is parked."
    )
    outbox_sent_retention_hours: float = Field(
        default=168, gt=0, description="How long sent outbox rows are kept before pruning."
    )
    processed_events_retention_hours: float = Field(
        default=720,
        gt=0,
        description="Redelivery horizon: ids of events processed longer ago are pruned, so a "
        "copy arriving later would be applied again.",
    )
    housekeeping_interval_seconds: float = Field(
        default=3600, gt=0, description="How often old outbox rows and processed ids are pruned."
    )
    migrate_on_start: bool = True

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        DATA_DIR.mkdir(exist_ok=True)
        return f"sqlite:///{DATA_DIR.resolve() / self.service_name}.db"

    @property
    def event_source(self) -> str:
        return f"/iom/diaspora/{self.service_name}"
