"""Aggregates as their HTTP views."""

from ..domain.host_request import HostRequest
from ..domain.mission import Mission
from ..domain.model import HostRequestView, MissionView, ProfessionalView
from ..domain.professional import Professional


def request_view(request: HostRequest) -> HostRequestView:
    return HostRequestView(
        request_id=request.request_id,
        institution_code=request.institution_code,
        track=request.track,
        course_or_specialty=request.course_or_specialty,
        expertise=request.expertise,
        language=request.language,
        starts_on=request.period.starts_on,
        ends_on=request.period.ends_on,
        professionals_wanted=request.professionals_wanted,
        expected_participants=request.expected_participants,
        status=request.status,
        return_reason=request.return_reason,
    )


def mission_view(mission: Mission) -> MissionView:
    return MissionView(
        mission_id=mission.mission_id,
        request_id=mission.request_id,
        institution_code=mission.institution_code,
        professional_id=mission.professional_id,
        track=mission.track,
        course_or_specialty=mission.course_or_specialty,
        starts_on=mission.period.starts_on,
        ends_on=mission.period.ends_on,
        status=mission.status,
        cancellation=mission.cancellation,
    )


def professional_view(professional: Professional) -> ProfessionalView:
    return ProfessionalView(
        professional_id=professional.professional_id,
        track=professional.track,
        sex=professional.sex,
        country_of_residence=professional.country_of_residence,
        languages=list(professional.languages),
        courses_or_specialties=list(professional.courses_or_specialties),
        available_from=professional.availability.starts_on,
        available_until=professional.availability.ends_on,
    )
