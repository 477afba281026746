"""Request bodies of activity records and feedback, bounded as every input is."""

from datetime import date
from typing import Annotated, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from diaspora_shared.contracts.events import FeedbackParty, ServiceType, StaffCadre
from diaspora_shared.contracts.text import SafeLine, SafeText

from .activity import ActivityKind

Count = Annotated[int, Field(ge=0, le=10_000)]
Hours = Annotated[float, Field(gt=0, le=24, description="Hours, at most 24 in a day.")]
Score = Annotated[float, Field(ge=0, le=100)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    corrects: UUID | None = Field(default=None, description="The record this one replaces.")


class TrainingSessionSpec(_Record):
    held_on: date
    course: SafeLine
    topic: SafeLine
    hours: Hours
    trainers_female: Count
    trainers_male: Count
    students_female: Count
    students_male: Count


class HealthServiceSpec(_Record):
    delivered_on: date
    service_type: ServiceType
    count: Annotated[int, Field(ge=1, le=10_000)]


class StaffTrainedSpec(_Record):
    trained_on: date
    cadre: StaffCadre
    female: Count
    male: Count
    hours: Hours


class SkillsAssessmentSpec(_Record):
    assessed_on: date
    participant_group: SafeLine
    participants: Annotated[int, Field(ge=1, le=10_000)]
    mean_pre_score: Score
    mean_post_score: Score
    pass_mark: Score
    passed_after: Count

    @model_validator(mode="after")
    def _passed_within_participants(self) -> Self:
        if self.passed_after > self.participants:
            raise ValueError("passed_after cannot exceed participants")
        return self


class FeedbackSpec(_Record):
    given_by: FeedbackParty = FeedbackParty.HOST
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: SafeText | None = Field(default=None, description="Kept in deployment only.")


ActivitySpec = (
    TrainingSessionSpec | HealthServiceSpec | StaffTrainedSpec | SkillsAssessmentSpec | FeedbackSpec
)

KIND_OF: dict[type[_Record], ActivityKind] = {
    TrainingSessionSpec: ActivityKind.TRAINING_SESSION,
    HealthServiceSpec: ActivityKind.HEALTH_SERVICE,
    StaffTrainedSpec: ActivityKind.STAFF_TRAINED,
    SkillsAssessmentSpec: ActivityKind.SKILLS_ASSESSMENT,
    FeedbackSpec: ActivityKind.FEEDBACK,
}


class ActivityView(BaseModel):
    record_id: UUID
    mission_id: UUID
    kind: ActivityKind
    occurred_on: date
    details: dict[str, object]
    corrects: UUID | None
