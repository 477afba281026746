"""The Prometheus series one process exposes at `GET /metrics`.

Every process (and every app a test builds) has a registry of its own, so several apps in one
process never share or collide on a series. Counters and the latency histogram change as
requests and events are settled; the outbox and consumer-lag gauges are read by probes at
scrape time, so an idle service costs nothing between scrapes.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from .logging import get_logger

Probe = Callable[[], Awaitable[Iterable[Metric]]]
"""Reads some gauges at scrape time (a database query, a consumer's positions)."""

PROBE_TIMEOUT_SECONDS: Final = 2.0
LATENCY_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServiceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "http_requests",
            "HTTP requests answered, by route template, method and status.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.http_duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method.",
            ("route", "method"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.events = Counter(
            "events_consumed",
            "Kafka records settled by a consumer group, by topic and outcome "
            "(applied, duplicate, skipped, dead_lettered).",
            ("group", "topic", "outcome"),
            registry=self.registry,
        )
        self._probed = _ProbedGauges()
        self.registry.register(self._probed)

    def add_probe(self, name: str, probe: Probe) -> None:
        self._probed.probes[name] = probe

    def event_settled(self, group: str, topic: str, outcome: str, records: int = 1) -> None:
        self.events.labels(group=group, topic=topic, outcome=outcome).inc(records)

    def request_answered(self, route: str, method: str, status: int, seconds: float) -> None:
        self.http_requests.labels(route=route, method=method, status=str(status)).inc()
        self.http_duration.labels(route=route, method=method).observe(seconds)

    async def exposition(self) -> bytes:
        """The text format, with the probed gauges read just now."""
        await self._probed.refresh()
        return generate_latest(self.registry)


class _ProbedGauges(Collector):
    """Gauges a probe read at the last scrape. A probe that fails or times out yields nothing
    for this scrape: a missing series tells an operator more than a stale value would."""

    def __init__(self) -> None:
        self.probes: dict[str, Probe] = {}
        self._latest: list[Metric] = []

    async def refresh(self) -> None:
        results = await asyncio.gather(*(self._read(n, p) for n, p in self.probes.items()))
        self._latest = [family for families in results for family in families]

    async def _read(self, name: str, probe: Probe) -> list[Metric]:
        try:
            return list(await asyncio.wait_for(probe(), PROBE_TIMEOUT_SECONDS))
        except Exception as error:
            get_logger().warning("metrics probe failed", probe=name, error=str(error)[:300])
            return []

    def collect(self) -> Iterator[Metric]:
        return iter(self._latest)

    def describe(self) -> Iterator[Metric]:
        # Nothing to declare up front: the families depend on what the probes find.
        return iter(())
