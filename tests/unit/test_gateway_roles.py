"""The role matrix, generated from the services' own OpenAPI documents: every public route
against every role, at the gateway and at the service itself. A route without a declared
policy fails here."""

from collections.abc import AsyncIterator
from functools import cache
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from deployment.entrypoints.app import create_app as create_deployment
from deployment.settings import DeploymentSettings
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.assertions import verify_assertion
from gateway.route_table import RouteEntry, entries_from_openapi, operations_without_policy
from recruitment.entrypoints.app import create_app as create_recruitment
from recruitment.settings import RecruitmentSettings
from reporting.entrypoints.app import create_app as create_reporting
from reporting.settings import ReportingSettings

from ..assertions import TEST_ASSERTION_SECRET, as_role
from ..gateway_fakes import bearer, echo_upstream, gateway_settings, running_gateway

SERVICES = ("recruitment", "reporting", "deployment")


@cache
def service_apps() -> dict[str, FastAPI]:
    # Never started: no database or broker is touched, only routes and their policies.
    return {
        "recruitment": create_recruitment(RecruitmentSettings(database_url="sqlite://")),
        "reporting": create_reporting(ReportingSettings(database_url="sqlite://")),
        "deployment": create_deployment(DeploymentSettings(database_url="sqlite://")),
    }


@cache
def documents() -> dict[str, dict[str, Any]]:
    return {name: app.openapi() for name, app in service_apps().items()}


def route_table() -> list[RouteEntry]:
    return [e for name in SERVICES for e in entries_from_openapi(name, "/api", documents()[name])]


def concrete(path: str) -> str:
    """A template path with every parameter filled in."""
    return "/".join("x1" if part.startswith("{") else part for part in path.split("/"))


def test_every_service_route_declares_who_may_call_it() -> None:
    for name in SERVICES:
        unguarded = operations_without_policy(documents()[name])
        assert [r for r in unguarded if not r[1].startswith("/health")] == [], name


def test_the_table_holds_every_route_the_services_serve() -> None:
    public = {(e.method, e.upstream_path) for e in route_table()}
    assert ("POST", "/recruitment/calls") in public
    assert ("GET", "/reports/recruitment-funnel") in public
    assert ("GET", "/reference/iprcs") in public
    assert len(public) == len(route_table()) >= 25


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    settings = gateway_settings(*SERVICES)
    upstreams = {name: echo_upstream(documents()[name]) for name in SERVICES}
    async with running_gateway(settings, upstreams) as (client, _app):
        yield client, settings


@pytest.mark.parametrize("entry", route_table(), ids=lambda e: f"{e.method} {e.public_path}")
async def test_gateway_admits_exactly_the_declared_roles(
    gateway: tuple[httpx.AsyncClient, Any], entry: RouteEntry
) -> None:
    client, settings = gateway
    path = concrete(entry.public_path)
    anonymous = await client.request(entry.method, path, json={})
    assert anonymous.status_code == 401
    for role in Role:
        answer = await client.request(entry.method, path, json={}, headers=bearer(settings, role))
        if role in entry.policy.roles:
            assert answer.status_code == 200, (role, answer.text)
            echoed = answer.json()
            assert (echoed["method"], echoed["path"]) == (
                entry.method,
                concrete(entry.upstream_path),
            )
            identity = verify_assertion(TEST_ASSERTION_SECRET, entry.upstream, echoed["assertion"])
            assert (identity.subject, identity.role) == (f"user-{role.value}", role.value)
        else:
            assert answer.status_code == 403, (role, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("entry", route_table(), ids=lambda e: f"{e.method} {e.upstream_path}")
async def test_service_itself_refuses_roles_not_declared(entry: RouteEntry) -> None:
    app = service_apps()[entry.upstream]
    transport = httpx.ASGITransport(app=app)
    path = concrete(entry.upstream_path)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        assert (await client.request(entry.method, path, json={})).status_code == 401
        for role in set(Role) - set(entry.policy.roles):
            headers = as_role("someone", role, audience=entry.upstream)
            answer = await client.request(entry.method, path, json={}, headers=headers)
            assert answer.status_code == 403, (role, answer.text)
