"""Every route of a service declares, with an example problem, each status it can answer;
readiness says ready or not and nothing about hosts, ports or URLs."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from diaspora_shared.runtime.http_problems import PLATFORM_STATUSES, PROBLEM_MEDIA_TYPE
from recruitment.entrypoints.app import create_app as create_recruitment
from recruitment.settings import RecruitmentSettings
from reporting.entrypoints.app import create_app as create_reporting
from reporting.settings import ReportingSettings

UNREACHABLE_DATABASE = "postgresql://platform@127.0.0.1:9/nowhere"
UNREACHABLE_KAFKA = "127.0.0.1:9"


def apps() -> dict[str, FastAPI]:
    return {
        "recruitment": create_recruitment(RecruitmentSettings()),
        "reporting": create_reporting(ReportingSettings()),
    }


def operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    return [
        (path, method, operation)
        for path, methods in paths.items()
        if not path.startswith("/health")
        for method, operation in methods.items()
    ]


@pytest.mark.parametrize("name", ["recruitment", "reporting"])
def test_every_operation_declares_the_platform_problems_with_examples(name: str) -> None:
    app = apps()[name]
    found = operations(app)
    assert found
    for path, method, operation in found:
        for status in PLATFORM_STATUSES:
            content = operation["responses"][str(status)]["content"]
            assert content.keys() == {PROBLEM_MEDIA_TYPE}, (path, method, status)
            example = content[PROBLEM_MEDIA_TYPE]["example"]
            assert example["status"] == status
            assert example["code"]
    assert "Problem" in app.openapi()["components"]["schemas"]


@pytest.mark.parametrize("name", ["recruitment"])
def test_routes_on_one_object_declare_404_and_commands_on_it_409(name: str) -> None:
    for path, method, operation in operations(apps()[name]):
        responses = operation["responses"]
        if "{" in path:
            assert "404" in responses, (path, method)
            if method in ("post", "put"):
                assert "409" in responses, (path, method)


async def ready(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get("/health/ready")


def assert_says_not_ready_only(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.json() == {"status": "not ready"}
    for internal in ("127.0.0.1", ":9", "http", "nowhere", "postgres"):
        assert internal not in response.text


async def test_a_service_not_ready_says_so_without_its_dependencies_addresses() -> None:
    settings = RecruitmentSettings(
        database_url=UNREACHABLE_DATABASE, kafka_bootstrap_servers=UNREACHABLE_KAFKA
    )
    assert_says_not_ready_only(await ready(create_recruitment(settings)))


@pytest.mark.parametrize("name", ["recruitment"])
def test_every_post_documents_the_idempotency_key_and_its_409(name: str) -> None:
    posts = [op for _path, method, op in operations(apps()[name]) if method == "post"]
    assert posts
    for operation in posts:
        names = [parameter["name"] for parameter in operation["parameters"]]
        assert "Idempotency-Key" in names
        assert PROBLEM_MEDIA_TYPE in operation["responses"]["409"]["content"]
