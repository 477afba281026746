"""The web application in a real browser for a host hospital and for the officer's operations
page, against the services and the gateway as separate processes on Kafka and PostgreSQL, with
the demo deployment seeded: CHUK's host records health services and staff trained on its Health
mission, another host is kept out, and an officer reads every service's dead letters and
parked outbox rows."""

import asyncio
import os

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from .test_deployment_seed import seed_module
from .test_web_browser import BROWSER_TIMEOUT_SECONDS, WEB, web_stack

__all__ = ["web_stack"]  # the fixture, shared with the main browser flows


def _started_health_mission(gateway_url: str) -> str:
    """Seeds the demo calls and deployment; answers CHUK's started Health mission."""
    settings = GatewaySettings()
    with seed_module("seed_client").gateway_client(gateway_url, timeout=30) as client:
        token = mint_token(settings, "officer-web", Role.IOM_OFFICER, org="IOM-RW")
        officer = {"Authorization": f"Bearer {token}"}
        seed_module("seed_demo").seed_calls(client, officer)
        seed_module("seed_deployment").seed_deployment(client, settings)
        missions = client.get("/api/deployment/missions", headers=officer).json()
    started = [m for m in missions if m["institution_code"] == "CHUK" and m["status"] == "started"]
    assert len(started) == 1, missions
    return str(started[0]["mission_id"])


async def test_a_hospital_records_its_activity_and_an_officer_reads_operations(
    web_stack: str,
) -> None:
    mission_id = await asyncio.to_thread(_started_health_mission, web_stack)
    browser = await asyncio.create_subprocess_exec(
        "node",
        str(WEB / "browser-tests" / "hospital.mjs"),
        env={**os.environ, "WEB_URL": web_stack, "MISSION_ID": mission_id},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(browser.communicate(), BROWSER_TIMEOUT_SECONDS)
    assert browser.returncode == 0, output.decode()
