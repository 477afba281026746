"""Reviews: officers assign at least two reviewers per eligible application; a reviewer who
declares a conflict of interest cannot score; scores are weighted and aggregated, and the
application counts as reviewed once the call's required number of reviews is in."""

import json
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..adapters.repository import SqlApplicationRepository, SqlCallRepository
from ..adapters.selection_tables import ReviewAssignmentRow
from ..domain.application import Application
from ..domain.errors import NotFoundError
from ..domain.model import ApplicantProfile, ReviewPolicy
from ..domain.review import ReviewScores, aggregate, disagreement_flagged
from ..domain.review_views import (
    AssignmentView,
    ConflictDeclaration,
    ProfileForReview,
    ReviewSummary,
    ReviewView,
)
from ..domain.reviewing import Review
from .common import find_application, now, require
from .unit_of_work import RecruitmentUnitOfWork


async def assign_reviewer(
    uow: RecruitmentUnitOfWork, actor: Actor, application_id: UUID, reviewer_subject: str
) -> ReviewSummary:
    require(actor, Role.IOM_OFFICER)
    application = await uow.applications.get(application_id, for_update=True)
    applied = await uow.applications.has_applied(application.call_id, reviewer_subject)
    application.assign_reviewer(reviewer_subject, actor.subject, applied, now())
    uow.audit(actor, "assign_reviewer", application_id, reviewer=reviewer_subject)
    call = await uow.calls.get(application.call_id)
    await uow.commit()
    return summary_of(actor, application, call.review)


async def declare_conflict(
    uow: RecruitmentUnitOfWork, actor: Actor, application_id: UUID, declaration: ConflictDeclaration
) -> ReviewView:
    require(actor, Role.REVIEWER)
    application = await uow.applications.get(application_id, for_update=True)
    application.declare_conflict(actor.subject, declaration.reason)
    uow.audit(actor, "declare_conflict", application_id, reason=declaration.reason)
    await uow.commit()
    return review_view(application.panel.own(actor.subject))


async def submit_review(
    uow: RecruitmentUnitOfWork, actor: Actor, application_id: UUID, review: ReviewScores
) -> ReviewSummary:
    """The application is locked first: reviews of one application are decided one at a time,
    so exactly one of them completes the set."""
    require(actor, Role.REVIEWER)
    application = await uow.applications.get(application_id, for_update=True)
    call = await uow.calls.get(application.call_id)
    application.submit_review(call, actor.subject, review, now())
    await uow.commit()
    return summary_of(actor, application, call.review)


async def my_assignments(session: AsyncSession, actor: Actor) -> list[AssignmentView]:
    require(actor, Role.REVIEWER)
    query = select(ReviewAssignmentRow).where(
        col(ReviewAssignmentRow.reviewer_subject) == actor.subject
    )
    views = []
    for assignment in (await session.exec(query)).all():
        row = await find_application(session, UUID(assignment.application_id))
        profile = ApplicantProfile.model_validate_json(row.profile)
        views.append(
            AssignmentView(
                application_id=UUID(row.application_id),
                call_id=UUID(row.call_id),
                profile=ProfileForReview.of(profile),
                my_review=_row_view(assignment),
            )
        )
    return views


async def review_summary(
    session: AsyncSession, actor: Actor, application_id: UUID
) -> ReviewSummary:
    application = await SqlApplicationRepository(session).get(application_id)
    call = await SqlCallRepository(session).get(application.call_id)
    return summary_of(actor, application, call.review)


def summary_of(actor: Actor, application: Application, policy: ReviewPolicy) -> ReviewSummary:
    reviews = application.panel.reviews
    visible = _visible_to(actor, reviews)
    submitted = application.panel.exact_scores(policy)
    complete = len(submitted) >= policy.reviews_required
    return ReviewSummary(
        application_id=application.application_id,
        reviews=[review_view(review) for review in visible],
        reviews_submitted=len(submitted),
        reviews_required=policy.reviews_required,
        aggregated_score=aggregate(submitted)
        if complete and len(visible) == len(reviews)
        else None,
        disagreement_flagged=complete and disagreement_flagged(submitted, policy),
    )


def review_view(review: Review) -> ReviewView:
    return ReviewView(
        reviewer_subject=review.reviewer_subject,
        conflict_reason=review.conflict_reason,
        scores=review.scores,
        comment=review.comment,
        weighted_score=review.display_score,
        submitted_at=review.submitted_at,
    )


def _visible_to(actor: Actor, reviews: list[Review]) -> list[Review]:
    if actor.is_(Role.IOM_OFFICER):
        return reviews
    require(actor, Role.REVIEWER)
    own = [review for review in reviews if review.reviewer_subject == actor.subject]
    if not own:
        raise NotFoundError("no such assignment")
    # Others' scores only once one's own are in, so nobody is anchored by a colleague's.
    return reviews if own[0].submitted_at is not None else own


def _row_view(assignment: ReviewAssignmentRow) -> ReviewView:
    return ReviewView(
        reviewer_subject=assignment.reviewer_subject,
        conflict_reason=assignment.conflict_reason,
        scores=json.loads(assignment.scores) if assignment.scores else None,
        comment=assignment.comment,
        weighted_score=assignment.weighted_score,
        submitted_at=assignment.submitted_at,
    )
