"""Public grant events, on `public.grants.v1` (key = pilot project code)."""

from typing import ClassVar
from uuid import UUID

from pydantic import Field

from ..money import Money
from ..text import SafeLine
from .base import Month, PublicEvent, public_topic

GRANTS_V1 = public_topic("grants", 1)

_AMOUNT_EXAMPLE = {"minor_units": 25_000_000, "currency": "RWF"}


class _OnProject(PublicEvent):
    topic: ClassVar[str] = GRANTS_V1
    key_field: ClassVar[str] = "project_code"

    project_code: SafeLine = Field(description="Public code of the pilot project.")


class GrantAwardedV1(_OnProject):
    """A pilot project signed a grant agreement."""

    event_type: ClassVar[str] = "org.iom.diaspora.grant.awarded.v1"
    example: ClassVar[dict[str, object]] = {
        "project_code": "PILOT-07",
        "call_id": "9a1d3c55-2b7e-4f0a-8c61-3e5d7b9f1a22",
        "amount": _AMOUNT_EXAMPLE,
        "tranches": 3,
        "month": "2026-05",
    }

    call_id: UUID = Field(description="The grant call the award was made under.")
    amount: Money = Field(description="Amount awarded, in integer minor units.")
    tranches: int = Field(ge=1, description="Number of tranches in the schedule.")
    month: Month = Field(description="Month the agreement was signed (YYYY-MM).")


class GrantDisbursedV1(_OnProject):
    """A tranche of a grant was paid to a pilot project."""

    event_type: ClassVar[str] = "org.iom.diaspora.grant.disbursed.v1"
    example: ClassVar[dict[str, object]] = {
        "project_code": "PILOT-07",
        "tranche": 1,
        "amount": {"minor_units": 10_000_000, "currency": "RWF"},
        "late": False,
        "month": "2026-06",
    }

    tranche: int = Field(ge=1, description="Tranche number, from 1.")
    amount: Money = Field(description="Amount paid, in integer minor units.")
    late: bool = Field(description="Paid after its due date.")
    month: Month = Field(description="Month of the payment (YYYY-MM).")


class JobsVerifiedV1(_OnProject):
    """Jobs a pilot project created were verified at a follow-up milestone."""

    event_type: ClassVar[str] = "org.iom.diaspora.jobs.verified.v1"
    example: ClassVar[dict[str, object]] = {
        "project_code": "PILOT-07",
        "months": 6,
        "total": 8,
        "women": 4,
        "youth": 5,
        "still_operating": True,
    }

    months: int = Field(description="Milestone in months after the award: 6 or 12.")
    total: int = Field(ge=0, description="Jobs verified.")
    women: int = Field(ge=0, description="Of which held by women.")
    youth: int = Field(ge=0, description="Of which held by people under 35.")
    still_operating: bool = Field(description="The project still operates.")


GRANTS_PUBLIC_EVENTS: tuple[type[PublicEvent], ...] = (
    GrantAwardedV1,
    GrantDisbursedV1,
    JobsVerifiedV1,
)
