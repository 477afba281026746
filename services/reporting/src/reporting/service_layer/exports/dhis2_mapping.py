"""The DHIS2 mapping a user edits (`services/reporting/dhis2_mapping.json` by default): which
data element and category option combo each MoH figure goes to, and each hospital's org unit.
It is checked when the service starts, so a typo stops the start instead of a later import."""

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from diaspora_shared.contracts.reference import HOSPITALS

from ..indicator_table import INDICATORS
from ..stakeholder_views import PARTNER_VIEWS

DEFAULT_MAPPING = Path(__file__).resolve().parents[4] / "dhis2_mapping.json"
Uid = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9]{10}$")]
"""DHIS2's identifiers: eleven letters and digits, the first a letter."""
HOSPITAL_CODES = frozenset(hospital.code for hospital in HOSPITALS)
MOH_INDICATORS = {
    indicator.id: indicator
    for indicator in INDICATORS
    if indicator.domain_item in PARTNER_VIEWS["MOH"].items and indicator.measure is not None
}


class InvalidMapping(ValueError):
    """The DHIS2 mapping file is missing or does not fit the indicators and hospitals."""


class DataElementMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str = Field(description="Id of a computable MoH indicator.")
    data_element: Uid
    disaggregation: str | None = Field(
        default=None, description="The disaggregation the category option combos split by."
    )
    category_option_combos: dict[str, Uid] = Field(
        description='Per group of the disaggregation (or "default" without one), the combo.'
    )

    @model_validator(mode="after")
    def _fits_its_indicator(self) -> "DataElementMapping":
        indicator = MOH_INDICATORS.get(self.indicator)
        if indicator is None:
            raise ValueError(f"{self.indicator!r} is not a computable MoH indicator")
        if self.disaggregation is None and set(self.category_option_combos) != {"default"}:
            raise ValueError(f"{self.indicator}: without a disaggregation, map only 'default'")
        if self.disaggregation not in (None, *indicator.disaggregations):
            raise ValueError(f"{self.indicator} has no disaggregation {self.disaggregation!r}")
        return self


class Dhis2Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    data_set: Uid | None = None
    attribute_option_combo: Uid | None = None
    org_units: dict[str, Uid] = Field(description="Per hospital code, its DHIS2 org unit.")
    data_elements: list[DataElementMapping] = Field(min_length=1)

    @model_validator(mode="after")
    def _names_hospitals(self) -> "Dhis2Mapping":
        unknown = set(self.org_units) - HOSPITAL_CODES
        if unknown or not self.org_units:
            raise ValueError(f"org_units must name hospitals; unknown: {sorted(unknown)}")
        return self


@lru_cache(maxsize=4)
def load_mapping(path: Path = DEFAULT_MAPPING) -> Dhis2Mapping:
    try:
        return Dhis2Mapping.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise InvalidMapping(f"DHIS2 mapping {path}: {error}") from error
