"""End-to-end latency and memory: the gateway, recruitment and reporting as separate processes
on Kafka and PostgreSQL, driven by HTTP commands at a fixed offered rate (open loop)."""

import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.migrations import upgrade_to_head
from gateway.auth import mint_token
from gateway.settings import GatewaySettings
from recruitment.entrypoints.app import MIGRATIONS as RECRUITMENT_MIGRATIONS
from reporting.entrypoints.app import MIGRATIONS as REPORTING_MIGRATIONS

from .loads import sustained
from .reads import report_reads
from .stages import CommandTimes, breakdown

REPO = Path(__file__).resolve().parent.parent
SERVICES = ("recruitment", "reporting", "gateway")
POLL_INTERVAL_SECONDS = 0.005


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ServiceProcess:
    def __init__(self, module: str, env: dict[str, str], log_path: Path, url: str) -> None:
        self.module = module
        self.url = url
        self.log_path = log_path
        log = log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-m", module],
            env={**os.environ, **env},
            cwd=REPO,
            stdout=log,
            stderr=log,
        )

    def rss_mb(self) -> float:
        return float(psutil.Process(self.process.pid).memory_info().rss) / 2**20

    async def wait_ready(self, within: float = 90.0) -> None:
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.module} exited early; see {self.log_path}")
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{self.url}/health/ready")).status_code == 200:
                        return
                await asyncio.sleep(0.2)
        raise RuntimeError(f"{self.module} not ready in {within}s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@dataclass
class LoadResult:
    rate: float
    duration: float
    offered: int
    accepted: int
    visible: int
    latencies_ms: list[float] = field(default_factory=list)
    command_ms: list[float] = field(default_factory=list)
    last_answer_at: float = 0.0
    failed: int = 0
    refused: dict[int, int] = field(default_factory=dict)
    started_at: float = 0.0
    commands: dict[str, CommandTimes] = field(default_factory=dict)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 0.50), 1),
        "p95": round(percentile(values, 0.95), 1),
        "p99": round(percentile(values, 0.99), 1),
        "max": round(max(values), 1) if values else float("nan"),
    }


def call_body(index: int) -> dict[str, Any]:
    today = datetime.now(UTC).date()
    return {
        "track": "TVET" if index % 2 else "HEALTH",
        "title": f"Bench call {index}",
        "target": 1 + index % 50,
        "courses_or_specialties": ["ICT", "Energy"] if index % 2 else ["Surgery"],
        "opens_on": str(today - timedelta(days=1)),
        "closes_on": str(today + timedelta(days=60)),
    }


class Platform:
    """The three services on fresh PostgreSQL databases and their own copy of the topics."""

    def __init__(self, bootstrap: str, prefix: str, databases: dict[str, str], logs: Path) -> None:
        ports = {name: free_port() for name in SERVICES}
        self.urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        self.reporting_database = databases["reporting"]
        self.recruitment_database = databases["recruitment"]
        self.bootstrap = bootstrap
        self.prefix = prefix
        secret = secrets.token_urlsafe(48)
        assertion_secret = secrets.token_urlsafe(48)
        self.gateway_settings = GatewaySettings(
            jwt_secret=secret, internal_assertion_secret=assertion_secret
        )
        common = {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "GATEWAY_JWT_SECRET": secret,
            "GATEWAY_INTERNAL_ASSERTION_SECRET": assertion_secret,
            "RECRUITMENT_INTERNAL_ASSERTION_SECRET": assertion_secret,
            "REPORTING_INTERNAL_ASSERTION_SECRET": assertion_secret,
        }
        self.processes: dict[str, ServiceProcess] = {}
        for name in ("recruitment", "reporting"):
            env = {
                **common,
                # Migrated beforehand (`measure`), as a cluster's migration job does: the
                # process then never loads Alembic, and its memory is what a replica's is.
                f"{name.upper()}_MIGRATE_ON_START": "false",
                f"{name.upper()}_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
                f"{name.upper()}_KAFKA_TOPIC_PREFIX": prefix,
                f"{name.upper()}_DATABASE_URL": databases[name],
                f"{name.upper()}_HTTP_PORT": str(ports[name]),
            }
            self.processes[name] = ServiceProcess(name, env, logs / f"{name}.log", self.urls[name])
        gateway_env = {
            **common,
            "GATEWAY_HTTP_PORT": str(ports["gateway"]),
            "GATEWAY_UPSTREAMS": json.dumps(
                [{"name": name, "url": self.urls[name]} for name in ("recruitment", "reporting")]
            ),
            # The benchmark offers load from one client on purpose; rate limits would cap it.
            "GATEWAY_RATE_LIMIT_SUBJECT_PER_SECOND": "1000000",
            "GATEWAY_RATE_LIMIT_SUBJECT_BURST": "1000000",
            "GATEWAY_RATE_LIMIT_CLIENT_PER_SECOND": "1000000",
            "GATEWAY_RATE_LIMIT_CLIENT_BURST": "1000000",
        }
        self.processes["gateway"] = ServiceProcess(
            "gateway", gateway_env, logs / "gateway.log", self.urls["gateway"]
        )

    async def wait_ready(self) -> None:
        for process in self.processes.values():
            await process.wait_ready()

    def rss_mb(self) -> dict[str, float]:
        return {name: round(p.rss_mb(), 1) for name, p in self.processes.items()}

    def officer_headers(self) -> dict[str, str]:
        token = mint_token(self.gateway_settings, "bench-officer", Role.IOM_OFFICER)
        return {"Authorization": f"Bearer {token}"}

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()


async def offered_load(
    platform: Platform, rate: float, duration: float, first_index: int
) -> LoadResult:
    """Open a call every 1/rate seconds, whatever the answers' pace, and time each from its
    scheduled send until its row is in reporting's projection (polled every 5 ms)."""
    count = round(rate * duration)
    result = LoadResult(rate=rate, duration=duration, offered=count, accepted=0, visible=0)
    pending: dict[str, float] = {}
    headers = platform.officer_headers()
    connection = await asyncpg.connect(platform.reporting_database)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    done_sending = asyncio.Event()
    wall_offset = time.time() - time.perf_counter()

    async def poll() -> None:
        while not (done_sending.is_set() and not pending):
            if pending:
                rows = await connection.fetch(
                    "SELECT call_id FROM track_targets WHERE call_id = ANY($1::varchar[])",
                    list(pending),
                )
                now = time.perf_counter()
                for row in rows:
                    sent = pending.pop(row["call_id"])
                    result.latencies_ms.append((now - sent) * 1000)
                    result.commands[row["call_id"]].visible = now + wall_offset
            await asyncio.sleep(POLL_INTERVAL_SECONDS)

    async with httpx.AsyncClient(
        base_url=platform.urls["gateway"], timeout=30, limits=limits
    ) as client:

        async def command(index: int, scheduled: float) -> None:
            try:
                response = await client.post(
                    "/api/recruitment/calls", json=call_body(index), headers=headers
                )
            except httpx.HTTPError:
                result.failed += 1  # counted, not retried: the schedule is open loop
                return
            result.last_answer_at = time.perf_counter()
            result.command_ms.append((result.last_answer_at - scheduled) * 1000)
            if response.status_code == 201:
                result.accepted += 1
                call_id = response.json()["call_id"]
                result.commands[call_id] = CommandTimes(
                    scheduled=scheduled + wall_offset, answered=result.last_answer_at + wall_offset
                )
                pending[call_id] = scheduled
            else:
                status = response.status_code
                result.refused[status] = result.refused.get(status, 0) + 1
                if len(result.refused) == 1 and result.refused[status] == 1:
                    print(f"bench: command refused with {status}: {response.text[:300]}")

        poller = asyncio.create_task(poll())
        tasks = []
        start = time.perf_counter() + 0.05
        result.started_at = start
        for i in range(count):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(command(first_index + i, scheduled)))
        await asyncio.gather(*tasks)
        done_sending.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(poller, timeout=60)
    await connection.close()
    result.visible = len(result.latencies_ms)
    return result


def figures_of(result: "LoadResult") -> dict[str, Any]:
    return summary(result.latencies_ms) | {
        "offered": result.offered,
        "accepted": result.accepted,
        "failed": result.failed,
        "refused": {str(k): v for k, v in result.refused.items()},
        "visible": result.visible,
        "command_p50": round(percentile(result.command_ms, 0.5), 1),
        "command_p99": round(percentile(result.command_ms, 0.99), 1),
        "achieved_per_s": round(result.accepted / (result.last_answer_at - result.started_at), 1)
        if result.accepted and result.last_answer_at > result.started_at
        else 0.0,
    }


async def measure(
    bootstrap: str,
    prefix: str,
    databases: dict[str, str],
    logs: Path,
    loads: list[float],
    duration: float,
    settle_seconds: float = 3.0,
    read_seconds: float = 6.0,
) -> dict[str, Any]:
    await upgrade_to_head(RECRUITMENT_MIGRATIONS, databases["recruitment"])
    await upgrade_to_head(REPORTING_MIGRATIONS, databases["reporting"])
    platform = Platform(bootstrap, prefix, databases, logs)
    try:
        await platform.wait_ready()
        await asyncio.sleep(settle_seconds)
        idle = platform.rss_mb()
        # A short warm-up so the first measured commands do not pay for lazy imports.
        await offered_load(platform, rate=20, duration=2, first_index=1_000_000)
        results = []
        stage_breakdowns = []
        index = 0
        for rate in loads:
            results.append(await offered_load(platform, rate, duration, index))
            index += round(rate * duration)
            stage_breakdowns.append(
                await breakdown(
                    results[-1].commands,
                    bootstrap=platform.bootstrap,
                    prefix=platform.prefix,
                    recruitment_database=platform.recruitment_database,
                    reporting_database=platform.reporting_database,
                )
            )
            if not sustained(rate, figures_of(results[-1])):
                break  # saturated: higher loads would only queue longer
        reads = await report_reads(platform, logs, read_seconds) if read_seconds > 0 else {}
        await asyncio.sleep(settle_seconds)
        after = platform.rss_mb()
    finally:
        platform.stop()
    return reads | {
        "e2e_latency_ms": {
            f"{rate:g}/s": figures_of(result) | {"stages_ms": stages}
            for rate, result, stages in zip(loads, results, stage_breakdowns, strict=False)
        },
        "rss_mb": {name: {"idle": idle[name], "after_load": after[name]} for name in SERVICES},
    }
