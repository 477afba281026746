"""A mentor acts on their own mentoring, matched by the person reference recruitment put on
their acceptance (real broker, PostgreSQL): they see the projects they mentor and log their
sessions there; another applicant, or the mentor on another project, is answered 404."""

from pydantic import SecretStr

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.person_ref import person_ref
from grants.entrypoints.app import MENTORS_GROUP

from ..assertions import TEST_PERSON_REF_KEY, as_actor
from ..kafka_helpers import eventually
from .test_consumer import accepted_event
from .test_grants_http import Client, approved_application, award_terms, grants, officer, post
from .test_grants_mentors import publish

__all__ = ["grants"]  # the fixture, imported for pytest

MENTOR_LOGIN = "mentor-login-61"
SESSION = {"held_on": "2026-06-03", "minutes": 45, "in_person": False, "topics": ["bookkeeping"]}


def applicant(subject: str) -> dict[str, str]:
    return as_actor(Actor(subject=subject, role=Role.APPLICANT), "grants")


async def test_the_mentor_sees_and_logs_only_their_own_mentoring(
    grants: Client, kafka: str, topic_prefix: str
) -> None:
    client, runtime = grants
    mentored = await approved_application(client, "PP-61")
    other = await approved_application(client, "PP-62")
    for grant_id in (mentored, other):
        await post(client, f"/grants/applications/{grant_id}/award", award_terms(1_000), officer())
    ref = person_ref(SecretStr(TEST_PERSON_REF_KEY), MENTOR_LOGIN)
    accepted = accepted_event(61).model_copy(update={"person_ref": ref})
    await publish(kafka, topic_prefix, accepted)

    async def applied() -> bool:
        return runtime.consumer_metrics().get(MENTORS_GROUP, {}).get("applied", 0) == 1

    await eventually(applied)
    mentor = {"professional_id": str(accepted.application_id)}
    await post(client, f"/grants/applications/{mentored}/mentor", mentor, officer())

    logged = await post(
        client, f"/grants/my-mentoring/{mentored}/sessions", SESSION, applicant(MENTOR_LOGIN)
    )
    mine = await client.get("/grants/my-mentoring", headers=applicant(MENTOR_LOGIN))
    elsewhere = await client.post(
        f"/grants/my-mentoring/{other}/sessions", json=SESSION, headers=applicant(MENTOR_LOGIN)
    )
    stranger = await client.post(
        f"/grants/my-mentoring/{mentored}/sessions", json=SESSION, headers=applicant("someone")
    )
    theirs = await client.get("/grants/my-mentoring", headers=applicant("someone"))
    seen = await client.get(f"/grants/applications/{mentored}", headers=officer())

    assert logged["mentoring_minutes"] == 45 and logged["project_code"] == "PP-61"
    assert [project["grant_id"] for project in mine.json()] == [mentored]
    assert elsewhere.status_code == stranger.status_code == 404
    assert theirs.json() == []
    assert seen.json()["mentoring_minutes"] == 45
