"""Reading the Kubernetes manifests as a cluster would get them: each overlay rendered by the
pinned kustomize (deploy/k8s/kustomize.sh builds it when missing), then looked at as plain data."""

import subprocess
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml
from faststream.kafka import KafkaBroker

from diaspora_shared.contracts.topics import DOMAIN_TOPICS, PUBLIC_TOPICS
from diaspora_shared.runtime.migrate_cli import service_definition
from diaspora_shared.runtime.service import ServiceRuntime
from tests.unit.test_asyncapi import DeclaredSubscriptions

REPO = Path(__file__).resolve().parents[2]
OVERLAYS = ("dev", "prod")
Manifest = dict[str, Any]


@cache
def rendered(overlay: str) -> tuple[Manifest, ...]:
    """What `kubectl apply -k deploy/k8s/overlays/<overlay>` would send to the cluster."""
    completed = subprocess.run(
        ["bash", str(REPO / "deploy/k8s/kustomize.sh"), "build", f"deploy/k8s/overlays/{overlay}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert completed.returncode == 0, f"kustomize build {overlay} failed:\n{completed.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(completed.stdout) if doc)


def of_kind(overlay: str, kind: str) -> list[Manifest]:
    return [doc for doc in rendered(overlay) if doc["kind"] == kind]


def named(overlay: str, kind: str, name: str) -> Manifest:
    (manifest,) = [doc for doc in of_kind(overlay, kind) if doc["metadata"]["name"] == name]
    return manifest


def pod_specs(overlay: str) -> Iterator[tuple[str, Manifest]]:
    """Every pod the overlay runs: the services' and the migration Jobs'."""
    for doc in rendered(overlay):
        if doc["kind"] in ("Deployment", "Job"):
            yield f"{doc['kind']}/{doc['metadata']['name']}", doc["spec"]["template"]["spec"]


def containers(pod: Manifest) -> list[Manifest]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def service_of(deployment: Manifest) -> str:
    """The service a Deployment runs, from its command (`recruitment-service` ...)."""
    command: str = deployment["spec"]["template"]["spec"]["containers"][0]["command"][0]
    return command.removesuffix("-service")


def env_entries(overlay: str) -> Iterator[tuple[str, Manifest]]:
    for owner, pod in pod_specs(overlay):
        for container in containers(pod):
            for entry in container.get("env", []):
                yield owner, entry


class _DeclaredByAService(DeclaredSubscriptions):
    """Stands in for the runtime while a whole service wires itself, periodic jobs included,
    and subscribers declared on the broker directly (reporting's webhook group)."""

    def __init__(self, settings: Any) -> None:
        super().__init__()
        self.settings = settings
        self.database = None  # nothing is run while declaring
        self.periodic_jobs: list[object] = []
        self.broker = KafkaBroker(logger=None)  # subscribers are declared, never started

    def __getattr__(self, name: str) -> Callable[..., None]:
        """Periodic jobs, lag probes and the like say nothing about topics."""
        return lambda *_, **__: None


def consumed_topics(service: str) -> set[str]:
    definition = service_definition(service)
    settings = definition.settings()
    declared = _DeclaredByAService(settings)
    if definition.wire is not None:
        definition.wire(cast(ServiceRuntime, declared), settings)
    topics = {event.topic for handlers in declared.groups.values() for event in handlers}
    prefix = settings.kafka_topic_prefix
    for subscriber in declared.broker.subscribers:
        topics.update(t.name.removeprefix(prefix) for t in cast(Any, subscriber).topics)
    return topics


def partitions(topic: str) -> int:
    (spec,) = [spec for spec in DOMAIN_TOPICS + PUBLIC_TOPICS if spec.name == topic]
    return spec.partitions


def selects(selector: Manifest, labels: Mapping[str, str]) -> bool:
    """Whether a label selector (matchLabels and matchExpressions) picks a pod with `labels`."""
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    return all(_meets(expression, labels) for expression in selector.get("matchExpressions", []))


def _meets(expression: Manifest, labels: Mapping[str, str]) -> bool:
    key: str = expression["key"]
    operator: str = expression["operator"]
    values: list[str] = expression.get("values", [])
    if operator == "In":
        return labels.get(key) in values
    if operator == "NotIn":
        return labels.get(key) not in values
    return (key in labels) == (operator == "Exists")


def ingress_peers(overlay: str, pod_labels: Mapping[str, str]) -> list[Manifest]:
    """Who the overlay's NetworkPolicies let reach a pod with these labels, on any port."""
    return sorted(
        (
            peer
            for policy in of_kind(overlay, "NetworkPolicy")
            if selects(policy["spec"]["podSelector"], pod_labels)
            for rule in policy["spec"].get("ingress", [])
            for peer in rule["from"]
        ),
        key=repr,
    )
