"""Every service answers `GET /metrics` outside its OpenAPI document, so the gateway, which
learns its public routes from those documents, never publishes it. A probe that fails
(here: an in-memory database that cannot be opened in WAL mode) leaves its gauges out and the
scrape still answers."""

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from deployment.entrypoints.app import create_app as create_deployment
from deployment.settings import DeploymentSettings
from grants.entrypoints.app import create_app as create_grants
from grants.settings import GrantsSettings
from recruitment.entrypoints.app import create_app as create_recruitment
from recruitment.settings import RecruitmentSettings
from reporting.entrypoints.app import create_app as create_reporting
from reporting.settings import ReportingSettings

from ..metrics_scrape import scrape, value_of

# Never started: no broker is reached, and the outbox probe's database cannot be opened.
SERVICES: dict[str, Callable[[], FastAPI]] = {
    "recruitment": lambda: create_recruitment(RecruitmentSettings(database_url="sqlite://")),
    "reporting": lambda: create_reporting(ReportingSettings(database_url="sqlite://")),
    "deployment": lambda: create_deployment(DeploymentSettings(database_url="sqlite://")),
    "grants": lambda: create_grants(GrantsSettings(database_url="sqlite://")),
}


@pytest.mark.parametrize("name", SERVICES)
async def test_metrics_answer_outside_the_openapi_document(name: str) -> None:
    app = SERVICES[name]()
    assert not any(path.endswith("/metrics") for path in app.openapi()["paths"])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
        assert (await client.get("/health/live")).status_code == 200
        samples = await scrape(client)
    live = value_of(samples, "http_requests_total", route="/health/live", status="200")
    assert live == 1
    assert value_of(samples, "outbox_pending_rows") is None  # its probe failed
