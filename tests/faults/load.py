"""A bounded load of recruitment commands through the gateway: applicants apply, officers
accept some, some applicants withdraw (a few after their acceptance). It keeps going while
services and the broker are killed; a command that fails is not retried, since recruitment's
database, not the HTTP answer, says what was committed."""

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from diaspora_shared.contracts.vocabulary import Role

from .conftest import FaultPlatform

OFFICER = (Role.IOM_OFFICER, "officer-faults")


@dataclass
class LoadFigures:
    sent: int = 0
    answered_ok: int = 0
    refused: int = 0
    failed: int = 0
    # What recruitment acknowledged, to check later that each is in its database.
    acknowledged: list[tuple[str, str]] = field(default_factory=list)


class Load:
    def __init__(self, platform: FaultPlatform, client: httpx.AsyncClient) -> None:
        self._platform = platform
        self._client = client
        self._officer = platform.token(*OFFICER)
        self.figures = LoadFigures()

    async def open_call(self) -> str:
        response = await self._command("call", "/api/recruitment/calls", self._officer, call_body())
        assert response is not None, "the gateway did not answer"
        assert response.status_code == 201, response.text
        call_id: str = response.json()["call_id"]
        return call_id

    async def run(
        self, call_ids: list[str], stop: asyncio.Event, *, workers: int, cap: int
    ) -> None:
        """Applicants go through their story until `stop` is set or `cap` commands were sent."""
        counter = iter(range(cap))

        async def worker() -> None:
            for index in counter:
                if stop.is_set() or self.figures.sent >= cap:
                    return
                await self._applicant_story(index, call_ids[index % len(call_ids)])

        await asyncio.gather(*(worker() for _ in range(workers)))

    async def _applicant_story(self, index: int, call_id: str) -> None:
        applicant = self._platform.token(Role.APPLICANT, f"applicant-faults-{index}")
        path = f"/api/recruitment/calls/{call_id}/applications"
        submitted = await self._command("submit", path, applicant, application_body(index))
        if submitted is None or submitted.status_code != 201:
            return
        base = f"/api/recruitment/applications/{submitted.json()['application_id']}"
        if index % 3 == 0:
            await self._command("accept", f"{base}/accept", self._officer)
        if index % 4 == 0:
            await self._command("withdraw", f"{base}/withdraw", applicant)

    async def _command(
        self, kind: str, path: str, headers: dict[str, str], body: dict[str, Any] | None = None
    ) -> httpx.Response | None:
        self.figures.sent += 1
        try:
            response = await self._client.post(path, json=body, headers=headers)
        except httpx.HTTPError:
            self.figures.failed += 1
            return None
        if response.status_code < 300:
            self.figures.answered_ok += 1
            self.figures.acknowledged.append((kind, _aggregate_id(kind, path, response)))
        elif response.status_code < 500:
            self.figures.refused += 1
        else:
            self.figures.failed += 1
        return response


def _aggregate_id(kind: str, path: str, response: httpx.Response) -> str:
    if kind == "call":
        return str(response.json()["call_id"])
    if kind == "submit":
        return str(response.json()["application_id"])
    return path.rstrip("/").split("/")[-2]


def call_body() -> dict[str, Any]:
    today = datetime.now(UTC).date()
    return {
        "track": "TVET",
        "title": "TVET trainers of trainers under faults",
        "target": 500,
        "courses_or_specialties": ["ICT", "Energy"],
        "opens_on": str(today - timedelta(days=1)),
        "closes_on": str(today + timedelta(days=60)),
    }


def application_body(index: int) -> dict[str, Any]:
    return {
        "contact": {
            "given_name": f"Given{index}",
            "family_name": f"Family{index}",
            "email": f"applicant{index}@example.org",
            "phone": "+32 470 12 34 56",
        },
        "sex": "female" if index % 2 else "male",
        "country_of_residence": ("BE", "FR", "DE", "NL")[index % 4],
        "qualifications": ["MSc Electrical Engineering"],
        "years_of_experience": 5 + index % 20,
        "languages": ["en", "fr", "rw"],
        "available_from": "2027-02-01",
        "available_until": "2027-05-01",
        "courses_or_specialties": ["Energy"],
        "consent": {"notice_version": "2026-01", "given_at": "2026-11-20T08:00:00Z"},
    }
