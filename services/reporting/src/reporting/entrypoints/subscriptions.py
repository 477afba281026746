"""Everything the reporting service reacts to, in one place."""

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    ApplicationReviewed,
    ApplicationScreened,
    ApplicationSubmitted,
    CallOpened,
    GrantAwarded,
    GrantDisbursed,
    JobsVerified,
    MentoringSessionHeld,
    OfferDeclined,
    OfferExpired,
    OfferMade,
)
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer import funnel, grant_progress, projections

ACCEPTED_PROFESSIONALS_GROUP = "reporting.accepted-professionals"
RECRUITMENT_FUNNEL_GROUP = "reporting.recruitment-funnel"
GRANT_PROGRESS_GROUP = "reporting.grant-progress"


def register_subscriptions(runtime: ServiceRuntime) -> None:
    runtime.consume(
        ACCEPTED_PROFESSIONALS_GROUP,
        {
            CallOpened: projections.on_call_opened,
            ApplicantAccepted: projections.on_applicant_accepted,
            ApplicantWithdrew: projections.on_applicant_withdrew,
        },
    )
    # A group of its own: the funnel keeps its own offsets and processed events, so it can be
    # added, replayed or dead-lettered without touching the accepted-professionals projection.
    runtime.consume(
        RECRUITMENT_FUNNEL_GROUP,
        {
            ApplicationSubmitted: funnel.on_application_submitted,
            ApplicationScreened: funnel.on_application_screened,
            ApplicationReviewed: funnel.on_stage_reached,
            OfferMade: funnel.on_stage_reached,
            ApplicantAccepted: funnel.on_stage_reached,
            OfferDeclined: funnel.on_stage_reached,
            OfferExpired: funnel.on_stage_reached,
            ApplicantWithdrew: funnel.on_stage_reached,
            ApplicantDataErased: funnel.on_applicant_data_erased,
        },
    )
    runtime.consume(
        GRANT_PROGRESS_GROUP,
        {
            GrantAwarded: grant_progress.on_grant_awarded,
            GrantDisbursed: grant_progress.on_grant_disbursed,
            MentoringSessionHeld: grant_progress.on_session_held,
            JobsVerified: grant_progress.on_jobs_verified,
        },
    )
