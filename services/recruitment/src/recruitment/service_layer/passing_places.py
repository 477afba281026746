"""Passing a place on: when a selected applicant leaves (decline, lapse, withdrawal, erasure),
the place goes to the next on the waiting list who can still take it."""

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from ..domain.application import Application

if TYPE_CHECKING:
    from .unit_of_work import RecruitmentUnitOfWork


async def pass_place_on(
    uow: "RecruitmentUnitOfWork", call_id: UUID, leaving: UUID, at: datetime
) -> None:
    """Called, with the call locked, when an applicant leaves (decline, lapse, withdrawal):
    a selected leaver's place goes to the next on the waiting list who can take it."""
    call = await uow.calls.get(call_id, for_update=True)
    selection = await uow.selections.get(call_id)
    if selection is None or not selection.was_selected(leaving):
        return
    successor: Application | None = None
    while (candidate_id := selection.next_in_line(leaving)) is not None:
        candidate = await uow.applications.get(candidate_id, for_update=True)
        if selection.consider(candidate):
            successor = candidate
            break
    selection.pass_place(call, leaving, successor, at)
