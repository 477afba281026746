"""Storing a selection proposal as JSON and reading it back."""

import json
from dataclasses import asdict
from datetime import timedelta

from diaspora_shared.contracts.vocabulary import Sex

from ..adapters.selection_tables import SelectionRow
from ..domain.selection import Outcome, Placement, SelectionProposal


def store_proposal(proposal: SelectionProposal) -> str:
    return json.dumps(asdict(proposal))


def load_proposal(row: SelectionRow) -> SelectionProposal:
    data = json.loads(row.proposal)
    placements = tuple(
        Placement(**{**item, "sex": Sex(item["sex"]), "outcome": Outcome(item["outcome"])})
        for item in data.pop("placements")
    )
    return SelectionProposal(placements=placements, **data)


def offer_validity(row: SelectionRow) -> timedelta:
    """How long each offer of the selection stays open; selections confirmed before deadlines
    were set in hours kept only their days."""
    if row.offer_valid_hours is not None:
        return timedelta(hours=row.offer_valid_hours)
    return timedelta(days=row.offer_valid_days)
