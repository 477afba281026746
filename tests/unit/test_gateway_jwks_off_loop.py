"""Fetching a provider's JWKS is blocking network I/O: while the gateway waits for the keys,
its event loop keeps answering other requests."""

import asyncio
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from diaspora_shared.contracts.vocabulary import Role

from ..gateway_fakes import bearer, echo_upstream, running_gateway
from .test_gateway_web import DOCUMENT, _provider_settings, _provider_token, provider_key

__all__ = ["provider_key"]  # the fixture, shared with the JWKS tests it sits beside

# Long enough that a blocked loop shows as a timeout, never reached when the loop is free.
HELD_SECONDS = 20


@dataclass
class HeldJwks:
    """A provider whose JWKS answer waits until the test lets it go."""

    url: str
    asked: threading.Event = field(default_factory=threading.Event)
    let_go: threading.Event = field(default_factory=threading.Event)
    released_in_time: list[bool] = field(default_factory=list)


@pytest.fixture
def held_jwks(provider_key: rsa.RSAPrivateKey) -> Iterator[HeldJwks]:
    public = json.loads(RSAAlgorithm.to_jwk(provider_key.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "provider-1", "use": "sig"}]}).encode()
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    held = HeldJwks(f"http://127.0.0.1:{server.server_port}/held-jwks.json")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            held.asked.set()
            held.released_in_time.append(held.let_go.wait(HELD_SECONDS))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield held
    held.let_go.set()
    server.shutdown()


async def test_other_requests_are_answered_while_the_provider_keys_are_fetched(
    held_jwks: HeldJwks, provider_key: rsa.RSAPrivateKey
) -> None:
    settings = _provider_settings(held_jwks.url)
    provider_token = {"Authorization": f"Bearer {_provider_token(provider_key)}"}
    async with running_gateway(settings, {"recruitment": echo_upstream(DOCUMENT)}) as (client, _):
        waiting = asyncio.create_task(client.get("/api/calls", headers=provider_token))
        assert await asyncio.to_thread(held_jwks.asked.wait, HELD_SECONDS)
        meanwhile = await client.get("/api/calls", headers=bearer(settings, Role.APPLICANT))
        held_jwks.let_go.set()
        answered = await waiting
    assert meanwhile.status_code == 200
    assert answered.status_code == 403  # verified (an officer), but the route is applicants'
    assert held_jwks.released_in_time == [True]
