"""The web application in a real browser (Debian's chromium, driven by Playwright) against the
services and the gateway as separate processes on Kafka and PostgreSQL."""

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
from .test_platform_flow import call_body

WEB = REPO / "frontends" / "web"
BROWSER_TIMEOUT_SECONDS = 240


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
    services = ("recruitment", "reporting")
    async with started(
        services, kafka, topic_prefix, new_postgres_database, tmp_path, extra
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


async def test_applicant_officer_and_ministry_flows_in_a_browser(web_stack: str) -> None:
    call_id = await _open_call(web_stack)
    browser = await asyncio.create_subprocess_exec(
        "node",
        str(WEB / "browser-tests" / "flows.mjs"),
        env={**os.environ, "WEB_URL": web_stack, "CALL_ID": call_id},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(browser.communicate(), BROWSER_TIMEOUT_SECONDS)
    assert browser.returncode == 0, output.decode()
    assert (WEB / "test-results" / "dashboard-mineduc.png").is_file()
