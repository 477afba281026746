"""Grants learns its mentors from recruitment's events on a real broker: an accepted
professional can be assigned; one who withdraws leaves their project flagged for replacement;
a redelivered event changes nothing."""

from uuid import UUID

from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    ApplicantAccepted,
    ApplicantWithdrew,
)
from diaspora_shared.contracts.topics import qualified
from diaspora_shared.contracts.vocabulary import Sex, Track
from grants.entrypoints.app import MENTORS_GROUP

from ..kafka_helpers import eventually, produce_raw
from .recruitment_http import count_rows
from .test_consumer import accepted_event
from .test_grants_http import Client, approved_application, award_terms, grants, officer, post

__all__ = ["grants"]  # the fixture, imported for pytest


async def publish(kafka: str, prefix: str, event: ApplicantAccepted | ApplicantWithdrew) -> None:
    envelope = envelope_for(event, source="/iom/diaspora/recruitment")
    await produce_raw(
        kafka,
        qualified(APPLICATIONS_TOPIC, prefix),
        value=envelope.data,
        key=envelope.key.encode(),
        headers=envelope.kafka_headers(),
    )


def withdrawal(professional: UUID) -> ApplicantWithdrew:
    return ApplicantWithdrew(
        application_id=professional,
        call_id=UUID("00000000-0000-4000-8000-000000000999"),
        track=Track.TVET,
        sex=Sex.FEMALE,
        was_accepted=True,
        withdrawn_at="2026-12-01T10:00:00Z",
    )


async def test_a_withdrawn_mentor_leaves_the_project_flagged(
    grants: Client, kafka: str, topic_prefix: str
) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/award", award_terms(1_000_000), officer())
    accepted = accepted_event(41)
    await publish(kafka, topic_prefix, accepted)
    await publish(kafka, topic_prefix, accepted)  # redelivered

    async def applied_twice_counted_once() -> bool:
        metrics = runtime.consumer_metrics().get(MENTORS_GROUP, {})
        return metrics.get("applied", 0) + metrics.get("duplicate", 0) == 2

    await eventually(applied_twice_counted_once)
    assert await count_rows(runtime, "mentors", "status = 'available'") == 1
    mentor = {"professional_id": str(accepted.application_id)}
    assigned = await post(client, f"{base}/mentor", mentor, officer())
    assert assigned["mentor_id"] == str(accepted.application_id)

    await publish(kafka, topic_prefix, withdrawal(accepted.application_id))

    async def flagged() -> bool:
        view = (await client.get(base, headers=officer())).json()
        return bool(view["mentor_needs_replacement"])

    await eventually(flagged)
    session = {"held_on": "2026-06-01", "minutes": 60, "in_person": False, "topics": ["sales"]}
    refused = await client.post(f"{base}/mentoring-sessions", json=session, headers=officer())
    assert (refused.status_code, refused.json()["code"]) == (409, "mentor.none_active")
