"""The entitlement rules are order-free: whatever order a mission's or a grant's events arrive
in, and however often, the host institution or pilot project ends up with the same access."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from recruitment.domain.entitlements import MentorAccess, MissionAccess

TODAY = date(2027, 3, 1)
PROFESSIONAL, OTHER = uuid4(), uuid4()
T0 = datetime(2027, 1, 1, tzinfo=UTC)

Step = Callable[[MissionAccess], None]


def plan(access: MissionAccess) -> None:
    access.learn_plan(
        PROFESSIONAL, "IPRC-KGL", "ICT", TODAY - timedelta(days=9), TODAY - timedelta(days=3)
    )


def confirm(access: MissionAccess) -> None:
    access.learn_confirmation("IPRC-KGL")


def extend(days: int, hours: int) -> Step:
    def extension(access: MissionAccess) -> None:
        access.learn_extension(TODAY + timedelta(days=days), T0 + timedelta(hours=hours))

    return extension


def cancel(access: MissionAccess) -> None:
    access.learn_cancellation(PROFESSIONAL)


def outcome(steps: list[Step]) -> tuple[bool, bool]:
    access = MissionAccess(uuid4())
    for step in steps:
        step(access)
    return (
        access.entitles("IPRC-KGL", PROFESSIONAL, TODAY),
        access.entitles("IPRC-HYE", PROFESSIONAL, TODAY),
    )


@given(st.permutations([plan, confirm, extend(-1, 1), extend(5, 2)]), st.integers(0, 3))
def test_the_newest_extension_decides_in_any_order(steps: list[Step], repeated: int) -> None:
    steps = [*steps, steps[repeated]]  # one of them delivered twice
    assert outcome(steps) == (True, False)


@given(st.permutations([plan, confirm, extend(5, 1), cancel]))
def test_a_cancellation_wins_in_any_order(steps: list[Step]) -> None:
    assert outcome(steps) == (False, False)


def test_a_plan_alone_entitles_nobody_and_the_end_closes_the_mission() -> None:
    assert outcome([plan, extend(5, 1)]) == (False, False)
    assert outcome([plan, confirm]) == (False, False)  # the planned end was three days ago


@given(st.permutations([0, 1, 2]))
def test_the_newest_mentor_holds_the_grant_and_a_closure_ends_it(order: list[int]) -> None:
    access = MentorAccess(uuid4(), "PILOT-01")
    assignments = [(OTHER, T0), (PROFESSIONAL, T0 + timedelta(hours=2)), (OTHER, T0)]
    for index in order:
        access.learn_assignment(*assignments[index])
    assert access.entitles("PILOT-01", PROFESSIONAL)
    assert not access.entitles("PILOT-01", OTHER)
    assert not access.entitles("PILOT-02", PROFESSIONAL)
    access.learn_closure()
    access.learn_assignment(PROFESSIONAL, T0 + timedelta(hours=3))
    assert not access.entitles("PILOT-01", PROFESSIONAL)
