"""Deployment's precise refusals, each a kind of the platform's domain errors with its own code."""

from diaspora_shared.domain.errors import ConflictError, InvalidInputError, NotFoundError


class UnknownInstitution(InvalidInputError):
    code = "institution.unknown"


class RequestNotFound(NotFoundError):
    code = "host_request.not_found"


class MissionNotFound(NotFoundError):
    code = "mission.not_found"


class ProfessionalNotAvailable(ConflictError):
    """Not accepted (yet), withdrawn, or erased: deployment cannot match them."""

    code = "professional.not_available"


class StateConflict(ConflictError):
    """The request or mission is not in a state that allows the command."""

    code = "deployment.state_conflict"


class TrackMismatch(ConflictError):
    code = "matching.track_mismatch"


class OutsideAvailability(ConflictError):
    code = "matching.outside_availability"


class OutsideRequest(ConflictError):
    code = "matching.outside_request_dates"


class OverlappingMission(ConflictError):
    code = "matching.overlapping_mission"


class RequestFilled(ConflictError):
    code = "matching.request_filled"


class LogisticsIncomplete(ConflictError):
    code = "mission.logistics_incomplete"
