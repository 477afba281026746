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
from pathlib import Path

from .kafka_container import kafka_container

NATIVE_KAFKA = "127.0.0.1:9092"
NATIVE_POSTGRES = "postgresql://platform@127.0.0.1:55432/postgres"
# The images docker-compose.yml runs (deploy/docker/stand-ins.sh builds local ones where no
# registry answers; `make test` calls it before the tests start containers).
IMAGES = Path(__file__).resolve().parent.parent / "deploy" / "docker" / "images.env"


def base_image(name: str) -> str:
    """An image named in deploy/docker/images.env, e.g. `POSTGRES_IMAGE`."""
    for line in IMAGES.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() == name:
            return value.strip()
    raise RuntimeError(f"no {name} in {IMAGES}")


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

        with PostgresContainer(base_image("POSTGRES_IMAGE"), driver=None) as postgres:
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
