"""The rules a match of a professional to a request must keep, and the fit an officer sees.

Checked under locks on the request and the professional (see the unit of work), so two officers
matching at once decide one after the other."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .errors import (
    OutsideAvailability,
    OutsideRequest,
    OverlappingMission,
    RequestFilled,
    TrackMismatch,
)
from .host_request import HostRequest
from .period import Period
from .professional import Professional


class Occupying(Protocol):
    """A mission as the rules see it: the days it holds, if it still holds any."""

    @property
    def period(self) -> Period: ...

    @property
    def holds_days(self) -> bool: ...


def ensure_match(
    request: HostRequest,
    professional: Professional,
    period: Period,
    missions_of_professional: Iterable[Occupying],
    missions_of_request: Iterable[Occupying],
) -> None:
    professional.ensure_available()
    request.ensure_approved()
    if professional.track is not request.track:
        raise TrackMismatch(
            f"the request is on the {request.track.value} track, "
            f"the professional on {professional.track.value}"
        )
    if not period.within(request.period):
        raise OutsideRequest("the mission's dates fall outside the request's dates")
    ensure_free(professional, period, missions_of_professional)
    taken = sum(1 for mission in missions_of_request if mission.holds_days)
    if taken >= request.professionals_wanted:
        raise RequestFilled(
            f"the request asked for {request.professionals_wanted} professional(s), all matched"
        )


def ensure_free(professional: Professional, period: Period, missions: Iterable[Occupying]) -> None:
    """The professional is available on every day of `period` and on no other mission then."""
    if not period.within(professional.availability):
        raise OutsideAvailability(
            "the professional is available from "
            f"{professional.availability.starts_on} to {professional.availability.ends_on}"
        )
    if any(mission.holds_days and mission.period.overlaps(period) for mission in missions):
        raise OverlappingMission("the professional has another mission on some of these days")


@dataclass(frozen=True)
class Fit:
    """How well a professional suits a request, beyond the rules a match must keep."""

    course_or_specialty: bool
    language: bool
    availability: bool


def fit_of(request: HostRequest, professional: Professional) -> Fit:
    return Fit(
        course_or_specialty=request.course_or_specialty in professional.courses_or_specialties,
        language=request.language in professional.languages,
        availability=request.period.within(professional.availability),
    )
