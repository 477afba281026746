"""A host lists its own requests (never another institution's), an officer every one, newest
first; other roles are refused. SQLite and PostgreSQL."""

import pytest

from diaspora_shared.contracts.vocabulary import Role

from .deployment_client import deployment_client, host, officer, someone, terms

pytestmark = pytest.mark.kafka


async def test_hosts_list_their_own_requests_and_officers_every_one(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with deployment_client(kafka, topic_prefix, database_url) as (client, _runtime):
        submitted: dict[str, list[str]] = {}
        for code, offset in (("IPRC-KGL", 0), ("IPRC-HYE", 10), ("IPRC-KGL", 20)):
            answer = await client.post(
                "/deployment/requests", json=terms(offset), headers=host(code)
            )
            assert answer.status_code == 201, answer.text
            submitted.setdefault(code, []).append(answer.json()["request_id"])

        kigali = await client.get("/deployment/requests", headers=host("IPRC-KGL"))
        huye = await client.get("/deployment/requests", headers=host("IPRC-HYE"))
        musanze = await client.get("/deployment/requests", headers=host("IPRC-MSZ"))
        everyone = await client.get("/deployment/requests", headers=officer())
        refused = [
            await client.get("/deployment/requests", headers=someone(role))
            for role in (Role.APPLICANT, Role.MINISTRY_VIEWER, Role.PILOT_PROJECT)
        ]
        anonymous = await client.get("/deployment/requests")

    assert [r["request_id"] for r in kigali.json()] == submitted["IPRC-KGL"][::-1]
    assert {r["institution_code"] for r in kigali.json()} == {"IPRC-KGL"}
    assert [r["request_id"] for r in huye.json()] == submitted["IPRC-HYE"]
    assert musanze.json() == []
    assert len(everyone.json()) == 3
    assert [answer.status_code for answer in refused] == [403, 403, 403]
    assert anonymous.status_code == 401
