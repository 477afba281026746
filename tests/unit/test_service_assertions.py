"""Services act only on the gateway's signed assertion: absent, forged, expired, foreign or
tampered assertions answer 401, and bare identity headers mean nothing."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import Depends, FastAPI

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.actors import Actor, AssertionVerifier, current_actor
from diaspora_shared.runtime.assertions import (
    ASSERTION_HEADER,
    AssertedIdentity,
    sign_assertion,
)

from ..assertions import TEST_ASSERTION_SECRET

IDENTITY = AssertedIdentity("officer-1", "iom_officer", "IOM-RW", "corr-1")


def service(secret: str | None = TEST_ASSERTION_SECRET) -> FastAPI:
    app = FastAPI()
    app.state.assertion_verifier = AssertionVerifier(secret=secret, audience="recruitment")

    @app.get("/whoami", dependencies=[Depends(allow(Role.IOM_OFFICER, orgs=["IOM-RW"]))])
    async def whoami(actor: Actor = Depends(current_actor)) -> dict[str, str | None]:  # noqa: B008
        return {"subject": actor.subject, "role": actor.role.value, "org": actor.org}

    return app


async def call(
    headers: Mapping[str, str] | Mapping[bytes, bytes], app: FastAPI | None = None
) -> httpx.Response:
    transport = httpx.ASGITransport(app=app or service())
    async with httpx.AsyncClient(transport=transport, base_url="http://recruitment") as client:
        return await client.get("/whoami", headers=headers)


def signed(identity: AssertedIdentity = IDENTITY, **kwargs: object) -> dict[str, str]:
    secret = str(kwargs.pop("secret", TEST_ASSERTION_SECRET))
    audience = str(kwargs.pop("audience", "recruitment"))
    token = sign_assertion(secret, audience, identity, **kwargs)  # type: ignore[arg-type]
    return {ASSERTION_HEADER: token}


async def test_valid_assertion_names_the_actor() -> None:
    answer = await call(signed())
    assert answer.status_code == 200
    assert answer.json() == {"subject": "officer-1", "role": "iom_officer", "org": "IOM-RW"}


async def test_absent_assertion_is_refused_even_with_actor_headers() -> None:
    answer = await call({"X-Actor-Subject": "officer-1", "X-Actor-Role": "iom_officer"})
    assert answer.status_code == 401


async def test_forged_assertion_is_refused() -> None:
    assert (await call(signed(secret="f" * 48))).status_code == 401


async def test_expired_assertion_is_refused() -> None:
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    assert (await call(signed(now=long_ago))).status_code == 401


async def test_assertion_for_another_service_is_refused() -> None:
    assert (await call(signed(audience="reporting"))).status_code == 401


async def test_tampered_assertion_is_refused() -> None:
    header, payload, signature = signed()[ASSERTION_HEADER].split(".")
    tampered = f"{header}.{payload[:-2]}AA.{signature}"
    assert (await call({ASSERTION_HEADER: tampered})).status_code == 401


@pytest.mark.parametrize("garbage", [b"", b"x", b"a.b.c", "é.é.é".encode()])
async def test_garbage_assertion_is_refused(garbage: bytes) -> None:
    assert (await call({ASSERTION_HEADER.encode(): garbage})).status_code == 401


async def test_service_without_a_key_refuses_everyone() -> None:
    assert (await call(signed(), service(secret=None))).status_code == 401


async def test_policy_checks_role_and_organisation_at_the_service() -> None:
    other_org = AssertedIdentity("officer-2", "iom_officer", "IOM-BE", "corr-2")
    other_role = AssertedIdentity("viewer", "ministry_viewer", "IOM-RW", "corr-3")
    assert (await call(signed(other_org))).status_code == 403
    assert (await call(signed(other_role))).status_code == 403
