"""Where the tests find Kafka and PostgreSQL.

In order: an address given in the environment; a container started with testcontainers when a
Docker engine answers; otherwise the natively started broker and server (`make test` starts
them). When none answers the tests fail: they never skip for a missing service.
"""

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from .kafka_container import kafka_container

NATIVE_KAFKA = "127.0.0.1:9092"
NATIVE_POSTGRES = "postgresql://platform@127.0.0.1:55432/postgres"


def docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        probe = subprocess.run(["docker", "info"], capture_output=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


@contextmanager
def kafka_bootstrap_servers() -> Iterator[str]:
    if address := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield address
    elif docker_answers():
        with kafka_container() as address:
            yield address
    else:
        yield NATIVE_KAFKA


@contextmanager
def postgres_admin_url() -> Iterator[str]:
    if url := os.environ.get("TEST_POSTGRES_URL"):
        yield url
    elif docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16", driver=None) as postgres:
            yield postgres.get_connection_url()
    else:
        yield NATIVE_POSTGRES


def require_reachable(address: str, what: str) -> None:
    host, _, port = address.split(",")[0].rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=5):
            return
    except OSError as error:
        raise AssertionError(
            f"{what} is not reachable at {address} ({error}); start it with `make test` "
            f"or set its address in the environment"
        ) from error
