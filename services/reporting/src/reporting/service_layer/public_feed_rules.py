"""Which public events each domain event gives, and how: every rule drops the person.

A domain event may give several public events, one per public major version still published:
during a deprecation period a `...v1` and its `...v2` successor come from the same source
event, each on its own topic, so partners move over on their own schedule.
"""

from collections.abc import Callable, Mapping
from typing import Any

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    CallOpened,
    GrantAwarded,
    GrantDisbursed,
    IntegrationEvent,
    JobsVerified,
    MissionCompleted,
    MissionStarted,
    TrainingSessionDelivered,
)
from diaspora_shared.contracts.public import (
    CallOpenedV1,
    GrantAwardedV1,
    GrantDisbursedV1,
    JobsVerifiedV1,
    MissionCompletedV1,
    MissionStartedV1,
    ProfessionalAcceptedV1,
    PublicEvent,
    TrainingDeliveredV1,
    month_of,
)

Derivation = Callable[[Any], PublicEvent]


def call_opened(event: CallOpened) -> PublicEvent:
    return CallOpenedV1(
        call_id=event.call_id,
        track=event.track,
        title=event.title,
        target=event.target,
        women_share_goal=event.women_share_goal,
        opens_on=event.opens_on,
        closes_on=event.closes_on,
    )


def professional_accepted(event: ApplicantAccepted) -> PublicEvent:
    return ProfessionalAcceptedV1(
        call_id=event.call_id, track=event.track, accepted_month=month_of(event.accepted_at)
    )


def mission_started(event: MissionStarted) -> PublicEvent:
    return MissionStartedV1(
        institution_code=event.institution_code, month=month_of(event.started_at)
    )


def mission_completed(event: MissionCompleted) -> PublicEvent:
    return MissionCompletedV1(
        institution_code=event.institution_code,
        month=month_of(event.ends_on),
        person_days=event.person_days,
        sessions=event.sessions_recorded,
        hours=event.hours_recorded,
    )


def training_delivered(event: TrainingSessionDelivered) -> PublicEvent:
    return TrainingDeliveredV1(
        institution_code=event.institution_code,
        month=month_of(event.held_on),
        session_id=event.record_id,
        replaces=event.corrects,
        course=event.course,
        hours=event.hours,
        trainers_female=event.trainers_female,
        trainers_male=event.trainers_male,
        students_female=event.students_female,
        students_male=event.students_male,
    )


def grant_awarded(event: GrantAwarded) -> PublicEvent:
    return GrantAwardedV1(
        project_code=event.project_code,
        call_id=event.call_id,
        amount=event.amount,
        tranches=event.tranches,
        month=month_of(event.signed_on),
    )


def grant_disbursed(event: GrantDisbursed) -> PublicEvent:
    return GrantDisbursedV1(
        project_code=event.project_code,
        tranche=event.tranche,
        amount=event.amount,
        late=event.late,
        month=month_of(event.disbursed_on),
    )


def jobs_verified(event: JobsVerified) -> PublicEvent:
    return JobsVerifiedV1(
        project_code=event.project_code,
        months=event.months,
        total=event.total,
        women=event.women,
        youth=event.youth,
        still_operating=event.still_operating,
    )


PUBLIC_DERIVATIONS: Mapping[type[IntegrationEvent], tuple[Derivation, ...]] = {
    CallOpened: (call_opened,),
    ApplicantAccepted: (professional_accepted,),
    MissionStarted: (mission_started,),
    MissionCompleted: (mission_completed,),
    TrainingSessionDelivered: (training_delivered,),
    GrantAwarded: (grant_awarded,),
    GrantDisbursed: (grant_disbursed,),
    JobsVerified: (jobs_verified,),
}
