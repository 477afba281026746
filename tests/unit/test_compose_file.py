"""docker-compose.yml and deploy/docker/Dockerfile say what the platform in containers needs:
the images the tests and stand-ins use, topics only by declaration, one database per service,
start order by health, the gateway on loopback only, a non-root image with a health check.
`make compose-test` runs the stack itself; this reads the files, so a slip shows in `make test`."""

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..infrastructure import base_image
from ..kafka_container import kafka_image

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("recruitment", "reporting", "deployment", "grants")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services: dict[str, Any] = loaded["services"]
    return services


def test_compose_runs_the_images_the_tests_and_stand_ins_use(compose: dict[str, Any]) -> None:
    assert compose["kafka"]["image"] == base_image("KAFKA_IMAGE") == kafka_image()
    assert compose["postgres"]["image"] == base_image("POSTGRES_IMAGE")
    dockerfile = (ROOT / "deploy" / "docker" / "Dockerfile").read_text()
    assert f"ARG PYTHON_IMAGE={base_image('PYTHON_IMAGE')}" in dockerfile
    assert f"ARG NODE_IMAGE={base_image('NODE_IMAGE')}" in dockerfile
    for name in (*SERVICES, "gateway", "topics", "seed"):
        assert compose[name]["image"].startswith("diaspora-platform:"), name


def test_kafka_is_kraft_with_declared_topics_only(compose: dict[str, Any]) -> None:
    environment = compose["kafka"]["environment"]
    assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert compose["topics"]["command"] == ["platform-topics", "create"]
    assert compose["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_each_service_has_its_own_database(compose: dict[str, Any]) -> None:
    created = re.findall(
        r"CREATE DATABASE (\w+);", (ROOT / "deploy/docker/postgres-databases.sql").read_text()
    )
    assert sorted(created) == sorted(SERVICES)
    for name in SERVICES:
        url = compose[name]["environment"][f"{name.upper()}_DATABASE_URL"]
        assert url.endswith(f"@postgres:5432/{name}"), url


def test_services_start_in_order_of_health(compose: dict[str, Any]) -> None:
    for name in (*SERVICES, "gateway"):
        service = compose[name]
        conditions = {
            dependency: spec["condition"] for dependency, spec in service["depends_on"].items()
        }
        assert conditions["kafka"] == conditions["postgres"] == "service_healthy", name
        assert conditions["topics"] == "service_completed_successfully", name
        assert service["healthcheck"]["test"][-1] == "/opt/platform/bin/healthcheck.py", name
        assert service["environment"][f"{name.upper()}_HTTP_PORT"] == 8080, name
    gateway = compose["gateway"]["depends_on"]
    assert all(gateway[name]["condition"] == "service_healthy" for name in SERVICES)
    assert compose["seed"]["depends_on"]["gateway"]["condition"] == "service_healthy"


def test_only_the_gateway_is_published_and_on_loopback_only(compose: dict[str, Any]) -> None:
    published = {name: spec["ports"] for name, spec in compose.items() if "ports" in spec}
    assert list(published) == ["gateway"]
    assert all(port.startswith("127.0.0.1:") for port in published["gateway"])


def test_every_command_is_a_script_the_image_installs(compose: dict[str, Any]) -> None:
    scripts: set[str] = set()
    for pyproject in [ROOT / "shared" / "pyproject.toml", *ROOT.glob("services/*/pyproject.toml")]:
        scripts |= set(tomllib.loads(pyproject.read_text())["project"].get("scripts", {}))
    for name, service in compose.items():
        command = service.get("command")
        if command and command[0] != "python":
            assert command[0] in scripts, f"{name}: {command[0]} is not a console script"


def test_the_image_runs_as_a_non_root_user_with_a_health_check() -> None:
    dockerfile = (ROOT / "deploy" / "docker" / "Dockerfile").read_text()
    runtime = dockerfile.split("AS runtime", 1)[1]
    assert "USER 10001:10001" in runtime
    assert "HEALTHCHECK" in runtime
    # The proxy's CA bundle only ever reaches download steps as a BuildKit secret.
    assert "ca-bundle" not in runtime
    assert "COPY" in runtime and "/etc/ssl" not in runtime
