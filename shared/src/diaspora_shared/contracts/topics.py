"""Every Kafka topic of the platform, declared once.

The broker runs with `auto.create.topics.enable=false`, so a topic exists only if it is listed
here and created by `platform-topics create`. Each domain topic has a dead-letter twin,
`<topic>.dlt`. The public topics have none: partners may read every topic under `public.`, and
a record one of our consumers could not take is not theirs to read; those go to a dead-letter
topic of the consumer's own (`INTERNAL_DEAD_LETTER_TOPICS`).
"""

from dataclasses import dataclass, field

from .events import (
    APPLICATIONS_TOPIC,
    CALLS_TOPIC,
    GRANT_CALLS_TOPIC,
    GRANTS_TOPIC,
    MISSIONS_TOPIC,
)
from .public import DEPLOYMENT_V1, GRANTS_V1, RECRUITMENT_V1

DEAD_LETTER_SUFFIX = ".dlt"
KEEP_FOREVER = "-1"
THIRTY_DAYS_MS = str(30 * 24 * 3600 * 1000)
NINETY_DAYS_MS = str(90 * 24 * 3600 * 1000)
ONE_YEAR_MS = str(365 * 24 * 3600 * 1000)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    description: str
    config: dict[str, str] = field(default_factory=dict)

    def dead_letter(self) -> "TopicSpec":
        return TopicSpec(
            name=dead_letter_topic(self.name),
            partitions=1,
            description=f"Records of {self.name} that could not be handled, with the reason.",
            config={"retention.ms": THIRTY_DAYS_MS},
        )


def dead_letter_topic(topic: str) -> str:
    return f"{topic}{DEAD_LETTER_SUFFIX}"


# Domain topics keep their events forever: read models are rebuilt from them.
DOMAIN_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        name=CALLS_TOPIC,
        partitions=3,
        description="Recruitment calls; key = call id.",
        config={"retention.ms": KEEP_FOREVER},
    ),
    TopicSpec(
        name=APPLICATIONS_TOPIC,
        partitions=3,
        description="Applications and their outcome, without contact data; key = application id.",
        config={"retention.ms": KEEP_FOREVER},
    ),
    TopicSpec(
        name=MISSIONS_TOPIC,
        partitions=3,
        description="Deployment missions, pseudonymous professional ids only; key = mission id.",
        config={"retention.ms": KEEP_FOREVER},
    ),
    TopicSpec(
        name=GRANT_CALLS_TOPIC,
        partitions=3,
        description="Grant calls for pilot projects; key = call id.",
        config={"retention.ms": KEEP_FOREVER},
    ),
    TopicSpec(
        name=GRANTS_TOPIC,
        partitions=3,
        description="Grant applications, awards, tranches, mentoring and jobs; key = grant id.",
        config={"retention.ms": KEEP_FOREVER},
    ),
)


# Public topics are what partners read; they are derived from the domain topics (and can be
# derived again), so they keep events only as long as a partner may take to catch up.
PUBLIC_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        name=RECRUITMENT_V1,
        partitions=3,
        description="Public recruitment events for partners, no personal data; key = call id.",
        config={"retention.ms": NINETY_DAYS_MS},
    ),
    TopicSpec(
        name=DEPLOYMENT_V1,
        partitions=3,
        description="Public mission and training events, no personal data; key = institution.",
        config={"retention.ms": ONE_YEAR_MS},
    ),
    TopicSpec(
        name=GRANTS_V1,
        partitions=3,
        description="Public grant and jobs events for partners; key = pilot project code.",
        config={"retention.ms": ONE_YEAR_MS},
    ),
)


# Named as the twin of the bridge's consumer group, so `platform-dead-letters --topic
# reporting.webhooks` lists it as it lists a domain topic's.
WEBHOOKS_DEAD_LETTERS = dead_letter_topic("reporting.webhooks")

INTERNAL_DEAD_LETTER_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        name=WEBHOOKS_DEAD_LETTERS,
        partitions=1,
        description="Public records the webhook bridge could not turn into deliveries, with "
        "the reason; outside `public.`, so no partner reads them.",
        config={"retention.ms": THIRTY_DAYS_MS},
    ),
)


def dead_letter_topics() -> tuple[str, ...]:
    """Every topic a consumer of ours may copy a record it could not handle to."""
    return tuple(dead_letter_topic(spec.name) for spec in DOMAIN_TOPICS) + tuple(
        spec.name for spec in INTERNAL_DEAD_LETTER_TOPICS
    )


def all_topics() -> tuple[TopicSpec, ...]:
    return (
        DOMAIN_TOPICS
        + tuple(spec.dead_letter() for spec in DOMAIN_TOPICS)
        + INTERNAL_DEAD_LETTER_TOPICS
        + PUBLIC_TOPICS
    )


def qualified(name: str, prefix: str) -> str:
    """The physical topic name: a prefix lets tests and environments share one broker."""
    return f"{prefix}{name}"
