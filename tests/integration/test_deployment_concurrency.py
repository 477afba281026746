"""Matches decided at the same moment on PostgreSQL, each in its own unit of work (its own
connection), as concurrent HTTP requests are: the locks taken before deciding let exactly one
through, and the other is refused with a conflict."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest
from sqlalchemy import text

from deployment.domain.errors import OverlappingMission, RequestFilled
from deployment.domain.model import MatchSpec
from deployment.service_layer import missions
from deployment.service_layer.unit_of_work import SqlDeploymentUnitOfWork
from diaspora_shared.runtime.service import ServiceRuntime

from .deployment_client import accepted_professional, approved_request, deployment_client

ROUNDS = 5


@pytest.fixture
async def deployment(
    kafka: str, topic_prefix: str, postgres_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    async with deployment_client(kafka, topic_prefix, postgres_url) as started:
        yield started


async def match_at_once(runtime: ServiceRuntime, pairs: list[tuple[str, UUID]]) -> list[object]:
    async def one(request_id: str, professional: UUID) -> object:
        async with runtime.unit_of_work() as uow:
            spec = MatchSpec(professional_id=professional)
            return await missions.match(
                SqlDeploymentUnitOfWork.over(uow), UUID(request_id), spec, datetime.now(UTC)
            )

    return await asyncio.gather(*(one(r, p) for r, p in pairs), return_exceptions=True)


async def planned_count(runtime: ServiceRuntime, where: str) -> int:
    async with runtime.database.engine.connect() as connection:
        query = text(f"SELECT count(*) FROM missions WHERE status <> 'cancelled' AND {where}")
        count: int = (await connection.execute(query)).scalar_one()
        return count


async def test_two_officers_matching_one_person_to_overlapping_missions_one_wins(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    for _ in range(ROUNDS):
        kigali = await approved_request(client, "IPRC-KGL")
        huye = await approved_request(client, "IPRC-HYE", offset=10)
        person = await accepted_professional(runtime)
        outcomes = await match_at_once(runtime, [(kigali, person), (huye, person)])
        refused = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(refused) == 1, outcomes
        assert isinstance(refused[0], OverlappingMission), refused
        assert await planned_count(runtime, f"professional_id = '{person}'") == 1


async def test_one_person_accepted_twice_matched_at_once_to_overlapping_missions_one_wins(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    for index in range(ROUNDS):
        kigali = await approved_request(client, "IPRC-KGL")
        huye = await approved_request(client, "IPRC-HYE", offset=10)
        subject = f"twice-accepted-{index}"
        first = await accepted_professional(runtime, subject=subject)
        second = await accepted_professional(runtime, subject=subject)
        outcomes = await match_at_once(runtime, [(kigali, first), (huye, second)])
        refused = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(refused) == 1, outcomes
        assert isinstance(refused[0], OverlappingMission), refused
        held = f"professional_id IN ('{first}', '{second}')"
        assert await planned_count(runtime, held) == 1


async def test_two_officers_filling_the_last_place_of_a_request_one_wins(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    for _ in range(ROUNDS):
        request = await approved_request(client, "IPRC-MSZ", wanted=1)
        first, second = await accepted_professional(runtime), await accepted_professional(runtime)
        outcomes = await match_at_once(runtime, [(request, first), (request, second)])
        refused = [o for o in outcomes if isinstance(o, BaseException)]
        assert len(refused) == 1, outcomes
        assert isinstance(refused[0], RequestFilled), refused
        assert await planned_count(runtime, f"request_id = '{request}'") == 1
