"""Reports carry an ETag made from what they include: asked again with it, reporting answers 304
without a body; asked again without it, the same JSON comes from memory; once an event moves a
read model, the ETag changes and the new figures are served. On real Kafka, through the live
subscribers."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from diaspora_shared.contracts.events import ApplicantAccepted, CallOpened
from diaspora_shared.contracts.vocabulary import Language, Role, Sex, Track
from diaspora_shared.runtime.actors import Actor, AssertionVerifier
from diaspora_shared.runtime.service import ServiceRuntime
from reporting.entrypoints.cached_reports import rendered_reports
from reporting.entrypoints.http import router as reports
from reporting.entrypoints.indicators_http import router as indicators

from ..assertions import TEST_ASSERTION_SECRET, as_actor
from ..kafka_helpers import eventually
from ..runtimes import reporting_runtime, running
from .test_projection_rebuild import publish

REPORT = "/reports/accepted-professionals"


def accepted(call_id: object, sex: Sex) -> ApplicantAccepted:
    return ApplicantAccepted(
        application_id=uuid4(),
        call_id=call_id,
        track=Track.TVET,
        sex=sex,
        country_of_residence="BE",
        languages=(Language.ENGLISH,),
        courses_or_specialties=("ICT",),
        available_from=date(2027, 2, 1),
        available_until=date(2027, 5, 1),
        accepted_at=datetime.now(UTC),
    )


@pytest.fixture
async def live(kafka: str, topic_prefix: str, sqlite_url: str) -> AsyncIterator[ServiceRuntime]:
    async with running(reporting_runtime(kafka, topic_prefix, sqlite_url)) as runtime:
        yield runtime


async def test_a_report_is_served_from_memory_or_304_until_an_event_moves_it(
    live: ServiceRuntime, kafka: str, topic_prefix: str
) -> None:
    app = FastAPI()
    app.include_router(reports)
    app.include_router(indicators)
    app.state.runtime = live
    app.state.assertion_verifier = AssertionVerifier(TEST_ASSERTION_SECRET, "reporting")
    officer = as_actor(Actor(subject="o", role=Role.IOM_OFFICER, org="IOM-RW"), "reporting")
    call = CallOpened(
        call_id=uuid4(),
        track=Track.TVET,
        title="TVET trainers",
        target=10,
        women_share_goal=0.5,
        opens_on=date(2026, 12, 1),
        closes_on=date(2027, 1, 31),
    )
    await publish(kafka, topic_prefix, [call, accepted(call.call_id, Sex.FEMALE)])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as client:

        async def women_accepted(count: int) -> httpx.Response | None:
            answer = await client.get(REPORT, headers=officer)
            assert answer.status_code == 200, answer.text
            tvet = next(t for t in answer.json()["tracks"] if t["track"] == "TVET")
            return answer if tvet["accepted_by_sex"].get("female") == count else None

        first = await eventually(lambda: women_accepted(1), timeout=30)
        etag = first.headers["etag"]

        unchanged = await client.get(REPORT, headers=officer | {"If-None-Match": etag})
        assert unchanged.status_code == 304
        assert unchanged.content == b"" and unchanged.headers["etag"] == etag

        hits = rendered_reports(app).hits
        again = await client.get(REPORT, headers=officer)
        assert again.content == first.content and again.headers["etag"] == etag
        assert rendered_reports(app).hits == hits + 1

        # Another view of the same data has its own ETag.
        funnel = await client.get("/reports/indicators", headers=officer)
        assert funnel.status_code == 200 and funnel.headers["etag"] != etag

        await publish(kafka, topic_prefix, [accepted(call.call_id, Sex.FEMALE)])
        moved = await eventually(lambda: women_accepted(2), timeout=30)
        assert moved.headers["etag"] != etag
        stale = await client.get(REPORT, headers=officer | {"If-None-Match": etag})
        assert stale.status_code == 200 and stale.content == moved.content
