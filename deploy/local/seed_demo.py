"""Demo data for `make run`: waits for the gateway, opens one call per track (once), and prints
where to go and the demo users' tokens."""

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from seed_client import gateway_client
from seed_deployment import seed_deployment
from seed_grants import seed_grants

from diaspora_shared.contracts.vocabulary import Role, Track
from gateway.auth import mint_token
from gateway.settings import GatewaySettings
from gateway.tokens_cli import DEMO_USERS

DEMO_CALLS: dict[Track, dict[str, Any]] = {
    Track.TVET: {
        "title": "TVET: training of trainers at the eight IPRCs",
        "courses_or_specialties": [
            "ICT",
            "Agriculture",
            "Mechanical engineering",
            "Electrical engineering",
            "Renewable energy",
        ],
    },
    Track.HEALTH: {
        "title": "Health: services and skills transfer at host hospitals",
        "courses_or_specialties": [
            "Surgery",
            "Anaesthesia",
            "Paediatrics",
            "Obstetrics and gynaecology",
            "Internal medicine",
        ],
    },
}


def wait_until_ready(client: httpx.Client, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if client.get("/health/ready").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit("seed: the gateway did not become ready")


def seed_calls(client: httpx.Client, officer: dict[str, str]) -> None:
    existing = {
        call["track"] for call in client.get("/api/recruitment/calls", headers=officer).json()
    }
    today = datetime.now(UTC).date()
    for track, call in DEMO_CALLS.items():
        if track.value in existing:
            continue
        body = call | {
            "track": track.value,
            "target": 30,
            "women_share_goal": 0.4,
            "opens_on": str(today),
            "closes_on": str(today + timedelta(days=90)),
        }
        client.post("/api/recruitment/calls", json=body, headers=officer).raise_for_status()


def main() -> None:
    settings = GatewaySettings()
    # In containers the gateway is another host (docker-compose.yml sets SEED_GATEWAY_URL).
    base_url = (
        os.environ.get("SEED_GATEWAY_URL") or f"http://{settings.http_host}:{settings.http_port}"
    )
    with gateway_client(base_url, timeout=10) as client:
        wait_until_ready(client)
        token = mint_token(settings, "demo-officer", Role.IOM_OFFICER, org="IOM-RW")
        officer = {"Authorization": f"Bearer {token}"}
        seed_calls(client, officer)
        projects, mentors = seed_grants(client, settings)
        planned, started = seed_deployment(client, settings)
        iprcs = client.get("/api/reference/iprcs", headers=officer).json()
    public_url = os.environ.get("SEED_PUBLIC_URL") or base_url
    print(f"\nPlatform ready. Gateway: {public_url}  (OpenAPI: {public_url}/docs)")
    print(f"Reference data: {len(iprcs)} IPRCs; one open call per track.")
    if projects:
        print(f"Grants: {projects} pilot projects awarded, half their first tranches paid, ")
        print(f"{mentors} mentors assigned with sessions (GET /api/reports/grant-progress).")
    if planned:
        print(f"Deployment: {planned} missions at three IPRCs and two hospitals, {started} ")
        print("started with training sessions recorded (GET /api/deployment/missions).")
    print("Demo tokens (Authorize in /docs with the token):")
    for role, subject, org in DEMO_USERS:
        token = mint_token(settings, subject, role, org=org)
        print(f"  {role.value:16} {subject:24} {org or '-':9} {token}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
