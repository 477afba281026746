"""The base every integration event derives from.

An integration event crosses service boundaries, so its shape is a public promise: frozen,
documented field by field, and versioned through its CloudEvents type.
"""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class IntegrationEvent(BaseModel):
    """A fact one service tells the others, named in the past tense."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    """CloudEvents `type`, for example `recruitment.applicant.accepted.v1`."""

    topic: ClassVar[str]
    """The logical topic that carries the event; its key is `aggregate_id`."""

    aggregate_field: ClassVar[str]
    """The field whose value is the Kafka key, so one aggregate's events stay in order."""

    @property
    def aggregate_id(self) -> str:
        return str(getattr(self, self.aggregate_field))
