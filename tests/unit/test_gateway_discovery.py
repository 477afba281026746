"""Adding a route to a service needs no gateway code: the gateway learns it, with its policy,
from the service's OpenAPI document, and shows it in its own merged /docs."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.actors import Actor, current_actor
from reporting.entrypoints.app import create_app as create_reporting
from reporting.settings import ReportingSettings

from ..gateway_fakes import bearer, gateway_settings, running_gateway


class ThrowawayQuery(BaseModel):
    note: str


class ThrowawayAnswer(BaseModel):
    subject: str
    org: str | None
    note: str


def add_throwaway_route(app: FastAPI) -> None:
    @app.post(
        "/reports/throwaway",
        dependencies=[Depends(allow(Role.PILOT_PROJECT, orgs=["PILOT-01"]))],
    )
    async def throwaway(
        query: ThrowawayQuery,
        actor: Actor = Depends(current_actor),  # noqa: B008
    ) -> ThrowawayAnswer:
        return ThrowawayAnswer(subject=actor.subject, org=actor.org, note=query.note)


@pytest.fixture
async def platform() -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI, FastAPI]]:
    # The real reporting app, never started: the throwaway route needs no database.
    reporting = create_reporting(ReportingSettings(database_url="sqlite://"))
    settings = gateway_settings("reporting")
    async with running_gateway(settings, {"reporting": reporting}) as (client, gateway):
        yield client, gateway, reporting


async def test_a_new_service_route_appears_at_the_gateway_with_its_policy(
    platform: tuple[httpx.AsyncClient, FastAPI, FastAPI],
) -> None:
    client, gateway, reporting = platform
    settings = gateway.state.settings
    pilot = bearer(settings, Role.PILOT_PROJECT, "pilot-1", org="PILOT-01")
    before = await client.post("/api/reports/throwaway", json={"note": "hi"}, headers=pilot)
    assert before.status_code == 404

    add_throwaway_route(reporting)
    await gateway.state.gateway.catalog.refresh()  # what the periodic refresh does

    allowed = await client.post("/api/reports/throwaway", json={"note": "hi"}, headers=pilot)
    other_pilot = bearer(settings, Role.PILOT_PROJECT, "pilot-2", org="PILOT-02")
    other_org = await client.post("/api/reports/throwaway", json={"note": "x"}, headers=other_pilot)
    officer = bearer(settings, Role.IOM_OFFICER, org="IOM-RW")
    other_role = await client.post("/api/reports/throwaway", json={"note": "x"}, headers=officer)
    assert allowed.status_code == 200, allowed.text
    # The service read the actor from the gateway's signed assertion.
    assert allowed.json() == {"subject": "pilot-1", "org": "PILOT-01", "note": "hi"}
    assert other_org.status_code == 403 and other_role.status_code == 403

    docs = (await client.get("/openapi.json")).json()
    operation = docs["paths"]["/api/reports/throwaway"]["post"]
    assert operation["x-roles"] == ["pilot_project"] and operation["x-orgs"] == ["PILOT-01"]
    assert "`pilot_project`" in operation["description"]
    assert {"ThrowawayQuery", "ThrowawayAnswer"} <= set(docs["components"]["schemas"])
    assert {"401", "403", "429"} <= set(operation["responses"])


async def test_docs_show_every_public_route_with_its_roles(
    platform: tuple[httpx.AsyncClient, FastAPI, FastAPI],
) -> None:
    client, _gateway, _reporting = platform
    docs = (await client.get("/openapi.json")).json()
    funnel = docs["paths"]["/api/reports/recruitment-funnel"]["get"]
    assert funnel["x-roles"] == ["iom_officer", "ministry_viewer"]
    schema_ref = funnel["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert schema_ref.rsplit("/", 1)[1] in docs["components"]["schemas"]
    assert "/api/health/ready" not in docs["paths"]
    assert (await client.get("/docs")).status_code == 200


async def test_the_gateway_refreshes_routes_by_itself() -> None:
    reporting = create_reporting(ReportingSettings(database_url="sqlite://"))
    settings = gateway_settings("reporting", routes_refresh_seconds=0.05)
    async with running_gateway(settings, {"reporting": reporting}) as (client, gateway):
        table_before = gateway.state.gateway.catalog.table
        add_throwaway_route(reporting)
        async with asyncio.timeout(10):
            # Polls for the very state asserted below: a table that knows the new route.
            while gateway.state.gateway.catalog.table is table_before or not any(
                e.upstream_path == "/reports/throwaway"
                for e in gateway.state.gateway.catalog.table.entries
            ):
                await asyncio.sleep(0.01)
        pilot = bearer(settings, Role.PILOT_PROJECT, "pilot-1", org="PILOT-01")
        answer = await client.post("/api/reports/throwaway", json={"note": "n"}, headers=pilot)
    assert answer.status_code == 200
