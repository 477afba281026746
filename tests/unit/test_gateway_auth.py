"""Gateway token minting and verification, with real PyJWT and a real ASGI round trip."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from pydantic import ValidationError

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from gateway import tokens_cli
from gateway.auth import AuthenticationError, mint_token, verify_token
from gateway.settings import GatewaySettings

from ..gateway_fakes import echo_upstream, gateway_settings, running_gateway

# 64 bytes so HS512 tokens can be signed without PyJWT's short-key warning.
SECRET = "s" * 64
OTHER_SECRET = "o" * 64


@pytest.fixture
def settings() -> GatewaySettings:
    return GatewaySettings(jwt_secret=SECRET)


def _claims(settings: GatewaySettings, **overrides: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    claims: dict[str, Any] = {
        "sub": "officer-1",
        "role": "iom_officer",
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": "test",
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _reason(settings: GatewaySettings, token: str) -> str:
    with pytest.raises(AuthenticationError) as caught:
        verify_token(settings, token)
    return caught.value.reason


# --- minting and verifying -------------------------------------------------------------


def test_minted_token_verifies_to_the_actor(settings: GatewaySettings) -> None:
    token = mint_token(settings, "officer-1", Role.IOM_OFFICER)
    assert verify_token(settings, token) == Actor(subject="officer-1", role=Role.IOM_OFFICER)


def test_minted_token_carries_the_registered_claims(settings: GatewaySettings) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    token = mint_token(settings, "applicant-7", Role.APPLICANT, ttl_seconds=60, now=now)
    claims = jwt.decode(
        token, options={"verify_signature": False, "verify_exp": False, "verify_iat": False}
    )
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert claims["iat"] == claims["nbf"] == int(now.timestamp())
    assert claims["exp"] == int(now.timestamp()) + 60
    assert claims["iss"] == "iom-diaspora-platform"
    assert claims["aud"] == "iom-diaspora-gateway"
    assert claims["role"] == "applicant"
    another = mint_token(settings, "applicant-7", Role.APPLICANT)
    assert claims["jti"]
    assert claims["jti"] != jwt.decode(another, options={"verify_signature": False})["jti"]


def test_mint_refuses_naive_time_and_non_positive_ttl(settings: GatewaySettings) -> None:
    with pytest.raises(ValueError, match="timezone"):
        mint_token(settings, "x", Role.REVIEWER, now=datetime(2030, 1, 1))
    with pytest.raises(ValueError, match="positive"):
        mint_token(settings, "x", Role.REVIEWER, ttl_seconds=0)


def test_expired_token_is_rejected(settings: GatewaySettings) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    token = mint_token(settings, "officer-1", Role.IOM_OFFICER, ttl_seconds=60, now=long_ago)
    assert _reason(settings, token) == "token expired"


def test_expiry_within_leeway_is_tolerated(settings: GatewaySettings) -> None:
    just_expired = datetime.now(UTC) - timedelta(seconds=70)
    token = mint_token(settings, "officer-1", Role.IOM_OFFICER, ttl_seconds=60, now=just_expired)
    assert verify_token(settings, token).subject == "officer-1"


def test_wrong_audience_is_rejected(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings, aud="someone-else"), SECRET, algorithm="HS256")
    assert _reason(settings, token) == "wrong audience"


def test_wrong_issuer_is_rejected(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings, iss="evil-issuer"), SECRET, algorithm="HS256")
    assert _reason(settings, token) == "wrong issuer"


def test_wrong_secret_is_rejected(settings: GatewaySettings) -> None:
    forged = mint_token(GatewaySettings(jwt_secret=OTHER_SECRET), "officer-1", Role.IOM_OFFICER)
    assert _reason(settings, forged) == "bad signature"


def test_alg_none_token_is_rejected(settings: GatewaySettings) -> None:
    unsigned = jwt.encode(_claims(settings), "", algorithm="none")
    assert _reason(settings, unsigned) == "algorithm not allowed"


def test_hand_made_alg_none_without_signature_is_rejected(settings: GatewaySettings) -> None:
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(settings))}."
    assert _reason(settings, unsigned) == "algorithm not allowed"


def test_hs512_token_is_rejected_when_only_hs256_is_allowed(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings), SECRET, algorithm="HS512")
    assert _reason(settings, token) == "algorithm not allowed"


def test_hs512_token_is_accepted_when_allowed() -> None:
    settings = GatewaySettings(jwt_secret=SECRET, jwt_algorithms=["HS256", "HS512"])
    token = jwt.encode(_claims(settings), SECRET, algorithm="HS512")
    assert verify_token(settings, token).role is Role.IOM_OFFICER


def test_rs256_header_is_rejected(settings: GatewaySettings) -> None:
    # Algorithm confusion: the HMAC secret used as if it were an RSA public key.
    signing_input = f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64(_claims(settings))}"
    digest = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    signature = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert _reason(settings, f"{signing_input}.{signature}") == "algorithm not allowed"


def test_missing_exp_is_rejected(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings, exp=None), SECRET, algorithm="HS256")
    assert _reason(settings, token) == "missing required claim 'exp'"


@pytest.mark.parametrize("claim", ["iat", "sub", "iss", "aud"])
def test_other_required_claims_are_required(settings: GatewaySettings, claim: str) -> None:
    token = jwt.encode(_claims(settings, **{claim: None}), SECRET, algorithm="HS256")
    assert _reason(settings, token) == f"missing required claim {claim!r}"


def test_unknown_role_is_rejected(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings, role="superuser"), SECRET, algorithm="HS256")
    assert _reason(settings, token) == "unknown role"


def test_missing_role_is_rejected(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings, role=None), SECRET, algorithm="HS256")
    assert _reason(settings, token) == "missing role claim"


@pytest.mark.parametrize("garbage", ["", "not-a-jwt", "a.b.c", "....."])
def test_malformed_token_is_rejected(settings: GatewaySettings, garbage: str) -> None:
    assert _reason(settings, garbage) == "malformed token"


# --- settings ------------------------------------------------------------------------


def test_settings_reject_a_short_secret() -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        GatewaySettings(jwt_secret="too-short")


def test_settings_require_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GATEWAY_JWT_SECRET", raising=False)
    with pytest.raises(ValidationError, match="jwt_secret"):
        GatewaySettings()


@pytest.mark.parametrize("algorithms", [["none"], ["HS256", "none"], ["None"]])
def test_settings_reject_none_algorithm(algorithms: list[str]) -> None:
    with pytest.raises(ValidationError, match="never contain 'none'"):
        GatewaySettings(jwt_secret=SECRET, jwt_algorithms=algorithms)


@pytest.mark.parametrize("algorithms", [["RS256"], ["ES256"], ["hs256"], []])
def test_settings_reject_non_hmac_algorithms(algorithms: list[str]) -> None:
    with pytest.raises(ValidationError):
        GatewaySettings(jwt_secret=SECRET, jwt_algorithms=algorithms)


def test_settings_want_a_longer_secret_for_hs512() -> None:
    with pytest.raises(ValidationError, match="at least 64 bytes"):
        GatewaySettings(jwt_secret="k" * 32, jwt_algorithms=["HS512"])


@pytest.mark.parametrize("raw", ['["HS256","HS384"]', "HS256, HS384"])
def test_settings_read_algorithms_from_env(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("GATEWAY_JWT_SECRET", SECRET)
    monkeypatch.setenv("GATEWAY_JWT_ALGORITHMS", raw)
    assert GatewaySettings().jwt_algorithms == ["HS256", "HS384"]


# --- at the gateway's door -----------------------------------------------------------


def test_token_carries_the_organisation(settings: GatewaySettings) -> None:
    token = mint_token(settings, "demo-mineduc", Role.MINISTRY_VIEWER, org="MINEDUC")
    assert verify_token(settings, token) == Actor("demo-mineduc", Role.MINISTRY_VIEWER, "MINEDUC")


@pytest.mark.parametrize("org", ["no where", "x", "lower-case", "A" * 41, "-LEADING"])
def test_malformed_organisation_is_refused(settings: GatewaySettings, org: str) -> None:
    with pytest.raises(ValueError, match="malformed organisation"):
        mint_token(settings, "x", Role.MINISTRY_VIEWER, org=org)
    token = jwt.encode(_claims(settings, org=org), SECRET, algorithm="HS256")
    assert _reason(settings, token) == "malformed organisation"


def test_an_organisation_the_services_added_is_let_through(settings: GatewaySettings) -> None:
    """Officers add host hospitals in deployment; the services check what an org may do."""
    token = mint_token(settings, "nyamata-1", Role.HOST_INSTITUTION, org="DH-NYAMATA")
    assert verify_token(settings, token) == Actor("nyamata-1", Role.HOST_INSTITUTION, "DH-NYAMATA")


def test_over_long_subject_is_refused(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings, sub="x" * 129), SECRET, algorithm="HS256")
    assert _reason(settings, token) == "invalid subject claim"


def test_crit_header_is_refused_not_crashed(settings: GatewaySettings) -> None:
    token = jwt.encode(_claims(settings), SECRET, algorithm="HS256", headers={"crit": ["exp"]})
    assert _reason(settings, token) == "malformed token"


async def _get(path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    settings = gateway_settings("reporting")
    document = {"paths": {"/me": {"get": {"x-roles": [role.value for role in Role]}}}}
    async with running_gateway(settings, {"reporting": echo_upstream(document)}) as (client, _):
        return await client.get(path, headers=headers or {})


async def test_no_token_gives_401_with_www_authenticate() -> None:
    response = await _get("/api/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "auth.missing_token"


async def test_invalid_token_gives_401_with_reason(settings: GatewaySettings) -> None:
    expired = mint_token(
        settings, "x", Role.IOM_OFFICER, ttl_seconds=1, now=datetime.now(UTC) - timedelta(hours=1)
    )
    response = await _get("/api/me", {"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert (body["status"], body["code"], body["detail"]) == (
        401,
        "auth.invalid_token",
        "token expired",
    )


async def test_crit_header_at_the_gateway_gives_401(settings: GatewaySettings) -> None:
    unsigned = f"{_b64({'alg': 'HS256', 'crit': ['exp']})}.{_b64(_claims(settings))}.c2ln"
    response = await _get("/api/me", {"Authorization": f"Bearer {unsigned}"})
    assert response.status_code == 401
    assert response.json()["code"] == "auth.invalid_token"


async def test_non_bearer_scheme_gives_401() -> None:
    response = await _get("/api/me", {"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_valid_token_reaches_the_service(settings: GatewaySettings) -> None:
    token = mint_token(settings, "applicant-1", Role.APPLICANT)
    response = await _get("/api/me", {"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["path"] == "/me"


# --- gateway-token CLI ----------------------------------------------------------------


def _run_cli(monkeypatch: pytest.MonkeyPatch, *args: str, secret: str | None = SECRET) -> int:
    if secret is None:
        monkeypatch.delenv("GATEWAY_JWT_SECRET", raising=False)
    else:
        monkeypatch.setenv("GATEWAY_JWT_SECRET", secret)
    monkeypatch.setattr("sys.argv", ["gateway-token", *args])
    return tokens_cli.main()


def test_cli_prints_a_token_that_verifies(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run_cli(monkeypatch, "--role", "iom_officer", "--subject", "officer-1", "--ttl", "3600")
    token = capsys.readouterr().out.strip()
    assert code == 0
    assert verify_token(GatewaySettings(jwt_secret=SECRET), token) == Actor(
        "officer-1", Role.IOM_OFFICER
    )
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 3600


def test_cli_demo_prints_role_subject_token_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_cli(monkeypatch, "--demo") == 0
    settings = GatewaySettings(jwt_secret=SECRET)
    lines = [line.split(" ") for line in capsys.readouterr().out.splitlines()]
    assert [(role, subject, org) for role, subject, org, _ in lines] == [
        ("iom_officer", "demo-officer", "IOM-RW"),
        ("iom_officer", "demo-iom-belgium", "IOM-BE"),
        ("ministry_viewer", "demo-minaffet", "MINAFFET"),
        ("ministry_viewer", "demo-mineduc", "MINEDUC"),
        ("ministry_viewer", "demo-moh", "MOH"),
        ("ministry_viewer", "demo-rwanda-polytechnic", "RP"),
        ("host_institution", "demo-iprc-kigali", "IPRC-KGL"),
        ("host_institution", "demo-iprc-huye", "IPRC-HYE"),
        ("host_institution", "demo-chuk", "CHUK"),
        ("pilot_project", "demo-pilot-project-1", "PILOT-01"),
        ("applicant", "demo-applicant-1", "-"),
        ("applicant", "demo-applicant-2", "-"),
        ("reviewer", "demo-reviewer-1", "-"),
        ("reviewer", "demo-reviewer-2", "-"),
    ]
    for role, subject, org, token in lines:
        expected = Actor(subject, Role(role), None if org == "-" else org)
        assert verify_token(settings, token) == expected


def test_cli_demo_json_is_keyed_by_subject(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_cli(monkeypatch, "--demo", "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    settings = GatewaySettings(jwt_secret=SECRET)
    assert set(printed) == {subject for _, subject, _ in tokens_cli.DEMO_USERS}
    officer = printed["demo-officer"]
    assert (officer["role"], officer["org"]) == ("iom_officer", "IOM-RW")
    expected = Actor("demo-officer", Role.IOM_OFFICER, "IOM-RW")
    assert verify_token(settings, officer["token"]) == expected


def test_cli_mints_a_token_for_an_organisation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("--role", "host_institution", "--subject", "chuk-1", "--org", "CHUK")
    assert _run_cli(monkeypatch, *args) == 0
    token = capsys.readouterr().out.strip()
    actor = verify_token(GatewaySettings(jwt_secret=SECRET), token)
    assert actor == Actor("chuk-1", Role.HOST_INSTITUTION, "CHUK")


def test_cli_single_token_as_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_cli(monkeypatch, "--role", "reviewer", "--subject", "r-1", "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert list(printed) == ["r-1"]
    assert printed["r-1"]["role"] == "reviewer"
    actor = verify_token(GatewaySettings(jwt_secret=SECRET), printed["r-1"]["token"])
    assert actor == Actor("r-1", Role.REVIEWER)


@pytest.mark.parametrize("secret", [None, "short"])
def test_cli_explains_a_missing_or_short_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], secret: str | None
) -> None:
    assert _run_cli(monkeypatch, "--demo", secret=secret) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "GATEWAY_JWT_SECRET" in captured.err


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--role", "iom_officer"),
        ("--demo", "--role", "reviewer"),
        ("--role", "root", "--subject", "x"),
        ("--role", "reviewer", "--subject", "x", "--org", "no where"),
        ("--demo", "--org", "MOH"),
    ],
)
def test_cli_rejects_bad_arguments(monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as exited:
        _run_cli(monkeypatch, *args)
    assert exited.value.code == 2
