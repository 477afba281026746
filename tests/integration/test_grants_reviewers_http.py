"""Assigned reviewers over HTTP on PostgreSQL: a contact person of the project (by the e-mail
the project declared) is refused as its reviewer, and an unassigned reviewer cannot score."""

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..assertions import as_actor
from ..unit.grants_fakes import call_spec, rwf
from .recruitment_http import count_rows
from .test_grants_http import Client, grants, officer, pilot, post

__all__ = ["grants"]  # the fixture, imported for pytest

CONTACT_LOGIN = "Amina.Uwase@pp-70.example"


async def test_a_contact_person_is_refused_and_an_unassigned_reviewer_cannot_score(
    grants: Client,
) -> None:
    client, runtime = grants
    contacts = {"contacts": [{"name": "Amina Uwase", "email": "amina.uwase@pp-70.example"}]}
    stored = await client.put(
        "/grants/projects/PP-70/contacts", json=contacts, headers=pilot("PP-70")
    )
    assert stored.status_code == 200, stored.text
    call = await post(client, "/grants/calls", call_spec().model_dump(mode="json"), officer())
    application = {"sector": "ict", "budget": [{"item": "kit", "amount": rwf(3_000_000)}]}
    path = f"/grants/calls/{call['call_id']}/applications"
    grant_id = (await post(client, path, application, pilot("PP-70")))["application_id"]
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/screening", {}, officer())

    refused = await client.post(
        f"{base}/reviewers", json={"reviewer": CONTACT_LOGIN}, headers=officer()
    )
    contact = as_actor(Actor(subject=CONTACT_LOGIN, role=Role.REVIEWER), "grants")
    scores = {"scores": {"impact": 5, "feasibility": 5}}
    unassigned = await client.post(f"{base}/reviews", json=scores, headers=contact)
    seen = await client.get(base, headers=officer())

    assert (refused.status_code, refused.json()["code"]) == (409, "review.contact_person")
    assert unassigned.status_code == 404
    assert (seen.json()["reviewers_assigned"], seen.json()["score"]) == (0, None)
    assert await count_rows(runtime, "grant_applications") == 1
