"""The demo seed of deployment against the running platform (recruitment, deployment and the
gateway as processes on Kafka and PostgreSQL): acceptances travel from recruitment to
deployment, missions are planned at IPRCs and hospitals (one added by an officer, its host's
token accepted by the gateway), some started with sessions, and a second run changes nothing."""

import asyncio
import importlib
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from .conftest import started

SEEDS = Path(__file__).resolve().parents[2] / "deploy" / "local"
SERVICES = ("recruitment", "deployment")


def seed_module(name: str) -> Any:
    if str(SEEDS) not in sys.path:
        sys.path.insert(0, str(SEEDS))
    return importlib.import_module(name)


@pytest.fixture
async def gateway_url(
    kafka: str,
    topic_prefix: str,
    new_postgres_database: Callable[[], Awaitable[str]],
    tmp_path: Path,
) -> AsyncIterator[str]:
    async with started(SERVICES, kafka, topic_prefix, new_postgres_database, tmp_path) as it:
        yield it.gateway_url


def seed(base_url: str) -> tuple[tuple[int, int], tuple[int, int]]:
    settings = GatewaySettings()
    with seed_module("seed_client").gateway_client(base_url, timeout=30) as client:
        officer = {"Authorization": f"Bearer {mint_token(settings, 'o', Role.IOM_OFFICER)}"}
        seed_module("seed_demo").seed_calls(client, officer)
        seed_deployment = seed_module("seed_deployment").seed_deployment
        return seed_deployment(client, settings), seed_deployment(client, settings)


async def test_the_demo_seed_plans_and_starts_missions_once(gateway_url: str) -> None:
    first, second = await asyncio.to_thread(seed, gateway_url)
    assert (first, second) == ((6, 4), (0, 0))
    settings = GatewaySettings()
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as client:
        officer = {"Authorization": f"Bearer {mint_token(settings, 'o', Role.IOM_OFFICER)}"}
        missions = (await client.get("/api/deployment/missions", headers=officer)).json()
        assert len(missions) == 6
        assert {m["institution_code"] for m in missions} == {
            "IPRC-KGL",
            "IPRC-HYE",
            "IPRC-MSZ",
            "CHUK",
            "DH-NYAMATA",
        }
        assert sorted(m["status"] for m in missions) == ["confirmed"] * 2 + ["started"] * 4
        started = next(m for m in missions if m["status"] == "started")
        path = f"/api/deployment/missions/{started['mission_id']}/activities"
        sessions = (await client.get(path, headers=officer)).json()
        assert [s["kind"] for s in sessions] == ["training_session"] * 3
        nyamata = mint_token(settings, "h", Role.HOST_INSTITUTION, org="DH-NYAMATA")
        own = await client.get(
            "/api/deployment/missions", headers={"Authorization": f"Bearer {nyamata}"}
        )
        assert [m["institution_code"] for m in own.json()] == ["DH-NYAMATA"], own.text
