"""The indicator table is checked at start: a field, source or event that does not exist, a
missing name or an unexplained gap stops it. Periods parse as users write them, or not at all."""

from dataclasses import replace
from datetime import date

import pytest

from diaspora_shared.contracts.events import EVENTS_BY_TYPE
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.service_layer.indicator_model import InvalidIndicatorTable, Measure, Names, validate
from reporting.service_layer.indicator_sources import SOURCE_FIELDS, SOURCE_PROJECTIONS
from reporting.service_layer.indicator_table import INDICATORS, INDICATORS_BY_ID
from reporting.service_layer.periods import InvalidPeriod, Period, parse_period

DEPLOYED = INDICATORS_BY_ID["professionals-deployed"]


def check(*changed: object) -> None:
    validate(tuple(changed), SOURCE_FIELDS, set(EVENTS_BY_TYPE))  # type: ignore[arg-type]


def test_the_declared_table_covers_items_1_to_9_with_names_in_three_languages() -> None:
    check(*INDICATORS)
    assert {indicator.domain_item for indicator in INDICATORS} == set(range(1, 10))
    assert all(i.names.en and i.names.fr and i.names.rw for i in INDICATORS)
    assert all(i.tags.sdg or i.tags.gcm for i in INDICATORS)
    read_models = {name for names in SOURCE_PROJECTIONS.values() for name in names}
    assert set(SOURCE_PROJECTIONS) == set(SOURCE_FIELDS) and read_models <= set(PROJECTIONS)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"source": "nowhere"}, "unknown source"),
        ({"disaggregations": ("shoe_size",)}, "unknown field 'shoe_size'"),
        ({"measure": Measure("sum", "salary")}, "unknown field 'salary'"),
        ({"events": ("deployment.mission.teleported.v1",)}, "unknown event"),
        ({"measure": None}, "say why"),
        ({"names": Names(en="Deployed", fr="Déployés", rw="")}, "en, fr and rw"),
    ],
)
def test_a_wrong_declaration_is_refused(change: dict[str, object], complaint: str) -> None:
    with pytest.raises(InvalidIndicatorTable, match=complaint):
        check(replace(DEPLOYED, **change))  # type: ignore[arg-type]


def test_ids_are_unique() -> None:
    with pytest.raises(InvalidIndicatorTable, match="unique"):
        check(DEPLOYED, DEPLOYED)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-01-15/2026-03-31", date(2026, 1, 15), date(2026, 3, 31)),
    ],
)
def test_periods_parse(text: str, start: date, end: date) -> None:
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize("text", ["", "26", "2026-Q0", "2026-00", "2026-02-30/2026-03-01", "x/y"])
def test_a_period_that_does_not_parse_is_refused(text: str) -> None:
    with pytest.raises(InvalidPeriod):
        parse_period(text)
