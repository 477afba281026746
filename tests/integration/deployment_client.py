"""Deployment's ASGI app on real Kafka and a real database, behind an httpx client, with
helpers that act as its users and feed it accepted professionals."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from pydantic import SecretStr
from sqlalchemy import text

from deployment.entrypoints.app import create_app
from deployment.service_layer import professionals
from deployment.service_layer.unit_of_work import SqlDeploymentUnitOfWork
from deployment.settings import DeploymentSettings
from diaspora_shared.contracts.events import ApplicantAccepted
from diaspora_shared.contracts.vocabulary import Language, Role, Sex, Track
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.person_ref import person_ref
from diaspora_shared.runtime.service import ServiceRuntime

from ..assertions import TEST_PERSON_REF_KEY, as_actor

START = date(2027, 3, 1)
TABLES = ("host_requests", "missions", "professionals", "outbox_messages")


def officer() -> dict[str, str]:
    return as_actor(Actor("officer-1", Role.IOM_OFFICER), "deployment")


def host(code: str) -> dict[str, str]:
    return as_actor(Actor(f"host-{code}", Role.HOST_INSTITUTION, code), "deployment")


def professional(subject: str) -> dict[str, str]:
    """A professional signed in with their own login (role applicant)."""
    return as_actor(Actor(subject, Role.APPLICANT), "deployment")


def ref_of(subject: str) -> str:
    return person_ref(SecretStr(TEST_PERSON_REF_KEY), subject)


def someone(role: Role, org: str | None = None) -> dict[str, str]:
    return as_actor(Actor(f"{role.value}-1", role, org), "deployment")


@asynccontextmanager
async def deployment_client(
    kafka: str, topic_prefix: str, database_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    settings = DeploymentSettings(
        kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=database_url
    )
    app = create_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    await runtime.start()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://deployment") as client:
            yield client, runtime
    finally:
        await runtime.stop()


def terms(offset: int = 0, days: int = 30, wanted: int = 1) -> dict[str, Any]:
    return {
        "course_or_specialty": "ICT",
        "expertise": "Network administration for trainers",
        "language": "en",
        "starts_on": str(START + timedelta(days=offset)),
        "ends_on": str(START + timedelta(days=offset + days - 1)),
        "professionals_wanted": wanted,
        "expected_participants": 20,
    }


async def approved_request(client: httpx.AsyncClient, code: str, **spec: int) -> str:
    submitted = await client.post("/deployment/requests", json=terms(**spec), headers=host(code))
    assert submitted.status_code == 201, submitted.text
    request_id: str = submitted.json()["request_id"]
    approved = await client.post(f"/deployment/requests/{request_id}/approve", headers=officer())
    assert approved.status_code == 200, approved.text
    return request_id


async def accepted_professional(
    runtime: ServiceRuntime, track: Track = Track.TVET, subject: str | None = None
) -> UUID:
    """As if recruitment's ApplicantAccepted had been consumed (of `subject`'s login if given)."""
    event = ApplicantAccepted(
        application_id=uuid4(),
        call_id=uuid4(),
        track=track,
        sex=Sex.MALE,
        country_of_residence="FR",
        languages=(Language.ENGLISH,),
        courses_or_specialties=("ICT",),
        available_from=START,
        available_until=START + timedelta(days=180),
        accepted_at=START,
        person_ref=ref_of(subject) if subject else None,
    )
    async with runtime.unit_of_work() as uow:
        await professionals.on_applicant_accepted(SqlDeploymentUnitOfWork.over(uow), event)
    return event.application_id


async def row_counts(runtime: ServiceRuntime) -> dict[str, int]:
    async with runtime.database.engine.connect() as connection:
        return {
            table: (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
            for table in TABLES
        }
