"""Repositories: aggregates in and out of recruitment's tables. Each remembers the aggregates it
handed out, so the unit of work can write their changes back and collect their events."""

import json
from dataclasses import asdict
from datetime import UTC, datetime
from fractions import Fraction
from uuid import UUID

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Track

from ..domain.application import Application, Offer
from ..domain.call import Call
from ..domain.confirmed_selection import reviewed_candidate
from ..domain.eligibility import RuleOutcome
from ..domain.errors import NotFoundError
from ..domain.model import (
    ApplicantProfile,
    ApplicationStatus,
    EligibilityRules,
    OfferStatus,
    ReviewPolicy,
    ScreeningOverride,
)
from ..domain.reviewing import Review, ReviewPanel
from ..domain.selection import Candidate
from .selection_tables import OfferRow, ReviewAssignmentRow, SelectionRow
from .tables import ApplicationRow, CallRow


class SqlCallRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, call_id: UUID, *, for_update: bool = False) -> Call:
        row = await self._session.get(
            CallRow, str(call_id), with_for_update=for_update, populate_existing=for_update
        )
        if row is None:
            raise NotFoundError(f"call {call_id} not found")
        confirmed = await self._session.get(SelectionRow, row.call_id) is not None
        return Call(
            call_id=UUID(row.call_id),
            track=Track(row.track),
            target=row.target,
            courses_or_specialties=tuple(json.loads(row.courses_or_specialties)),
            opens_on=row.opens_on,
            closes_on=row.closes_on,
            eligibility=EligibilityRules.model_validate_json(row.eligibility),
            review=ReviewPolicy.model_validate_json(row.review_policy),
            selection_confirmed=confirmed,
            women_share_goal=row.women_share_goal,
        )


class SqlApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[Application, ApplicationRow, OfferRow | None]] = {}
        self._reviews: dict[UUID, dict[str, ReviewAssignmentRow]] = {}

    async def get(self, application_id: UUID, *, for_update: bool = False) -> Application:
        """With `for_update` the row is locked and read afresh: the command decides on a state
        no concurrent command can change before it commits."""
        if application_id in self.seen:
            # Reading afresh would overwrite changes not yet written: write them first.
            self.write_back()
            await self._session.flush()
        row = await self._session.get(
            ApplicationRow,
            str(application_id),
            with_for_update=for_update,
            populate_existing=for_update,
        )
        if row is None:
            raise NotFoundError(f"application {application_id} not found")
        offer_row = await self._session.get(OfferRow, row.application_id, populate_existing=True)
        application = _application_of(row, offer_row)
        review_rows = await self._review_rows(row.application_id)
        application.panel = ReviewPanel([_review_of(review) for review in review_rows.values()])
        self.seen[application.application_id] = (application, row, offer_row)
        self._reviews[application.application_id] = review_rows
        return application

    async def has_applied(self, call_id: UUID, subject: str) -> bool:
        query = select(ApplicationRow.application_id).where(
            col(ApplicationRow.call_id) == str(call_id),
            col(ApplicationRow.applicant_subject) == subject,
        )
        return (await self._session.exec(query)).first() is not None

    async def _review_rows(self, application_id: str) -> dict[str, ReviewAssignmentRow]:
        query = (
            select(ReviewAssignmentRow)
            .where(col(ReviewAssignmentRow.application_id) == application_id)
            .order_by(col(ReviewAssignmentRow.assigned_at))
            .execution_options(populate_existing=True)
        )
        rows = (await self._session.exec(query)).all()
        return {row.reviewer_subject: row for row in rows}

    def add(self, application: Application) -> None:
        row = ApplicationRow(
            application_id=str(application.application_id),
            call_id=str(application.call_id),
            applicant_subject=application.applicant_subject,
            status=application.status,
            profile="{}",
            submitted_at=application.submitted_at,
            screening="[]",
        )
        self.seen[application.application_id] = (application, row, None)

    async def accepted_count(self, call_id: UUID) -> int:
        query = select(func.count()).where(
            col(ApplicationRow.call_id) == str(call_id),
            col(ApplicationRow.status) == ApplicationStatus.ACCEPTED,
        )
        return int((await self._session.exec(query)).one())

    async def reviewed_candidates(self, call: Call) -> list[Candidate]:
        """The call's eligible applications (not erased) that have their required reviews."""
        query = select(ApplicationRow).where(
            col(ApplicationRow.call_id) == str(call.call_id),
            col(ApplicationRow.status) == ApplicationStatus.ELIGIBLE,
            col(ApplicationRow.erased_at).is_(None),
        )
        rows = list((await self._session.exec(query)).all())
        scores = await self._exact_scores([row.application_id for row in rows], call.review)
        candidates = (
            reviewed_candidate(
                row.application_id,
                ApplicantProfile.model_validate_json(row.profile).sex,
                aware(row.submitted_at),
                scores.get(row.application_id, []),
                call.review,
            )
            for row in rows
        )
        return [candidate for candidate in candidates if candidate is not None]

    async def _exact_scores(
        self, application_ids: list[str], policy: ReviewPolicy
    ) -> dict[str, list[Fraction]]:
        query = select(ReviewAssignmentRow).where(
            col(ReviewAssignmentRow.application_id).in_(application_ids),
            col(ReviewAssignmentRow.submitted_at).is_not(None),
        )
        scores: dict[str, list[Fraction]] = {}
        for row in (await self._session.exec(query)).all():
            score = _review_of(row).exact_score(policy)
            if score is not None:
                scores.setdefault(row.application_id, []).append(score)
        return scores

    async def open_offers_past(self, at: datetime) -> list[UUID]:
        """Applications whose offer is still open after its deadline, as of `at`."""
        query = select(OfferRow.application_id).where(
            col(OfferRow.status) == OfferStatus.OFFERED, col(OfferRow.deadline) < at
        )
        return [UUID(application_id) for application_id in (await self._session.exec(query)).all()]

    def write_back(self) -> None:
        for application, row, offer_row in self.seen.values():
            _copy_onto(application, row)
            self._session.add(row)
            if application.offer is not None:
                offer_row = offer_row or _new_offer_row(application, application.offer)
                offer_row.status = application.offer.status
                offer_row.answered_at = application.offer.answered_at
                self._session.add(offer_row)
                self.seen[application.application_id] = (application, row, offer_row)
            self._write_reviews(application)

    def _write_reviews(self, application: Application) -> None:
        rows = self._reviews.setdefault(application.application_id, {})
        for review in application.panel.reviews:
            row = rows.get(review.reviewer_subject) or ReviewAssignmentRow(
                application_id=str(application.application_id),
                reviewer_subject=review.reviewer_subject,
                assigned_at=review.assigned_at,
                assigned_by=review.assigned_by,
            )
            row.conflict_reason, row.comment = review.conflict_reason, review.comment
            row.scores = json.dumps(review.scores) if review.scores is not None else None
            row.submitted_at = review.submitted_at
            row.weighted_score = review.display_score
            rows[review.reviewer_subject] = row
            self._session.add(row)

    def handed_out(self) -> list[Application]:
        return [application for application, _row, _offer in self.seen.values()]


def _application_of(row: ApplicationRow, offer: OfferRow | None) -> Application:
    override = row.screening_override
    return Application(
        application_id=UUID(row.application_id),
        call_id=UUID(row.call_id),
        applicant_subject=row.applicant_subject,
        profile=ApplicantProfile.model_validate_json(row.profile),
        submitted_at=row.submitted_at,
        status=ApplicationStatus(row.status),
        screening=[RuleOutcome(**item) for item in json.loads(row.screening)],
        screening_override=ScreeningOverride.model_validate_json(override) if override else None,
        decided_at=row.decided_at,
        erased_at=row.erased_at,
        offer=_offer_of(offer) if offer is not None else None,
    )


def _review_of(row: ReviewAssignmentRow) -> Review:
    return Review(
        reviewer_subject=row.reviewer_subject,
        assigned_at=row.assigned_at,
        assigned_by=row.assigned_by,
        conflict_reason=row.conflict_reason,
        scores=json.loads(row.scores) if row.scores else None,
        comment=row.comment,
        submitted_at=aware(row.submitted_at) if row.submitted_at else None,
        display_score=row.weighted_score,
    )


def _offer_of(row: OfferRow) -> Offer:
    return Offer(
        made_at=aware(row.made_at),
        deadline=aware(row.deadline),
        status=OfferStatus(row.status),
        answered_at=aware(row.answered_at) if row.answered_at else None,
        from_waiting_list=row.from_waiting_list,
    )


def _new_offer_row(application: Application, offer: Offer) -> OfferRow:
    return OfferRow(
        application_id=str(application.application_id),
        call_id=str(application.call_id),
        status=offer.status,
        made_at=offer.made_at,
        deadline=offer.deadline,
        from_waiting_list=offer.from_waiting_list,
    )


def aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every time the service writes is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _copy_onto(application: Application, row: ApplicationRow) -> None:
    row.status = application.status
    row.profile = application.profile.model_dump_json()
    row.screening = json.dumps([asdict(outcome) for outcome in application.screening])
    override = application.screening_override
    row.screening_override = override.model_dump_json() if override else None
    row.decided_at = application.decided_at
