"""The professional's own missions, end report and erasure, on the in-memory unit of work."""

from dataclasses import replace
from datetime import UTC, datetime, time
from uuid import uuid4

import pytest

from deployment.domain.end_report import EndReportExists, EndReportSpec
from deployment.domain.errors import MissionNotFound, StateConflict
from deployment.domain.model import MatchSpec
from deployment.service_layer import end_reports, missions, professionals
from deployment.service_layer.access import Caller
from diaspora_shared.contracts.events import ApplicantDataErased, MissionCompleted
from diaspora_shared.contracts.vocabulary import Role

from .deployment_fakes import AT, FakeDeploymentUnitOfWork, accepted
from .test_deployment_missions import KIGALI, LOGISTICS, OFFICER, approved_request

ALICE = Caller("alice", Role.APPLICANT, None, "p1_" + "a" * 40)
BOB = replace(ALICE, subject="bob", person_ref="p1_" + "b" * 40)
REPORT = EndReportSpec(
    summary="Labs", achievements="Two labs", challenges="Power", recommendations="A switch"
)


async def started_mission_of(uow: FakeDeploymentUnitOfWork, caller: Caller) -> str:
    request = await approved_request(uow)
    event = accepted(person_ref=caller.person_ref)
    await professionals.on_applicant_accepted(uow, event)
    spec = MatchSpec(professional_id=event.application_id)
    mission = await missions.match(uow, request.request_id, spec, AT)
    await missions.confirm(uow, mission.mission_id, LOGISTICS, AT)
    await missions.confirm_arrival(uow, KIGALI, mission.mission_id, AT)
    return str(mission.mission_id)


async def test_a_professional_sees_only_their_missions_and_gives_no_host_commands() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission_id = await started_mission_of(uow, ALICE)
    mission = uow.missions.missions[next(iter(uow.missions.missions))]
    assert [m.mission_id for m in await missions.list_missions(uow, ALICE)] == [mission.mission_id]
    assert await missions.list_missions(uow, BOB) == []
    assert await missions.list_missions(uow, replace(ALICE, person_ref=None)) == []
    with pytest.raises(MissionNotFound):
        await missions.get_mission(uow, BOB, mission.mission_id)
    with pytest.raises(MissionNotFound):
        await missions.complete(uow, ALICE, mission.mission_id, AT)
    assert str(mission.mission_id) == mission_id


async def test_the_end_report_comes_once_from_the_last_day_on_and_goes_with_erasure() -> None:
    uow = FakeDeploymentUnitOfWork()
    await started_mission_of(uow, ALICE)
    mission = next(iter(uow.missions.missions.values()))
    with pytest.raises(StateConflict):
        await end_reports.submit(uow, ALICE, mission.mission_id, REPORT, AT)
    last_day = datetime.combine(mission.period.ends_on, time(17), tzinfo=UTC)
    with pytest.raises(MissionNotFound):
        await end_reports.submit(uow, BOB, mission.mission_id, REPORT, last_day)
    await end_reports.submit(uow, ALICE, mission.mission_id, REPORT, last_day)
    with pytest.raises(EndReportExists):
        await end_reports.submit(uow, ALICE, mission.mission_id, REPORT, last_day)
    assert (await end_reports.read(uow, OFFICER, mission.mission_id)).summary == "Labs"
    erased = ApplicantDataErased(
        application_id=mission.professional_id, call_id=uuid4(), erased_at=AT
    )
    await professionals.on_applicant_data_erased(uow, erased)
    assert uow.end_reports.reports == {}
    assert mission.person_ref is None


async def test_a_completion_with_nothing_on_record_counts_no_sessions() -> None:
    uow = FakeDeploymentUnitOfWork()
    await started_mission_of(uow, ALICE)
    mission = next(iter(uow.missions.missions.values()))
    await missions.complete(uow, KIGALI, mission.mission_id, AT)
    completed = [e for e in uow.published if isinstance(e, MissionCompleted)]
    assert [(e.sessions_recorded, e.hours_recorded) for e in completed] == [(0, 0.0)]
