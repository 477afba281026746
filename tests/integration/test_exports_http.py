"""`GET /reports/exports/{format}` over HTTP: the role and organisation matrix (a host never gets
another's export, IATI only for the donor view, DHIS2 only for MoH and hospitals), media types
and file names, and clear 4xx problems for bad input."""

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor, AssertionVerifier
from diaspora_shared.runtime.errors import install_domain_error_handlers, install_problem_handlers
from reporting.entrypoints.app import SERVICE
from reporting.entrypoints.exports_http import router
from reporting.settings import ReportingSettings

from ..assertions import TEST_ASSERTION_SECRET, as_actor
from .indicator_stream import apply_history, programme_history

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def actor(role: Role, org: str | None) -> dict[str, str]:
    return as_actor(Actor(subject="someone", role=role, org=org), "reporting")


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    database = await apply_history(f"sqlite:///{tmp_path}/x.db", programme_history())
    app = FastAPI()
    install_problem_handlers(app)
    install_domain_error_handlers(app, SERVICE.domain_errors)
    app.include_router(router)
    app.state.runtime = SimpleNamespace(database=database, settings=ReportingSettings())
    app.state.assertion_verifier = AssertionVerifier(TEST_ASSERTION_SECRET, "reporting")
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
            yield http
    finally:
        await database.dispose()


Y2026, Q2, MAY = "2026-01-01_2026-12-31", "2026-04-01_2026-06-30", "2026-05-01_2026-05-31"
# role, org, format, ?organisation=, ?period=, status, file name (or problem code)
MATRIX: list[tuple[Role, str | None, str, str | None, str | None, int, str]] = [
    (Role.IOM_OFFICER, None, "csv", None, None, 200, "IOM-RW-indicators-all-time.csv"),
    (Role.IOM_OFFICER, None, "xlsx", "MINAFFET", None, 200, "MINAFFET-indicators-all-time.xlsx"),
    (Role.IOM_OFFICER, None, "iati", None, None, 200, "IOM-BE-indicators-all-time.xml"),
    (
        Role.IOM_OFFICER,
        "IOM-BE",
        "iati",
        None,
        "2026",
        200,
        f"IOM-BE-indicators-{Y2026}.xml",
    ),
    (
        Role.IOM_OFFICER,
        None,
        "dhis2",
        None,
        "2026-Q2",
        200,
        f"MOH-indicators-{Q2}.json",
    ),
    (Role.IOM_OFFICER, None, "iati", "MINEDUC", None, 404, "export.not_offered"),
    (Role.IOM_OFFICER, None, "csv", "NOWHERE", None, 404, "resource.not_found"),
    (
        Role.MINISTRY_VIEWER,
        "MOH",
        "dhis2",
        None,
        "2026-05",
        200,
        f"MOH-indicators-{MAY}.json",
    ),
    (Role.MINISTRY_VIEWER, "MOH", "csv", None, None, 200, "MOH-indicators-all-time.csv"),
    (Role.MINISTRY_VIEWER, "MOH", "iati", None, None, 404, "export.not_offered"),
    (Role.MINISTRY_VIEWER, "MOH", "iati", "IOM-BE", None, 403, "auth.forbidden"),
    (Role.MINISTRY_VIEWER, "MINEDUC", "xlsx", None, None, 200, "MINEDUC-indicators-all-time.xlsx"),
    (Role.MINISTRY_VIEWER, "MINEDUC", "dhis2", None, "2026", 404, "export.not_offered"),
    (Role.MINISTRY_VIEWER, "MINEDUC", "csv", "MOH", None, 403, "auth.forbidden"),
    (Role.HOST_INSTITUTION, "CHUK", "csv", None, None, 200, "CHUK-indicators-all-time.csv"),
    (
        Role.HOST_INSTITUTION,
        "CHUK",
        "dhis2",
        None,
        "2026",
        200,
        f"CHUK-indicators-{Y2026}.json",
    ),
    (Role.HOST_INSTITUTION, "CHUK", "csv", "CHUB", None, 403, "auth.forbidden"),
    (Role.HOST_INSTITUTION, "CHUK", "dhis2", "CHUB", "2026", 403, "auth.forbidden"),
    (Role.HOST_INSTITUTION, "IPRC-KGL", "xlsx", "IPRC-HYE", None, 403, "auth.forbidden"),
    (Role.HOST_INSTITUTION, "IPRC-KGL", "dhis2", None, "2026", 404, "export.not_offered"),
    (Role.PILOT_PROJECT, "PILOT-01", "csv", None, None, 200, "PILOT-01-indicators-all-time.csv"),
    (Role.PILOT_PROJECT, "PILOT-01", "csv", "PILOT-02", None, 403, "auth.forbidden"),
    (Role.APPLICANT, None, "csv", None, None, 403, "auth.forbidden"),
    (Role.REVIEWER, None, "iati", None, None, 403, "auth.forbidden"),
]
MEDIA = {"csv": "text/csv", "xlsx": XLSX, "iati": "application/xml", "dhis2": "application/json"}


async def test_role_and_organisation_matrix(client: httpx.AsyncClient) -> None:
    for role, org, export, organisation, period, status, expected in MATRIX:
        params = {k: v for k, v in (("organisation", organisation), ("period", period)) if v}
        answer = await client.get(
            f"/reports/exports/{export}", params=params, headers=actor(role, org)
        )
        case = (role, org, export, organisation, answer.text[:200])
        assert answer.status_code == status, case
        if status == 200:
            assert answer.headers["content-type"].split(";")[0] == MEDIA[export], case
            disposition = answer.headers["content-disposition"]
            assert disposition == f'attachment; filename="{expected}"', case
        else:
            assert answer.headers["content-type"] == "application/problem+json", case
            assert answer.json()["code"] == expected, case


async def test_a_host_s_csv_holds_its_own_rows_only(client: httpx.AsyncClient) -> None:
    answer = await client.get("/reports/exports/csv", headers=actor(Role.HOST_INSTITUTION, "CHUK"))
    body = answer.text
    assert "organisation CHUK" in body.splitlines()[0]
    for other in ("IPRC-KGL", "IPRC-HYE", "PILOT-01", "CHUB"):
        assert other not in body


NOT_DHIS2 = "export.period_not_in_dhis2"
BAD_INPUT: list[tuple[str, dict[str, str], int, str]] = [
    ("/reports/exports/pdf", {}, 422, "request.invalid"),
    ("/reports/exports/CSV", {}, 422, "request.invalid"),
    ("/reports/exports/csv", {"period": "2026-13"}, 422, "request.invalid"),
    ("/reports/exports/csv", {"period": "last year"}, 422, "request.invalid"),
    ("/reports/exports/xlsx", {"period": "2026-05-01/2026-04-01"}, 422, "request.invalid"),
    ("/reports/exports/dhis2", {}, 422, NOT_DHIS2),
    (
        "/reports/exports/dhis2",
        {"period": "2026-01-15/2026-03-31"},
        422,
        "export.period_not_in_dhis2",
    ),
    ("/reports/exports/csv", {"organisation": "NOWHERE"}, 404, "resource.not_found"),
    ("/reports/exports/csv", {"organisation": "x" * 41}, 422, "request.invalid"),
    ("/reports/exports/csv", {"period": "2" * 41}, 422, "request.invalid"),
]


async def test_bad_input_answers_a_clear_4xx(client: httpx.AsyncClient) -> None:
    officer = actor(Role.IOM_OFFICER, None)
    for path, params, status, code in BAD_INPUT:
        answer = await client.get(path, params=params, headers=officer)
        assert answer.status_code == status, (path, params, answer.text)
        problem = answer.json()
        assert problem["code"] == code and problem["detail"], (path, params)


async def test_the_route_declares_its_roles_and_file_media_types() -> None:
    app = SERVICE.create_app(ReportingSettings())
    operation = app.openapi()["paths"]["/reports/exports/{export_format}"]["get"]
    assert set(operation["x-roles"]) == {
        "iom_officer",
        "ministry_viewer",
        "host_institution",
        "pilot_project",
    }
    assert set(operation["responses"]["200"]["content"]) == set(MEDIA.values()) | {"text/csv"}
