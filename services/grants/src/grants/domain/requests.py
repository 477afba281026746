"""What callers send and get back: bounded, strict, money as integer minor units."""

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from diaspora_shared.contracts.money import Money, PositiveMoney
from diaspora_shared.contracts.reference import IPRCS
from diaspora_shared.contracts.text import SafeLine, SafeText, bounded

from .call import RequiredField, Sector
from .follow_up import Milestone
from .grant import Status

IPRC_CODES = frozenset(iprc.code for iprc in IPRCS)
PaymentReference = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9/_-]{2,99}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EligibilityRulesIn(Strict):
    """Declared with the call; sector, ceiling, window and budget sums are always screened."""

    linked_iprc_required: bool = False
    required_documents: list[SafeLine] = bounded(20, default=[])
    required_fields: list[RequiredField] = bounded(len(RequiredField), default=[])


class GrantCallSpec(Strict):
    title: SafeLine
    iprc: SafeLine
    sectors: list[Sector] = bounded(5, min_length=1)
    ceiling: PositiveMoney
    envelope: PositiveMoney
    opens_on: date
    closes_on: date
    criteria: dict[SafeLine, Annotated[Decimal, Field(gt=0, le=100, decimal_places=4)]] = bounded(
        20, min_length=1
    )
    rules: EligibilityRulesIn = EligibilityRulesIn()

    @model_validator(mode="after")
    def _coherent(self) -> "GrantCallSpec":
        if self.iprc not in IPRC_CODES:
            raise ValueError(f"unknown IPRC; one of {sorted(IPRC_CODES)}")
        if self.closes_on < self.opens_on:
            raise ValueError("the call must close on or after the day it opens")
        if self.ceiling.currency != self.envelope.currency:
            raise ValueError("ceiling and envelope must be in the same currency")
        if self.envelope.minor_units < self.ceiling.minor_units:
            raise ValueError("the envelope must be at least the ceiling")
        return self


class BudgetLineIn(Strict):
    item: SafeLine
    amount: PositiveMoney


class GrantApplicationSpec(Strict):
    sector: Sector
    budget: list[BudgetLineIn] = bounded(50, min_length=1)
    iprc: SafeLine | None = Field(default=None, description="the IPRC the project is linked to")
    requested: PositiveMoney | None = Field(default=None, description="the total asked for")
    summary: SafeText | None = None
    documents: list[SafeLine] = bounded(20, default=[])


class ScreeningIn(Strict):
    """Empty: the call's rules decide. `eligible` against the rules needs a `reason`."""

    eligible: bool | None = None
    reason: SafeText | None = None


class RuleOutcomeView(Strict):
    rule: str
    passed: bool
    reason: str


class ReviewerIn(Strict):
    reviewer: SafeLine = Field(description="the reviewer's login subject")


class ReviewIn(Strict):
    """Scores from 0 to 5 per criterion, or a declared conflict of interest (not both)."""

    scores: dict[SafeLine, Annotated[int, Field(ge=0, le=5)]] | None = bounded(20, default=None)
    conflict_of_interest: SafeText | None = None

    @model_validator(mode="after")
    def _one_of(self) -> "ReviewIn":
        if (self.scores is None) == (self.conflict_of_interest is None):
            raise ValueError("give either scores or a conflict of interest")
        return self


class DecisionIn(Strict):
    approve: bool


class TrancheIn(Strict):
    amount: PositiveMoney
    due_on: date
    conditions: list[SafeLine] = bounded(10)


class AwardIn(Strict):
    amount: PositiveMoney
    signed_on: date
    tranches: list[TrancheIn] = bounded(12, min_length=1)


class ConditionMetIn(Strict):
    condition: SafeLine
    evidence: SafeText


class DisbursementIn(Strict):
    payment_reference: PaymentReference
    disbursed_on: date


class GrantCallView(Strict):
    call_id: UUID
    title: str
    iprc: str
    sectors: list[Sector]
    ceiling: Money
    envelope: Money
    awarded: Money
    opens_on: date
    closes_on: date


class TrancheView(Strict):
    number: int
    amount: Money
    due_on: date
    conditions: dict[str, bool]
    requested: bool
    approved: bool
    disbursed_on: date | None
    late: bool


class GrantView(Strict):
    application_id: UUID
    call_id: UUID
    project_code: str
    sector: Sector
    status: Status
    requested: Money
    eligible: bool | None
    screening: list[RuleOutcomeView]
    screening_override: str | None
    reviewers_assigned: int
    conflicts_declared: int
    reviews_submitted: int
    score: float | None
    award: Money | None
    disbursed: Money | None
    tranches: list[TrancheView]
    mentor_id: UUID | None
    mentor_needs_replacement: bool
    mentoring_minutes: int
    jobs: dict[int, Milestone]
    closed_on: date | None


class MentorIn(Strict):
    professional_id: UUID


class SessionIn(Strict):
    held_on: date
    minutes: int = Field(ge=1, le=24 * 60)
    in_person: bool
    topics: list[SafeLine] = bounded(10, min_length=1)


class JobsIn(Strict):
    months: int = Field(description="6 or 12")
    total: int = Field(ge=0, le=100_000)
    women: int = Field(ge=0, le=100_000)
    youth: int = Field(ge=0, le=100_000)


class VerificationIn(JobsIn):
    still_operating: bool


class MissionView(Strict):
    mission_id: UUID
    started_on: date | None
    ends_on: date | None
    ended_on: date | None


class FlaggedSession(Strict):
    grant_id: UUID
    held_on: date
    minutes: int


class MentorView(Strict):
    professional_id: UUID
    status: str
    in_rwanda_today: bool
    missions: list[MissionView]
    unconfirmed_in_person_sessions: list[FlaggedSession] = Field(
        description="In-person sessions on days no known mission covers; mission events that "
        "arrive later clear them."
    )


class SessionView(Strict):
    held_on: date
    minutes: int
    in_person: bool
    topics: list[str]


class MentoredProjectView(Strict):
    """What a mentor sees of a project they mentor: no money, no contacts."""

    grant_id: UUID
    project_code: str
    sector: Sector
    mentoring_minutes: int
    sessions: list[SessionView]
