"""Idempotency-Key on POST: a repeat gets the first answer, concurrent repeats have one
effect, and a key reused for another request is refused."""

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.idempotency_store import (
    ABANDONED_AFTER,
    IdempotencyStore,
    idempotency_keys,
)
from diaspora_shared.runtime.service import ServiceRuntime

from ..assertions import as_role
from ..kafka_helpers import eventually
from ..runtimes import call_spec, profile
from .recruitment_http import applicant, count_rows, officer, recruitment_client

SUBMITTED = "event_type = 'recruitment.application.submitted.v1'"


@pytest.fixture
async def recruitment(
    kafka: str, topic_prefix: str, database_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    async with recruitment_client(kafka, topic_prefix, database_url) as (client, runtime):
        yield client, runtime


async def applications_path(client: httpx.AsyncClient) -> str:
    spec = call_spec().model_dump(mode="json")
    created = await client.post("/recruitment/calls", json=spec, headers=officer())
    assert created.status_code == 201, created.text
    return f"/recruitment/calls/{created.json()['call_id']}/applications"


async def test_a_repeat_gets_the_stored_answer_and_changes_nothing(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    path = await applications_path(client)
    headers = {**applicant(), "Idempotency-Key": "apply-once"}
    first = await client.post(path, json=profile().model_dump(mode="json"), headers=headers)
    again = await client.post(path, json=profile().model_dump(mode="json"), headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await count_rows(runtime, "applications") == 1
    assert await count_rows(runtime, "outbox_messages", SUBMITTED) == 1


async def test_a_key_reused_for_another_request_is_refused(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    path = await applications_path(client)
    headers = {**applicant(), "Idempotency-Key": "k-1"}
    first = await client.post(path, json=profile().model_dump(mode="json"), headers=headers)
    other_body = profile(index=7).model_dump(mode="json")
    reused = await client.post(path, json=other_body, headers=headers)

    assert first.status_code == 201
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency.key_reused"
    other_subject = {**as_role("applicant-2", Role.APPLICANT), "Idempotency-Key": "k-1"}
    assert (await client.post(path, json=other_body, headers=other_subject)).status_code == 201
    assert await count_rows(runtime, "applications") == 2


async def test_invalid_keys_are_refused(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    path = await applications_path(client)
    for key in (b"k" * 256, "caf\u00e9".encode("latin-1"), b"tab\there"):
        headers = {name.encode(): value.encode() for name, value in applicant().items()}
        headers[b"Idempotency-Key"] = key
        response = await client.post(path, json=profile().model_dump(mode="json"), headers=headers)
        assert response.status_code == 422
        assert response.json()["code"] == "idempotency.key_invalid"
    assert await count_rows(runtime, "applications") == 0


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_ten_concurrent_repeats_have_one_effect_on_postgres(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    path = await applications_path(client)
    headers = {**applicant(), "Idempotency-Key": "concurrent"}
    body = profile().model_dump(mode="json")

    answers = await asyncio.gather(
        *(client.post(path, json=body, headers=headers) for _ in range(10))
    )

    assert [answer.status_code for answer in answers] == [201] * 10
    assert len({answer.json()["application_id"] for answer in answers}) == 1
    assert sum(answer.headers.get("Idempotent-Replayed") == "true" for answer in answers) == 9
    assert await count_rows(runtime, "applications") == 1
    assert await count_rows(runtime, "outbox_messages", SUBMITTED) == 1


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_concurrent_commands_on_one_aggregate_with_one_key_have_one_effect(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    path = await applications_path(client)
    submitted = await client.post(path, json=profile().model_dump(mode="json"), headers=applicant())
    withdraw = f"/recruitment/applications/{submitted.json()['application_id']}/withdraw"
    headers = {**applicant(), "Idempotency-Key": "withdraw-once"}

    answers = await asyncio.gather(*(client.post(withdraw, headers=headers) for _ in range(10)))

    assert [answer.status_code for answer in answers] == [200] * 10
    assert len({answer.content for answer in answers}) == 1
    withdrew = "event_type = 'recruitment.applicant.withdrew.v1'"
    assert await count_rows(runtime, "outbox_messages", withdrew) == 1


async def test_a_claim_abandoned_by_a_dead_process_is_taken_over(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    path = await applications_path(client)
    body = profile().model_dump(mode="json")
    headers = {**applicant(), "Idempotency-Key": "after-crash"}
    request = request_of_claim(path, body)
    async with runtime.database.engine.begin() as connection:
        await connection.execute(
            idempotency_keys.insert().values(
                subject="applicant-1",
                idempotency_key="after-crash",
                method="POST",
                path=path,
                request_hash=request,
                created_at=datetime.now(UTC) - ABANDONED_AFTER - timedelta(seconds=1),
            )
        )
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert await count_rows(runtime, "applications") == 1


async def test_an_effect_whose_answer_was_lost_never_runs_again(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies after the command committed and before the answer was kept: however
    long the client waits before repeating, the command does not run a second time."""
    client, runtime = recruitment
    path = await applications_path(client)
    body = profile().model_dump(mode="json")
    headers = {**applicant(), "Idempotency-Key": "answer-lost"}

    async def dies_before_keeping_the_answer(*_args: object) -> None:
        raise RuntimeError("process killed")

    with monkeypatch.context() as patched:
        patched.setattr(IdempotencyStore, "complete", dies_before_keeping_the_answer)
        first = await client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.text
    # Long after: a claim without answer would by now count as abandoned and be taken over.
    async with runtime.database.engine.begin() as connection:
        await connection.execute(
            idempotency_keys.update().values(
                created_at=datetime.now(UTC) - ABANDONED_AFTER - timedelta(seconds=1)
            )
        )
    repeat = await client.post(path, json=body, headers=headers)

    assert repeat.status_code == 409, repeat.text
    assert repeat.json()["code"] == "idempotency.done_without_answer"
    assert await count_rows(runtime, "applications") == 1
    assert await count_rows(runtime, "outbox_messages", SUBMITTED) == 1


async def test_a_repeat_between_the_commit_and_the_stored_answer_gets_that_answer(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, runtime = recruitment
    path = await applications_path(client)
    body = profile().model_dump(mode="json")
    headers = {**applicant(), "Idempotency-Key": "slow-answer"}
    may_store = asyncio.Event()
    store_answer = IdempotencyStore.complete

    async def stores_when_allowed(store: IdempotencyStore, *args: Any) -> None:
        await may_store.wait()
        await store_answer(store, *args)

    monkeypatch.setattr(IdempotencyStore, "complete", stores_when_allowed)
    first = asyncio.create_task(client.post(path, json=body, headers=headers))
    await eventually(lambda: _effect_committed(runtime))
    repeat = asyncio.create_task(client.post(path, json=body, headers=headers))
    await asyncio.sleep(0.2)  # the repeat finds the key done but its answer not yet stored
    may_store.set()
    answers = await asyncio.gather(first, repeat)

    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[1].json() == answers[0].json()
    assert await count_rows(runtime, "outbox_messages", SUBMITTED) == 1


async def _effect_committed(runtime: ServiceRuntime) -> bool:
    return await count_rows(runtime, "idempotency_keys", "effect_committed_at IS NOT NULL") == 1


def request_of_claim(path: str, body: dict[str, object]) -> str:
    """The fingerprint the service computes for a POST of `body` (httpx's compact JSON)."""
    sent = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(b"POST " + path.encode() + b"\n" + sent).hexdigest()
