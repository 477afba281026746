"""Who is acting: the gateway verifies the token and passes the subject and role on as headers;
services trust them only from the gateway (they listen on the internal network only)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Header, HTTPException

from ..contracts.vocabulary import Role

ACTOR_SUBJECT_HEADER = "X-Actor-Subject"
ACTOR_ROLE_HEADER = "X-Actor-Role"
CORRELATION_ID_HEADER = "X-Correlation-Id"


@dataclass(frozen=True)
class Actor:
    subject: str
    role: Role

    def is_(self, *roles: Role) -> bool:
        return self.role in roles


def current_actor(
    subject: Annotated[str | None, Header(alias=ACTOR_SUBJECT_HEADER)] = None,
    role: Annotated[str | None, Header(alias=ACTOR_ROLE_HEADER)] = None,
) -> Actor:
    if not subject or not role:
        raise HTTPException(status_code=401, detail="no authenticated actor")
    try:
        return Actor(subject=subject, role=Role(role))
    except ValueError as error:
        raise HTTPException(status_code=401, detail=f"unknown role {role!r}") from error


def correlation_id(
    value: Annotated[str | None, Header(alias=CORRELATION_ID_HEADER)] = None,
) -> str | None:
    return value
