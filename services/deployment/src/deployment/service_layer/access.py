"""Who may see what: a host institution sees only its own requests and missions. Another
institution's object answers 404, as if it did not exist, so ids reveal nothing."""

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..domain.errors import MissionNotFound, RequestNotFound


def institution_scope(actor: Actor) -> str | None:
    """The institution an actor is limited to, or None for IOM's officers (every one)."""
    if actor.role is Role.HOST_INSTITUTION:
        return actor.org or ""
    return None


def ensure_request_visible(actor: Actor, institution_code: str, request_id: object) -> None:
    scope = institution_scope(actor)
    if scope is not None and scope != institution_code:
        raise RequestNotFound(f"request {request_id} not found")


def ensure_mission_visible(actor: Actor, institution_code: str, mission_id: object) -> None:
    scope = institution_scope(actor)
    if scope is not None and scope != institution_code:
        raise MissionNotFound(f"mission {mission_id} not found")
