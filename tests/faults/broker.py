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

    @classmethod
    def in_directory(cls, home: Path) -> "OwnBroker":
        return cls(home=home, port=free_port(), controller_port=free_port())

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def up(self) -> None:
        self._run("up")

    def kill(self) -> None:
        self._run("kill")

    def down(self) -> None:
        self._run("down")

    def _run(self, command: str) -> None:
        env = {
            **os.environ,
            "KAFKA_HOME_DIR": str(self.home),
            "KAFKA_LIBS_DIR": os.environ.get("KAFKA_LIBS_DIR", str(REPO / ".data/kafka/libs")),
            "KAFKA_PORT": str(self.port),
            "KAFKA_CONTROLLER_PORT": str(self.controller_port),
        }
        done = subprocess.run(
            ["bash", str(KAFKA_SH), command], env=env, capture_output=True, text=True, check=False
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
