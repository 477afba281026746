"""Matching rules hold whatever the order of commands: generated sequences of matches, starts,
extensions and cancellations over a few professionals and requests never leave a person on two
missions at once (even a person accepted more than once, known by one person reference), a
mission outside its professional's availability or its request's dates, or a request with more
missions than it asked for."""

import asyncio
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from uuid import UUID

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from deployment.domain.mission import Mission, MissionStatus
from deployment.domain.model import CancellationSpec, HostRequestSpec, MatchSpec
from deployment.service_layer import host_requests, missions, professionals
from diaspora_shared.contracts.events import CancellationReason
from diaspora_shared.contracts.vocabulary import Language
from diaspora_shared.domain.errors import ConflictError

from .deployment_fakes import AT, START, FakeDeploymentUnitOfWork, accepted
from .test_deployment_missions import LOGISTICS, OFFICER

Span = tuple[int, int]


@dataclass(frozen=True)
class Match:
    person: int
    request: int
    dates: Span | None


@dataclass(frozen=True)
class Start:
    mission: int


@dataclass(frozen=True)
class Extend:
    mission: int
    days: int


@dataclass(frozen=True)
class Cancel:
    mission: int


Command = Match | Start | Extend | Cancel


@st.composite
def spans(draw: st.DrawFn, longest: int = 40) -> Span:
    first = draw(st.integers(min_value=0, max_value=90))
    return first, first + draw(st.integers(min_value=0, max_value=longest))


any_index = st.integers(min_value=0, max_value=30)
command_lists = st.lists(
    st.one_of(
        st.builds(Match, any_index, any_index, st.none() | spans()),
        st.builds(Start, any_index),
        st.builds(Extend, any_index, st.integers(min_value=1, max_value=30)),
        st.builds(Cancel, any_index),
    ),
    max_size=25,
)


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def person_ref_of(acceptance: int, persons: int | None) -> str | None:
    """Acceptances share `persons` person references round-robin (None: no references)."""
    return None if persons is None else f"p1_{acceptance % persons:040x}"


async def a_world(
    uow: FakeDeploymentUnitOfWork,
    availabilities: list[Span],
    requests: list[tuple[Span, int]],
    persons: int | None = None,
) -> tuple[list[UUID], list[UUID]]:
    people = []
    for index, (first, last) in enumerate(availabilities):
        event = accepted(
            available_from=on(first),
            days=last - first + 1,
            person_ref=person_ref_of(index, persons),
        )
        await professionals.on_applicant_accepted(uow, event)
        people.append(event.application_id)
    request_ids = []
    for (first, last), wanted in requests:
        spec = HostRequestSpec(
            course_or_specialty="ICT",
            expertise="Training of trainers",
            language=Language.ENGLISH,
            starts_on=on(first),
            ends_on=on(last),
            professionals_wanted=wanted,
            expected_participants=10,
        )
        request = await host_requests.submit_request(uow, "IPRC-MSZ", spec, AT)
        await host_requests.approve_request(uow, request.request_id)
        request_ids.append(request.request_id)
    return people, request_ids


async def apply(
    uow: FakeDeploymentUnitOfWork, people: list[UUID], requests: list[UUID], command: Command
) -> None:
    made = list(uow.missions.missions)
    if isinstance(command, Match):
        dates = command.dates
        spec = MatchSpec(
            professional_id=people[command.person % len(people)],
            starts_on=on(dates[0]) if dates else None,
            ends_on=on(dates[1]) if dates else None,
        )
        await missions.match(uow, requests[command.request % len(requests)], spec, AT)
        return
    if not made:
        return
    mission = uow.missions.missions[made[command.mission % len(made)]]
    if isinstance(command, Start):
        await missions.confirm(uow, mission.mission_id, LOGISTICS, AT)
        await missions.confirm_arrival(uow, OFFICER, mission.mission_id, AT)
    elif isinstance(command, Extend):
        ends_on = mission.period.ends_on + timedelta(days=command.days)
        await missions.extend(uow, mission.mission_id, ends_on, AT)
    else:
        cancel = CancellationSpec(reason=CancellationReason.OTHER)
        await missions.cancel(uow, mission.mission_id, cancel, AT)


async def run_script(
    availabilities: list[Span],
    requests: list[tuple[Span, int]],
    script: list[Command],
    persons: int | None = None,
) -> FakeDeploymentUnitOfWork:
    uow = FakeDeploymentUnitOfWork()
    people, request_ids = await a_world(uow, availabilities, requests, persons)
    for command in script:
        # A refusal is an allowed outcome; what matters is the state it leaves.
        with suppress(ConflictError):
            await apply(uow, people, request_ids, command)
    return uow


def person_of(mission: Mission) -> object:
    return mission.person_ref or mission.professional_id


def assert_rules_hold(uow: FakeDeploymentUnitOfWork) -> None:
    held = [m for m in uow.missions.missions.values() if m.status is not MissionStatus.CANCELLED]
    for first, second in combinations(held, 2):
        if person_of(first) == person_of(second):
            assert not first.period.overlaps(second.period), (first, second)
    for mission in held:
        professional = uow.professionals.professionals[mission.professional_id]
        assert mission.period.within(professional.availability)
        request = uow.requests.requests[mission.request_id]
        assert sum(m.request_id == request.request_id for m in held) <= (
            request.professionals_wanted
        )
        if mission.status is MissionStatus.PLANNED:
            assert mission.period.within(request.period)


@settings(max_examples=150, deadline=None)
@given(
    availabilities=st.lists(spans(longest=120), min_size=1, max_size=3),
    requests=st.lists(st.tuples(spans(), st.integers(1, 2)), min_size=1, max_size=3),
    script=command_lists,
)
def test_matching_rules_hold_whatever_the_order(
    availabilities: list[Span], requests: list[tuple[Span, int]], script: list[Command]
) -> None:
    assert_rules_hold(asyncio.run(run_script(availabilities, requests, script)))


@settings(max_examples=150, deadline=None)
@given(
    availabilities=st.lists(spans(longest=120), min_size=2, max_size=4),
    persons=st.integers(min_value=1, max_value=2),
    requests=st.lists(st.tuples(spans(), st.integers(1, 2)), min_size=1, max_size=3),
    script=command_lists,
)
def test_one_person_accepted_several_times_is_never_on_two_missions_at_once(
    availabilities: list[Span],
    persons: int,
    requests: list[tuple[Span, int]],
    script: list[Command],
) -> None:
    assert_rules_hold(asyncio.run(run_script(availabilities, requests, script, persons)))


@settings(max_examples=50, deadline=None)
@given(availability=spans(longest=120), request=spans())
def test_a_match_inside_both_windows_on_a_free_person_is_accepted(
    availability: Span, request: Span
) -> None:
    first, last = max(availability[0], request[0]), min(availability[1], request[1])
    assume(first <= last)
    script: list[Command] = [Match(0, 0, (first, last))]
    uow = asyncio.run(run_script([availability], [(request, 1)], script))
    assert len(uow.missions.missions) == 1


def test_a_second_acceptance_of_one_person_is_refused_where_two_people_are_matched() -> None:
    script: list[Command] = [Match(0, 0, None), Match(1, 0, None)]
    world: tuple[list[Span], list[tuple[Span, int]]] = ([(0, 60), (0, 60)], [((0, 30), 2)])
    one_person = asyncio.run(run_script(*world, script, persons=1))
    two_people = asyncio.run(run_script(*world, script, persons=2))
    assert (len(one_person.missions.missions), len(two_people.missions.missions)) == (1, 2)
