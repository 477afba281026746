"""Eligibility rules of a grant call, declared with the call as data, and the screening of a
pilot project's application against them. Every rule is evaluated, so a project and an officer
see all the reasons at once, not only the first."""

from datetime import date

from pydantic import BaseModel

from diaspora_shared.contracts.money import Money, total
from diaspora_shared.contracts.reference import IPRCS
from diaspora_shared.domain.eligibility import RuleOutcome

from .call import EligibilityRules, GrantCall, RequiredField, Sector

IPRC_CODES = frozenset(iprc.code for iprc in IPRCS)


class Submission(BaseModel):
    """What screening looks at: the application as the project submitted it."""

    sector: Sector
    budget: list[Money]
    submitted_on: date | None
    """Unknown only for applications stored before screening existed."""
    iprc: str | None = None
    requested: Money | None = None
    summary: str | None = None
    documents: tuple[str, ...] = ()


def screen(call: GrantCall, given: Submission) -> list[RuleOutcome]:
    rules = call.rules
    return [
        _sector(call, given),
        _linked_iprc(call, rules, given),
        _ceiling(call, given),
        _budget_sums(given),
        _window(call, given),
        _documents(rules, given),
        _fields(rules, given),
    ]


def _sector(call: GrantCall, given: Submission) -> RuleOutcome:
    open_to = "/".join(sector.value for sector in call.sectors)
    return RuleOutcome(
        rule="sector_in_call",
        passed=given.sector in call.sectors,
        reason=f"sector {given.sector.value}; the call is open to {open_to}",
    )


def _linked_iprc(call: GrantCall, rules: EligibilityRules, given: Submission) -> RuleOutcome:
    if given.iprc is None:
        return RuleOutcome(
            rule="linked_iprc_valid",
            passed=not rules.linked_iprc_required,
            reason="no linked IPRC given",
        )
    valid = given.iprc in IPRC_CODES and given.iprc == call.iprc
    return RuleOutcome(
        rule="linked_iprc_valid",
        passed=valid,
        reason=f"linked to {given.iprc}; the call is run with {call.iprc}",
    )


def _requested(given: Submission) -> Money:
    return total(given.budget, given.budget[0].currency)


def _ceiling(call: GrantCall, given: Submission) -> RuleOutcome:
    requested = _requested(given)
    same_currency = requested.currency == call.ceiling.currency
    return RuleOutcome(
        rule="budget_within_ceiling",
        passed=same_currency and not call.ceiling < requested,
        reason=f"{requested.minor_units} {requested.currency} requested; "
        f"ceiling {call.ceiling.minor_units} {call.ceiling.currency}",
    )


def _budget_sums(given: Submission) -> RuleOutcome:
    lines = _requested(given)
    if given.requested is None:
        return RuleOutcome(
            rule="budget_lines_sum_to_request",
            passed=True,
            reason="no separate total declared; the lines are the request",
        )
    return RuleOutcome(
        rule="budget_lines_sum_to_request",
        passed=lines == given.requested,
        reason=f"lines sum to {lines.minor_units} {lines.currency}; "
        f"{given.requested.minor_units} {given.requested.currency} declared",
    )


def _window(call: GrantCall, given: Submission) -> RuleOutcome:
    if given.submitted_on is None:
        return RuleOutcome("submitted_in_window", False, "the submission day was not recorded")
    return RuleOutcome(
        rule="submitted_in_window",
        passed=call.opens_on <= given.submitted_on <= call.closes_on,
        reason=f"submitted {given.submitted_on}; open {call.opens_on} to {call.closes_on}",
    )


def _documents(rules: EligibilityRules, given: Submission) -> RuleOutcome:
    missing = sorted(set(rules.required_documents) - set(given.documents))
    return RuleOutcome(
        rule="required_documents_present",
        passed=not missing,
        reason=f"missing {', '.join(missing)}" if missing else "every required document given",
    )


def _fields(rules: EligibilityRules, given: Submission) -> RuleOutcome:
    missing = [field.value for field in rules.required_fields if _is_blank(given, field)]
    return RuleOutcome(
        rule="required_fields_present",
        passed=not missing,
        reason=f"missing {', '.join(missing)}" if missing else "every required field given",
    )


def _is_blank(given: Submission, field: RequiredField) -> bool:
    value = getattr(given, field.value)
    return value is None or (isinstance(value, str) and not value.strip())
