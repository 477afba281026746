"""The gateway under hostile or broken conditions: each answers a clean 4xx (or a 502/503/504
that names the upstream's fault), never a crash."""

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.assertions import verify_assertion
from gateway.app import create_app
from gateway.settings import GatewaySettings, UpstreamService

from ..assertions import TEST_ASSERTION_SECRET
from ..gateway_fakes import SECRET, bearer, echo_upstream, gateway_settings, running_gateway
from ..raw_upstream import raw_upstream

EVERYONE = [role.value for role in Role]
DOCUMENT: dict[str, Any] = {
    "paths": {
        path: {method: {"x-roles": EVERYONE} for method in ("get", "post")}
        for path in ("/ok", "/fail", "/text", "/slow", "/echo")
    }
}
CORRELATION = re.compile(r"[A-Za-z0-9._-]{1,64}")
Client = httpx.AsyncClient


@asynccontextmanager
async def in_process(
    settings: GatewaySettings | None = None, upstream: FastAPI | None = None
) -> AsyncIterator[tuple[Client, GatewaySettings, FastAPI]]:
    settings = settings or gateway_settings("svc")
    upstreams = {"svc": upstream or echo_upstream(DOCUMENT)}
    async with running_gateway(settings, upstreams) as (client, app):
        yield client, settings, app


@asynccontextmanager
async def over_the_network(**overrides: Any) -> AsyncIterator[tuple[Client, GatewaySettings]]:
    async with raw_upstream(DOCUMENT) as (_upstream, url):
        settings = GatewaySettings(
            jwt_secret=SECRET,
            internal_assertion_secret=TEST_ASSERTION_SECRET,
            upstreams=[UpstreamService(name="svc", url=url)],
            **overrides,
        )
        app = create_app(settings)
        await app.state.gateway.catalog.refresh()
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                yield client, settings
        finally:
            await app.state.gateway.client.close()


def is_problem(response: httpx.Response, status: int) -> bool:
    body = response.json()
    return (
        response.status_code == status
        and response.headers["content-type"] == "application/problem+json"
        and set(body) == {"type", "title", "status", "detail", "code"}
        and body["status"] == status
    )


# --- correlation ids ------------------------------------------------------------------


async def test_well_formed_correlation_id_travels_to_the_service() -> None:
    async with in_process() as (client, settings, _):
        headers = {**bearer(settings, Role.APPLICANT), "X-Correlation-Id": "web-42.a_b"}
        answer = await client.get("/api/echo", headers=headers)
    assert answer.headers["X-Correlation-Id"] == "web-42.a_b"
    echoed = answer.json()
    assert echoed["headers"]["x-correlation-id"] == "web-42.a_b"
    assert verify_assertion(TEST_ASSERTION_SECRET, "svc", echoed["assertion"]).correlation_id == (
        "web-42.a_b"
    )


async def test_non_ascii_or_over_long_correlation_id_is_replaced() -> None:
    offered: list[bytes] = ["café".encode(), b"x" * 65, b"a b", b"<script>"]
    async with in_process() as (client, settings, _):
        for value in offered:
            token = bearer(settings, Role.APPLICANT)["Authorization"].encode()
            headers = [(b"Authorization", token), (b"X-Correlation-Id", value)]
            answer = await client.get("/api/echo", headers=headers)
            assert answer.status_code == 200
            fresh = answer.headers["X-Correlation-Id"]
            assert CORRELATION.fullmatch(fresh) and fresh.encode() != value
            assert answer.json()["headers"]["x-correlation-id"] == fresh


# --- forwarding -----------------------------------------------------------------------


async def test_query_body_and_headers_are_forwarded_and_identity_headers_are_not() -> None:
    async with in_process() as (client, settings, _):
        headers = {
            **bearer(settings, Role.IOM_OFFICER),
            "X-Actor-Subject": "forged",
            "Idempotency-Key": "key-1",
            "Cookie": "session=secret",
        }
        answer = await client.post("/api/echo?a=1&b=%20x", content=b'{"v":1}', headers=headers)
    echoed = answer.json()
    assert (echoed["path"], echoed["query"], echoed["body"]) == ("/echo", "a=1&b=%20x", '{"v":1}')
    assert echoed["headers"]["idempotency-key"] == "key-1"
    assert not {"x-actor-subject", "cookie", "authorization"} & set(echoed["headers"])


async def test_unknown_route_is_404_and_wrong_method_405() -> None:
    async with in_process() as (client, settings, _):
        missing = await client.get("/api/nowhere", headers=bearer(settings, Role.APPLICANT))
        wrong = await client.delete("/api/echo", headers=bearer(settings, Role.APPLICANT))
    assert is_problem(missing, 404)
    assert is_problem(wrong, 405)


async def test_routes_not_yet_learned_answer_503() -> None:
    settings = gateway_settings("svc", "absent")
    async with in_process(settings) as (client, _, _app):
        answer = await client.get("/api/nowhere", headers=bearer(settings, Role.APPLICANT))
        learned = await client.get("/api/echo", headers=bearer(settings, Role.APPLICANT))
    assert is_problem(answer, 503)
    assert learned.status_code == 200


async def test_non_json_upstream_answer_is_502() -> None:
    async with over_the_network() as (client, settings):
        answer = await client.get("/api/text", headers=bearer(settings, Role.APPLICANT))
    assert is_problem(answer, 502)


async def test_after_an_upstream_500_the_next_request_gets_a_fresh_connection() -> None:
    # One connection at most: without care the pool would hand the failed one out again.
    async with over_the_network(upstream_max_connections=1) as (client, settings):
        failed = await client.post("/api/fail", headers=bearer(settings, Role.APPLICANT))
        after = await client.post("/api/ok", headers=bearer(settings, Role.APPLICANT))
    assert failed.status_code == 500
    assert after.status_code == 200, after.text


async def test_upstream_that_never_answers_times_out_with_504() -> None:
    async with over_the_network(upstream_timeout_seconds=0.2) as (client, settings):
        answer = await client.get("/api/slow", headers=bearer(settings, Role.APPLICANT))
    assert is_problem(answer, 504)


async def test_request_finding_every_upstream_connection_busy_is_shed_with_503() -> None:
    overrides = {
        "upstream_max_connections": 1,
        "upstream_queue_seconds": 0.2,
        "upstream_timeout_seconds": 2.0,
    }
    async with over_the_network(**overrides) as (client, settings):
        headers = bearer(settings, Role.APPLICANT)
        holding = asyncio.create_task(client.get("/api/slow", headers=headers))
        await asyncio.sleep(0.1)  # the slow request has the only connection
        shed = await client.get("/api/ok", headers=headers)
        held = await holding
    assert is_problem(shed, 503)
    assert shed.headers["Retry-After"] == "1"
    assert shed.json()["code"] == "upstream.busy"
    assert is_problem(held, 504)


# --- bounded resources ----------------------------------------------------------------


async def test_body_over_the_limit_is_413_before_anything_is_forwarded() -> None:
    settings = gateway_settings("svc", max_body_bytes=1000)
    async with in_process(settings) as (client, _, _app):
        headers = bearer(settings, Role.APPLICANT)
        declared = await client.post("/api/echo", content=b"x" * 1001, headers=headers)

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(20):
                yield b"y" * 100

        streamed = await client.post("/api/echo", content=chunks(), headers=headers)
        within = await client.post("/api/echo", content=b"z" * 1000, headers=headers)
    assert is_problem(declared, 413)
    assert is_problem(streamed, 413)
    assert within.status_code == 200


async def test_authentication_comes_before_the_body_is_read() -> None:
    consumed: list[bytes] = []

    async def chunks() -> AsyncIterator[bytes]:
        consumed.append(b"x")
        yield b"x" * 10

    async with in_process() as (client, _, _app):
        answer = await client.post("/api/echo", content=chunks())
    assert answer.status_code == 401
    assert consumed == []


async def test_rate_limit_per_subject_answers_429_with_retry_after() -> None:
    settings = gateway_settings(
        "svc", rate_limit_subject_burst=2, rate_limit_subject_per_second=0.01
    )
    async with in_process(settings) as (client, _, _app):
        alice = bearer(settings, Role.APPLICANT, "alice")
        answers = [await client.get("/api/echo", headers=alice) for _ in range(3)]
        bob = await client.get("/api/echo", headers=bearer(settings, Role.APPLICANT, "bob"))
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert is_problem(answers[2], 429) and int(answers[2].headers["Retry-After"]) >= 1
    assert bob.status_code == 200


async def test_rate_limit_per_client_address_spans_subjects() -> None:
    settings = gateway_settings("svc", rate_limit_client_burst=2, rate_limit_client_per_second=0.01)
    async with in_process(settings) as (client, _, _app):
        answers = [
            await client.get("/api/echo", headers=bearer(settings, Role.APPLICANT, f"user-{n}"))
            for n in range(3)
        ]
        anonymous = await client.get("/api/echo")
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert anonymous.status_code == 429


# --- readiness ------------------------------------------------------------------------


async def test_public_readiness_says_not_ready_and_nothing_else() -> None:
    settings = gateway_settings("svc", "absent")
    async with in_process(settings) as (client, _, _app):
        answer = await client.get("/health/ready")
    assert answer.status_code == 503
    assert answer.json() == {"status": "not ready"}


async def test_public_readiness_says_ready() -> None:
    async with in_process() as (client, _, _app):
        answer = await client.get("/health/ready")
    assert (answer.status_code, answer.json()) == (200, {"status": "ready"})


async def test_an_upstream_with_a_broken_document_stays_unlearned() -> None:
    settings = gateway_settings("svc")
    async with in_process(settings, echo_upstream(["not", "a", "document"])) as (client, _, app):
        answer = await client.get("/api/echo", headers=bearer(settings, Role.APPLICANT))
        assert app.state.gateway.catalog.missing() == ["svc"]
    assert is_problem(answer, 503)
