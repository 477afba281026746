"""The web application in a real browser (Debian's chromium, driven by Playwright) against the
services and the gateway as separate processes on Kafka and PostgreSQL: an applicant applies
and accepts an offer, reviewers score, an officer confirms the selection and matches a
mission, a host confirms the arrival and records a session, another host is kept out, two
officers release a tranche, and every organisation's dashboard is shown, exported and saved
as a screenshot."""

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from ..processes import REPO
from .conftest import started
from .test_deployment_seed import seed_module
from .test_platform_flow import call_body

WEB = REPO / "frontends" / "web"
BROWSER_TIMEOUT_SECONDS = 420
SERVICES = ("recruitment", "deployment", "grants", "reporting")


@pytest.fixture
async def web_stack(
    kafka: str,
    topic_prefix: str,
    new_postgres_database: Callable[[], Awaitable[str]],
    tmp_path: Path,
) -> AsyncIterator[str]:
    """The gateway's URL, with the built application and the development sign-in."""
    assert (WEB / "dist" / "index.html").is_file(), (
        "build first: npm --prefix frontends/web run build"
    )
    extra = {"GATEWAY_DEV_SIGN_IN": "true", "GATEWAY_WEB_ROOT": str(WEB / "dist")}
    async with started(
        SERVICES, kafka, topic_prefix, new_postgres_database, tmp_path, extra
    ) as platform:
        yield platform.gateway_url


async def _open_call(gateway_url: str) -> str:
    token = mint_token(GatewaySettings(), "officer-web", Role.IOM_OFFICER, org="IOM-RW")
    async with httpx.AsyncClient(base_url=gateway_url, timeout=15) as client:
        created = await client.post(
            "/api/recruitment/calls",
            json=call_body(),
            headers={"Authorization": f"Bearer {token}"},
        )
    assert created.status_code == 201, created.text
    return str(created.json()["call_id"])


def _grant_ready_for_release(gateway_url: str) -> str:
    """A grant of PILOT-01 awarded, its first tranche's condition met: ready for the four-eyes
    release the officers do in the browser."""
    grants = seed_module("seed_grants")
    with seed_module("seed_client").gateway_client(gateway_url, timeout=30) as client:
        seeder = grants.Seeder(client, GatewaySettings())
        base = seeder.award(seeder.open_calls()[0], "PILOT-01", 0)
        met = {"condition": "agreement signed", "evidence": "signed agreement on file"}
        seeder.post(f"{base}/tranches/1/conditions", met, seeder.officer())
    return str(base.rsplit("/", 1)[1])


async def test_applicant_officer_reviewer_host_and_ministry_flows_in_a_browser(
    web_stack: str,
) -> None:
    call_id = await _open_call(web_stack)
    grant_id = await asyncio.to_thread(_grant_ready_for_release, web_stack)
    browser = await asyncio.create_subprocess_exec(
        "node",
        str(WEB / "browser-tests" / "flows.mjs"),
        env={**os.environ, "WEB_URL": web_stack, "CALL_ID": call_id, "GRANT_ID": grant_id},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(browser.communicate(), BROWSER_TIMEOUT_SECONDS)
    assert browser.returncode == 0, output.decode()
    for dashboard in ("dashboard-mineduc", "indicators-MINEDUC", "indicators-IPRC-KGL"):
        assert (WEB / "test-results" / f"{dashboard}.png").is_file()
