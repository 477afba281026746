"""Demo grants for `make run`: ten pilot projects at three IPRCs in the four sectors, screened
against their call's eligibility rules, scored by assigned reviewers (some declaring a conflict
and replaced), awarded with two tranches each; half have their first tranche paid (released by
two officers); each has a mentor from the professionals recruitment accepted, and mentoring
sessions logged."""

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

CALLS = [
    ("IPRC-KGL", ["ict", "electrical_engineering"]),
    ("IPRC-HYE", ["agriculture", "energy"]),
    ("IPRC-MSZ", ["mechanical_engineering", "agriculture", "energy"]),
]
PROJECTS = [(f"PILOT-{n:02d}", (n - 1) % 3) for n in range(1, 11)]


def rwf(francs: int) -> dict[str, Any]:
    return {"minor_units": francs, "currency": "RWF"}


class Seeder:
    def __init__(self, client: httpx.Client, settings: GatewaySettings) -> None:
        self.client, self.settings = client, settings
        self.today = datetime.now(UTC).date()

    def headers(self, subject: str, role: Role, org: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(self.settings, subject, role, org=org)}"}

    def post(self, path: str, body: Any, headers: dict[str, str]) -> Any:
        response = self.client.post(f"/api/grants{path}", json=body, headers=headers)
        response.raise_for_status()
        return response.json()

    def officer(self, name: str = "demo-officer") -> dict[str, str]:
        return self.headers(name, Role.IOM_OFFICER, "IOM-RW")

    def open_calls(self) -> list[dict[str, Any]]:
        calls = []
        for iprc, sectors in CALLS:
            spec = {
                "title": f"Pilot projects linked to {iprc}",
                "iprc": iprc,
                "sectors": sectors,
                "ceiling": rwf(40_000_000),
                "envelope": rwf(150_000_000),
                "opens_on": str(self.today - timedelta(days=30)),
                "closes_on": str(self.today + timedelta(days=60)),
                "criteria": {"job creation": "0.5", "feasibility": "0.3", "skills transfer": "0.2"},
                "rules": {
                    "linked_iprc_required": True,
                    "required_documents": ["business plan", "letter from the IPRC"],
                    "required_fields": ["summary", "requested"],
                },
            }
            calls.append(self.post("/calls", spec, self.officer()))
        return calls

    def award(self, call: dict[str, Any], code: str, index: int) -> str:
        sector = call["sectors"][index % len(call["sectors"])]
        first, second = 12_000_000 + index * 500_000, 8_000_000
        budget = {
            "sector": sector,
            "budget": [
                {"item": "equipment", "amount": rwf(first)},
                {"item": "training and installation", "amount": rwf(second)},
            ],
            "iprc": call["iprc"],
            "requested": rwf(first + second),
            "summary": f"{code}: a {sector.replace('_', ' ')} workshop with IPRC graduates",
            "documents": ["business plan", "letter from the IPRC"],
        }
        pilot = self.headers(f"demo-{code.lower()}", Role.PILOT_PROJECT, code)
        grant = self.post(f"/calls/{call['call_id']}/applications", budget, pilot)
        base = f"/applications/{grant['application_id']}"
        self.post(f"{base}/screening", {}, self.officer())
        self.review(base, index)
        self.post(f"{base}/decision", {"approve": True}, self.officer())
        tranches = [
            {"amount": rwf(first), "due_on": str(self.today), "conditions": ["agreement signed"]},
            {
                "amount": rwf(second),
                "due_on": str(self.today + timedelta(days=180)),
                "conditions": ["progress report received", "mentor visit held"],
            },
        ]
        terms = {"amount": rwf(first + second), "signed_on": str(self.today), "tranches": tranches}
        self.post(f"{base}/award", terms, self.officer())
        return base

    def review(self, base: str, index: int) -> None:
        """Two reviewers per project; on every third, the first declares a conflict of interest
        and a third reviewer takes the place."""
        panel = ["demo-reviewer-a", "demo-reviewer-b"]
        for reviewer in panel:
            self.post(f"{base}/reviewers", {"reviewer": reviewer}, self.officer())
        if index % 3 == 0:
            conflict = {"conflict_of_interest": "I advised this project on its business plan"}
            self.post(f"{base}/reviews", conflict, self.headers(panel[0], Role.REVIEWER))
            panel[0] = "demo-reviewer-c"
            self.post(f"{base}/reviewers", {"reviewer": panel[0]}, self.officer())
        for offset, reviewer in enumerate(panel):
            scores = {
                "job creation": 4,
                "feasibility": 3 + (index + offset) % 3,
                "skills transfer": 4,
            }
            self.post(f"{base}/reviews", {"scores": scores}, self.headers(reviewer, Role.REVIEWER))

    def pay_first_tranche(self, base: str, code: str) -> None:
        tranche = f"{base}/tranches/1"
        met = {"condition": "agreement signed", "evidence": "signed agreement on file"}
        self.post(f"{tranche}/conditions", met, self.officer())
        self.post(f"{tranche}/release-request", {}, self.officer("demo-officer"))
        self.post(f"{tranche}/approval", {}, self.officer("demo-finance-officer"))
        payment = {"payment_reference": f"DEMO-{code}-1", "disbursed_on": str(self.today)}
        self.post(f"{tranche}/disbursement", payment, self.officer())

    def mentor(self, base: str, professional_id: str, sessions: int) -> bool:
        """Assign once grants has learned of the professional from recruitment's events."""
        deadline = time.monotonic() + 30
        while True:
            body = {"professional_id": professional_id}
            response = self.client.post(
                f"/api/grants{base}/mentor", json=body, headers=self.officer()
            )
            if response.status_code == 200:
                break
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)
        for number in range(sessions):
            held = {
                "held_on": str(self.today - timedelta(days=7 * number)),
                "minutes": 90,
                "in_person": number % 2 == 0,
                "topics": ["business plan", "maintenance"],
            }
            self.post(f"{base}/mentoring-sessions", held, self.officer())
        return True


def accepted_professionals(client: httpx.Client, officer: dict[str, str]) -> list[str]:
    """Ten professionals accepted on the TVET call (the demo's mentors)."""
    calls = client.get("/api/recruitment/calls", headers=officer).json()
    tvet = next(call for call in calls if call["track"] == "TVET")
    accepted = []
    for n in range(10):
        settings = GatewaySettings()
        token = mint_token(settings, f"demo-mentor-{n}", Role.APPLICANT)
        profile = _profile(n, date.today())
        path = f"/api/recruitment/calls/{tvet['call_id']}/applications"
        response = client.post(path, json=profile, headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
        application_id = response.json()["application_id"]
        client.post(
            f"/api/recruitment/applications/{application_id}/accept", headers=officer
        ).raise_for_status()
        accepted.append(application_id)
    return accepted


def _profile(n: int, today: date) -> dict[str, Any]:
    return {
        "contact": {
            "given_name": f"Mentor{n}",
            "family_name": "Demo",
            "email": f"mentor{n}@example.org",
            "phone": "+32 470 00 00 00",
        },
        "sex": "female" if n % 2 == 0 else "male",
        "country_of_residence": "BE",
        "qualifications": ["MSc Engineering"],
        "years_of_experience": 10,
        "languages": ["en", "fr"],
        "available_from": str(today + timedelta(days=60)),
        "available_until": str(today + timedelta(days=150)),
        "courses_or_specialties": ["ICT"],
        "consent": {"notice_version": "2026-01", "given_at": f"{today}T09:00:00Z"},
    }


def seed_grants(client: httpx.Client, settings: GatewaySettings) -> tuple[int, int]:
    """Seed once: a second `make run` on the same data finds the calls and changes nothing.
    Answers the projects awarded and the mentors assigned."""
    seeder = Seeder(client, settings)
    existing = client.get("/api/grants/calls", headers=seeder.officer())
    existing.raise_for_status()  # an error here is not "seeded before"
    if existing.json():
        return 0, 0
    mentors = accepted_professionals(client, seeder.officer())
    calls = seeder.open_calls()
    assigned = 0
    for index, (code, call_index) in enumerate(PROJECTS):
        base = seeder.award(calls[call_index], code, index)
        if index % 2 == 0:
            seeder.pay_first_tranche(base, code)
        assigned += seeder.mentor(base, mentors[index], sessions=1 + index % 3)
    return len(PROJECTS), assigned
