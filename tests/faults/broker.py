"""A Kafka broker of the fault suite's own, started with deploy/kafka/kafka.sh on free ports and
a temporary directory, so it can be SIGKILLed without touching the broker others share."""

import asyncio
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from ..processes import REPO, free_port

KAFKA_SH = REPO / "deploy" / "kafka" / "kafka.sh"
# Produced to after a restart to time when the broker is usable again; no service reads it.
PROBE_TOPIC = "faults.probe"


@dataclass
class OwnBroker:
    home: Path
    port: int
    controller_port: int
    partner_port: int | None = None
    """A SASL/SCRAM listener for partners, with ACLs enforced (`kafka.sh partner-add`)."""

    @classmethod
    def in_directory(cls, home: Path, *, with_partners: bool = False) -> "OwnBroker":
        partner_port = free_port() if with_partners else None
        return cls(home, free_port(), free_port(), partner_port)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def up(self) -> None:
        self._run("up")

    def kill(self) -> None:
        self._run("kill")

    def down(self) -> None:
        self._run("down")

    def add_partner(self, name: str, password: str, topic_prefix: str) -> None:
        self._run("partner-add", name, topic_prefix, KAFKA_PARTNER_PASSWORD=password)

    def _run(self, command: str, *args: str, **extra_env: str) -> None:
        env = {
            **os.environ,
            "KAFKA_HOME_DIR": str(self.home),
            "KAFKA_LIBS_DIR": os.environ.get("KAFKA_LIBS_DIR", str(REPO / ".data/kafka/libs")),
            "KAFKA_PORT": str(self.port),
            "KAFKA_CONTROLLER_PORT": str(self.controller_port),
            **extra_env,
        }
        if self.partner_port is not None:
            env["KAFKA_PARTNER_PORT"] = str(self.partner_port)
        done = subprocess.run(
            ["bash", str(KAFKA_SH), command, *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"kafka.sh {command} failed:\n{done.stderr[-3000:]}")


async def seconds_until_produce_succeeds(
    bootstrap: str, topic: str, started: float, *, timeout: float = 60.0
) -> float:
    """Seconds from `started` (a monotonic time) until a record is acknowledged by all
    in-sync replicas, retrying each failed attempt at once."""
    deadline = started + timeout
    while time.monotonic() < deadline:
        if await _produce_once(bootstrap, topic):
            return time.monotonic() - started
        await asyncio.sleep(0.05)
    raise AssertionError(f"no produce to {topic} succeeded within {timeout}s")


async def _produce_once(bootstrap: str, topic: str) -> bool:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, request_timeout_ms=2000
    )
    try:
        await asyncio.wait_for(producer.start(), 3)
        await asyncio.wait_for(producer.send_and_wait(topic, b"probe"), 3)
        return True
    except (KafkaError, TimeoutError, OSError):
        return False
    finally:
        await producer.stop()
