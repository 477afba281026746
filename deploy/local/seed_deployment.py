"""Demo deployment for `make run`: a hospital added by an officer, host requests at three IPRCs
and two hospitals, professionals accepted on recruitment's open calls and matched to them, the
first missions started with training sessions recorded. Everything goes through the gateway,
as users would; a second run finds the missions and changes nothing."""

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from diaspora_shared.contracts.vocabulary import Role, Track
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

ADDED_HOSPITAL = {
    "code": "DH-NYAMATA",
    "name": "Nyamata District Hospital",
    "district": "Bugesera",
    "departments": ["Paediatrics", "Surgery"],
}
# (host, track, course or department, professionals wanted, missions started)
REQUESTS = [
    ("IPRC-KGL", Track.TVET, "ICT", 2, 2),
    ("IPRC-HYE", Track.TVET, "Agriculture", 1, 1),
    ("IPRC-MSZ", Track.TVET, "Renewable energy", 1, 0),
    ("CHUK", Track.HEALTH, "Surgery", 1, 1),
    ("DH-NYAMATA", Track.HEALTH, "Paediatrics", 1, 0),
]
LOGISTICS = {
    "travel_booked": True,
    "accommodation_booked": True,
    "insured": True,
    "allowance_minor_units": 45_000_000,
    "currency": "RWF",
}


class DeploymentSeeder:
    def __init__(self, client: httpx.Client, settings: GatewaySettings) -> None:
        self.client, self.settings = client, settings
        self.today = datetime.now(UTC).date()
        # Missions began a week ago, so their first sessions are already on record.
        self.starts_on = self.today - timedelta(days=7)

    def headers(self, subject: str, role: Role, org: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(self.settings, subject, role, org=org)}"}

    def officer(self) -> dict[str, str]:
        return self.headers("demo-officer", Role.IOM_OFFICER, "IOM-RW")

    def host(self, code: str) -> dict[str, str]:
        return self.headers(f"demo-host-{code.lower()}", Role.HOST_INSTITUTION, code)

    def post(self, path: str, body: Any, headers: dict[str, str]) -> Any:
        response = self.client.post(path, json=body, headers=headers)
        response.raise_for_status()
        return response.json()

    def already_seeded(self) -> bool:
        missions = self.client.get("/api/deployment/missions", headers=self.officer())
        return missions.status_code == 200 and bool(missions.json())

    def add_hospital(self) -> None:
        answer = self.client.post(
            "/api/deployment/institutions", json=ADDED_HOSPITAL, headers=self.officer()
        )
        if answer.status_code not in (201, 409):
            answer.raise_for_status()

    def approved_request(self, code: str, course: str, wanted: int) -> str:
        terms = {
            "course_or_specialty": course,
            "expertise": f"Training of trainers in {course}",
            "language": "en",
            "starts_on": str(self.starts_on),
            "ends_on": str(self.starts_on + timedelta(days=59)),
            "professionals_wanted": wanted,
            "expected_participants": 25,
        }
        request = self.post("/api/deployment/requests", terms, self.host(code))
        path = f"/api/deployment/requests/{request['request_id']}/approve"
        self.post(path, None, self.officer())
        request_id: str = request["request_id"]
        return request_id

    def accepted(self, call_id: str, subject: str, course: str, n: int) -> str:
        profile = profile_of(subject, course, n, self.starts_on)
        path = f"/api/recruitment/calls/{call_id}/applications"
        application = self.post(path, profile, self.headers(subject, Role.APPLICANT))
        accept = f"/api/recruitment/applications/{application['application_id']}/accept"
        self.post(accept, None, self.officer())
        application_id: str = application["application_id"]
        return application_id

    def wait_for_professionals(self, wanted: set[str], timeout: float = 60.0) -> None:
        """Deployment learns of acceptances from recruitment's events, a moment later."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            listed = self.client.get("/api/deployment/professionals", headers=self.officer())
            if wanted <= {p["professional_id"] for p in listed.json()}:
                return
            time.sleep(0.5)
        raise RuntimeError("seed: deployment did not learn of the accepted professionals")

    def mission(self, request_id: str, professional_id: str, code: str, started: bool) -> None:
        body = {"professional_id": professional_id}
        planned = self.post(f"/api/deployment/requests/{request_id}/missions", body, self.officer())
        path = f"/api/deployment/missions/{planned['mission_id']}"
        self.post(f"{path}/confirm", LOGISTICS, self.officer())
        if not started:
            return
        self.post(f"{path}/arrival", None, self.host(code))
        for day in range(3):
            session = {
                "held_on": str(self.starts_on + timedelta(days=day)),
                "course": planned["course_or_specialty"],
                "topic": f"Module {day + 1}",
                "hours": 4,
                "trainers_female": 2 + day,
                "trainers_male": 3,
                "students_female": 8,
                "students_male": 10 + day,
            }
            self.post(f"{path}/sessions", session, self.host(code))


def profile_of(subject: str, course: str, n: int, available_from: date) -> dict[str, Any]:
    return {
        "contact": {
            "given_name": f"Expert{n}",
            "family_name": "Demo",
            "email": f"{subject}@example.org",
            "phone": "+32 470 00 00 00",
        },
        "sex": "female" if n % 2 == 0 else "male",
        "country_of_residence": ("BE", "FR", "DE", "NL")[n % 4],
        "qualifications": ["MSc", "Trainer certificate"],
        "years_of_experience": 8 + n,
        "languages": ["en", "fr"],
        "available_from": str(available_from),
        "available_until": str(available_from + timedelta(days=120)),
        "courses_or_specialties": [course],
        "consent": {"notice_version": "2026-01", "given_at": f"{available_from}T09:00:00Z"},
    }


def seed_deployment(client: httpx.Client, settings: GatewaySettings) -> tuple[int, int]:
    """Answers the missions planned and the missions started (0, 0 when seeded before)."""
    seeder = DeploymentSeeder(client, settings)
    if seeder.already_seeded():
        return 0, 0
    seeder.add_hospital()
    calls = client.get("/api/recruitment/calls", headers=seeder.officer()).json()
    call_of = {call["track"]: call["call_id"] for call in calls}
    plan: list[tuple[str, str, str, bool]] = []
    for code, track, course, wanted, started in REQUESTS:
        request_id = seeder.approved_request(code, course, wanted)
        for slot in range(wanted):
            subject = f"demo-expert-{len(plan)}"
            accepted = seeder.accepted(call_of[track.value], subject, course, len(plan))
            plan.append((request_id, accepted, code, slot < started))
    seeder.wait_for_professionals({accepted for _r, accepted, _c, _s in plan})
    for request_id, accepted, code, started in plan:
        seeder.mission(request_id, accepted, code, started)
    return len(plan), sum(started for *_rest, started in plan)
