"""Deployment's subscriptions on a real broker and PostgreSQL: accepted professionals become
available once however often Kafka delivers their acceptance, a poison record goes to the
dead-letter topic without holding the others back, and a withdrawal cancels the professional's
planned mission by an event on the missions topic."""

import json
from uuid import UUID, uuid4

import httpx

from deployment.entrypoints.subscriptions import AVAILABLE_PROFESSIONALS_GROUP
from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    MISSIONS_TOPIC,
    ApplicantAccepted,
)
from diaspora_shared.runtime.dead_letters import DLT_CONSUMER_GROUP
from diaspora_shared.runtime.service import ServiceRuntime

from ..kafka_helpers import eventually, produce_raw, read_records
from ..unit.deployment_fakes import accepted
from ..unit.test_deployment_missions import withdrawal
from .deployment_client import START, approved_request, deployment_client, officer
from .test_consumer import publish_event

SOURCE = "/iom/diaspora/recruitment"


def acceptance(professional_id: UUID) -> ApplicantAccepted:
    return accepted(available_from=START, days=300, application_id=professional_id)


async def settled(runtime: ServiceRuntime, expected: dict[str, int]) -> bool:
    counts = runtime.consumer_metrics().get(AVAILABLE_PROFESSIONALS_GROUP, {})
    return all(counts.get(outcome, 0) == n for outcome, n in expected.items())


async def test_acceptances_withdrawals_and_poison_on_a_real_broker(
    kafka: str, topic_prefix: str, postgres_url: str
) -> None:
    applications = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    leaving, staying = uuid4(), uuid4()
    first = await publish_event(kafka, applications, acceptance(leaving))
    await publish_event(kafka, applications, acceptance(leaving), first)  # redelivered
    await produce_raw(kafka, applications, value=b"{not json", key=b"poison", headers=[])
    await publish_event(kafka, applications, acceptance(staying))

    async with deployment_client(kafka, topic_prefix, postgres_url) as (client, runtime):
        await eventually(
            lambda: settled(runtime, {"applied": 2, "duplicate": 1, "dead_lettered": 1})
        )
        listed = await client.get("/deployment/professionals", headers=officer())
        assert sorted(p["professional_id"] for p in listed.json()) == sorted(
            [str(leaving), str(staying)]
        )
        mission = await plan(client, leaving)

        gone = envelope_for(withdrawal(leaving), source=SOURCE)
        await publish_event(kafka, applications, withdrawal(leaving), gone)
        await publish_event(kafka, applications, withdrawal(leaving), gone)  # redelivered
        await eventually(lambda: settled(runtime, {"applied": 3, "duplicate": 2}))

        answer = await client.get(f"/deployment/missions/{mission}", headers=officer())
        assert (answer.json()["status"], answer.json()["cancellation"]) == (
            "cancelled",
            "professional_withdrew",
        )
        published = await read_records(kafka, f"{topic_prefix}{MISSIONS_TOPIC}", expected=2)

    assert [dict(r.headers)["ce_type"] for r in published] == [
        b"deployment.mission.planned.v1",
        b"deployment.mission.cancelled.v1",
    ]
    assert {r.key for r in published} == {mission.encode()}
    assert json.loads(published[1].value)["reason"] == "professional_withdrew"
    dead = await read_records(kafka, f"{applications}.dlt", expected=1)
    assert [r.value for r in dead] == [b"{not json"]
    assert dict(dead[0].headers)[DLT_CONSUMER_GROUP] == AVAILABLE_PROFESSIONALS_GROUP.encode()


async def plan(client: httpx.AsyncClient, professional: UUID) -> str:
    request = await approved_request(client, "IPRC-NGM")
    planned = await client.post(
        f"/deployment/requests/{request}/missions",
        json={"professional_id": str(professional)},
        headers=officer(),
    )
    assert planned.status_code == 201, planned.text
    mission: str = planned.json()["mission_id"]
    return mission
