"""Eligibility screening: every rule of a call is evaluated and its reason kept, so an applicant
and an officer can see exactly why an application passed or failed."""

from diaspora_shared.domain.eligibility import RuleOutcome

from .model import ApplicantProfile, EligibilityRules

__all__ = ["RuleOutcome", "screen"]


def screen(profile: ApplicantProfile, rules: EligibilityRules) -> list[RuleOutcome]:
    return [
        _experience(profile, rules),
        _languages(profile, rules),
        _qualifications(profile, rules),
        _availability(profile, rules),
    ]


def _experience(profile: ApplicantProfile, rules: EligibilityRules) -> RuleOutcome:
    years, needed = profile.years_of_experience, rules.min_years_of_experience
    return RuleOutcome(
        rule="min_years_of_experience",
        passed=years >= needed,
        reason=f"{years} years of experience, {needed} required",
    )


def _languages(profile: ApplicantProfile, rules: EligibilityRules) -> RuleOutcome:
    shared = sorted(set(profile.languages) & set(rules.working_languages))
    wanted = "/".join(language.value for language in rules.working_languages)
    spoken = "/".join(language.value for language in shared)
    return RuleOutcome(
        rule="working_language",
        passed=bool(shared),
        reason=f"speaks {spoken}" if shared else f"speaks none of {wanted}",
    )


def _qualifications(profile: ApplicantProfile, rules: EligibilityRules) -> RuleOutcome:
    count, needed = len(profile.qualifications), rules.min_qualifications
    return RuleOutcome(
        rule="min_qualifications",
        passed=count >= needed,
        reason=f"{count} qualification(s), {needed} required",
    )


def _availability(profile: ApplicantProfile, rules: EligibilityRules) -> RuleOutcome:
    days = (profile.available_until - profile.available_from).days
    needed = rules.min_available_days
    return RuleOutcome(
        rule="min_available_days",
        passed=days >= needed,
        reason=f"available {days} day(s), {needed} required",
    )
