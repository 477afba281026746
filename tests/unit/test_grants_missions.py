"""When a mission covers a day: from the confirmed arrival to the day it ended, or else to the
latest planned end; never before the arrival, and never for a mission cancelled before it."""

from datetime import date
from uuid import uuid4

from grants.domain.missions import MissionWindow, later, on_mission


def window(**days: date | None) -> MissionWindow:
    return MissionWindow(mission_id=uuid4(), **days)


def test_a_mission_covers_from_arrival_to_its_end() -> None:
    running = window(started_on=date(2026, 6, 2), ends_on=date(2026, 6, 20))
    assert not running.covers(date(2026, 6, 1))
    assert running.covers(date(2026, 6, 2)) and running.covers(date(2026, 6, 20))
    assert not running.covers(date(2026, 6, 21))


def test_the_day_it_ended_wins_over_the_plan_and_an_open_end_covers_on() -> None:
    cut_short = window(
        started_on=date(2026, 6, 2), ends_on=date(2026, 6, 20), ended_on=date(2026, 6, 5)
    )
    assert not cut_short.covers(date(2026, 6, 6))
    assert window(started_on=date(2026, 6, 2)).covers(date(2027, 1, 1))


def test_a_mission_never_started_covers_no_day() -> None:
    cancelled = window(ends_on=date(2026, 6, 20), ended_on=date(2026, 5, 1))
    assert not on_mission([cancelled], date(2026, 6, 10))


def test_extensions_only_move_the_end_later() -> None:
    assert later(None, date(2026, 6, 20)) == date(2026, 6, 20)
    assert later(date(2026, 7, 5), date(2026, 6, 20)) == date(2026, 7, 5)
