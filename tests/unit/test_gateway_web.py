"""The gateway's own web additions: the built application, the development sign-in, and
RS256 tokens from an OpenID Connect provider's JWKS URL."""

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import AuthenticationError, verify_token

from ..gateway_fakes import bearer, echo_upstream, gateway_settings, running_gateway

DOCUMENT = {"openapi": "3.1.0", "paths": {"/calls": {"get": {"x-roles": ["applicant"]}}}}


async def test_dev_sign_in_is_absent_unless_enabled() -> None:
    settings = gateway_settings("recruitment")
    async with running_gateway(settings, {"recruitment": echo_upstream(DOCUMENT)}) as (client, _):
        answer = await client.get("/auth/dev/users")
    assert answer.status_code == 401


async def test_dev_sign_in_lists_demo_users_and_hands_out_accepted_tokens() -> None:
    settings = gateway_settings("recruitment", dev_sign_in=True)
    async with running_gateway(settings, {"recruitment": echo_upstream(DOCUMENT)}) as (client, _):
        users = (await client.get("/auth/dev/users")).json()
        signed_in = await client.post("/auth/dev/sign-in", json={"subject": "demo-iprc-kigali"})
        unknown = await client.post("/auth/dev/sign-in", json={"subject": "nobody"})
    assert {"subject": "demo-officer", "role": "iom_officer", "org": "IOM-RW"} in users
    actor = verify_token(settings, signed_in.json()["token"])
    assert (actor.subject, actor.role, actor.org) == (
        "demo-iprc-kigali",
        Role.HOST_INSTITUTION,
        "IPRC-KGL",
    )
    assert unknown.status_code == 404


async def test_built_application_is_served_and_api_keeps_priority(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<html>web</html>")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)")
    settings = gateway_settings("recruitment", web_root=str(tmp_path))
    async with running_gateway(settings, {"recruitment": echo_upstream(DOCUMENT)}) as (client, _):
        index = await client.get("/")
        script = await client.get("/assets/app.js")
        api = await client.get("/api/calls", headers=bearer(settings, Role.APPLICANT))
    assert index.text == "<html>web</html>"
    assert script.text == "console.log(1)"
    assert api.json()["path"] == "/calls"


async def test_missing_build_directory_serves_nothing(tmp_path: Path) -> None:
    settings = gateway_settings("recruitment", web_root=str(tmp_path / "absent"))
    async with running_gateway(settings, {"recruitment": echo_upstream(DOCUMENT)}) as (client, _):
        answer = await client.get("/")
    assert answer.status_code == 401


# --- RS256 tokens from a provider's JWKS --------------------------------------------------


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def provider_key() -> rsa.RSAPrivateKey:
    return _rsa_key()


@pytest.fixture(scope="module")
def jwks_url(provider_key: rsa.RSAPrivateKey) -> Iterator[str]:
    public = json.loads(RSAAlgorithm.to_jwk(provider_key.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "provider-1", "use": "sig"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    server.shutdown()


def _provider_token(key: rsa.RSAPrivateKey, kid: str = "provider-1", **claims: Any) -> str:
    now = int(datetime.now(UTC).timestamp())
    payload = {
        "sub": "officer-9",
        "role": "iom_officer",
        "org": "IOM-RW",
        "iss": "https://id.example.org",
        "aud": "diaspora-web",
        "iat": now,
        "exp": now + 600,
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def _provider_settings(url: str | None) -> Any:
    return gateway_settings(
        "recruitment",
        jwks_url=url,
        jwks_issuer="https://id.example.org",
        jwks_audience="diaspora-web",
    )


def test_provider_token_is_accepted_with_its_jwks(
    jwks_url: str, provider_key: rsa.RSAPrivateKey
) -> None:
    actor = verify_token(_provider_settings(jwks_url), _provider_token(provider_key))
    assert (actor.subject, actor.role, actor.org) == ("officer-9", Role.IOM_OFFICER, "IOM-RW")


def test_provider_token_signed_by_another_key_is_refused(jwks_url: str) -> None:
    with pytest.raises(AuthenticationError) as caught:
        verify_token(_provider_settings(jwks_url), _provider_token(_rsa_key()))
    assert caught.value.reason == "bad signature"


def test_provider_token_with_unknown_key_id_is_refused(
    jwks_url: str, provider_key: rsa.RSAPrivateKey
) -> None:
    with pytest.raises(AuthenticationError) as caught:
        verify_token(_provider_settings(jwks_url), _provider_token(provider_key, kid="other"))
    assert caught.value.reason == "bad signature"


def test_provider_token_for_another_audience_is_refused(
    jwks_url: str, provider_key: rsa.RSAPrivateKey
) -> None:
    with pytest.raises(AuthenticationError) as caught:
        verify_token(_provider_settings(jwks_url), _provider_token(provider_key, aud="other"))
    assert caught.value.reason == "wrong audience"


def test_rs256_is_refused_without_a_jwks_url(provider_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(AuthenticationError) as caught:
        verify_token(_provider_settings(None), _provider_token(provider_key))
    assert caught.value.reason == "algorithm not allowed"
