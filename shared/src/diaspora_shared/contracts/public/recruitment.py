"""Public recruitment events, on `public.recruitment.v1` (key = call id)."""

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from ..vocabulary import Track
from .base import Month, PublicEvent, public_topic

RECRUITMENT_V1 = public_topic("recruitment", 1)


class _OnCall(PublicEvent):
    topic: ClassVar[str] = RECRUITMENT_V1
    key_field: ClassVar[str] = "call_id"

    call_id: UUID = Field(description="Identifier of the recruitment call.")
    track: Track = Field(description="Programme track: TVET or HEALTH.")


class CallOpenedV1(_OnCall):
    """A call for diaspora professionals was opened."""

    event_type: ClassVar[str] = "org.iom.diaspora.call.opened.v1"
    example: ClassVar[dict[str, object]] = {
        "call_id": "4f6b2a52-6c1e-4d47-9d0e-0b8f3a1c2d10",
        "track": "TVET",
        "title": "TVET trainers of trainers 2026",
        "target": 30,
        "women_share_goal": 0.4,
        "opens_on": "2026-02-01",
        "closes_on": "2026-03-31",
    }

    title: str = Field(max_length=200, description="Public title of the call.")
    target: int = Field(ge=1, description="Professionals the call aims to recruit.")
    women_share_goal: float = Field(ge=0, le=1, description="Share of women sought, 0 to 1.")
    opens_on: date = Field(description="First day applications are accepted.")
    closes_on: date = Field(description="Last day applications are accepted.")


class ProfessionalAcceptedV1(_OnCall):
    """One more professional accepted a place through the call (who, is not said)."""

    event_type: ClassVar[str] = "org.iom.diaspora.professional.accepted.v1"
    example: ClassVar[dict[str, object]] = {
        "call_id": "4f6b2a52-6c1e-4d47-9d0e-0b8f3a1c2d10",
        "track": "TVET",
        "accepted_month": "2026-04",
    }

    accepted_month: Month = Field(description="Month of the acceptance (YYYY-MM).")


RECRUITMENT_PUBLIC_EVENTS: tuple[type[PublicEvent], ...] = (CallOpenedV1, ProfessionalAcceptedV1)
