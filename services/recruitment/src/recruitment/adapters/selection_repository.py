"""The selection repository: a call's confirmed selection in and out of the `selections` table
(its proposal kept as JSON, as it evolves with every place passed on)."""

import json
from dataclasses import asdict
from datetime import timedelta
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Sex

from ..domain.confirmed_selection import Selection
from ..domain.selection import Outcome, Placement, SelectionProposal
from .repository import aware
from .selection_tables import SelectionRow


class SqlSelectionRepository:
    """Reads without a lock of its own: every command that changes a selection holds its
    call's lock first."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[Selection, SelectionRow]] = {}

    async def get(self, call_id: UUID) -> Selection | None:
        if call_id in self.seen:
            # Already handed out under the call's lock: it holds this transaction's changes.
            return self.seen[call_id][0]
        row = await self._session.get(SelectionRow, str(call_id), populate_existing=True)
        if row is None:
            return None
        selection = Selection(
            call_id=call_id,
            proposal=load_proposal(row.proposal),
            offer_valid_for=_offer_validity(row),
            confirmed_at=aware(row.confirmed_at),
            confirmed_by=row.confirmed_by,
        )
        self.seen[call_id] = (selection, row)
        return selection

    def add(self, selection: Selection) -> None:
        hours = int(selection.offer_valid_for.total_seconds()) // 3600
        row = SelectionRow(
            call_id=str(selection.call_id),
            confirmed_at=selection.confirmed_at,
            confirmed_by=selection.confirmed_by,
            offer_valid_days=max(1, hours // 24),
            offer_valid_hours=hours,
            proposal="{}",
        )
        self.seen[selection.call_id] = (selection, row)

    def write_back(self) -> None:
        for selection, row in self.seen.values():
            row.proposal = store_proposal(selection.proposal)
            self._session.add(row)

    def handed_out(self) -> list[Selection]:
        return [selection for selection, _row in self.seen.values()]


def store_proposal(proposal: SelectionProposal) -> str:
    return json.dumps(asdict(proposal))


def load_proposal(stored: str) -> SelectionProposal:
    data = json.loads(stored)
    placements = tuple(
        Placement(**{**item, "sex": Sex(item["sex"]), "outcome": Outcome(item["outcome"])})
        for item in data.pop("placements")
    )
    return SelectionProposal(placements=placements, **data)


def _offer_validity(row: SelectionRow) -> timedelta:
    """Selections confirmed before deadlines were set in hours kept only their days."""
    if row.offer_valid_hours is not None:
        return timedelta(hours=row.offer_valid_hours)
    return timedelta(days=row.offer_valid_days)
