"""Rule-based eligibility screening shared by the services that screen what they receive: every
rule of a call is evaluated and its reason kept, so the person screened and an officer can see
exactly why something passed or failed."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleOutcome:
    rule: str
    passed: bool
    reason: str


def failed_rules(outcomes: list[RuleOutcome]) -> list[str]:
    return [outcome.rule for outcome in outcomes if not outcome.passed]


def all_passed(outcomes: list[RuleOutcome]) -> bool:
    return all(outcome.passed for outcome in outcomes)
