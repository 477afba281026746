"""Reference data every authenticated user may read."""

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.reference import IPRCS, ORGANISATIONS, HostInstitution, Organisation
from diaspora_shared.runtime.access import allow_any_role

router = APIRouter(
    prefix="/reference", tags=["reference"], dependencies=[Depends(allow_any_role())]
)


@router.get("/iprcs", summary="The eight IPRCs of Rwanda Polytechnic")
async def iprcs() -> list[HostInstitution]:
    return list(IPRCS)


@router.get("/organisations", summary="Organisations a token may speak for")
async def organisations() -> list[Organisation]:
    return list(ORGANISATIONS)
