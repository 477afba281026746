"""A pilot project's application and, once awarded, its grant: one aggregate, one lock.

Money rules live here and in the call: the sum of tranches equals the award, the sum of awards
stays within the envelope, and each tranche is paid once, after a four-eyes approval, so what
is paid never exceeds what was awarded.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from uuid import UUID

from pydantic import BaseModel, Field

from diaspora_shared.contracts.events import (
    GrantAwarded,
    GrantDisbursed,
    IntegrationEvent,
    TrancheApproved,
    TrancheConditionMet,
)
from diaspora_shared.contracts.money import Currency, Money, total
from diaspora_shared.contracts.scoring import exact_mean
from diaspora_shared.domain.eligibility import RuleOutcome, all_passed, failed_rules
from diaspora_shared.domain.review_panel import ReviewPanel

from .call import GrantCall, Sector
from .errors import (
    ConflictError,
    Ineligible,
    InvalidInputError,
    NotFoundError,
    ReviewerIsContact,
    WrongState,
)
from .follow_up import FollowUp
from .tranche import Tranche


class Status(StrEnum):
    SUBMITTED = "submitted"
    SCREENED_IN = "screened_in"
    APPROVED = "approved"
    REJECTED = "rejected"
    AWARDED = "awarded"
    CLOSED = "closed"


class BudgetLine(BaseModel):
    item: str
    amount: Money


class PlannedTranche(BaseModel):
    amount: Money
    due_on: date
    conditions: list[str]


class GrantApplication(BaseModel):
    application_id: UUID
    call_id: UUID
    project_code: str
    sector: Sector
    budget: list[BudgetLine]
    submitted_on: date | None = None
    iprc: str | None = None
    declared_request: Money | None = None
    summary: str | None = None
    documents: tuple[str, ...] = ()
    status: Status = Status.SUBMITTED
    screening: list[RuleOutcome] = Field(default_factory=list)
    eligible: bool | None = None
    screening_override: str | None = None
    """The officer's reason when the decision goes against the rules' outcome."""
    panel: ReviewPanel = Field(default_factory=ReviewPanel)
    award: Money | None = None
    signed_on: date | None = None
    tranches: list[Tranche] = Field(default_factory=list)
    follow_up: FollowUp = Field(default_factory=FollowUp)
    events: list[IntegrationEvent] = Field(default_factory=list, exclude=True)

    @property
    def currency(self) -> Currency:
        return self.budget[0].amount.currency

    def requested(self) -> Money:
        return total([line.amount for line in self.budget], self.currency)

    def _require(self, *allowed: Status) -> None:
        if self.status not in allowed and self.eligible is False:
            failed = ", ".join(failed_rules(self.screening)) or "the officer's decision"
            raise Ineligible(f"the application is ineligible: {failed}")
        if self.status not in allowed:
            raise WrongState(f"not allowed while the application is {self.status}")

    def screen(
        self, outcomes: list[RuleOutcome], eligible: bool | None, reason: str | None
    ) -> None:
        """The rules decide unless an officer overrides them, which needs a reason."""
        self._require(Status.SUBMITTED)
        by_rules = all_passed(outcomes)
        decided = by_rules if eligible is None else eligible
        if decided != by_rules and not reason:
            raise InvalidInputError(
                "overriding the eligibility rules needs a reason", code="screening.reason_required"
            )
        self.screening = outcomes
        self.screening_override = reason if decided != by_rules else None
        self.eligible = decided
        self.status = Status.SCREENED_IN if decided else Status.REJECTED

    def assign_reviewer(self, reviewer: str, by: str, at: datetime, is_contact: bool) -> None:
        self._require(Status.SCREENED_IN)
        if is_contact:
            raise ReviewerIsContact(f"{reviewer} is a contact person of {self.project_code}")
        self.panel.assign(reviewer, by, at)

    def declare_conflict(self, reviewer: str, reason: str) -> None:
        self._require(Status.SCREENED_IN)
        self.panel.declare_conflict(self.panel.own(reviewer), reason)

    def review(
        self,
        reviewer: str,
        scores: dict[str, int],
        criteria: dict[str, Decimal],
        at: datetime,
        is_contact: bool,
    ) -> None:
        """Only an assigned reviewer without a conflict scores, once, every criterion 0 to 5."""
        self._require(Status.SCREENED_IN)
        review = self.panel.own(reviewer)
        if is_contact:
            raise ReviewerIsContact(f"{reviewer} is a contact person of {self.project_code}")
        self.panel.submit_scores(review, scores, None, criteria, at)

    def score(self, criteria: dict[str, Decimal]) -> Fraction | None:
        """The mean of the reviewers' exact weighted scores; conflicted reviewers do not count."""
        scored = self.panel.exact_scores_with(criteria)
        return exact_mean(scored) if scored else None

    def decide(self, approve: bool) -> None:
        self._require(Status.SCREENED_IN)
        if approve and not any(review.submitted_at for review in self.panel.reviews):
            raise ConflictError("approve only after at least one review", code="review.missing")
        self.status = Status.APPROVED if approve else Status.REJECTED

    def sign(
        self, call: GrantCall, amount: Money, schedule: list[PlannedTranche], signed_on: date
    ) -> None:
        self._require(Status.APPROVED)
        if any(planned.amount.currency != amount.currency for planned in schedule):
            raise InvalidInputError(f"every tranche must be in {amount.currency}")
        if total([planned.amount for planned in schedule], amount.currency) != amount:
            raise InvalidInputError("the tranches must sum to the award exactly")
        call.commit_award(amount)
        self.award, self.signed_on, self.status = amount, signed_on, Status.AWARDED
        self.tranches = [
            Tranche(
                number=number,
                amount=planned.amount,
                due_on=planned.due_on,
                conditions=dict.fromkeys(planned.conditions),
            )
            for number, planned in enumerate(schedule, start=1)
        ]
        self._record_awarded(signed_on)

    def _record_awarded(self, signed_on: date) -> None:
        assert self.award is not None
        self.events.append(
            GrantAwarded(
                grant_id=self.application_id,
                project_code=self.project_code,
                call_id=self.call_id,
                amount=self.award,
                tranches=len(self.tranches),
                signed_on=signed_on,
            )
        )

    def tranche(self, number: int) -> Tranche:
        self._require(Status.AWARDED)
        if not 1 <= number <= len(self.tranches):
            raise NotFoundError(f"the grant has no tranche {number}")
        return self.tranches[number - 1]

    def meet_condition(self, number: int, condition: str, evidence: str) -> None:
        self.tranche(number).meet(condition, evidence)
        self.events.append(
            TrancheConditionMet(
                grant_id=self.application_id,
                project_code=self.project_code,
                tranche=number,
                condition=condition,
            )
        )

    def request_release(self, number: int, officer: str) -> None:
        self.tranche(number).request_release(officer)

    def approve_release(self, number: int, officer: str) -> None:
        tranche = self.tranche(number)
        tranche.approve(officer)
        self.events.append(
            TrancheApproved(
                grant_id=self.application_id,
                project_code=self.project_code,
                tranche=number,
                amount=tranche.amount,
            )
        )

    def disburse(self, number: int, payment_reference: str, on: date) -> bool:
        tranche = self.tranche(number)
        if not tranche.disburse(payment_reference, on):
            return False
        self.events.append(
            GrantDisbursed(
                grant_id=self.application_id,
                project_code=self.project_code,
                tranche=number,
                amount=tranche.amount,
                due_on=tranche.due_on,
                disbursed_on=on,
                late=tranche.is_late(on),
            )
        )
        return True

    def disbursed(self) -> Money:
        paid = [tranche.amount for tranche in self.tranches if tranche.disbursed]
        return total(paid, self.award.currency if self.award else self.currency)
