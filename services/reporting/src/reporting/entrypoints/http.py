"""Reporting's HTTP API, reached through the gateway only."""

from fastapi import APIRouter, Request

from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.queries import AcceptedProfessionalsReport, accepted_professionals

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/accepted-professionals", summary="Accepted professionals by track and sex vs target")
async def accepted_professionals_report(request: Request) -> AcceptedProfessionalsReport:
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.database.session() as session:
        return await accepted_professionals(session)
