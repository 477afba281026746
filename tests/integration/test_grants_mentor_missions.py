"""Grants learns from deployment's mission events on a real broker when a mentor is in Rwanda:
an in-person session on a day no known mission covers is accepted and flagged, and the flag
clears when the mission's events arrive, in any order and however often redelivered."""

from datetime import date, datetime
from uuid import UUID

from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import (
    MISSIONS_TOPIC,
    MissionCompleted,
    MissionExtended,
    MissionStarted,
)
from diaspora_shared.contracts.topics import qualified
from grants.entrypoints.app import MENTORS_GROUP, MISSIONS_GROUP

from ..kafka_helpers import eventually
from .test_consumer import SOURCE, accepted_event, publish_event
from .test_grants_http import Client, approved_application, award_terms, grants, officer, post
from .test_grants_mentors import publish

__all__ = ["grants"]  # the fixture, imported for pytest

MISSION = UUID("00000000-0000-4000-8000-00000000a001")
HOST = "IPRC-KGL"


def started(professional: UUID) -> MissionStarted:
    return MissionStarted(
        mission_id=MISSION,
        institution_code=HOST,
        professional_id=professional,
        started_at=datetime.fromisoformat("2026-06-02T08:00:00+00:00"),
    )


def extended() -> MissionExtended:
    return MissionExtended(
        mission_id=MISSION,
        institution_code=HOST,
        previous_end=date(2026, 6, 20),
        ends_on=date(2026, 7, 5),
        extended_at=datetime.fromisoformat("2026-06-15T08:00:00+00:00"),
    )


def completed() -> MissionCompleted:
    return MissionCompleted(
        mission_id=MISSION,
        institution_code=HOST,
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 7, 5),
        person_days=35,
        completed_at=datetime.fromisoformat("2026-07-05T18:00:00+00:00"),
    )


async def settled(runtime_metrics: dict[str, int], count: int) -> bool:
    return runtime_metrics.get("applied", 0) + runtime_metrics.get("duplicate", 0) == count


async def test_a_session_outside_known_missions_is_flagged_until_the_mission_arrives(
    grants: Client, kafka: str, topic_prefix: str
) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/award", award_terms(1_000_000), officer())
    accepted = accepted_event(51)
    mentor = accepted.application_id
    await publish(kafka, topic_prefix, accepted)
    await eventually(lambda: settled(runtime.consumer_metrics().get(MENTORS_GROUP, {}), 1))
    await post(client, f"{base}/mentor", {"professional_id": str(mentor)}, officer())
    for day in ("2026-06-10", "2026-07-03", "2026-08-01"):
        session = {"held_on": day, "minutes": 90, "in_person": True, "topics": ["pricing"]}
        await post(client, f"{base}/mentoring-sessions", session, officer())
    remote = {"held_on": "2026-08-02", "minutes": 30, "in_person": False, "topics": ["sales"]}
    await post(client, f"{base}/mentoring-sessions", remote, officer())

    async def flagged_days() -> list[str]:
        view = (await client.get(f"/grants/mentors/{mentor}", headers=officer())).json()
        return [held["held_on"] for held in view["unconfirmed_in_person_sessions"]]

    assert await flagged_days() == ["2026-06-10", "2026-07-03", "2026-08-01"]

    topic = qualified(MISSIONS_TOPIC, topic_prefix)
    await publish_event(kafka, topic, extended())
    arrival = envelope_for(started(mentor), source=SOURCE)
    await publish_event(kafka, topic, started(mentor), arrival)
    await publish_event(kafka, topic, started(mentor), arrival)  # redelivered
    await eventually(lambda: settled(runtime.consumer_metrics().get(MISSIONS_GROUP, {}), 3))
    assert await flagged_days() == ["2026-08-01"]

    await publish_event(kafka, topic, completed())
    await eventually(lambda: settled(runtime.consumer_metrics().get(MISSIONS_GROUP, {}), 4))
    view = (await client.get(f"/grants/mentors/{mentor}", headers=officer())).json()
    assert [held["held_on"] for held in view["unconfirmed_in_person_sessions"]] == ["2026-08-01"]
    assert view["missions"] == [
        {
            "mission_id": str(MISSION),
            "started_on": "2026-06-02",
            "ends_on": "2026-07-05",
            "ended_on": "2026-07-05",
        }
    ]
    assert view["in_rwanda_today"] is False
