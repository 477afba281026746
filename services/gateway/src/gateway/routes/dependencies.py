"""Who may call a route, and the upstream client, as FastAPI dependencies every router shares."""

from typing import Annotated

from fastapi import Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..auth import authenticated_actor, require_roles
from ..upstream import Upstreams, upstreams_of

UpstreamsDep = Annotated[Upstreams, Depends(upstreams_of)]
AnyActor = Annotated[Actor, Depends(authenticated_actor)]
Officer = Annotated[Actor, Depends(require_roles(Role.IOM_OFFICER))]
Applicant = Annotated[Actor, Depends(require_roles(Role.APPLICANT))]
Reviewer = Annotated[Actor, Depends(require_roles(Role.REVIEWER))]
OwnerOrOfficer = Annotated[Actor, Depends(require_roles(Role.APPLICANT, Role.IOM_OFFICER))]
OfficerOrReviewer = Annotated[Actor, Depends(require_roles(Role.IOM_OFFICER, Role.REVIEWER))]
ReportReader = Annotated[Actor, Depends(require_roles(Role.IOM_OFFICER, Role.MINISTRY_VIEWER))]
