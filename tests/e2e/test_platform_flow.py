"""End to end: HTTP command at the gateway → recruitment → outbox → Kafka → reporting → the
report at the gateway, with every service a separate process on Kafka and PostgreSQL."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC
from diaspora_shared.contracts.vocabulary import Role

from ..kafka_helpers import eventually, read_records
from .conftest import Platform

OFFICER = (Role.IOM_OFFICER, "officer-e2e")
MINISTRY = (Role.MINISTRY_VIEWER, "minaffet-e2e")
REPORT = "/api/reports/accepted-professionals"


def call_body() -> dict[str, Any]:
    today = datetime.now(UTC).date()
    return {
        "track": "TVET",
        "title": "TVET trainers of trainers",
        "target": 30,
        "courses_or_specialties": ["ICT", "Energy"],
        "opens_on": str(today - timedelta(days=1)),
        "closes_on": str(today + timedelta(days=60)),
    }


def application_body(index: int, sex: str) -> dict[str, Any]:
    return {
        "contact": {
            "given_name": f"Given{index}",
            "family_name": f"Family{index}",
            "email": f"applicant{index}@example.org",
            "phone": "+32 470 12 34 56",
        },
        "sex": sex,
        "country_of_residence": "BE" if index % 2 else "FR",
        "qualifications": ["MSc Electrical Engineering"],
        "years_of_experience": 5 + index,
        "languages": ["en", "fr", "rw"],
        "available_from": "2027-02-01",
        "available_until": "2027-05-01",
        "courses_or_specialties": ["Energy"],
        "consent": {"notice_version": "2026-01", "given_at": "2026-11-20T08:00:00Z"},
    }


async def test_accepted_applicants_reach_the_ministry_report_and_survive_a_reporting_crash(
    platform: Platform, kafka: str
) -> None:
    sexes = ["female", "male", "female", "female", "male", "male", "female"]
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=15) as client:
        officer = platform.token(*OFFICER)
        created = await client.post("/api/recruitment/calls", json=call_body(), headers=officer)
        assert created.status_code == 201, created.text
        call_id = created.json()["call_id"]

        application_ids = []
        for index, sex in enumerate(sexes):
            applicant = platform.token(Role.APPLICANT, f"applicant-e2e-{index}")
            response = await client.post(
                f"/api/recruitment/calls/{call_id}/applications",
                json=application_body(index, sex),
                headers=applicant,
            )
            assert response.status_code == 201, response.text
            application_ids.append(response.json()["application_id"])

        await _accept(client, officer, application_ids[:3])
        expected = _expected_counts(sexes[:3])
        await eventually(lambda: _report_shows(client, platform, expected))

        # A crash of the reporting service while events keep flowing loses nothing and
        # double-counts nothing.
        platform.reporting.kill()
        await _accept(client, officer, application_ids[3:])
        platform.restart_reporting()
        expected = _expected_counts(sexes)
        report = await eventually(lambda: _report_shows(client, platform, expected))
        tvet = next(item for item in report["tracks"] if item["track"] == "TVET")
        assert tvet["target"] == 30
        assert tvet["women_share"] == round(sexes.count("female") / len(sexes), 4)

    records = await read_records(
        kafka, f"{platform.topic_prefix}{APPLICATIONS_TOPIC}", expected=3 * len(sexes)
    )
    _assert_no_contact_data(records)


async def test_gateway_authenticates_and_authorises_every_request(platform: Platform) -> None:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=15) as client:
        assert (await client.get(REPORT)).status_code == 401
        forged = {"Authorization": "Bearer not.a.token"}
        assert (await client.get(REPORT, headers=forged)).status_code == 401
        applicant = platform.token(Role.APPLICANT, "applicant-x")
        assert (await client.get(REPORT, headers=applicant)).status_code == 403
        denied = await client.post("/api/recruitment/calls", json=call_body(), headers=applicant)
        assert denied.status_code == 403
        assert (await client.get(REPORT, headers=platform.token(*MINISTRY))).status_code == 200

        officer = platform.token(*OFFICER)
        call_id = (
            await client.post("/api/recruitment/calls", json=call_body(), headers=officer)
        ).json()["call_id"]
        owner = platform.token(Role.APPLICANT, "owner")
        submitted = await client.post(
            f"/api/recruitment/calls/{call_id}/applications",
            json=application_body(1, "female"),
            headers=owner,
        )
        application_url = f"/api/recruitment/applications/{submitted.json()['application_id']}"
        assert (await client.get(application_url, headers=owner)).status_code == 200
        assert (await client.get(application_url, headers=applicant)).status_code == 404
        invalid = application_body(2, "female") | {"years_of_experience": -1}
        refused = await client.post(
            f"/api/recruitment/calls/{call_id}/applications", json=invalid, headers=applicant
        )
        assert refused.status_code == 422
        assert "years_of_experience" in refused.text


async def _accept(client: httpx.AsyncClient, officer: dict[str, str], ids: list[str]) -> None:
    for application_id in ids:
        response = await client.post(
            f"/api/recruitment/applications/{application_id}/accept", headers=officer
        )
        assert response.status_code == 200, response.text


def _expected_counts(sexes: list[str]) -> dict[str, int]:
    return {"female": sexes.count("female"), "male": sexes.count("male")}


async def _report_shows(
    client: httpx.AsyncClient, platform: Platform, expected: dict[str, int]
) -> dict[str, Any] | None:
    response = await client.get(REPORT, headers=platform.token(*MINISTRY))
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    tvet = next(item for item in report["tracks"] if item["track"] == "TVET")
    return report if tvet["accepted_by_sex"] == expected else None


def _assert_no_contact_data(records: list[Any]) -> None:
    assert records, "no events on the applications topic"
    for record in records:
        visible = record.key + b"".join(value for _, value in record.headers) + record.value
        for marker in (b"@example.org", b"Given", b"Family", b"+32 470"):
            assert marker not in visible, f"contact data {marker!r} leaked into Kafka"
        assert "contact" not in json.loads(record.value)


async def test_services_stop_cleanly_on_sigterm(platform: Platform) -> None:
    for process in platform.processes.values():
        process.stop()
        log = process.log_path.read_text()
        if process.module == "gateway":
            assert "Application shutdown complete" in log
        else:
            # The lifespan ran to its end: subscribers, relay, producer and database closed.
            assert '"event": "service stopped"' in log, process.log_tail()
