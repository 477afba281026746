"""The accepted-professionals projection: each call's target and women-share goal, and one row
per application that was accepted, to count accepted professionals by call, track and sex.

An application counts while it is accepted and not withdrawn. Both are flags set by their own
event, so the count is right whatever order the acceptance and a withdrawal arrive in, and a
repeated event changes nothing. After an erasure the row stays, under the application's
pseudonym, for the counts.
"""

from typing import Any

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    CallOpened,
)

from ..adapters.tables import AcceptedApplication, TrackTarget
from .erasure import keys_of, pseudonym
from .projection import Projection, Row, Rule, TableRows

ACCEPTED_PROFESSIONALS_GROUP = "reporting.accepted-professionals"
CALLS = TrackTarget.__table__  # type: ignore[attr-defined]
ACCEPTED = AcceptedApplication.__table__  # type: ignore[attr-defined]


def on_call_opened(rows: TableRows, event: CallOpened) -> None:
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


def on_applicant_accepted(rows: TableRows, event: ApplicantAccepted) -> None:
    _row_of(rows, event)["accepted"] = True


def on_applicant_withdrew(rows: TableRows, event: ApplicantWithdrew) -> None:
    """A withdrawal after acceptance frees the place; one before acceptance changes no count."""
    application_id, hidden = keys_of(event.aggregate_id)
    if rows.get(application_id) is None and rows.get(hidden) is None and not event.was_accepted:
        return
    _row_of(rows, event)["withdrawn"] = True


def on_applicant_data_erased(rows: TableRows, event: ApplicantDataErased) -> None:
    application_id = event.aggregate_id
    row = rows.get(application_id)
    if row is not None:
        rows.delete(application_id)
        rows.put(row | {"application_id": pseudonym(application_id)})


def _row_of(rows: TableRows, event: ApplicantAccepted | ApplicantWithdrew) -> Row:
    application_id, hidden = keys_of(event.aggregate_id)
    row = rows.get(hidden) or rows.get(application_id)
    if row is None:
        row = {
            "application_id": application_id,
            "call_id": str(event.call_id),
            "track": event.track.value,
            "sex": event.sex.value,
            "accepted": False,
            "withdrawn": False,
        }
    rows.put(row)
    return row


def _application_keys(event: Any) -> tuple[str, str]:
    return keys_of(event.aggregate_id)


def _by_application(apply: Any) -> Rule[Any]:
    return Rule(table=ACCEPTED, keys=_application_keys, apply=apply)


ACCEPTED_PROFESSIONALS = Projection(
    name="accepted-professionals",
    group=ACCEPTED_PROFESSIONALS_GROUP,
    rules={
        CallOpened: Rule(table=CALLS, keys=lambda e: (str(e.call_id),), apply=on_call_opened),
        ApplicantAccepted: _by_application(on_applicant_accepted),
        ApplicantWithdrew: _by_application(on_applicant_withdrew),
        ApplicantDataErased: _by_application(on_applicant_data_erased),
    },
)
