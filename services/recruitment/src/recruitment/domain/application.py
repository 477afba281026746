"""The application aggregate: its state transitions, the rules guarding them, and the
integration events each transition causes (collected by the unit of work on commit)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantWithdrew,
    ApplicationReviewed,
    ApplicationScreened,
    ApplicationSubmitted,
    IntegrationEvent,
    OfferDeclined,
    OfferExpired,
    OfferMade,
)

from .call import Call
from .eligibility import RuleOutcome, screen
from .errors import AlreadyDone, ApplicationErased, ReviewerNotIndependent, StateConflict
from .model import ApplicantProfile, ApplicationStatus, OfferStatus, ScreeningOverride
from .offer import Offer as Offer  # re-exported: the aggregate holds its offer
from .review import ReviewScores, aggregate, disagreement_flagged
from .reviewing import ReviewPanel

SCREENED = (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE)
HOLDS_A_PLACE = (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED)
AWAITING_SELECTION = (ApplicationStatus.ELIGIBLE, ApplicationStatus.WAITLISTED)


@dataclass
class Application:
    application_id: UUID
    call_id: UUID
    applicant_subject: str
    profile: ApplicantProfile
    submitted_at: datetime
    status: ApplicationStatus = ApplicationStatus.ELIGIBLE
    screening: list[RuleOutcome] = field(default_factory=list)
    screening_override: ScreeningOverride | None = None
    decided_at: datetime | None = None
    erased_at: datetime | None = None
    offer: Offer | None = None
    panel: ReviewPanel = field(default_factory=ReviewPanel)
    events: list[IntegrationEvent] = field(default_factory=list)

    @classmethod
    def submit(
        cls, call: Call, subject: str, profile: ApplicantProfile, at: datetime, today: date
    ) -> "Application":
        call.ensure_open(today)
        call.ensure_offers(profile.courses_or_specialties)
        application = cls(uuid4(), call.call_id, subject, profile, submitted_at=at)
        application.events.append(
            ApplicationSubmitted(
                application_id=application.application_id,
                call_id=call.call_id,
                track=call.track,
                sex=profile.sex,
                country_of_residence=profile.country_of_residence,
                submitted_at=at,
            )
        )
        application._screen(call, at)
        return application

    def update(self, call: Call, profile: ApplicantProfile, at: datetime, today: date) -> None:
        """Applicants may correct their application until the call closes; screened again."""
        if self.status not in SCREENED:
            raise StateConflict(f"application is {self.status} and can no longer be changed")
        call.ensure_open(today)
        call.ensure_offers(profile.courses_or_specialties)
        self.profile, self.screening_override = profile, None
        self._screen(call, at)

    def override(self, call: Call, decision: ScreeningOverride, at: datetime) -> None:
        self.ensure_not_erased()
        if self.status not in SCREENED:
            raise StateConflict(f"application is {self.status}; screening can no longer change")
        if self.screening_override == decision:
            raise AlreadyDone("this override is already recorded")
        self.screening_override = decision
        self.status = (
            ApplicationStatus.ELIGIBLE if decision.eligible else ApplicationStatus.INELIGIBLE
        )
        self.events.append(self._screened(call, at, overridden=True))

    def accept(
        self, call: Call, accepted_so_far: int, at: datetime, person_ref: str | None = None
    ) -> None:
        """An officer's direct acceptance, before any selection of the call. ``person_ref`` is
        the keyed pseudonym of the applicant's login that the acceptance carries, if any."""
        self.ensure_not_erased()
        if self.status is ApplicationStatus.ACCEPTED:
            raise AlreadyDone("the applicant is already accepted")
        if self.status is not ApplicationStatus.ELIGIBLE:
            raise StateConflict(
                f"application is {self.status}, only an eligible one can be accepted"
            )
        call.ensure_direct_acceptance(accepted_so_far)
        self.status, self.decided_at = ApplicationStatus.ACCEPTED, at
        self.events.append(self.accepted_event(call, person_ref))

    def withdraw(self, call: Call, at: datetime) -> bool:
        """Withdraw at any time; returns whether a place (offered or accepted) was left."""
        if self.status is ApplicationStatus.WITHDRAWN:
            raise AlreadyDone("application is already withdrawn")
        was_accepted = self.status is ApplicationStatus.ACCEPTED
        held_a_place = self.status in HOLDS_A_PLACE
        self.status, self.decided_at = ApplicationStatus.WITHDRAWN, at
        if self.offer is not None and self.offer.status in (
            OfferStatus.OFFERED,
            OfferStatus.ACCEPTED,
        ):
            self.offer.status, self.offer.answered_at = OfferStatus.WITHDRAWN, at
        self.events.append(
            ApplicantWithdrew(
                application_id=self.application_id,
                call_id=call.call_id,
                track=call.track,
                sex=self.profile.sex,
                was_accepted=was_accepted,
                withdrawn_at=at,
            )
        )
        return held_a_place

    def answer_offer(
        self, call: Call, accept: bool, at: datetime, person_ref: str | None = None
    ) -> bool:
        """The applicant's answer before the deadline; returns whether the place was left."""
        self.ensure_not_erased()
        offer = self.offer
        if offer is None:
            raise StateConflict("there is no open offer on this application", code="offer.not_open")
        if offer.status is not OfferStatus.OFFERED:
            raise AlreadyDone(f"there is no open offer on this application (it is {offer.status})")
        if at > offer.deadline:
            raise StateConflict(
                f"the offer lapsed at {offer.deadline.isoformat()}", code="offer.lapsed"
            )
        offer.answered_at, self.decided_at = at, at
        if accept:
            offer.status, self.status = OfferStatus.ACCEPTED, ApplicationStatus.ACCEPTED
            self.events.append(self.accepted_event(call, person_ref))
            return False
        offer.status, self.status = OfferStatus.DECLINED, ApplicationStatus.DECLINED
        self.events.append(
            OfferDeclined(
                application_id=self.application_id,
                call_id=call.call_id,
                track=call.track,
                sex=self.profile.sex,
                declined_at=at,
            )
        )
        return True

    def assign_reviewer(
        self, reviewer_subject: str, by: str, applied_to_call: bool, at: datetime
    ) -> None:
        """`applied_to_call`: the reviewer applied to this call themselves, so they compete
        with the applicants they would judge."""
        self.ensure_not_erased()
        if self.status is not ApplicationStatus.ELIGIBLE:
            raise StateConflict(f"application is {self.status}; only eligible ones are reviewed")
        if reviewer_subject == self.applicant_subject:
            raise ReviewerNotIndependent("nobody reviews their own application")
        if applied_to_call:
            raise ReviewerNotIndependent(
                f"{reviewer_subject} applied to this call and cannot review its applications"
            )
        self.panel.assign(reviewer_subject, by, at)

    def declare_conflict(self, reviewer_subject: str, reason: str) -> None:
        review = self.panel.own(reviewer_subject)
        self.ensure_not_erased()
        self.panel.declare_conflict(review, reason)

    def submit_review(
        self, call: Call, reviewer_subject: str, given: ReviewScores, at: datetime
    ) -> None:
        """Scores one review; once the call's required number is in, the application counts
        as reviewed (and each later review updates the aggregated score)."""
        review = self.panel.own(reviewer_subject)
        self.ensure_not_erased()
        self.panel.score(review, given, call.review, at)
        submitted = self.panel.exact_scores(call.review)
        if len(submitted) >= call.review.reviews_required:
            self.events.append(
                ApplicationReviewed(
                    application_id=self.application_id,
                    call_id=call.call_id,
                    track=call.track,
                    aggregated_score=aggregate(submitted),
                    reviews=len(submitted),
                    disagreement_flagged=disagreement_flagged(submitted, call.review),
                    reviewed_at=at,
                )
            )

    def make_offer(
        self, call: Call, at: datetime, valid_for: timedelta, *, from_waiting_list: bool
    ) -> None:
        """A selected (or promoted) application gets its one offer, open for `valid_for`."""
        self.ensure_not_erased()
        if self.offer is not None or self.status not in AWAITING_SELECTION:
            raise StateConflict(f"application is {self.status}; it cannot be offered a place")
        self.status = ApplicationStatus.OFFERED
        self.offer = Offer(at, at + valid_for, from_waiting_list=from_waiting_list)
        self.events.append(
            OfferMade(
                **self._offer_fields(call),
                deadline=self.offer.deadline,
                from_waiting_list=from_waiting_list,
                made_at=at,
            )
        )

    def settle_unselected(self, waiting: bool) -> None:
        """The selection's outcome for an eligible application it did not select."""
        if self.status is not ApplicationStatus.ELIGIBLE:
            raise StateConflict(f"application is {self.status}; the selection cannot place it")
        self.status = ApplicationStatus.WAITLISTED if waiting else ApplicationStatus.NOT_SELECTED

    def lapse_offer(self, call: Call, at: datetime) -> bool:
        """Lapses the offer if it is still open past its deadline; returns whether it did."""
        offer = self.offer
        if offer is None or offer.status is not OfferStatus.OFFERED or offer.deadline >= at:
            return False
        offer.status, offer.answered_at = OfferStatus.EXPIRED, at
        self.status = ApplicationStatus.EXPIRED
        self.events.append(OfferExpired(**self._offer_fields(call), expired_at=at))
        return True

    def ensure_not_erased(self) -> None:
        """An erased application stays in the counts but can no longer move forward."""
        if self.erased_at is not None:
            raise ApplicationErased("the applicant's data was erased; the application is closed")

    def accepted_event(self, call: Call, person_ref: str | None = None) -> ApplicantAccepted:
        assert self.decided_at is not None
        return ApplicantAccepted(
            application_id=self.application_id,
            call_id=call.call_id,
            track=call.track,
            sex=self.profile.sex,
            country_of_residence=self.profile.country_of_residence,
            languages=tuple(self.profile.languages),
            courses_or_specialties=tuple(self.profile.courses_or_specialties),
            available_from=self.profile.available_from,
            available_until=self.profile.available_until,
            accepted_at=self.decided_at,
            person_ref=person_ref,
        )

    def _offer_fields(self, call: Call) -> dict[str, object]:
        return {
            "application_id": self.application_id,
            "call_id": call.call_id,
            "track": call.track,
            "sex": self.profile.sex,
        }

    def _screen(self, call: Call, at: datetime) -> None:
        self.screening = screen(self.profile, call.eligibility)
        passed = all(outcome.passed for outcome in self.screening)
        self.status = ApplicationStatus.ELIGIBLE if passed else ApplicationStatus.INELIGIBLE
        self.events.append(self._screened(call, at, overridden=False))

    def _screened(self, call: Call, at: datetime, *, overridden: bool) -> ApplicationScreened:
        return ApplicationScreened(
            application_id=self.application_id,
            call_id=call.call_id,
            track=call.track,
            sex=self.profile.sex,
            country_of_residence=self.profile.country_of_residence,
            eligible=self.status is ApplicationStatus.ELIGIBLE,
            overridden=overridden,
            failed_rules=tuple(outcome.rule for outcome in self.screening if not outcome.passed),
            screened_at=at,
        )
