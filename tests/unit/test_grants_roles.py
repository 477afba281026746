"""Grants' role matrix, generated from its OpenAPI document as the platform's matrix is: every
grants route against every role, at the gateway and at the service itself."""

from collections.abc import AsyncIterator
from functools import cache
from typing import Any

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from gateway.route_table import RouteEntry, entries_from_openapi, operations_without_policy
from grants.entrypoints.app import create_app
from grants.settings import GrantsSettings

from ..assertions import TEST_ASSERTION_SECRET, as_role
from ..gateway_fakes import bearer, echo_upstream, gateway_settings, running_gateway
from .test_gateway_roles import concrete


@cache
def grants_app() -> Any:
    # Never started: only routes and their policies are read.
    settings = GrantsSettings(
        database_url="sqlite://", internal_assertion_secret=TEST_ASSERTION_SECRET
    )
    return create_app(settings)


@cache
def document() -> dict[str, Any]:
    return grants_app().openapi()  # type: ignore[no-any-return]


def route_table() -> list[RouteEntry]:
    return entries_from_openapi("grants", "/api", document())


def test_every_grants_route_declares_who_may_call_it() -> None:
    unguarded = operations_without_policy(document())
    assert [r for r in unguarded if not r[1].startswith("/health")] == []
    assert len(route_table()) >= 18


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    settings = gateway_settings("grants")
    async with running_gateway(settings, {"grants": echo_upstream(document())}) as (client, _):
        yield client, settings


@pytest.mark.parametrize("entry", route_table(), ids=lambda e: f"{e.method} {e.public_path}")
async def test_gateway_admits_exactly_the_grants_roles(
    gateway: tuple[httpx.AsyncClient, Any], entry: RouteEntry
) -> None:
    client, settings = gateway
    path = concrete(entry.public_path)
    for role in Role:
        answer = await client.request(entry.method, path, json={}, headers=bearer(settings, role))
        assert answer.status_code == (200 if role in entry.policy.roles else 403), role


@pytest.mark.parametrize("entry", route_table(), ids=lambda e: f"{e.method} {e.upstream_path}")
async def test_grants_itself_refuses_roles_not_declared(entry: RouteEntry) -> None:
    transport = httpx.ASGITransport(app=grants_app())
    path = concrete(entry.upstream_path)
    async with httpx.AsyncClient(transport=transport, base_url="http://grants") as client:
        assert (await client.request(entry.method, path, json={})).status_code == 401
        for role in set(Role) - set(entry.policy.roles):
            headers = as_role("someone", role, audience="grants")
            answer = await client.request(entry.method, path, json={}, headers=headers)
            assert answer.status_code == 403, (role, answer.text)
