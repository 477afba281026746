"""Everything the deployment service reacts to, in one place: recruitment's verdicts on
applicants keep the list of professionals it may match."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    IntegrationEvent,
)
from diaspora_shared.runtime.consumer import EventHandler
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer import professionals
from ..service_layer.unit_of_work import DeploymentUnitOfWork, SqlDeploymentUnitOfWork

AVAILABLE_PROFESSIONALS_GROUP = "deployment.available-professionals"

EventT = TypeVar("EventT", bound=IntegrationEvent)


def _in_consumer_transaction(
    use_case: Callable[[DeploymentUnitOfWork, EventT], Awaitable[None]],
) -> EventHandler:
    async def handle(session: AsyncSession, event: EventT, _envelope: Envelope) -> None:
        await use_case(SqlDeploymentUnitOfWork.inside_consumer(session), event)

    return handle


def register_subscriptions(runtime: ServiceRuntime) -> None:
    runtime.consume(
        AVAILABLE_PROFESSIONALS_GROUP,
        {
            ApplicantAccepted: _in_consumer_transaction(professionals.on_applicant_accepted),
            ApplicantWithdrew: _in_consumer_transaction(professionals.on_applicant_withdrew),
            ApplicantDataErased: _in_consumer_transaction(professionals.on_applicant_data_erased),
        },
    )
