"""Opening and listing calls."""

import json
from uuid import UUID, uuid4

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import CallOpened
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.tables import CallRow
from ..domain.model import CallSpec, CallView
from .common import accepted_count, call_view, now, require


async def open_call(uow: UnitOfWork, actor: Actor, spec: CallSpec) -> CallView:
    require(actor, Role.IOM_OFFICER)
    row = CallRow(
        call_id=str(uuid4()),
        track=spec.track.value,
        title=spec.title,
        target=spec.target,
        women_share_goal=spec.women_share_goal,
        courses_or_specialties=json.dumps(spec.courses_or_specialties),
        opens_on=spec.opens_on,
        closes_on=spec.closes_on,
        eligibility=spec.eligibility.model_dump_json(),
        review_policy=spec.review.model_dump_json(),
        created_at=now(),
    )
    uow.session.add(row)
    uow.record(
        CallOpened(
            call_id=UUID(row.call_id),
            track=spec.track,
            title=spec.title,
            target=spec.target,
            women_share_goal=spec.women_share_goal,
            opens_on=spec.opens_on,
            closes_on=spec.closes_on,
        )
    )
    await uow.commit()
    return call_view(row, accepted=0)


async def list_calls(session: AsyncSession) -> list[CallView]:
    calls = (await session.exec(select(CallRow).order_by(col(CallRow.created_at)))).all()
    return [call_view(call, await accepted_count(session, call.call_id)) for call in calls]
