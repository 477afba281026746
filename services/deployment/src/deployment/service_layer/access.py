"""Who may see what, in one place. An officer sees everything; a host institution sees its own
requests and missions; a professional (role `applicant`) sees the missions they are on, known by
the person reference of their login. Anything else answers 404, as if it did not exist, so ids
reveal nothing."""

from dataclasses import dataclass

from pydantic import SecretStr

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.person_ref import person_ref

from ..domain.errors import MissionNotFound, RequestNotFound
from ..domain.mission import Mission


@dataclass(frozen=True)
class Caller(Actor):
    """The verified actor with the person reference of their login (None without a key)."""

    person_ref: str | None = None

    @classmethod
    def of(cls, actor: Actor, key: SecretStr | None) -> "Caller":
        ref = person_ref(key, actor.subject) if key is not None else None
        return cls(actor.subject, actor.role, actor.org, ref)


@dataclass(frozen=True)
class MissionScope:
    """The missions a caller may see: every one (both None), one institution's, one person's."""

    institution_code: str | None = None
    person_ref: str | None = None
    nothing: bool = False


def institution_scope(actor: Actor) -> str | None:
    """The institution an actor is limited to, or None for IOM's officers (every one)."""
    if actor.role is Role.HOST_INSTITUTION:
        return actor.org or ""
    return None


def mission_scope(caller: Caller) -> MissionScope:
    if caller.role is Role.IOM_OFFICER:
        return MissionScope()
    if caller.role is Role.HOST_INSTITUTION:
        return MissionScope(institution_code=caller.org or "")
    if caller.role is Role.APPLICANT and caller.person_ref is not None:
        return MissionScope(person_ref=caller.person_ref)
    return MissionScope(nothing=True)


def is_professional_of(caller: Caller, mission: Mission) -> bool:
    return (
        caller.role is Role.APPLICANT
        and caller.person_ref is not None
        and caller.person_ref == mission.person_ref
    )


def ensure_request_visible(actor: Actor, institution_code: str, request_id: object) -> None:
    scope = institution_scope(actor)
    if scope is not None and scope != institution_code:
        raise RequestNotFound(f"request {request_id} not found")


def ensure_mission_visible(caller: Caller, mission: Mission) -> None:
    scope = mission_scope(caller)
    visible = not scope.nothing and (
        (scope.institution_code is None or scope.institution_code == mission.institution_code)
        and (scope.person_ref is None or scope.person_ref == mission.person_ref)
    )
    if not visible:
        raise MissionNotFound(f"mission {mission.mission_id} not found")


def ensure_host_or_officer(caller: Caller, mission: Mission) -> None:
    """Commands only the host or an officer give (arrival, completion): the professional sees
    the mission but cannot give them."""
    ensure_mission_visible(caller, mission)
    if caller.role is Role.APPLICANT:
        raise MissionNotFound(f"mission {mission.mission_id} not found")
