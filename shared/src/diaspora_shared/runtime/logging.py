"""Structured JSON logs; every consumed message gets a logger bound with where it came from.

Every line, from structlog or from a library through the standard `logging` module, passes
`scrub_personal_data` last, so a personal field or an e-mail address that slipped into a log
call or an exception message is masked before it is written.
"""

import logging
import sys
from typing import Any

import structlog
from structlog.typing import Processor

from .log_scrubbing import scrub_personal_data

Logger = structlog.stdlib.BoundLogger


def configure_logging(service_name: str, level: str = "INFO") -> None:
    threshold = logging.getLevelName(level.upper())
    _route_standard_logging(threshold)
    structlog.configure(
        processors=[*_enrichers(), *_renderers()],
        wrapper_class=structlog.make_filtering_bound_logger(threshold),
        # No file given: structlog then writes to whatever sys.stdout is at the time.
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service_name)


def get_logger(**bound: Any) -> Any:
    return structlog.get_logger().bind(**bound)


def logs_at(level: int) -> bool:
    """Whether a line at `level` would be written, so hot loops can skip building it."""
    return bool(structlog.get_logger().is_enabled_for(level))


def _enrichers() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _renderers() -> list[Processor]:
    # Exceptions are rendered to text first, so the scrubber sees their messages too.
    return [
        structlog.processors.format_exc_info,
        scrub_personal_data,
        structlog.processors.JSONRenderer(),
    ]


def _route_standard_logging(threshold: int) -> None:
    """Uvicorn, SQLAlchemy, aiokafka and the rest log through `logging`: their lines get the
    same JSON shape and the same scrubbing."""
    handler = _StandardOutput()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*_enrichers(), structlog.stdlib.add_logger_name],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *_renderers()],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(threshold)
    # httpx logs every request the gateway forwards: its own access line already says it.
    for noisy in ("aiokafka", "faststream", "alembic", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, threshold))
    logging.getLogger("uvicorn.access").addFilter(_quiet_probes)


# Orchestrators and scrapers ask every few seconds; a line each would drown the real requests.
_PROBE_PATHS = ("/health/", "/metrics")


def _quiet_probes(record: logging.LogRecord) -> bool:
    """Access lines of health checks and metrics scrapes are kept only at debug level."""
    if record.levelno > logging.INFO or not isinstance(record.args, tuple):
        return True
    path = record.args[2] if len(record.args) > 2 else ""
    return not (isinstance(path, str) and path.startswith(_PROBE_PATHS))


class _StandardOutput(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stdout is when a line is logged, not when logging was set up,
    so a replaced (and since closed) stdout never breaks logging."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)
