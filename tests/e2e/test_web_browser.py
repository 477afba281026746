"""The web application in a real browser (Debian's chromium, driven by Playwright) against the
services and the gateway as separate processes on Kafka and PostgreSQL: an applicant applies
and accepts an offer, reviewers score, an officer confirms the selection and matches a
mission, a host confirms the arrival and records a session, another host is kept out, and
every organisation's dashboard is shown, exported and saved as a screenshot."""

import asyncio
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from ..processes import REPO, ServiceProcess, free_port
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
    ports = {name: free_port() for name in (*SERVICES, "gateway")}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    processes: dict[str, ServiceProcess] = {}
    for name in SERVICES:
        prefix = name.upper()
        env = {
            "KAFKA_BOOTSTRAP_SERVERS": kafka,
            f"{prefix}_KAFKA_BOOTSTRAP_SERVERS": kafka,
            f"{prefix}_KAFKA_TOPIC_PREFIX": topic_prefix,
            f"{prefix}_DATABASE_URL": await new_postgres_database(),
            f"{prefix}_HTTP_PORT": str(ports[name]),
        }
        processes[name] = ServiceProcess(name, env, tmp_path / f"{name}.log").start()
    gateway_env = {
        "GATEWAY_HTTP_PORT": str(ports["gateway"]),
        "GATEWAY_UPSTREAMS": json.dumps([{"name": name, "url": urls[name]} for name in SERVICES]),
        # Every user of the flows browses from this one address; the limits have their tests.
        "GATEWAY_RATE_LIMIT_CLIENT_PER_SECOND": "100000",
        "GATEWAY_RATE_LIMIT_CLIENT_BURST": "100000",
        "GATEWAY_DEV_SIGN_IN": "true",
        "GATEWAY_WEB_ROOT": str(WEB / "dist"),
    }
    processes["gateway"] = ServiceProcess("gateway", gateway_env, tmp_path / "gateway.log").start()
    try:
        for name, process in processes.items():
            process.wait_ready(urls[name])
        yield urls["gateway"]
    finally:
        for process in processes.values():
            process.stop()


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
    with httpx.Client(base_url=gateway_url, timeout=30) as client:
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
