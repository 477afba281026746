"""Who is acting: the gateway verifies the token and passes the subject and role on as headers;
services trust them only from the gateway (they listen on the internal network only)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Header, HTTPException

from ..contracts.vocabulary import Role

ACTOR_SUBJECT_HEADER = "X-Actor-Subject"
ACTOR_ROLE_HEADER = "X-Actor-Role"
CORRELATION_ID_HEADER = "X-Correlation-Id"
# Services store subjects in columns of this length; a longer one is no subject of ours.
MAX_SUBJECT_LENGTH = 200


@dataclass(frozen=True)
class Actor:
    subject: str
    role: Role

    def is_(self, *roles: Role) -> bool:
        return self.role in roles


def current_actor(
    actor_subject: Annotated[str | None, Header(alias=ACTOR_SUBJECT_HEADER)] = None,
    actor_role: Annotated[str | None, Header(alias=ACTOR_ROLE_HEADER)] = None,
) -> Actor:
    # Named apart from any route's own parameters (a path's `subject`, say), which FastAPI
    # would otherwise merge with these headers.
    if not actor_subject or not actor_role:
        raise HTTPException(status_code=401, detail="no authenticated actor")
    if len(actor_subject) > MAX_SUBJECT_LENGTH or not actor_subject.isprintable():
        raise HTTPException(status_code=401, detail="the actor's subject is not acceptable")
    try:
        return Actor(subject=actor_subject, role=Role(actor_role))
    except ValueError as error:
        raise HTTPException(status_code=401, detail=f"unknown role {actor_role!r}") from error


def correlation_id(
    value: Annotated[str | None, Header(alias=CORRELATION_ID_HEADER)] = None,
) -> str | None:
    return value
