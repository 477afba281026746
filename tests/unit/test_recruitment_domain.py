"""Validation of what officers and applicants send to recruitment."""

from datetime import date

import pytest
from pydantic import ValidationError

from recruitment.domain.errors import ConflictError, InvalidInputError
from recruitment.domain.model import (
    ApplicantProfile,
    CallSpec,
    ensure_offered,
    ensure_open_for_applications,
)

from ..runtimes import call_spec, profile


def test_a_valid_profile_is_accepted() -> None:
    assert profile().country_of_residence == "BE"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"country_of_residence": "RW"}, "European country"),
        ({"years_of_experience": -2}, "years_of_experience"),
        ({"languages": ["de"]}, "languages"),
        ({"available_until": "2026-01-01"}, "available_until must not be before"),
        ({"consent": None}, "consent"),
        ({"sex": "unknown"}, "sex"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_malformed_profiles_are_refused_with_the_reason(
    change: dict[str, object], complaint: str
) -> None:
    data = profile().model_dump(mode="json") | change
    with pytest.raises(ValidationError, match=complaint):
        ApplicantProfile.model_validate(data)


def test_invalid_email_is_refused() -> None:
    data = profile().model_dump(mode="json")
    data["contact"]["email"] = "not-an-address"
    with pytest.raises(ValidationError, match="email"):
        ApplicantProfile.model_validate(data)


def test_a_call_must_close_after_it_opens() -> None:
    data = call_spec().model_dump(mode="json") | {"closes_on": "2000-01-01"}
    with pytest.raises(ValidationError, match="closes_on"):
        CallSpec.model_validate(data)


def test_applications_outside_the_window_are_refused() -> None:
    opens, closes = date(2026, 1, 1), date(2026, 1, 31)
    ensure_open_for_applications(opens, closes, date(2026, 1, 31))
    with pytest.raises(ConflictError, match="from 2026-01-01 to 2026-01-31"):
        ensure_open_for_applications(opens, closes, date(2026, 2, 1))


def test_courses_must_be_offered_by_the_call() -> None:
    ensure_offered(["ICT"], ["ICT", "Energy"])
    with pytest.raises(InvalidInputError, match="Plumbing"):
        ensure_offered(["Plumbing", "ICT"], ["ICT", "Energy"])
