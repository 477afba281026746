"""The integration event each activity record is published as. Free text (topics, comments)
stays in deployment; the events carry counts, dates and categories only."""

from diaspora_shared.contracts.events import (
    HealthServiceDelivered,
    IntegrationEvent,
    MissionFeedbackGiven,
    SkillsAssessmentRecorded,
    StaffTrained,
    TrainingSessionDelivered,
)

from ..domain.activity import ActivityRecord
from ..domain.activity_model import (
    ActivitySpec,
    FeedbackSpec,
    HealthServiceSpec,
    SkillsAssessmentSpec,
    StaffTrainedSpec,
    TrainingSessionSpec,
)

PRIVATE_FIELDS = {"topic", "comment"}


def event_of(record: ActivityRecord, institution_code: str, spec: ActivitySpec) -> IntegrationEvent:
    common = {
        "mission_id": record.mission_id,
        "institution_code": institution_code,
        "record_id": record.record_id,
        "corrects": record.corrects,
        "recorded_at": record.recorded_at,
    }
    facts = spec.model_dump(exclude=PRIVATE_FIELDS | {"corrects"})
    event_class = _EVENT_OF[type(spec)]
    return event_class.model_validate(common | facts)


_EVENT_OF: dict[type[ActivitySpec], type[IntegrationEvent]] = {
    TrainingSessionSpec: TrainingSessionDelivered,
    HealthServiceSpec: HealthServiceDelivered,
    StaffTrainedSpec: StaffTrained,
    SkillsAssessmentSpec: SkillsAssessmentRecorded,
    FeedbackSpec: MissionFeedbackGiven,
}
