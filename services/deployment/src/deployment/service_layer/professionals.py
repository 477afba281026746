"""The available-professionals list, kept from recruitment's events, and the candidates an
officer sees for a request. Handlers are idempotent by state as well as by event id: an
acceptance seen again changes nothing, a withdrawal seen again finds nothing left to cancel."""

from datetime import datetime
from uuid import UUID

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    CancellationReason,
)

from ..domain.matching import fit_of
from ..domain.mission import NOT_YET_STARTED
from ..domain.model import CandidateView, FitView, ProfessionalView
from ..domain.period import Period
from ..domain.professional import Professional, ProfessionalStatus
from .unit_of_work import DeploymentUnitOfWork
from .views import professional_view


async def on_applicant_accepted(uow: DeploymentUnitOfWork, event: ApplicantAccepted) -> None:
    if await uow.professionals.find(event.application_id, for_update=True) is not None:
        return
    uow.professionals.add(
        Professional(
            professional_id=event.application_id,
            track=event.track,
            sex=event.sex,
            country_of_residence=event.country_of_residence,
            languages=event.languages,
            courses_or_specialties=event.courses_or_specialties,
            availability=Period(event.available_from, event.available_until),
            person_ref=event.person_ref,
        )
    )
    await uow.commit()


async def on_applicant_withdrew(uow: DeploymentUnitOfWork, event: ApplicantWithdrew) -> None:
    await _leave(
        uow,
        event.application_id,
        ProfessionalStatus.WITHDRAWN,
        CancellationReason.PROFESSIONAL_WITHDREW,
        event.withdrawn_at,
    )


async def on_applicant_data_erased(uow: DeploymentUnitOfWork, event: ApplicantDataErased) -> None:
    await _leave(
        uow,
        event.application_id,
        ProfessionalStatus.ERASED,
        CancellationReason.PROFESSIONAL_DATA_ERASED,
        event.erased_at,
    )


async def _leave(
    uow: DeploymentUnitOfWork,
    professional_id: UUID,
    status: ProfessionalStatus,
    reason: CancellationReason,
    at: datetime,
) -> None:
    """The professional can no longer be matched; missions not yet started are cancelled (a
    running mission is for the officer to decide, with the host)."""
    professional = await uow.professionals.find(professional_id, for_update=True)
    if professional is None or professional.status is not ProfessionalStatus.AVAILABLE:
        return
    professional.status = status
    if status is ProfessionalStatus.ERASED:
        professional.country_of_residence = "ZZ"
        professional.languages, professional.courses_or_specialties = (), ()
        professional.person_ref = None
    for mission in await uow.missions.of_professional(professional_id):
        if mission.status in NOT_YET_STARTED:
            mission.cancel(reason, None, at)
        if status is ProfessionalStatus.ERASED:
            # The link to the login and the professional's own words go with the profile.
            mission.person_ref = None
            await uow.end_reports.remove(mission.mission_id)
    await uow.commit()


async def available(uow: DeploymentUnitOfWork) -> list[ProfessionalView]:
    return [professional_view(p) for p in await uow.professionals.available()]


async def candidates(uow: DeploymentUnitOfWork, request_id: UUID) -> list[CandidateView]:
    """Available professionals of the request's track, best fit first."""
    request = await uow.requests.get(request_id)
    found = [
        CandidateView(professional=professional_view(p), fit=FitView.of(fit_of(request, p)))
        for p in await uow.professionals.available(request.track)
    ]
    return sorted(found, key=lambda c: -sum(c.fit.model_dump().values()))
