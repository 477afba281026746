"""Every gateway route against every role: the role check happens before anything is forwarded.

No upstream runs here, so a request that passes the role check ends in 503 (upstream
unavailable); one that does not ends in 403, and one without a token in 401.
"""

from uuid import uuid4

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from gateway.app import create_app
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from ..runtimes import call_spec, profile

CALL, APPLICATION = uuid4(), uuid4()
APP = f"/api/recruitment/applications/{APPLICATION}"
SCORES = dict.fromkeys(("relevant expertise", "training experience", "motivation", "languages"), 3)
OVERRIDE = {"eligible": True, "justification": "Equivalent experience documented in the CV."}
ROUTES: list[tuple[str, str, object, set[Role]]] = [
    ("POST", "/api/recruitment/calls", "call", {Role.IOM_OFFICER}),
    ("GET", "/api/recruitment/calls", None, set(Role)),
    ("POST", f"/api/recruitment/calls/{CALL}/applications", "profile", {Role.APPLICANT}),
    (
        "GET",
        f"/api/recruitment/applications/{APPLICATION}",
        None,
        {Role.APPLICANT, Role.IOM_OFFICER},
    ),
    ("PUT", f"/api/recruitment/applications/{APPLICATION}", "profile", {Role.APPLICANT}),
    ("POST", f"/api/recruitment/applications/{APPLICATION}/withdraw", None, {Role.APPLICANT}),
    ("POST", f"/api/recruitment/applications/{APPLICATION}/accept", None, {Role.IOM_OFFICER}),
    (
        "POST",
        f"/api/recruitment/applications/{APPLICATION}/screening-override",
        "override",
        {Role.IOM_OFFICER},
    ),
    ("GET", "/api/recruitment/applicants/me/personal-data", None, {Role.APPLICANT}),
    ("POST", "/api/recruitment/applicants/me/erasure", None, {Role.APPLICANT}),
    ("GET", "/api/recruitment/applicants/someone/personal-data", None, {Role.IOM_OFFICER}),
    ("POST", "/api/recruitment/applicants/someone/erasure", None, {Role.IOM_OFFICER}),
    (
        "GET",
        "/api/reports/accepted-professionals",
        None,
        {Role.IOM_OFFICER, Role.MINISTRY_VIEWER},
    ),
    ("GET", "/api/reports/recruitment-funnel", None, {Role.IOM_OFFICER, Role.MINISTRY_VIEWER}),
    ("GET", "/api/reference/iprcs", None, set(Role)),
    ("POST", f"{APP}/reviewers", "reviewer", {Role.IOM_OFFICER}),
    ("GET", "/api/recruitment/reviews/mine", None, {Role.REVIEWER}),
    ("GET", f"{APP}/reviews", None, {Role.IOM_OFFICER, Role.REVIEWER}),
    ("POST", f"{APP}/reviews/conflict", "conflict", {Role.REVIEWER}),
    ("POST", f"{APP}/reviews", "scores", {Role.REVIEWER}),
    ("GET", f"/api/recruitment/calls/{CALL}/selection", None, {Role.IOM_OFFICER}),
    ("POST", f"/api/recruitment/calls/{CALL}/selection/confirm", "confirm", {Role.IOM_OFFICER}),
    ("POST", f"{APP}/offer", "answer", {Role.APPLICANT}),
    ("POST", "/api/recruitment/offers/expire", None, {Role.IOM_OFFICER}),
]


def body_for(kind: object) -> object:
    return {
        None: None,
        "call": call_spec().model_dump(mode="json"),
        "profile": profile().model_dump(mode="json"),
        "override": OVERRIDE,
        "reviewer": {"reviewer_subject": "reviewer-1"},
        "conflict": {"reason": "worked with the applicant"},
        "scores": {"scores": SCORES},
        "confirm": {"offer_valid_days": 14},
        "answer": {"accept": True},
    }[kind]  # type: ignore[index]


@pytest.fixture
def settings() -> GatewaySettings:
    # Nothing listens on port 9: forwarded requests fail fast with 503.
    return GatewaySettings(recruitment_url="http://127.0.0.1:9", reporting_url="http://127.0.0.1:9")


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES)
@pytest.mark.parametrize("role", list(Role))
async def test_route_answers_by_role(
    settings: GatewaySettings,
    method: str,
    path: str,
    body: object,
    allowed: set[Role],
    role: Role,
) -> None:
    token = mint_token(settings, f"user-{role.value}", role)
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        anonymous = await client.request(method, path, json=body_for(body))
        answer = await client.request(
            method, path, json=body_for(body), headers={"Authorization": f"Bearer {token}"}
        )
    assert anonymous.status_code == 401
    if role in allowed:
        assert answer.status_code in {200, 503}, answer.text
    else:
        assert answer.status_code == 403, answer.text
