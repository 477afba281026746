"""The donor's transactions, from the grant read models: one commitment per grant award and one
disbursement per tranche paid, each in the grant's own currency."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from ...adapters.grant_tables import GrantProgress
from ...adapters.indicator_tables import IndicatorFact

COMMITMENT, DISBURSEMENT = "2", "3"
"""IATI TransactionType codes: outgoing commitment, disbursement."""
MINOR_DIGITS = {"RWF": 0}
"""Decimal places of a currency's minor unit where it is not two (ISO 4217)."""


@dataclass(frozen=True)
class Transaction:
    kind: str
    project: str
    on: date
    amount: Decimal
    currency: str
    tranche: int | None = None


async def grant_transactions(session: AsyncSession) -> list[Transaction]:
    projects = {
        row.grant_id: row.project_code for row in (await session.exec(select(GrantProgress))).all()
    }
    facts = (await session.exec(select(IndicatorFact))).all()
    found: list[Transaction] = []
    for row in facts:
        grant = row.fact_key.removeprefix("grant:")
        if grant != row.fact_key and grant in projects:
            found.extend(_of_grant(projects[grant], json.loads(row.facts)))
    return sorted(found, key=lambda t: (t.on, t.project, t.kind, t.tranche or 0))


def _of_grant(project: str, facts: dict[str, dict[str, object]]) -> list[Transaction]:
    award = facts.get("award")
    found = [_transaction(COMMITMENT, project, award)] if award else []
    for tranche, payment in facts.get("payments", {}).items():
        assert isinstance(payment, dict)
        found.append(_transaction(DISBURSEMENT, project, payment, int(tranche)))
    return found


def _transaction(
    kind: str, project: str, money: dict[str, object], tranche: int | None = None
) -> Transaction:
    currency, minor = str(money["currency"]), int(str(money["minor"]))
    amount = Decimal(minor).scaleb(-MINOR_DIGITS.get(currency, 2))
    on = date.fromisoformat(str(money["on"]))
    return Transaction(kind, project, on, amount, currency, tranche)
