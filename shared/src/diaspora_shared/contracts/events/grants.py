"""Integration events published by the grants service.

No personal data: pilot projects appear by their public project code, officers not at all,
mentors by their pseudonymous professional id (recruitment's application id). A grant's id is the
id of the application it was awarded on, so one key keeps an application's whole story in order.
"""

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from ..money import Money
from ..text import SafeLine
from .base import IntegrationEvent

GRANT_CALLS_TOPIC = "grants.calls"
GRANTS_TOPIC = "grants.grants"


class _OnGrant(IntegrationEvent):
    topic: ClassVar[str] = GRANTS_TOPIC
    aggregate_field: ClassVar[str] = "grant_id"

    grant_id: UUID = Field(description="The grant, equal to the id of its application.")
    project_code: SafeLine = Field(description="Public code of the pilot project.")


class GrantCallOpened(IntegrationEvent):
    """A call for pilot projects was opened."""

    event_type: ClassVar[str] = "grants.call.opened.v1"
    topic: ClassVar[str] = GRANT_CALLS_TOPIC
    aggregate_field: ClassVar[str] = "call_id"

    call_id: UUID = Field(description="Identifier of the call.")
    iprc: SafeLine = Field(description="Code of the IPRC the pilot projects are linked to.")
    sectors: tuple[SafeLine, ...] = Field(description="Sectors the call is open to.")
    envelope: Money = Field(description="Programme envelope: the most all awards may sum to.")
    ceiling: Money = Field(description="The most one project may be awarded.")
    opens_on: date = Field(description="First day applications are accepted.")
    closes_on: date = Field(description="Last day applications are accepted.")


class GrantApplicationSubmitted(_OnGrant):
    """A pilot project applied, with its budget total."""

    event_type: ClassVar[str] = "grants.application.submitted.v1"

    call_id: UUID = Field(description="The call applied to.")
    sector: SafeLine = Field(description="Sector of the project.")
    requested: Money = Field(description="Sum of the application's budget lines.")


class GrantAwarded(_OnGrant):
    """A grant agreement was signed."""

    event_type: ClassVar[str] = "grants.grant.awarded.v1"

    call_id: UUID = Field(description="The call the grant was awarded under.")
    amount: Money = Field(description="The awarded amount.")
    tranches: int = Field(ge=1, description="Number of tranches in the schedule.")
    signed_on: date = Field(description="Signature date of the agreement.")


class TrancheConditionMet(_OnGrant):
    """A condition of a tranche was marked met with evidence."""

    event_type: ClassVar[str] = "grants.tranche.condition_met.v1"

    tranche: int = Field(ge=1, description="Tranche number, from 1.")
    condition: SafeLine = Field(description="The condition met.")


class TrancheApproved(_OnGrant):
    """A tranche's release was approved by an officer other than the one who requested it."""

    event_type: ClassVar[str] = "grants.tranche.approved.v1"

    tranche: int = Field(ge=1, description="Tranche number, from 1.")
    amount: Money = Field(description="Amount of the tranche.")


class GrantDisbursed(_OnGrant):
    """A tranche was paid; one event per payment reference."""

    event_type: ClassVar[str] = "grants.grant.disbursed.v1"

    tranche: int = Field(ge=1, description="Tranche number, from 1.")
    amount: Money = Field(description="Amount paid.")
    due_on: date = Field(description="When the tranche was due.")
    disbursed_on: date = Field(description="When it was paid.")
    late: bool = Field(description="Paid after its due date.")


class MentorAssigned(_OnGrant):
    """A diaspora professional was assigned as mentor to the project."""

    event_type: ClassVar[str] = "grants.mentor.assigned.v1"

    professional_id: UUID = Field(description="Pseudonymous id of the professional.")


class MentoringSessionHeld(_OnGrant):
    """A mentoring session was logged."""

    event_type: ClassVar[str] = "grants.mentoring.session_held.v1"

    professional_id: UUID = Field(description="Pseudonymous id of the mentor.")
    held_on: date = Field(description="Date of the session.")
    minutes: int = Field(ge=1, le=24 * 60, description="Length of the session in minutes.")
    in_person: bool = Field(description="Held in person rather than remotely.")


class JobsReported(_OnGrant):
    """The project reported the jobs it created at a milestone."""

    event_type: ClassVar[str] = "grants.jobs.reported.v1"

    months: int = Field(description="Milestone in months after the award: 6 or 12.")
    total: int = Field(ge=0, description="Jobs created.")
    women: int = Field(ge=0, description="Of which held by women.")
    youth: int = Field(ge=0, description="Of which held by people under 35.")


class JobsVerified(_OnGrant):
    """An officer verified the jobs reported at a milestone."""

    event_type: ClassVar[str] = "grants.jobs.verified.v1"

    months: int = Field(description="Milestone in months after the award: 6 or 12.")
    total: int = Field(ge=0, description="Jobs verified.")
    women: int = Field(ge=0, description="Of which held by women.")
    youth: int = Field(ge=0, description="Of which held by people under 35.")
    still_operating: bool = Field(description="The project still operates.")


class GrantClosed(_OnGrant):
    """The grant was closed with its final report."""

    event_type: ClassVar[str] = "grants.grant.closed.v1"

    disbursed: Money = Field(description="Total paid over the grant's life.")
    closed_on: date = Field(description="Closure date.")


GRANT_EVENTS: tuple[type[IntegrationEvent], ...] = (
    GrantCallOpened,
    GrantApplicationSubmitted,
    GrantAwarded,
    TrancheConditionMet,
    TrancheApproved,
    GrantDisbursed,
    MentorAssigned,
    MentoringSessionHeld,
    JobsReported,
    JobsVerified,
    GrantClosed,
)
