"""The accepted-professionals projection: each call's target and women-share goal, and the
number of accepted professionals per track and sex.

An acceptance adds one to its track and sex's counter, a withdrawal after acceptance takes one away:
steps that commute, so the count is right whatever order an application's two events arrive
in, and the consumer's event-id check keeps a repeated event from counting twice. No
application id is stored, so an erasure has nothing to change here.
"""

from collections.abc import Sequence
from typing import Any

from diaspora_shared.contracts.events import ApplicantAccepted, ApplicantWithdrew, CallOpened

from ..adapters.tables import AcceptedCount, TrackTarget
from .projection import Projection, Rule, TableRows

ACCEPTED_PROFESSIONALS_GROUP = "reporting.accepted-professionals"
CALLS = TrackTarget.__table__  # type: ignore[attr-defined]
COUNTS = AcceptedCount.__table__  # type: ignore[attr-defined]


def on_call_opened(rows: TableRows, event: CallOpened, _keys: Sequence[str]) -> None:
    # The latest announcement of a call replaces the earlier one.
    rows.put(
        {
            "call_id": str(event.call_id),
            "track": event.track.value,
            "title": event.title,
            "target": event.target,
            "women_share_goal": event.women_share_goal,
        }
    )


def on_applicant_accepted(rows: TableRows, event: ApplicantAccepted, keys: Sequence[str]) -> None:
    _count(rows, event, keys[0], +1)


def on_applicant_withdrew(rows: TableRows, event: ApplicantWithdrew, keys: Sequence[str]) -> None:
    """A withdrawal after acceptance frees the place; one before acceptance changes no count."""
    if event.was_accepted:
        _count(rows, event, keys[0], -1)


def counter_key(event: Any) -> str:
    # Track and Sex are `StrEnum`s: concatenating them gives a plain "TVET:female" without
    # the enum's `.value` descriptor or formatting, which cost several times more, and this
    # runs once per event of a rebuild.
    key: str = event.track + ":" + event.sex
    return key


def _count(
    rows: TableRows, event: ApplicantAccepted | ApplicantWithdrew, key: str, step: int
) -> None:
    row = rows.get(key) or {
        "counter_key": key,
        "track": event.track.value,
        "sex": event.sex.value,
        "accepted": 0,
    }
    row["accepted"] += step
    rows.put(row)


def _counter_keys(event: Any) -> tuple[str]:
    return (counter_key(event),)


ACCEPTED_PROFESSIONALS = Projection(
    name="accepted-professionals",
    group=ACCEPTED_PROFESSIONALS_GROUP,
    rules={
        CallOpened: Rule(table=CALLS, keys=lambda e: (str(e.call_id),), apply=on_call_opened),
        ApplicantAccepted: Rule(table=COUNTS, keys=_counter_keys, apply=on_applicant_accepted),
        ApplicantWithdrew: Rule(table=COUNTS, keys=_counter_keys, apply=on_applicant_withdrew),
    },
)
