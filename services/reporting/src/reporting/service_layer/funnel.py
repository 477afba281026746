"""The recruitment funnel projection: one row per application, with the stages it reached.

Stages are flags, not a state machine: a stage once reached stays reached (`accepted` stays set
when the applicant later withdraws; the withdrawal is counted in `withdrawn`), so a late or
repeated event changes nothing it should not. Eligibility can go either way (an officer's
override): the screening with the latest `screened_at` wins, whatever order they arrive in.

An event may arrive for an application whose `ApplicationSubmitted` was never applied (it was
dead-lettered, for instance). When the event carries the applicant's sex, a row is created from
what it carries (the country stays unknown until an event with it arrives, and a later
`ApplicationSubmitted` fills the row in without resetting its stages). When it does not
(`ApplicationReviewed`), the rule raises `UnplacedEventError`: the consumer retries, then
copies the record to the dead-letter topic, from where it can be replayed once the application
is known.

After an erasure the row lives under the application's pseudonym: every later event finds it
there, marks its stage, and never creates a second row or brings back anything erased.
"""

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    ApplicationReviewed,
    ApplicationScreened,
    ApplicationSubmitted,
    IntegrationEvent,
    OfferDeclined,
    OfferExpired,
    OfferMade,
)

from ..adapters.funnel_tables import FunnelApplication
from .erasure import keys_of
from .projection import Projection, Row, Rule, TableRows

RECRUITMENT_FUNNEL_GROUP = "reporting.recruitment-funnel"
TABLE = FunnelApplication.__table__  # type: ignore[attr-defined]
STAGE_FLAGS = ("reviewed", "offered", "accepted", "withdrawn", "declined", "expired")


class UnplacedEventError(RuntimeError):
    """An event about an application the funnel has no row for, without the sex needed to
    create one; raised so the consumer retries it and then dead-letters it."""


# The stage each event marks as reached; screening is not here, its outcome can go either way.
STAGE_REACHED: dict[type[IntegrationEvent], str] = {
    ApplicationReviewed: "reviewed",
    OfferMade: "offered",
    ApplicantAccepted: "accepted",
    OfferDeclined: "declined",
    OfferExpired: "expired",
    ApplicantWithdrew: "withdrawn",
}


def application_keys(event: Any) -> tuple[str, str]:
    return keys_of(event.aggregate_id)


def on_application_submitted(
    rows: TableRows, event: ApplicationSubmitted, keys: Sequence[str]
) -> None:
    _placed(rows, event, keys)


def on_application_screened(
    rows: TableRows, event: ApplicationScreened, keys: Sequence[str]
) -> None:
    row, erased = _placed(rows, event, keys)
    screened_at = event.screened_at.astimezone(UTC).isoformat(timespec="microseconds")
    if row["screened_at"] is not None and row["screened_at"] > screened_at:
        return  # a newer screening already decided
    row["eligible"] = event.eligible
    row["screened_at"] = screened_at
    if not erased:  # the latest screening carries the latest profile
        row["country_of_residence"] = event.country_of_residence


def on_stage_reached(rows: TableRows, event: IntegrationEvent, keys: Sequence[str]) -> None:
    row, _erased = _placed(rows, event, keys)
    row[STAGE_REACHED[type(event)]] = True


def on_applicant_data_erased(
    rows: TableRows, _event: ApplicantDataErased, keys: Sequence[str]
) -> None:
    """Move the row under the application's pseudonym; an application never seen leaves none."""
    application_id, hidden = keys
    row = rows.get(application_id)
    if row is None:
        return
    rows.delete(application_id)
    rows.put(row | {"application_id": hidden})


def _placed(rows: TableRows, event: IntegrationEvent, keys: Sequence[str]) -> tuple[Row, bool]:
    """The application's row (and whether its data was erased), created when missing; a row
    whose data was erased is never refilled with what the event carries."""
    application_id, hidden = keys
    if (row := rows.get(hidden)) is not None:
        rows.put(row)
        return row, True
    sex = getattr(event, "sex", None)
    country: str | None = getattr(event, "country_of_residence", None)
    row = rows.get(application_id)
    if row is None:
        if sex is None:
            raise UnplacedEventError(
                f"{event.event_type} for an application the funnel has not seen, "
                "without the applicant's sex to place it"
            )
        row = _new_row(event, application_id, sex.value, country)
    elif row["country_of_residence"] is None and country is not None:
        row["country_of_residence"] = country
    rows.put(row)
    return row, False


def _new_row(event: Any, application_id: str, sex: str, country: str | None) -> Row:
    # The id comes from the event's keys, already a string: formatting a UUID costs a
    # microsecond, paid once per application of a rebuild.
    return {
        "application_id": application_id,
        "call_id": str(event.call_id),
        "track": event.track.value,
        "sex": sex,
        "country_of_residence": country,
        "eligible": None,
        "screened_at": None,
    } | dict.fromkeys(STAGE_FLAGS, False)


def _rule(apply: Any) -> Rule[Any]:
    return Rule(table=TABLE, keys=application_keys, apply=apply)


RECRUITMENT_FUNNEL = Projection(
    name="recruitment-funnel",
    group=RECRUITMENT_FUNNEL_GROUP,
    rules={
        ApplicationSubmitted: _rule(on_application_submitted),
        ApplicationScreened: _rule(on_application_screened),
        **{event_type: _rule(on_stage_reached) for event_type in STAGE_REACHED},
        ApplicantDataErased: _rule(on_applicant_data_erased),
    },
)
