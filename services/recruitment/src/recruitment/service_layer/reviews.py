"""Reviews: officers assign at least two reviewers per eligible application; a reviewer who
declares a conflict of interest cannot score; scores are weighted and aggregated, and the
application counts as reviewed once the call's required number of reviews is in."""

import json
from fractions import Fraction
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import ApplicationReviewed
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.selection_tables import ReviewAssignmentRow
from ..adapters.tables import ApplicationRow
from ..domain.errors import (
    AlreadyDone,
    ConflictError,
    NotFoundError,
    ReviewerNotIndependent,
    StateConflict,
)
from ..domain.model import ApplicantProfile, ReviewPolicy
from ..domain.review import (
    ReviewScores,
    aggregate,
    disagreement_flagged,
    exact_weighted_score,
    weighted_score,
)
from ..domain.review_views import (
    AssignmentView,
    ConflictDeclaration,
    ProfileForReview,
    ReviewSummary,
    ReviewView,
)
from .common import (
    ELIGIBLE,
    audit,
    ensure_not_erased,
    find_application,
    find_call,
    now,
    require,
    review_policy_of,
)


async def assign_reviewer(
    uow: UnitOfWork, actor: Actor, application_id: UUID, reviewer_subject: str
) -> ReviewSummary:
    require(actor, Role.IOM_OFFICER)
    row = await find_application(uow.session, application_id, for_update=True)
    ensure_not_erased(row)
    if row.status != ELIGIBLE:
        raise StateConflict(f"application is {row.status}; only eligible ones are reviewed")
    await _ensure_independent(uow.session, row, reviewer_subject)
    if await uow.session.get(ReviewAssignmentRow, (row.application_id, reviewer_subject)):
        raise AlreadyDone(f"{reviewer_subject} is already assigned to this application")
    uow.session.add(
        ReviewAssignmentRow(
            application_id=row.application_id,
            reviewer_subject=reviewer_subject,
            assigned_at=now(),
            assigned_by=actor.subject,
        )
    )
    audit(uow.session, actor, "assign_reviewer", row.application_id, reviewer=reviewer_subject)
    await uow.commit()
    return await review_summary(uow.session, actor, application_id)


async def declare_conflict(
    uow: UnitOfWork, actor: Actor, application_id: UUID, declaration: ConflictDeclaration
) -> ReviewView:
    assignment = await _locked_own_assignment(uow.session, actor, application_id)
    if assignment.submitted_at is not None:
        raise AlreadyDone("you have already submitted your review")
    assignment.conflict_reason = declaration.reason
    uow.session.add(assignment)
    audit(uow.session, actor, "declare_conflict", str(application_id), reason=declaration.reason)
    await uow.commit()
    return _view(assignment)


async def submit_review(
    uow: UnitOfWork, actor: Actor, application_id: UUID, review: ReviewScores
) -> ReviewSummary:
    assignment = await _locked_own_assignment(uow.session, actor, application_id)
    if assignment.conflict_reason is not None:
        raise ConflictError("you declared a conflict of interest and cannot score")
    if assignment.submitted_at is not None:
        raise AlreadyDone("you have already submitted your review")
    row = await find_application(uow.session, application_id)
    call = await find_call(uow.session, UUID(row.call_id))
    policy = review_policy_of(call)
    scores = review.validated_for(policy)
    assignment.scores, assignment.comment = json.dumps(scores), review.comment
    assignment.weighted_score = weighted_score(scores, policy)
    assignment.submitted_at = now()
    uow.session.add(assignment)
    submitted = await _submitted_scores(uow.session, application_id, policy)
    if len(submitted) >= policy.reviews_required:
        uow.record(
            ApplicationReviewed(
                application_id=application_id,
                call_id=UUID(call.call_id),
                track=call.track,
                aggregated_score=aggregate(submitted),
                reviews=len(submitted),
                disagreement_flagged=disagreement_flagged(submitted, policy),
                reviewed_at=assignment.submitted_at,
            )
        )
    await uow.commit()
    return await review_summary(uow.session, actor, application_id)


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
                my_review=_view(assignment),
            )
        )
    return views


async def review_summary(
    session: AsyncSession, actor: Actor, application_id: UUID
) -> ReviewSummary:
    row = await find_application(session, application_id)
    call = await find_call(session, UUID(row.call_id))
    assignments = await _assignments(session, application_id)
    visible = _visible_to(actor, assignments)
    policy: ReviewPolicy = review_policy_of(call)
    submitted = _exact_scores(assignments, policy)
    complete = len(submitted) >= policy.reviews_required
    return ReviewSummary(
        application_id=application_id,
        reviews=[_view(assignment) for assignment in visible],
        reviews_submitted=len(submitted),
        reviews_required=policy.reviews_required,
        aggregated_score=aggregate(submitted)
        if complete and _sees_all(actor, assignments)
        else None,
        disagreement_flagged=complete and disagreement_flagged(submitted, policy),
    )


async def exact_scores_of(
    session: AsyncSession, application_ids: list[str], policy: ReviewPolicy
) -> dict[str, list[Fraction]]:
    """Each application's submitted reviewer scores, exact, computed from the criteria scores
    (the stored weighted score is rounded for display and never ranks anyone)."""
    query = select(ReviewAssignmentRow).where(
        col(ReviewAssignmentRow.application_id).in_(application_ids),
        col(ReviewAssignmentRow.submitted_at).is_not(None),
    )
    scores: dict[str, list[Fraction]] = {}
    for assignment in (await session.exec(query)).all():
        scores.setdefault(assignment.application_id, []).extend(_exact_scores([assignment], policy))
    return scores


async def _ensure_independent(
    session: AsyncSession, row: ApplicationRow, reviewer_subject: str
) -> None:
    if reviewer_subject == row.applicant_subject:
        raise ReviewerNotIndependent("nobody reviews their own application")
    query = select(ApplicationRow.application_id).where(
        col(ApplicationRow.call_id) == row.call_id,
        col(ApplicationRow.applicant_subject) == reviewer_subject,
    )
    if (await session.exec(query)).first() is not None:
        raise ReviewerNotIndependent(
            f"{reviewer_subject} applied to this call and cannot review its applications"
        )


def _exact_scores(assignments: list[ReviewAssignmentRow], policy: ReviewPolicy) -> list[Fraction]:
    return [
        exact_weighted_score(json.loads(a.scores), policy)
        for a in assignments
        if a.scores is not None and a.submitted_at is not None
    ]


def _visible_to(actor: Actor, assignments: list[ReviewAssignmentRow]) -> list[ReviewAssignmentRow]:
    if actor.is_(Role.IOM_OFFICER):
        return assignments
    require(actor, Role.REVIEWER)
    own = [a for a in assignments if a.reviewer_subject == actor.subject]
    if not own:
        raise NotFoundError("no such assignment")
    # Others' scores only once one's own are in, so nobody is anchored by a colleague's.
    return assignments if own[0].submitted_at is not None else own


def _sees_all(actor: Actor, assignments: list[ReviewAssignmentRow]) -> bool:
    return len(_visible_to(actor, assignments)) == len(assignments)


async def _locked_own_assignment(
    session: AsyncSession, actor: Actor, application_id: UUID
) -> ReviewAssignmentRow:
    """The reviewer's assignment, read after locking its application: reviews of one
    application are decided one at a time, so exactly one of them completes the set."""
    require(actor, Role.REVIEWER)
    row = await find_application(session, application_id, for_update=True)
    assignment = await session.get(ReviewAssignmentRow, (str(application_id), actor.subject))
    if assignment is None:
        raise NotFoundError(f"you are not assigned to application {application_id}")
    ensure_not_erased(row)
    return assignment


async def _assignments(session: AsyncSession, application_id: UUID) -> list[ReviewAssignmentRow]:
    query = (
        select(ReviewAssignmentRow)
        .where(col(ReviewAssignmentRow.application_id) == str(application_id))
        .order_by(col(ReviewAssignmentRow.assigned_at))
    )
    return list((await session.exec(query)).all())


async def _submitted_scores(
    session: AsyncSession, application_id: UUID, policy: ReviewPolicy
) -> list[Fraction]:
    await session.flush()
    return _exact_scores(await _assignments(session, application_id), policy)


def _view(assignment: ReviewAssignmentRow) -> ReviewView:
    return ReviewView(
        reviewer_subject=assignment.reviewer_subject,
        conflict_reason=assignment.conflict_reason,
        scores=json.loads(assignment.scores) if assignment.scores else None,
        comment=assignment.comment,
        weighted_score=assignment.weighted_score,
        submitted_at=assignment.submitted_at,
    )
