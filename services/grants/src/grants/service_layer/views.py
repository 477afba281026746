"""Views of grants' aggregates, and who may see them."""

from datetime import date

from diaspora_shared.contracts.scoring import for_display
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..domain.call import GrantCall
from ..domain.errors import NotFoundError
from ..domain.grant import GrantApplication
from ..domain.requests import GrantCallView, GrantView, RuleOutcomeView, TrancheView


def ensure_visible(actor: Actor, grant: GrantApplication) -> None:
    """A pilot project sees only its own application: another's answers as if it did not exist."""
    if actor.role == Role.PILOT_PROJECT and actor.org != grant.project_code:
        raise NotFoundError(f"application {grant.application_id} not found")


def call_view(call: GrantCall) -> GrantCallView:
    return GrantCallView(
        call_id=call.call_id,
        title=call.title,
        iprc=call.iprc,
        sectors=list(call.sectors),
        ceiling=call.ceiling,
        envelope=call.envelope,
        awarded=call.awarded,
        opens_on=call.opens_on,
        closes_on=call.closes_on,
    )


def grant_view(grant: GrantApplication, call: GrantCall, today: date) -> GrantView:
    score, reviews = grant.score(call.criteria), grant.panel.reviews
    return GrantView(
        application_id=grant.application_id,
        call_id=grant.call_id,
        project_code=grant.project_code,
        sector=grant.sector,
        status=grant.status,
        requested=grant.requested(),
        eligible=grant.eligible,
        screening=[
            RuleOutcomeView(rule=o.rule, passed=o.passed, reason=o.reason) for o in grant.screening
        ],
        screening_override=grant.screening_override,
        reviewers_assigned=len(reviews),
        conflicts_declared=sum(review.conflict_reason is not None for review in reviews),
        reviews_submitted=sum(review.submitted_at is not None for review in reviews),
        score=None if score is None else for_display(score),
        award=grant.award,
        disbursed=grant.disbursed() if grant.award else None,
        tranches=[
            TrancheView(
                number=t.number,
                amount=t.amount,
                due_on=t.due_on,
                conditions={name: evidence is not None for name, evidence in t.conditions.items()},
                requested=t.requested_by is not None,
                approved=t.approved_by is not None,
                disbursed_on=t.disbursed_on,
                late=t.is_late(today),
            )
            for t in grant.tranches
        ],
        mentor_id=grant.follow_up.mentor_id,
        mentor_needs_replacement=grant.follow_up.mentor_needs_replacement,
        mentoring_minutes=grant.follow_up.mentoring_minutes(),
        jobs=grant.follow_up.milestones,
        closed_on=grant.follow_up.closed_on,
    )
