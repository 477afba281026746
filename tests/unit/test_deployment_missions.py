"""Deployment's use cases on the fake unit of work: host requests, matching rules, the mission
lifecycle (one event per transition), host scoping, and the professionals list kept from
recruitment's events."""

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from deployment.domain import errors
from deployment.domain.host_request import RequestStatus
from deployment.domain.mission import MissionStatus
from deployment.domain.model import (
    CancellationSpec,
    HostRequestSpec,
    HostRequestView,
    LogisticsSpec,
    MatchSpec,
    MissionView,
)
from deployment.domain.period import ReversedPeriod
from deployment.service_layer import host_requests, missions, professionals
from deployment.service_layer.access import Caller
from diaspora_shared.contracts.events import (
    ApplicantDataErased,
    ApplicantWithdrew,
    CancellationReason,
    MissionCancelled,
    MissionCompleted,
    MissionConfirmed,
    MissionExtended,
    MissionPlanned,
    MissionStarted,
)
from diaspora_shared.contracts.vocabulary import Language, Role, Sex, Track

from .deployment_fakes import AT, START, FakeDeploymentUnitOfWork, accepted

OFFICER = Caller("officer-1", Role.IOM_OFFICER)
KIGALI = Caller("host-kgl", Role.HOST_INSTITUTION, "IPRC-KGL")
HUYE = Caller("host-hye", Role.HOST_INSTITUTION, "IPRC-HYE")
LOGISTICS = LogisticsSpec(
    travel_booked=True,
    accommodation_booked=True,
    insured=True,
    allowance_minor_units=150_000_00,
    currency="RWF",
)


def terms(days: int = 30, wanted: int = 1, offset: int = 0) -> HostRequestSpec:
    return HostRequestSpec(
        course_or_specialty="ICT",
        expertise="Networking for trainers",
        language=Language.ENGLISH,
        starts_on=START + timedelta(days=offset),
        ends_on=START + timedelta(days=offset + days - 1),
        professionals_wanted=wanted,
        expected_participants=25,
    )


async def approved_request(
    uow: FakeDeploymentUnitOfWork, institution: str = "IPRC-KGL", **spec: int
) -> HostRequestView:
    request = await host_requests.submit_request(uow, institution, terms(**spec), AT)
    return await host_requests.approve_request(uow, request.request_id)


async def available(uow: FakeDeploymentUnitOfWork, track: Track = Track.TVET) -> UUID:
    event = accepted(track)
    await professionals.on_applicant_accepted(uow, event)
    return event.application_id


async def planned(uow: FakeDeploymentUnitOfWork, institution: str = "IPRC-KGL") -> MissionView:
    request = await approved_request(uow, institution)
    professional = await available(uow)
    return await missions.match(
        uow, request.request_id, MatchSpec(professional_id=professional), AT
    )


async def test_a_request_takes_its_track_from_the_institution() -> None:
    uow = FakeDeploymentUnitOfWork()
    iprc = await host_requests.submit_request(uow, "IPRC-HYE", terms(), AT)
    hospital = await host_requests.submit_request(uow, "CHUK", terms(), AT)
    assert (iprc.track, hospital.track) == (Track.TVET, Track.HEALTH)
    assert iprc.status is RequestStatus.SUBMITTED


async def test_an_unknown_institution_cannot_submit() -> None:
    uow = FakeDeploymentUnitOfWork()
    with pytest.raises(errors.UnknownInstitution):
        await host_requests.submit_request(uow, "MINEDUC", terms(), AT)
    assert uow.requests.requests == {}


async def test_a_returned_request_keeps_its_reason_and_cannot_be_approved() -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await host_requests.submit_request(uow, "IPRC-KGL", terms(), AT)
    returned = await host_requests.return_request(uow, request.request_id, "Dates clash with exams")
    assert (returned.status, returned.return_reason) == (
        RequestStatus.RETURNED,
        "Dates clash with exams",
    )
    with pytest.raises(errors.StateConflict):
        await host_requests.approve_request(uow, request.request_id)


async def test_a_match_plans_a_mission_on_the_requests_dates() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    assert mission.status is MissionStatus.PLANNED
    assert (mission.starts_on, mission.ends_on) == (START, START + timedelta(days=29))
    [event] = uow.published
    assert isinstance(event, MissionPlanned)
    assert event.mission_id == mission.mission_id
    assert event.professional_id == mission.professional_id


async def test_a_submitted_request_is_not_matched() -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await host_requests.submit_request(uow, "IPRC-KGL", terms(), AT)
    professional = await available(uow)
    with pytest.raises(errors.StateConflict):
        await missions.match(uow, request.request_id, MatchSpec(professional_id=professional), AT)
    assert uow.missions.missions == {}


@pytest.mark.parametrize(
    ("institution", "track", "spec", "refusal"),
    [
        ("CHUK", Track.TVET, {}, errors.TrackMismatch),
        ("IPRC-KGL", Track.TVET, {"ends_on": 40}, errors.OutsideRequest),
        ("IPRC-KGL", Track.TVET, {"starts_on": -1}, errors.OutsideRequest),
    ],
)
async def test_a_mismatch_is_refused(
    institution: str, track: Track, spec: dict[str, int], refusal: type[Exception]
) -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await approved_request(uow, institution)
    professional = await available(uow, track)
    match = MatchSpec(
        professional_id=professional,
        **{name: START + timedelta(days=shift) for name, shift in spec.items()},
    )
    with pytest.raises(refusal):
        await missions.match(uow, request.request_id, match, AT)
    assert uow.missions.missions == {}


async def test_dates_outside_availability_are_refused() -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await approved_request(uow, days=200)
    professional = await available(uow)  # available 120 days from START
    with pytest.raises(errors.OutsideAvailability):
        await missions.match(uow, request.request_id, MatchSpec(professional_id=professional), AT)


async def test_one_person_never_gets_overlapping_missions() -> None:
    uow = FakeDeploymentUnitOfWork()
    first = await approved_request(uow, "IPRC-KGL")
    second = await approved_request(uow, "IPRC-HYE", offset=20)
    professional = await available(uow)
    await missions.match(uow, first.request_id, MatchSpec(professional_id=professional), AT)
    with pytest.raises(errors.OverlappingMission):
        await missions.match(uow, second.request_id, MatchSpec(professional_id=professional), AT)
    assert len(uow.missions.missions) == 1


async def test_a_request_never_gets_more_professionals_than_it_asked_for() -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await approved_request(uow, wanted=1)
    first, second = await available(uow), await available(uow)
    await missions.match(uow, request.request_id, MatchSpec(professional_id=first), AT)
    with pytest.raises(errors.RequestFilled):
        await missions.match(uow, request.request_id, MatchSpec(professional_id=second), AT)


async def test_a_cancelled_mission_frees_its_place_and_its_days() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    cancel = CancellationSpec(reason=CancellationReason.HOST_WITHDREW)
    await missions.cancel(uow, mission.mission_id, cancel, AT)
    again = MatchSpec(professional_id=mission.professional_id)
    replanned = await missions.match(uow, mission.request_id, again, AT)
    assert replanned.status is MissionStatus.PLANNED


async def test_an_unknown_or_withdrawn_professional_is_refused() -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await approved_request(uow, wanted=2)
    with pytest.raises(errors.ProfessionalNotAvailable):
        await missions.match(uow, request.request_id, MatchSpec(professional_id=uuid4()), AT)
    professional = await available(uow)
    await professionals.on_applicant_withdrew(uow, withdrawal(professional))
    with pytest.raises(errors.ProfessionalNotAvailable):
        await missions.match(uow, request.request_id, MatchSpec(professional_id=professional), AT)


async def test_every_transition_records_one_event() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    mission_id = mission.mission_id
    await missions.confirm(uow, mission_id, LOGISTICS, AT)
    await missions.confirm_arrival(uow, KIGALI, mission_id, AT)
    extended = await missions.extend(uow, mission_id, START + timedelta(days=39), AT)
    completed = await missions.complete(uow, OFFICER, mission_id, AT)
    kinds = [type(event) for event in uow.published]
    assert kinds == [
        MissionPlanned,
        MissionConfirmed,
        MissionStarted,
        MissionExtended,
        MissionCompleted,
    ]
    assert extended.status is MissionStatus.EXTENDED
    assert completed.status is MissionStatus.COMPLETED
    last = uow.published[-1]
    assert isinstance(last, MissionCompleted)
    assert last.person_days == 40


async def test_a_mission_is_not_confirmed_before_its_logistics() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    missing = LOGISTICS.model_copy(update={"insured": False})
    with pytest.raises(errors.LogisticsIncomplete, match="insurance"):
        await missions.confirm(uow, mission.mission_id, missing, AT)
    assert [type(e) for e in uow.published] == [MissionPlanned]


async def test_a_second_arrival_confirmation_is_refused() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    await missions.confirm(uow, mission.mission_id, LOGISTICS, AT)
    await missions.confirm_arrival(uow, KIGALI, mission.mission_id, AT)
    with pytest.raises(errors.StateConflict):
        await missions.confirm_arrival(uow, KIGALI, mission.mission_id, AT)
    assert sum(isinstance(e, MissionStarted) for e in uow.published) == 1


async def test_an_extension_may_not_overlap_the_next_mission() -> None:
    uow = FakeDeploymentUnitOfWork()
    first = await approved_request(uow, "IPRC-KGL")
    later = await approved_request(uow, "IPRC-HYE", offset=40)
    professional = await available(uow)
    mission = await missions.match(
        uow, first.request_id, MatchSpec(professional_id=professional), AT
    )
    await missions.match(uow, later.request_id, MatchSpec(professional_id=professional), AT)
    await missions.confirm(uow, mission.mission_id, LOGISTICS, AT)
    await missions.confirm_arrival(uow, OFFICER, mission.mission_id, AT)
    with pytest.raises(errors.OverlappingMission):
        await missions.extend(uow, mission.mission_id, START + timedelta(days=45), AT)


async def test_a_host_sees_and_acts_on_its_own_missions_only() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow, "IPRC-KGL")
    await missions.confirm(uow, mission.mission_id, LOGISTICS, AT)
    with pytest.raises(errors.MissionNotFound):
        await missions.get_mission(uow, HUYE, mission.mission_id)
    with pytest.raises(errors.MissionNotFound):
        await missions.confirm_arrival(uow, HUYE, mission.mission_id, AT)
    with pytest.raises(errors.RequestNotFound):
        await host_requests.get_request(uow, HUYE, mission.request_id)
    assert await missions.list_missions(uow, HUYE) == []
    assert [m.mission_id for m in await missions.list_missions(uow, KIGALI)] == [mission.mission_id]


def withdrawal(professional_id: UUID) -> ApplicantWithdrew:
    return ApplicantWithdrew(
        application_id=professional_id,
        call_id=uuid4(),
        track=Track.TVET,
        sex=Sex.FEMALE,
        was_accepted=True,
        withdrawn_at=AT,
    )


async def test_an_acceptance_seen_twice_adds_one_professional() -> None:
    uow = FakeDeploymentUnitOfWork()
    event = accepted()
    await professionals.on_applicant_accepted(uow, event)
    await professionals.on_applicant_accepted(uow, event)
    assert [p.professional_id for p in await professionals.available(uow)] == [event.application_id]


async def test_a_withdrawal_cancels_the_planned_mission_once() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    await professionals.on_applicant_withdrew(uow, withdrawal(mission.professional_id))
    await professionals.on_applicant_withdrew(uow, withdrawal(mission.professional_id))
    cancelled = [e for e in uow.published if isinstance(e, MissionCancelled)]
    assert [(e.mission_id, e.reason) for e in cancelled] == [
        (mission.mission_id, CancellationReason.PROFESSIONAL_WITHDREW)
    ]
    assert await professionals.available(uow) == []


async def test_an_erasure_forgets_the_profile_and_cancels_what_has_not_started() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    erased = ApplicantDataErased(
        application_id=mission.professional_id, call_id=uuid4(), erased_at=AT
    )
    await professionals.on_applicant_data_erased(uow, erased)
    professional = uow.professionals.professionals[mission.professional_id]
    assert (professional.languages, professional.courses_or_specialties) == ((), ())
    assert isinstance(uow.published[-1], MissionCancelled)


async def test_candidates_show_their_fit_best_first() -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await approved_request(uow)
    await professionals.on_applicant_accepted(uow, accepted(courses=("Energy",)))
    good = accepted(courses=("ICT",))
    await professionals.on_applicant_accepted(uow, good)
    await professionals.on_applicant_accepted(uow, accepted(Track.HEALTH))
    found = await professionals.candidates(uow, request.request_id)
    assert found[0].professional.professional_id == good.application_id
    assert len(found) == 2
    assert found[0].fit.course_or_specialty and not found[1].fit.course_or_specialty


async def test_a_mission_ending_before_it_starts_is_invalid_input() -> None:
    uow = FakeDeploymentUnitOfWork()
    request = await approved_request(uow)
    professional = await available(uow)
    reversed_dates = MatchSpec(professional_id=professional, ends_on=START - timedelta(days=1))
    with pytest.raises(ReversedPeriod):
        await missions.match(uow, request.request_id, reversed_dates, AT)
    assert uow.missions.missions == {}
