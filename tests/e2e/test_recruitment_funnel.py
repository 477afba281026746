"""A whole recruitment round through the gateway, every service a process, on Kafka and
PostgreSQL: 80 applicants screened, reviewed twice each, a selection of 30 that meets the
women-share goal, declines that promote from the waiting list, 30 acceptances; the reports
equal what the test computes from the applicants it generated."""

import random
from collections import Counter
from typing import Any

import httpx

from diaspora_shared.contracts.vocabulary import Role

from ..kafka_helpers import eventually
from .conftest import Platform
from .test_platform_flow import application_body, call_body

APPLICANTS, TARGET, DECLINES = 80, 30, 4
CRITERIA = ("relevant expertise", "training experience", "motivation", "languages")
OFFICER = (Role.IOM_OFFICER, "officer-round")
REVIEWERS = ("reviewer-a", "reviewer-b")
EXPECTED_STAGES = ("applications", "eligible", "reviewed", "offered", "accepted", "declined")


def generated_applicants(seed: int = 2027) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    people = []
    for index in range(APPLICANTS):
        body = application_body(index, rng.choice(["female", "male"]))
        body["country_of_residence"] = rng.choice(["BE", "FR", "NL", "DE", "GB", "SE"])
        body["years_of_experience"] = rng.choice([1, 2] + [5] * 6 + [12] * 4)
        people.append(body)
    return people


async def test_a_round_of_80_applicants_ends_with_30_accepted_and_exact_reports(
    platform: Platform,
) -> None:
    people = generated_applicants()
    rng = random.Random(7)
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=30) as client:
        officer = platform.token(*OFFICER)
        call = await _ok(client.post("/api/recruitment/calls", json=call_body(), headers=officer))
        call_id = call["call_id"]

        ids, owner_of, sex_of = [], {}, {}
        for index, body in enumerate(people):
            applicant = platform.token(Role.APPLICANT, f"round-applicant-{index}")
            view = await _ok(
                client.post(
                    f"/api/recruitment/calls/{call_id}/applications", json=body, headers=applicant
                )
            )
            ids.append(view["application_id"])
            owner_of[view["application_id"]] = applicant
            sex_of[view["application_id"]] = body["sex"]
        eligible = [
            i for i, body in zip(ids, people, strict=True) if body["years_of_experience"] >= 3
        ]

        for application_id in eligible:
            for reviewer in REVIEWERS:
                await _ok(
                    client.post(
                        f"/api/recruitment/applications/{application_id}/reviewers",
                        json={"reviewer_subject": reviewer},
                        headers=officer,
                    )
                )
                scores = {criterion: rng.randint(0, 5) for criterion in CRITERIA}
                await _ok(
                    client.post(
                        f"/api/recruitment/applications/{application_id}/reviews",
                        json={"scores": scores},
                        headers=platform.token(Role.REVIEWER, reviewer),
                    )
                )

        proposal = await _ok(
            client.post(
                f"/api/recruitment/calls/{call_id}/selection/confirm",
                json={"offer_valid_days": 14},
                headers=officer,
            )
        )
        assert proposal["goal_met"]
        offered = [
            p["application_id"] for p in proposal["placements"] if p["outcome"] == "selected"
        ]
        assert len(offered) == TARGET

        declined = offered[:DECLINES]
        for application_id in declined:
            await _answer(client, owner_of[application_id], application_id, accept=False)
        final = await _ok(
            client.get(f"/api/recruitment/calls/{call_id}/selection", headers=officer)
        )
        selected = [p["application_id"] for p in final["placements"] if p["outcome"] == "selected"]
        assert len(selected) == TARGET and not set(selected) & set(declined)
        for application_id in selected:
            await _answer(client, owner_of[application_id], application_id, accept=True)

        women = sum(sex_of[i] == "female" for i in selected)
        assert women >= proposal["women_required"]
        expected_accepted = Counter(sex_of[i] for i in selected)
        await eventually(lambda: _accepted_report_shows(client, platform, expected_accepted))

        all_offered = set(offered) | set(selected)
        expected_funnel = {
            "applications": len(ids),
            "eligible": len(eligible),
            "reviewed": len(eligible),
            "offered": len(all_offered),
            "accepted": TARGET,
            "declined": DECLINES,
        }
        await eventually(lambda: _funnel_shows(client, platform, expected_funnel), timeout=30)


async def _ok(request: Any) -> Any:
    response = await request
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _answer(
    client: httpx.AsyncClient, applicant: dict[str, str], application_id: str, *, accept: bool
) -> None:
    await _ok(
        client.post(
            f"/api/recruitment/applications/{application_id}/offer",
            json={"accept": accept},
            headers=applicant,
        )
    )


async def _accepted_report_shows(
    client: httpx.AsyncClient, platform: Platform, expected: Counter[str]
) -> bool:
    report = await _ok(
        client.get(
            "/api/reports/accepted-professionals",
            headers=platform.token(Role.MINISTRY_VIEWER, "minaffet"),
        )
    )
    tvet = next(item for item in report["tracks"] if item["track"] == "TVET")
    return bool(tvet["accepted_by_sex"] == {"female": expected["female"], "male": expected["male"]})


async def _funnel_shows(
    client: httpx.AsyncClient, platform: Platform, expected: dict[str, int]
) -> dict[str, Any] | None:
    report = await _ok(
        client.get(
            "/api/reports/recruitment-funnel",
            headers=platform.token(Role.MINISTRY_VIEWER, "minaffet"),
        )
    )
    return report if _tvet_stages(report) == expected else None


def _tvet_stages(report: dict[str, Any]) -> dict[str, int]:
    tvet = next(item for item in report["tracks"] if item["track"] == "TVET")
    overall: dict[str, int] = tvet["overall"]
    return {stage: overall[stage] for stage in EXPECTED_STAGES}
