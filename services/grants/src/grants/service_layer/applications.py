"""Calls, applications, screening, review, decision and award."""

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from diaspora_shared.contracts.events import GrantApplicationSubmitted, GrantCallOpened
from diaspora_shared.contracts.money import Money
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..domain.call import EligibilityRules, GrantCall
from ..domain.errors import ConflictError, InvalidInputError
from ..domain.grant import BudgetLine, GrantApplication, PlannedTranche
from ..domain.requests import (
    AwardIn,
    GrantApplicationSpec,
    GrantCallSpec,
    GrantCallView,
    GrantView,
    ReviewerIn,
    ReviewIn,
    ScreeningIn,
)
from ..domain.screening import Submission
from ..domain.screening import screen as screen_against
from .unit_of_work import GrantsUnitOfWork
from .views import call_view, ensure_visible, grant_view


async def open_call(uow: GrantsUnitOfWork, spec: GrantCallSpec) -> GrantCallView:
    call = GrantCall(
        call_id=uuid4(),
        title=spec.title,
        iprc=spec.iprc,
        sectors=tuple(spec.sectors),
        ceiling=Money(**spec.ceiling.model_dump()),
        envelope=Money(**spec.envelope.model_dump()),
        opens_on=spec.opens_on,
        closes_on=spec.closes_on,
        criteria=dict(spec.criteria),
        awarded=Money.zero(spec.envelope.currency),
        rules=EligibilityRules.model_validate(spec.rules.model_dump()),
    )
    uow.calls.add(call)
    uow.record(
        GrantCallOpened(
            call_id=call.call_id,
            iprc=call.iprc,
            sectors=tuple(sector.value for sector in call.sectors),
            envelope=call.envelope,
            ceiling=call.ceiling,
            opens_on=call.opens_on,
            closes_on=call.closes_on,
        )
    )
    await uow.commit()
    return call_view(call)


async def list_calls(uow: GrantsUnitOfWork) -> list[GrantCallView]:
    return [call_view(call) for call in await uow.calls.list()]


async def submit_application(
    uow: GrantsUnitOfWork, actor: Actor, call_id: UUID, spec: GrantApplicationSpec, today: date
) -> GrantView:
    if actor.role != Role.PILOT_PROJECT or not actor.org:
        raise InvalidInputError("only a pilot project, named by its token, applies")
    budget = [
        BudgetLine(item=line.item, amount=Money(**line.amount.model_dump())) for line in spec.budget
    ]
    if len({line.amount.currency for line in budget}) != 1:
        raise InvalidInputError("every budget line must be in the same currency")
    grant = GrantApplication(
        application_id=uuid4(),
        call_id=call_id,
        project_code=actor.org,
        sector=spec.sector,
        budget=budget,
        submitted_on=today,
        iprc=spec.iprc,
        declared_request=None if spec.requested is None else Money(**spec.requested.model_dump()),
        summary=spec.summary,
        documents=tuple(spec.documents),
    )
    grant.screening = screen_against(await uow.calls.get(call_id), _submission(grant))
    if await uow.grants.has_applied(call_id, actor.org):
        raise ConflictError("the project already applied to this call", code="application.exists")
    uow.grants.add(grant)
    uow.record(
        GrantApplicationSubmitted(
            grant_id=grant.application_id,
            project_code=grant.project_code,
            call_id=call_id,
            sector=grant.sector.value,
            requested=grant.requested(),
        )
    )
    await uow.commit()
    return grant_view(grant, await uow.calls.get(call_id), today)


def _submission(grant: GrantApplication) -> Submission:
    return Submission(
        sector=grant.sector,
        budget=[line.amount for line in grant.budget],
        submitted_on=grant.submitted_on,
        iprc=grant.iprc,
        requested=grant.declared_request,
        summary=grant.summary,
        documents=grant.documents,
    )


async def get_grant(uow: GrantsUnitOfWork, actor: Actor, grant_id: UUID, today: date) -> GrantView:
    grant = await uow.grants.get(grant_id)
    ensure_visible(actor, grant)
    return grant_view(grant, await uow.calls.get(grant.call_id), today)


async def list_grants(
    uow: GrantsUnitOfWork, actor: Actor, today: date, *, awaiting_approval: bool
) -> list[GrantView]:
    """A pilot project's own applications, or every one for an officer; with
    `awaiting_approval`, only grants with a tranche release requested and not yet approved
    (the four-eyes queue)."""
    own = actor.org or "" if actor.role == Role.PILOT_PROJECT else None
    calls: dict[UUID, GrantCall] = {}
    views = []
    for grant in await uow.grants.listed(own):
        if grant.call_id not in calls:
            calls[grant.call_id] = await uow.calls.get(grant.call_id)
        view = grant_view(grant, calls[grant.call_id], today)
        if not awaiting_approval or any(t.requested and not t.approved for t in view.tranches):
            views.append(view)
    return views


async def screen(
    uow: GrantsUnitOfWork, grant_id: UUID, decision: ScreeningIn, today: date
) -> GrantView:
    """The call's rules decide; an officer may override them with a reason."""
    grant = await uow.grants.get(grant_id, for_update=True)
    call = await uow.calls.get(grant.call_id)
    grant.screen(screen_against(call, _submission(grant)), decision.eligible, decision.reason)
    await uow.commit()
    return grant_view(grant, call, today)


async def assign_reviewer(
    uow: GrantsUnitOfWork, actor: Actor, grant_id: UUID, given: ReviewerIn, today: date
) -> GrantView:
    grant = await uow.grants.get(grant_id, for_update=True)
    is_contact = await uow.grants.is_contact_person(grant.project_code, given.reviewer)
    grant.assign_reviewer(given.reviewer, actor.subject, datetime.now(UTC), is_contact)
    await uow.commit()
    return grant_view(grant, await uow.calls.get(grant.call_id), today)


async def review(
    uow: GrantsUnitOfWork, actor: Actor, grant_id: UUID, given: ReviewIn, today: date
) -> GrantView:
    """An assigned reviewer scores every criterion, or declares a conflict of interest."""
    grant = await uow.grants.get(grant_id, for_update=True)
    call = await uow.calls.get(grant.call_id)
    if given.conflict_of_interest is not None:
        grant.declare_conflict(actor.subject, given.conflict_of_interest)
    else:
        assert given.scores is not None, "ReviewIn holds scores or a conflict"
        if set(given.scores) != set(call.criteria):
            raise InvalidInputError(f"score exactly the call's criteria: {sorted(call.criteria)}")
        is_contact = await uow.grants.is_contact_person(grant.project_code, actor.subject)
        at = datetime.now(UTC)
        grant.review(actor.subject, dict(given.scores), call.criteria, at, is_contact)
    await uow.commit()
    return grant_view(grant, call, today)


async def decide(uow: GrantsUnitOfWork, grant_id: UUID, approve: bool, today: date) -> GrantView:
    grant = await uow.grants.get(grant_id, for_update=True)
    grant.decide(approve)
    await uow.commit()
    return grant_view(grant, await uow.calls.get(grant.call_id), today)


async def award(uow: GrantsUnitOfWork, grant_id: UUID, terms: AwardIn, today: date) -> GrantView:
    """The call is locked first (then the grant) so concurrent awards see each other's sums."""
    grant = await uow.grants.get(grant_id)
    call = await uow.calls.get(grant.call_id, for_update=True)
    grant = await uow.grants.get(grant_id, for_update=True)
    schedule = [
        PlannedTranche(
            amount=Money(**t.amount.model_dump()), due_on=t.due_on, conditions=list(t.conditions)
        )
        for t in terms.tranches
    ]
    grant.sign(call, Money(**terms.amount.model_dump()), schedule, terms.signed_on)
    await uow.commit()
    return grant_view(grant, call, today)
