"""Everything the reporting service reacts to, in one place."""

from diaspora_shared.contracts.events import ApplicantAccepted, ApplicantWithdrew, CallOpened
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer import projections

ACCEPTED_PROFESSIONALS_GROUP = "reporting.accepted-professionals"


def register_subscriptions(runtime: ServiceRuntime) -> None:
    runtime.consume(
        ACCEPTED_PROFESSIONALS_GROUP,
        {
            CallOpened: projections.on_call_opened,
            ApplicantAccepted: projections.on_applicant_accepted,
            ApplicantWithdrew: projections.on_applicant_withdrew,
        },
    )
