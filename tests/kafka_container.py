"""The same Apache Kafka as the native broker, in a container: the official `apache/kafka`
image at the version `deploy/kafka/pom.xml` pins, single-node KRaft, topic auto-creation off.

The image takes its configuration from `KAFKA_*` environment variables (a property's dots
become `_`, its underscores `__`, its dashes `___`) and, once any is given, uses none of its
packaged defaults, so every property the native `server.properties` sets is given here.
"""

import base64
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

POM = Path(__file__).resolve().parent.parent / "deploy" / "kafka" / "pom.xml"
CONTAINER_PORT = 9092
CONTROLLER_PORT = 9093


def native_kafka_version() -> str:
    found = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", POM.read_text())
    if found is None:
        raise RuntimeError(f"no <kafka.version> in {POM}")
    return found.group(1)


def kafka_image() -> str:
    return f"apache/kafka:{native_kafka_version()}"


def broker_properties(advertised_port: int) -> dict[str, str]:
    """The native broker's properties, with the listeners a container needs."""
    return {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@localhost:{CONTROLLER_PORT}",
        "listeners": f"PLAINTEXT://:{CONTAINER_PORT},CONTROLLER://:{CONTROLLER_PORT}",
        "advertised.listeners": f"PLAINTEXT://localhost:{advertised_port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": "/tmp/kraft-combined-logs",
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "broker.session.timeout.ms": "3000",
        "broker.heartbeat.interval.ms": "500",
        "controller.quorum.election.timeout.ms": "500",
        "controller.quorum.fetch.timeout.ms": "1000",
        "auto.create.topics.enable": "false",
        "num.partitions": "3",
    }


def environment_name(property_name: str) -> str:
    """`auto.create.topics.enable` → `KAFKA_AUTO_CREATE_TOPICS_ENABLE` (the image's rule)."""
    escaped = property_name.replace("_", "__").replace("-", "___").replace(".", "_")
    return f"KAFKA_{escaped.upper()}"


@contextmanager
def kafka_container() -> Iterator[str]:
    """Start the broker and yield its bootstrap address on this host."""
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    # The advertised address must name the host port before the broker starts, so the port
    # is chosen here rather than left to Docker.
    host_port = _free_port()
    container = (
        DockerContainer(kafka_image())
        .with_bind_ports(CONTAINER_PORT, host_port)
        .with_env("CLUSTER_ID", _cluster_id())
    )
    for name, value in broker_properties(host_port).items():
        container = container.with_env(environment_name(name), value)
    with container:
        wait_for_logs(container, "Kafka Server started", timeout=120)
        yield f"localhost:{host_port}"


def _cluster_id() -> str:
    """KRaft wants a cluster id that is a UUID in URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(uuid4().bytes).rstrip(b"=").decode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
