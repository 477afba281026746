"""The grant progress report's shape, and its totals per currency (never mixed)."""

from pydantic import BaseModel

from diaspora_shared.contracts.money import Money


class ProjectProgress(BaseModel):
    project_code: str
    committed: Money
    disbursed: Money
    tranches_paid: int
    tranches_on_time: int
    mentoring_hours: float
    jobs_verified: dict[int, dict[str, int]]
    """Months (6, 12) to jobs verified then: total, women, youth."""


class CurrencyTotal(BaseModel):
    committed: Money
    disbursed: Money


class GrantProgressReport(BaseModel):
    projects: list[ProjectProgress]
    totals: list[CurrencyTotal]


def totals(projects: list[ProjectProgress]) -> list[CurrencyTotal]:
    by_currency: dict[str, CurrencyTotal] = {}
    for project in projects:
        current = by_currency.get(project.committed.currency)
        if current is None:
            by_currency[project.committed.currency] = CurrencyTotal(
                committed=project.committed, disbursed=project.disbursed
            )
        else:
            current.committed = current.committed + project.committed
            current.disbursed = current.disbursed + project.disbursed
    return [by_currency[currency] for currency in sorted(by_currency)]
