from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from diaspora_shared.runtime.settings import ServiceSettings

from .service_layer.exports.dhis2_mapping import DEFAULT_MAPPING


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore")

    service_name: str = "reporting"
    http_port: int = 8002
    report_freshness_seconds: float = Field(
        default=0.5,
        ge=0,
        le=60,
        description="For this long, reports reuse the positions of the read models they last "
        "read instead of asking the database again: a report may lag an applied event by that "
        "much, and is answered from memory meanwhile. 0 reads them on every request.",
    )
    small_cell_threshold: int = Field(
        default=5,
        ge=1,
        description="Counts below it in a disaggregation by country or institution are shown "
        'as "<N" in ministry and partner views.',
    )
    dhis2_mapping_file: Path = Field(
        default=DEFAULT_MAPPING,
        description="The DHIS2 mapping (data elements, category option combos, org units) the "
        "MoH export uses; checked at start.",
    )
    webhook_allow_loopback_http: bool = Field(
        default=False,
        description="Development and tests only: webhook endpoints on loopback may use plain "
        "http. Private and reserved addresses stay refused either way.",
    )
    webhook_timeout_seconds: float = Field(
        default=10, gt=0, le=60, description="Longest a webhook POST may take."
    )
    webhook_max_attempts: int = Field(
        default=8, ge=1, le=30, description="Attempts after which a delivery is failed."
    )
    webhook_backoff_seconds: float = Field(
        default=5, gt=0, description="Wait after the first failed attempt; doubles each time."
    )
    webhook_backoff_max_seconds: float = Field(
        default=3600, gt=0, description="Longest wait between two attempts."
    )
    webhook_poll_interval_seconds: float = Field(
        default=0.5, gt=0, description="How often the bridge looks for deliveries due."
    )
    webhook_log_retention_days: float = Field(
        default=30,
        gt=0,
        description="Finished webhook deliveries stay in the partners' log this long; pending "
        "ones stay until they finish.",
    )
