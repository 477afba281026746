"""End to end through the gateway, nothing published by hand: the demo's users apply, are
accepted, matched to host requests and start missions with training sessions (recruitment →
deployment), pilot projects apply, are awarded, paid and mentored (→ grants); reporting's live
subscribers follow every event. Each stakeholder then downloads its export through the gateway
and finds the figures this test computes from what it drove, and never another's rows."""

import asyncio
import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
from lxml import etree

from diaspora_shared.contracts.vocabulary import Role, Track
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from ..kafka_helpers import eventually
from .conftest import Platform
from .test_deployment_seed import seed_module

EXPORTS = "/api/reports/exports"
SESSIONS_PER_STARTED_MISSION = 3


def drive(base_url: str) -> None:
    """The demo's flows, each request through the gateway as its user."""
    settings = GatewaySettings()
    with seed_module("seed_client").gateway_client(base_url, timeout=30) as client:
        officer = {"Authorization": f"Bearer {mint_token(settings, 'o', Role.IOM_OFFICER)}"}
        seed_module("seed_demo").seed_calls(client, officer)
        assert seed_module("seed_deployment").seed_deployment(client, settings) == (6, 4)
        assert seed_module("seed_grants").seed_grants(client, settings) == (10, 10)


def expected_deployment(hosts: set[str] | None) -> dict[str, int]:
    """Missions started at the given hosts (all when None), each with three sessions of
    2+d / 3 trainers and 8 / 10+d students (female / male) on day d."""
    requests = seed_module("seed_deployment").REQUESTS
    started = sum(
        begun
        for code, _track, _course, _wanted, begun in requests
        if hosts is None or code in hosts
    )
    days = range(SESSIONS_PER_STARTED_MISSION)
    trainers = sum((2 + d) + 3 for d in days)
    students = sum(8 + (10 + d) for d in days)
    return {
        "professionals-deployed": started,
        "tot-sessions": started * SESSIONS_PER_STARTED_MISSION,
        "trainers-trained": started * trainers,
        "students-trained": started * students,
    }


def expected_grants() -> tuple[list[int], list[int]]:
    """Per project (in seed order), the amount awarded; and the first tranches paid (every
    second project): 12,000,000 + 500,000 per index, then 8,000,000 RWF."""
    projects = seed_module("seed_grants").PROJECTS
    first = [12_000_000 + index * 500_000 for index in range(len(projects))]
    awarded = [amount + 8_000_000 for amount in first]
    paid = [amount for index, amount in enumerate(first) if index % 2 == 0]
    return awarded, paid


def tvet_hosts() -> set[str]:
    requests = seed_module("seed_deployment").REQUESTS
    return {code for code, track, *_ in requests if track == Track.TVET}


async def test_every_stakeholder_export_matches_the_flows_driven_through_the_gateway(
    whole_platform: Platform,
) -> None:
    platform = whole_platform
    await asyncio.to_thread(drive, platform.gateway_url)
    awarded, paid = expected_grants()
    tokens = {
        "IOM-RW": platform.token(Role.IOM_OFFICER, "officer-e2e", "IOM-RW"),
        "IOM-BE": platform.token(Role.IOM_OFFICER, "donor-e2e", "IOM-BE"),
        "MINEDUC": platform.token(Role.MINISTRY_VIEWER, "mineduc-e2e", "MINEDUC"),
        "MOH": platform.token(Role.MINISTRY_VIEWER, "moh-e2e", "MOH"),
        "IPRC-KGL": platform.token(Role.HOST_INSTITUTION, "kgl-e2e", "IPRC-KGL"),
        "CHUK": platform.token(Role.HOST_INSTITUTION, "chuk-e2e", "CHUK"),
        "PILOT-01": platform.token(Role.PILOT_PROJECT, "pilot-e2e", "PILOT-01"),
    }
    wanted: dict[str, dict[str, str]] = {
        "IOM-RW": _text(expected_deployment(None))
        | {
            "pilot-projects-funded": str(len(awarded)),
            "amount-committed": str(sum(awarded)),
            "amount-disbursed": str(sum(paid)),
        },
        "MINEDUC": _text(expected_deployment(tvet_hosts())),
        "MOH": {
            "professionals-deployed": str(expected_deployment({"CHUK"})["professionals-deployed"])
        },
        "IPRC-KGL": _text(expected_deployment({"IPRC-KGL"})),
        "CHUK": {"professionals-deployed": "1"},
        "PILOT-01": {
            "pilot-projects-funded": "1",
            "amount-committed": str(awarded[0]),
            "amount-disbursed": str(paid[0]),
        },
    }
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=30) as client:
        for organisation, figures in wanted.items():

            async def shows(org: str = organisation, want: dict[str, str] = figures) -> bool:
                answer = await client.get(f"{EXPORTS}/csv", headers=tokens[org])
                assert answer.status_code == 200, answer.text
                totals = _csv_totals(answer.text)
                return all(totals.get(key) == value for key, value in want.items())

            await eventually(shows, timeout=90)

        # An organisation never sees another's rows.
        for own, other in (
            ("IPRC-KGL", "IPRC-HYE"),
            ("CHUK", "IPRC-KGL"),
            ("PILOT-01", "PILOT-02"),
        ):
            refused = await client.get(
                f"{EXPORTS}/csv", params={"organisation": other}, headers=tokens[own]
            )
            assert refused.status_code == 403, (own, other, refused.text)
        # Where IOM Rwanda's export names every host, IPRC Kigali's names none but itself.
        everyone = (await client.get(f"{EXPORTS}/csv", headers=tokens["IOM-RW"])).text
        kgl = (await client.get(f"{EXPORTS}/csv", headers=tokens["IPRC-KGL"])).text
        others = {"IPRC-HYE", "IPRC-MSZ", "CHUK", "DH-NYAMATA"}
        assert all(code in everyone for code in others)
        assert not [code for code in others if code in kgl]

        # IOM Belgium's IATI activity: a commitment per award, a disbursement per tranche paid.
        iati = await client.get(f"{EXPORTS}/iati", headers=tokens["IOM-BE"])
        assert iati.status_code == 200, iati.text
        activity = etree.fromstring(iati.content).find("iati-activity")
        assert activity is not None
        found = sorted(_transaction(t) for t in activity.iterfind("transaction"))
        assert found == sorted(
            [("2", Decimal(amount), "RWF") for amount in awarded]
            + [("3", Decimal(amount), "RWF") for amount in paid]
        )

        # CHUK's own DHIS2 values for this year: its one professional on mission.
        year = str(datetime.now(UTC).year)
        dhis2 = await client.get(
            f"{EXPORTS}/dhis2", params={"period": year}, headers=tokens["CHUK"]
        )
        assert dhis2.status_code == 200, dhis2.text
        values = {
            (v["orgUnit"], v["dataElement"]): v["value"]
            for v in json.loads(dhis2.content)["dataValues"]
        }
        assert values[("RwOuChuk001", "RwDeProfDep")] == "1"
        assert {org_unit for org_unit, _ in values} == {"RwOuChuk001"}


def _text(figures: dict[str, int]) -> dict[str, str]:
    return {key: str(value) for key, value in figures.items()}


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))[2:]


def _csv_totals(text: str) -> dict[str, str]:
    return {row[0]: row[5] for row in _csv_rows(text) if row[4] == "total"}


def _transaction(element: Any) -> tuple[str, Decimal, str]:
    value = element.find("value")
    return (
        element.find("transaction-type").get("code"),
        Decimal(value.text),
        value.get("currency"),
    )
