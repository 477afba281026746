"""A pilot project's contact persons are grants' personal data: the project replaces and
exports its own, another project gets 404, an officer erases them; none reaches the outbox."""

from .recruitment_http import count_rows
from .test_grants_http import Client, grants, officer, pilot

__all__ = ["grants"]  # the fixture, imported for pytest

CONTACTS = {
    "contacts": [
        {"name": "Aline Uwase", "email": "aline@pilot.example.rw", "phone": "+250 788 000 111"}
    ]
}


async def test_contacts_are_exported_to_their_project_only_and_erasable(grants: Client) -> None:
    client, runtime = grants
    path = "/grants/projects/PILOT-01/contacts"
    stored = await client.put(path, json=CONTACTS, headers=pilot("PILOT-01"))
    exported = await client.get(path, headers=pilot("PILOT-01"))
    other = await client.get(path, headers=pilot("PILOT-02"))
    overwrite = await client.put(path, json=CONTACTS, headers=pilot("PILOT-02"))

    assert stored.status_code == 200 and exported.json() == CONTACTS
    assert other.status_code == overwrite.status_code == 404
    assert await count_rows(runtime, "outbox_messages", "payload LIKE '%Uwase%'") == 0
    erased = await client.delete(path, headers=officer())
    assert erased.status_code == 204
    assert await count_rows(runtime, "project_contacts") == 0
    assert (await client.get(path, headers=pilot("PILOT-01"))).json() == {"contacts": []}


async def test_bad_contacts_are_refused_and_nothing_is_stored(grants: Client) -> None:
    client, runtime = grants
    path = "/grants/projects/PILOT-01/contacts"
    bad = {"contacts": [{"name": "A", "email": "not-an-email"}]}
    response = await client.put(path, json=bad, headers=pilot("PILOT-01"))
    assert response.status_code == 422
    assert await count_rows(runtime, "project_contacts") == 0
