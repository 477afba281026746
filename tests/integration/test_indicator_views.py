"""Each organisation's indicator view: it never sees another's rows (its view of the whole
history equals its view of a history holding only its own events), small cells are hidden from
ministries and partners but not from IOM, periods narrow dated figures, and the role and
organisation matrix over HTTP answers 200, 403, 404 or 422 as it should."""

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from diaspora_shared.contracts.events import ApplicantAccepted, IntegrationEvent
from diaspora_shared.contracts.reference import HOSPITALS, IPRCS
from diaspora_shared.contracts.vocabulary import Role, Track
from diaspora_shared.runtime.actors import Actor, AssertionVerifier
from reporting.entrypoints.indicators_http import router
from reporting.service_layer.indicator_report import IndicatorReport, organisation_indicators
from reporting.service_layer.periods import parse_period
from reporting.settings import ReportingSettings

from ..assertions import TEST_ASSERTION_SECRET, as_actor
from .indicator_stream import apply_history, programme_history

IPRC_CODES = {iprc.code for iprc in IPRCS}
HOSPITAL_CODES = {hospital.code for hospital in HOSPITALS}


def own_events(organisation: str, event: IntegrationEvent) -> bool:
    """What an organisation's view may be computed from, decided from the events alone."""
    host, project = getattr(event, "institution_code", None), getattr(event, "project_code", None)
    if isinstance(event, ApplicantAccepted):
        return organisation not in {"MINEDUC", "RP", "MOH"} or event.track == (
            Track.HEALTH if organisation == "MOH" else Track.TVET
        )
    if organisation in {"MINEDUC", "RP"}:
        return host in IPRC_CODES or project is not None
    if organisation == "MOH":
        return host in HOSPITAL_CODES
    return organisation in (host, project)


async def view(database_url: str, events: list[IntegrationEvent], organisation: str) -> Any:
    database = await apply_history(database_url, events)
    try:
        async with database.session() as session:
            report = await organisation_indicators(session, organisation)
    finally:
        await database.dispose()
    return report.model_dump(exclude={"as_of"})


@pytest.mark.parametrize(
    "organisation",
    [
        *("IPRC-KGL", "IPRC-HYE", "IPRC-MSZ", "CHUK", "DH-KABGAYI"),
        *("PILOT-01", "PILOT-02", "MINEDUC", "RP", "MOH"),
    ],
)
async def test_an_organisation_never_sees_another_s_rows(organisation: str, tmp_path: Path) -> None:
    history = programme_history()
    whole = await view(f"sqlite:///{tmp_path}/whole.db", history, organisation)
    mine = [event for event in history if own_events(organisation, event)]
    assert len(mine) < len(history)
    own = await view(f"sqlite:///{tmp_path}/own.db", mine, organisation)
    assert whole == own


async def reports(tmp_path: Path, *organisations: str) -> dict[str, IndicatorReport]:
    database = await apply_history(f"sqlite:///{tmp_path}/r.db", programme_history())
    try:
        async with database.session() as session:
            return {o: await organisation_indicators(session, o) for o in organisations}
    finally:
        await database.dispose()


def values(report: IndicatorReport) -> dict[str, Any]:
    return {value.id: value for value in report.indicators}


async def test_host_and_pilot_views_hold_their_own_figures(tmp_path: Path) -> None:
    seen = await reports(tmp_path, "IPRC-KGL", "PILOT-01", "MINAFFET")
    kigali, pilot, minaffet = (values(seen[o]) for o in ("IPRC-KGL", "PILOT-01", "MINAFFET"))
    assert (kigali["professionals-deployed"].value, kigali["tot-sessions"].value) == (1, 2)
    assert "amount-committed" not in kigali and "health-services-delivered" not in kigali
    assert {v.domain_item for v in pilot.values()} == {6, 7, 8}
    assert pilot["amount-committed"].value == 1_000_000
    assert pilot["mentoring-sessions"].value == 2
    assert {v.domain_item for v in minaffet.values()} == {1, 2}
    assert set(minaffet["person-days"].by) == {"sex", "country", "course", "track"}


async def test_small_cells_are_hidden_from_partners_not_from_iom(tmp_path: Path) -> None:
    seen = await reports(tmp_path, "MINAFFET", "MINEDUC", "IOM-RW", "IOM-BE")
    minaffet, mineduc = values(seen["MINAFFET"]), values(seen["MINEDUC"])
    deployed = minaffet["professionals-deployed"]
    assert deployed.value == 3  # the total stays exact
    assert deployed.by["country"] == {"BE": "<5", "DE": "<5", "FR": "<5"}
    assert deployed.by["sex"] == {"female": 2, "male": 1}  # not a country or institution
    assert minaffet["person-days"].by["country"] == {"BE": "<5", "DE": "<5", "FR": 0}
    assert mineduc["students-trained"].by["institution"] == {"IPRC-HYE": 6, "IPRC-KGL": 11}
    assert mineduc["trainers-trained"].by["institution"] == {"IPRC-HYE": "<5", "IPRC-KGL": 7}
    assert seen["MINAFFET"].small_cell_threshold == 5
    iom = values(seen["IOM-RW"])["professionals-deployed"]
    assert iom.by["country"] == {"BE": 1, "DE": 1, "FR": 1}
    assert values(seen["IOM-BE"])["professionals-deployed"].by["country"]["BE"] == 1


async def test_a_period_narrows_dated_figures_only(tmp_path: Path) -> None:
    database = await apply_history(f"sqlite:///{tmp_path}/p.db", programme_history())
    try:
        async with database.session() as session:
            march = await organisation_indicators(session, "IOM-RW", parse_period("2026-03"))
    finally:
        await database.dispose()
    figures = values(march)
    assert march.period == "2026-03-01/2026-03-31"
    assert (figures["tot-sessions"].value, figures["person-days"].value) == (2, 10)
    assert figures["tot-sessions"].period_applied
    assert figures["amount-committed"].value == 1_500_000
    assert not figures["amount-committed"].period_applied


def actor(role: Role, org: str | None) -> dict[str, str]:
    return as_actor(Actor(subject="someone", role=role, org=org), "reporting")


MATRIX: list[tuple[Role, str | None, str, int, str | None]] = [
    (Role.IOM_OFFICER, None, "", 200, "IOM-RW"),
    (Role.IOM_OFFICER, "IOM-BE", "", 200, "IOM-BE"),
    (Role.IOM_OFFICER, "MINEDUC", "", 403, None),
    (Role.IOM_OFFICER, None, "/organisations/MOH", 200, "MOH"),
    (Role.IOM_OFFICER, None, "/organisations/NOWHERE", 404, None),
    (Role.MINISTRY_VIEWER, "MINEDUC", "", 200, "MINEDUC"),
    (Role.MINISTRY_VIEWER, "RP", "", 200, "RP"),
    (Role.MINISTRY_VIEWER, None, "", 403, None),
    (Role.MINISTRY_VIEWER, "IPRC-KGL", "", 403, None),
    (Role.MINISTRY_VIEWER, "NOWHERE", "", 404, None),
    (Role.MINISTRY_VIEWER, "MOH", "/organisations/MINEDUC", 403, None),
    (Role.HOST_INSTITUTION, "CHUK", "", 200, "CHUK"),
    (Role.HOST_INSTITUTION, "CHUK", "/organisations/CHUK", 200, "CHUK"),
    (Role.HOST_INSTITUTION, "CHUK", "/organisations/IPRC-KGL", 403, None),
    (Role.HOST_INSTITUTION, "PILOT-01", "", 403, None),
    (Role.PILOT_PROJECT, "PILOT-01", "", 200, "PILOT-01"),
    (Role.PILOT_PROJECT, "PILOT-01", "/organisations/PILOT-02", 403, None),
    (Role.APPLICANT, None, "", 403, None),
    (Role.REVIEWER, None, "", 403, None),
]


async def test_role_and_organisation_matrix_over_http(tmp_path: Path) -> None:
    database = await apply_history(f"sqlite:///{tmp_path}/h.db", programme_history())
    app = FastAPI()
    app.include_router(router)
    app.state.runtime = SimpleNamespace(database=database, settings=ReportingSettings())
    app.state.assertion_verifier = AssertionVerifier(TEST_ASSERTION_SECRET, "reporting")
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as client:
            for role, org, path, status, shown in MATRIX:
                answer = await client.get(f"/reports/indicators{path}", headers=actor(role, org))
                assert answer.status_code == status, (role, org, path, answer.text)
                if shown is not None:
                    assert answer.json()["organisation"] == shown
            officer = actor(Role.IOM_OFFICER, None)
            for bad in ("2026-13", "2026-Q5", "last year", "2026-05-01/2026-04-01"):
                answer = await client.get(
                    "/reports/indicators", params={"period": bad}, headers=officer
                )
                assert answer.status_code == 422, (bad, answer.text)
            quarter = await client.get(
                "/reports/indicators", params={"period": "2026-Q2"}, headers=officer
            )
            assert quarter.json()["period"] == "2026-04-01/2026-06-30"
            table = await client.get("/reports/indicators/table", headers=officer)
            declared = table.json()
            assert len(declared) == 31 and {row["value"] for row in declared} == {None}
    finally:
        await database.dispose()
