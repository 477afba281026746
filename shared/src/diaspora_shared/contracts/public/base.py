"""The base of every public event: what a partner system may read, on `public.*` topics.

Public events are a separate promise from the internal integration events: they change only by
a new major version (`...v2`, on its own topic `public.<domain>.v2`) and carry nothing that
singles out a person. The rule, applied to every contract here:

- no identifier of a person or of their application (no application id, professional id,
  person reference, mission id), and no name, contact detail, sex, country or language of a
  professional;
- dates coarsened to the calendar month (`YYYY-MM`);
- what remains names an organisation (a call, a host institution, a pilot project) and counts.
"""

from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

PUBLIC_TYPE_PREFIX = "org.iom.diaspora."
PUBLIC_TOPIC_PREFIX = "public."

Month = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        description="A calendar month, YYYY-MM (UTC).",
        examples=["2026-03"],
    ),
]


def month_of(moment: date | datetime) -> str:
    """The month a day or instant falls in: the only time grain a public event carries."""
    return f"{moment.year:04d}-{moment.month:02d}"


def public_topic(domain: str, major: int) -> str:
    return f"{PUBLIC_TOPIC_PREFIX}{domain}.v{major}"


class PublicEvent(BaseModel):
    """A fact a partner may read; named in the past tense, versioned by its type."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    """CloudEvents `type`, e.g. `org.iom.diaspora.mission.started.v1`."""

    topic: ClassVar[str]
    """The logical public topic carrying it (`public.<domain>.v<major>`)."""

    key_field: ClassVar[str]
    """The field whose value is the Kafka key: an organisation, never a person."""

    example: ClassVar[dict[str, object]]
    """One valid `data` object, shown to partners in the AsyncAPI document."""

    @property
    def key(self) -> str:
        return str(getattr(self, self.key_field))
