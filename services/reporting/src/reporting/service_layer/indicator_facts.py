"""The indicator-facts projection: what the disaggregations need that the other read models do
not keep. A deployed professional's track, sex and country of residence (under a pseudonym of
the application id, so no id is stored and an erasure changes nothing here), the professional
and course of each mission, and per grant its sector, mentoring sessions held and whether the
project still operated at each verification, and its award and payments (dates and amounts,
for the donor's transactions).

Professionals and missions travel on different topics, so either may arrive first: each rule
only fills in its own row and the join happens when an indicator is read. Counters are signed
steps applied once per event id by the consumer, so they commute.
"""

import json
from collections.abc import Sequence
from typing import Any

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    GrantApplicationSubmitted,
    GrantAwarded,
    GrantDisbursed,
    JobsVerified,
    MentoringSessionHeld,
    MissionPlanned,
    TrancheConditionMet,
)

from ..adapters.indicator_tables import IndicatorFact
from .erasure import pseudonym
from .projection import Projection, Rule, TableRows

INDICATOR_FACTS_GROUP = "reporting.indicator-facts"
FACTS = IndicatorFact.__table__  # type: ignore[attr-defined]


def merged(rows: TableRows, key: str, changes: dict[str, Any]) -> None:
    row = rows.get(key)
    facts = json.loads(row["facts"]) if row is not None else {}
    rows.put({"fact_key": key, "facts": json.dumps(facts | changes, sort_keys=True)})


def counted(rows: TableRows, key: str, field: str, step: int = 1) -> None:
    row = rows.get(key)
    current = json.loads(row["facts"]).get(field, 0) if row is not None else 0
    merged(rows, key, {field: current + step})


def professional_key(event: ApplicantAccepted) -> tuple[str]:
    return (f"professional:{pseudonym(str(event.application_id))}",)


def on_accepted(rows: TableRows, event: ApplicantAccepted, keys: Sequence[str]) -> None:
    profile = {"track": event.track.value, "sex": event.sex.value}
    merged(rows, keys[0], profile | {"country": event.country_of_residence})


def mission_key(event: MissionPlanned) -> tuple[str]:
    return (f"mission:{event.mission_id}",)


def on_planned(rows: TableRows, event: MissionPlanned, keys: Sequence[str]) -> None:
    professional = pseudonym(str(event.professional_id))
    merged(rows, keys[0], {"professional": professional, "course": event.course_or_specialty})


def grant_key(event: Any) -> tuple[str]:
    return (f"grant:{event.grant_id}",)


def on_submitted(rows: TableRows, event: GrantApplicationSubmitted, keys: Sequence[str]) -> None:
    merged(rows, keys[0], {"sector": str(event.sector), "project": str(event.project_code)})


def on_awarded(rows: TableRows, event: GrantAwarded, keys: Sequence[str]) -> None:
    merged(rows, keys[0], {"award": _money(event.amount) | {"on": event.signed_on.isoformat()}})


def on_disbursed(rows: TableRows, event: GrantDisbursed, keys: Sequence[str]) -> None:
    # Keyed by tranche: a tranche is paid once, so a repeat or a late copy changes nothing.
    row = rows.get(keys[0])
    payments = json.loads(row["facts"]).get("payments", {}) if row is not None else {}
    payment = _money(event.amount) | {"on": event.disbursed_on.isoformat()}
    merged(rows, keys[0], {"payments": payments | {str(event.tranche): payment}})


def _money(amount: Any) -> dict[str, Any]:
    return {"minor": amount.minor_units, "currency": str(amount.currency)}


def on_session(rows: TableRows, event: MentoringSessionHeld, keys: Sequence[str]) -> None:
    counted(rows, keys[0], "sessions")
    counted(rows, keys[0], "sessions_in_person", 1 if event.in_person else 0)


def on_verified(rows: TableRows, event: JobsVerified, keys: Sequence[str]) -> None:
    merged(rows, keys[0], {f"operating_{event.months}": event.still_operating})


def on_condition_met(rows: TableRows, _event: TrancheConditionMet, keys: Sequence[str]) -> None:
    counted(rows, keys[0], "conditions_met")


INDICATOR_FACTS = Projection(
    name="indicator-facts",
    group=INDICATOR_FACTS_GROUP,
    rules={
        ApplicantAccepted: Rule(table=FACTS, keys=professional_key, apply=on_accepted),
        MissionPlanned: Rule(table=FACTS, keys=mission_key, apply=on_planned),
        GrantApplicationSubmitted: Rule(table=FACTS, keys=grant_key, apply=on_submitted),
        GrantAwarded: Rule(table=FACTS, keys=grant_key, apply=on_awarded),
        GrantDisbursed: Rule(table=FACTS, keys=grant_key, apply=on_disbursed),
        MentoringSessionHeld: Rule(table=FACTS, keys=grant_key, apply=on_session),
        JobsVerified: Rule(table=FACTS, keys=grant_key, apply=on_verified),
        TrancheConditionMet: Rule(table=FACTS, keys=grant_key, apply=on_condition_met),
    },
)
