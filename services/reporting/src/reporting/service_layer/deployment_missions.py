"""The deployment projection: a fact row per mission (its state, dates and person-days) and
per activity record (its counts). A correction marks the record it replaces as superseded, so
the report counts the latest version of each record only. Mission and activity events share a
key (the mission id), so a record always arrives after the mission it belongs to and a
correction after what it corrects; a repeated event is stopped by the consumer's event-id check."""

import json
from collections.abc import Sequence
from typing import Any

from diaspora_shared.contracts.events import (
    HealthServiceDelivered,
    IntegrationEvent,
    MissionCancelled,
    MissionCompleted,
    MissionConfirmed,
    MissionExtended,
    MissionFeedbackGiven,
    MissionPlanned,
    MissionStarted,
    SkillsAssessmentRecorded,
    StaffTrained,
    TrainingSessionDelivered,
)

from ..adapters.deployment_tables import DeploymentFact
from .projection import Projection, Rule, TableRows

DEPLOYMENT_GROUP = "reporting.deployment"
FACTS = DeploymentFact.__table__  # type: ignore[attr-defined]
ACTIVITY_FIELDS = {"mission_id", "institution_code", "record_id", "corrects", "recorded_at"}


def mission_key(event: Any) -> tuple[str]:
    return (f"mission:{event.mission_id}",)


def record_keys(event: Any) -> tuple[str, ...]:
    own = f"record:{event.record_id}"
    return (own, f"record:{event.corrects}") if event.corrects else (own,)


def on_mission_planned(rows: TableRows, event: MissionPlanned, keys: Sequence[str]) -> None:
    facts = {
        "state": "planned",
        "track": event.track.value,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "person_days": 0,
    }
    rows.put(_row(keys[0], event.institution_code, "mission", facts))


def on_mission_moved(rows: TableRows, event: IntegrationEvent, keys: Sequence[str]) -> None:
    row = rows.get(keys[0])
    if row is None:  # a mission planned before this read model existed is reported once replayed
        return
    facts = json.loads(row["facts"])
    facts["state"] = STATE_AFTER[type(event)]
    if isinstance(event, MissionExtended):
        facts["ends_on"] = event.ends_on.isoformat()
    if isinstance(event, MissionCompleted):
        facts["person_days"] = event.person_days
    rows.put(row | {"facts": json.dumps(facts, sort_keys=True)})


def on_activity(rows: TableRows, event: Any, keys: Sequence[str]) -> None:
    facts = event.model_dump(mode="json", exclude=ACTIVITY_FIELDS)
    facts["superseded"] = False
    rows.put(_row(keys[0], event.institution_code, ACTIVITY_KIND[type(event)], facts))
    corrected = rows.get(keys[1]) if len(keys) > 1 else None
    if corrected is not None:
        replaced = json.loads(corrected["facts"]) | {"superseded": True}
        rows.put(corrected | {"facts": json.dumps(replaced, sort_keys=True)})


def _row(key: str, institution: str, kind: str, facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "fact_key": key,
        "institution_code": institution,
        "kind": kind,
        "facts": json.dumps(facts, sort_keys=True),
    }


STATE_AFTER: dict[type[IntegrationEvent], str] = {
    MissionConfirmed: "confirmed",
    MissionStarted: "started",
    MissionExtended: "extended",
    MissionCancelled: "cancelled",
    MissionCompleted: "completed",
}
ACTIVITY_KIND: dict[type[IntegrationEvent], str] = {
    TrainingSessionDelivered: "training_session",
    HealthServiceDelivered: "health_service",
    StaffTrained: "staff_trained",
    SkillsAssessmentRecorded: "skills_assessment",
    MissionFeedbackGiven: "feedback",
}

DEPLOYMENT = Projection(
    name="deployment",
    group=DEPLOYMENT_GROUP,
    rules={
        MissionPlanned: Rule(table=FACTS, keys=mission_key, apply=on_mission_planned),
        **{
            moved: Rule(table=FACTS, keys=mission_key, apply=on_mission_moved)
            for moved in STATE_AFTER
        },
        **{
            activity: Rule(table=FACTS, keys=record_keys, apply=on_activity)
            for activity in ACTIVITY_KIND
        },
    },
)
