"""Selection use cases on the fake unit of work: confirming a selection, passing a place on
after a decline or a lapse, and skipping waiting applicants who can no longer take a place,
without a database or Kafka."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from diaspora_shared.contracts.events import OfferExpired, OfferMade, SelectionConfirmed
from diaspora_shared.contracts.vocabulary import Role, Sex
from diaspora_shared.runtime.actors import Actor
from recruitment.domain.errors import (
    AlreadyDone,
    ApplicationErased,
    ConflictError,
    ForbiddenError,
    StateConflict,
)
from recruitment.domain.model import ApplicationStatus, OfferStatus, ReviewPolicy
from recruitment.domain.review import ReviewScores
from recruitment.domain.selection import Outcome
from recruitment.service_layer import applications, offers, reviews, selection_rounds

from ..runtimes import OFFICER, profile
from .recruitment_fakes import FakeUnitOfWork
from .test_application_use_cases import TODAY, a_call

HOURS = 48
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CRITERIA = [criterion.name for criterion in ReviewPolicy().criteria]
REVIEWERS = [Actor(f"reviewer-{index}", Role.REVIEWER) for index in range(2)]
# Target 2 with a 40% goal: one woman of two. Best score first.
PEOPLE = [(Sex.FEMALE, 5), (Sex.MALE, 4), (Sex.MALE, 3), (Sex.FEMALE, 2), (Sex.MALE, 1)]


def applicant(index: int) -> Actor:
    return Actor(f"applicant-{index}", Role.APPLICANT)


async def reviewed_call(
    people: list[tuple[Sex, int]] = PEOPLE,
) -> tuple[FakeUnitOfWork, UUID, list[UUID]]:
    call = replace(a_call(target=2), women_share_goal=0.4)
    uow = FakeUnitOfWork(call)
    ids = []
    for index, (sex, value) in enumerate(people):
        view = await applications.submit_application(
            uow, applicant(index), call.call_id, profile(sex, index=index), TODAY
        )
        ids.append(view.application_id)
        for reviewer in REVIEWERS:
            await reviews.assign_reviewer(uow, OFFICER, view.application_id, reviewer.subject)
            given = ReviewScores(scores=dict.fromkeys(CRITERIA, value))
            await reviews.submit_review(uow, reviewer, view.application_id, given)
    uow.published.clear()
    return uow, call.call_id, ids


def status_of(uow: FakeUnitOfWork, application_id: UUID) -> ApplicationStatus:
    return uow.applications.applications[application_id].status


def selected(uow: FakeUnitOfWork, call_id: UUID) -> set[UUID]:
    selection = uow.selections.selections[call_id]
    return {UUID(p.application_id) for p in selection.proposal.selected}


def offers_made(uow: FakeUnitOfWork) -> list[tuple[UUID, bool]]:
    made = (event for event in uow.published if isinstance(event, OfferMade))
    return [(event.application_id, event.from_waiting_list) for event in made]


async def test_confirming_sends_offers_to_the_selected_and_places_the_others() -> None:
    uow, call_id, ids = await reviewed_call()

    proposal = await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)

    outcomes = [p.outcome for p in proposal.placements]
    assert outcomes == [Outcome.SELECTED] * 2 + [Outcome.WAITING_LIST] * 3
    assert [status_of(uow, i) for i in ids] == [ApplicationStatus.OFFERED] * 2 + [
        ApplicationStatus.WAITLISTED
    ] * 3
    assert offers_made(uow) == [(ids[0], False), (ids[1], False)]
    offer = uow.applications.applications[ids[0]].offer
    assert offer is not None and offer.deadline == AT + timedelta(hours=HOURS)
    confirmed = uow.published[-1]
    assert isinstance(confirmed, SelectionConfirmed)
    assert (confirmed.selected, confirmed.waiting_list, confirmed.goal_met) == (2, 3, True)
    assert uow.audit_trail[-1] == (OFFICER.subject, "confirm_selection", call_id)


async def test_a_selection_is_confirmed_once_and_only_with_reviewed_applications() -> None:
    uow, call_id, _ids = await reviewed_call()
    await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)
    published = list(uow.published)

    with pytest.raises(AlreadyDone, match="already confirmed"):
        await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)
    assert uow.published == published

    empty = a_call()
    unreviewed = FakeUnitOfWork(empty)
    await applications.submit_application(unreviewed, applicant(0), empty.call_id, profile(), TODAY)
    with pytest.raises(StateConflict, match="required reviews"):
        await selection_rounds.confirm_selection(unreviewed, OFFICER, empty.call_id, HOURS, AT)
    assert unreviewed.selections.selections == {}


async def test_a_decline_passes_the_place_to_the_next_woman_when_the_goal_needs_one() -> None:
    uow, call_id, ids = await reviewed_call()
    await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)
    declined_at = AT + timedelta(hours=1)

    await applications.answer_offer(uow, applicant(0), ids[0], False, declined_at)

    assert selected(uow, call_id) == {ids[1], ids[3]}
    assert offers_made(uow)[-1] == (ids[3], True)
    promoted = uow.applications.applications[ids[3]]
    assert promoted.status is ApplicationStatus.OFFERED and promoted.offer is not None
    assert promoted.offer.deadline == declined_at + timedelta(hours=HOURS)
    leaver = uow.selections.selections[call_id].proposal.placement_of(str(ids[0]))
    assert leaver.outcome is Outcome.NOT_SELECTED
    assert f"place offered to {ids[3]}" in leaver.reason


async def test_waiting_applicants_who_withdrew_or_were_erased_are_skipped_with_the_reason() -> None:
    uow, call_id, ids = await reviewed_call()
    await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)
    await applications.withdraw_application(uow, applicant(3), ids[3], AT)
    uow.applications.applications[ids[2]].erased_at = AT

    await applications.answer_offer(uow, applicant(0), ids[0], False, AT)

    proposal = uow.selections.selections[call_id].proposal
    assert selected(uow, call_id) == {ids[1], ids[4]}
    assert "skipped on the waiting list: the applicant withdrew" in (
        proposal.placement_of(str(ids[3])).reason
    )
    assert "skipped on the waiting list: the applicant's data was erased" in (
        proposal.placement_of(str(ids[2])).reason
    )
    assert proposal.waiting_list == ()
    assert offers_made(uow)[-1] == (ids[4], True)


async def test_offers_lapse_only_past_their_deadline_and_their_places_pass_on() -> None:
    uow, call_id, ids = await reviewed_call()
    await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)
    deadline = AT + timedelta(hours=HOURS)

    assert await offers.expire_offers(uow, OFFICER, deadline) == 0
    later = deadline + timedelta(minutes=1)
    assert await offers.expire_offers(uow, OFFICER, later) == 2
    assert await offers.expire_offers(uow, OFFICER, later) == 0

    expired = [event.application_id for event in uow.published if isinstance(event, OfferExpired)]
    assert sorted(expired) == sorted(ids[:2])
    assert [status_of(uow, i) for i in ids[:2]] == [ApplicationStatus.EXPIRED] * 2
    lapsed_offer = uow.applications.applications[ids[0]].offer
    assert lapsed_offer is not None and lapsed_offer.status is OfferStatus.EXPIRED
    # The woman's place goes to the only woman waiting, the man's to the next in line.
    assert selected(uow, call_id) == {ids[3], ids[2]}
    assert set(offers_made(uow)[-2:]) == {(ids[3], True), (ids[2], True)}


async def test_only_an_officer_confirms_or_lapses() -> None:
    uow, call_id, _ids = await reviewed_call()
    with pytest.raises(ForbiddenError):
        await selection_rounds.confirm_selection(uow, applicant(0), call_id, HOURS, AT)
    with pytest.raises(ForbiddenError):
        await offers.expire_offers(uow, applicant(0), AT)
    assert uow.selections.selections == {}


async def test_a_place_goes_only_to_the_one_next_in_line() -> None:
    uow, call_id, ids = await reviewed_call()
    await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)
    selection = uow.selections.selections[call_id]
    call = await uow.calls.get(call_id)
    wrong = uow.applications.applications[ids[2]]

    with pytest.raises(ConflictError, match="goes to"):
        selection.pass_place(call, ids[0], wrong, AT)
    assert selected(uow, call_id) == {ids[0], ids[1]}


async def test_an_offer_goes_once_and_never_to_an_erased_application() -> None:
    uow, call_id, ids = await reviewed_call()
    await selection_rounds.confirm_selection(uow, OFFICER, call_id, HOURS, AT)
    call = await uow.calls.get(call_id)
    offered, waiting = (uow.applications.applications[i] for i in (ids[0], ids[2]))

    with pytest.raises(StateConflict, match="cannot be offered"):
        offered.make_offer(call, AT, timedelta(hours=HOURS), from_waiting_list=True)
    waiting.erased_at = AT
    with pytest.raises(ApplicationErased):
        waiting.make_offer(call, AT, timedelta(hours=HOURS), from_waiting_list=True)
    with pytest.raises(StateConflict, match="cannot place it"):
        offered.settle_unselected(waiting=True)
    assert not waiting.lapse_offer(call, AT + timedelta(days=30))
    # Refused transitions record nothing: the events of the confirmation were taken on commit.
    assert offered.events == [] and waiting.events == []
    assert offered.offer is not None and offered.offer.status is OfferStatus.OFFERED
