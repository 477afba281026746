"""The DHIS2 export has the shape of a `dataValueSets` import (dataSet, period and dataValues of
dataElement, period, orgUnit, categoryOptionCombo, value as text), DHIS2 period forms, org
units and combos from the editable mapping, and the figures the test computes from the
hand-made history; a broken mapping stops the service from starting."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from reporting.entrypoints.app import create_app
from reporting.service_layer.exports.choice import ExportFormat
from reporting.service_layer.exports.dhis2 import NotADhis2Period, dhis2_period
from reporting.service_layer.exports.dhis2_mapping import (
    DEFAULT_MAPPING,
    InvalidMapping,
    load_mapping,
)
from reporting.service_layer.periods import parse_period
from reporting.settings import ReportingSettings

from .exports_support import exported, history_database

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
DATA_VALUE_KEYS = {"dataElement", "period", "orgUnit", "categoryOptionCombo", "value", "comment"}


async def data_values(database_url: str, code: str, period: str) -> dict[str, Any]:
    async with history_database(database_url) as database:
        rendered = await exported(database, ExportFormat.DHIS2, code, parse_period(period))
    assert rendered.media_type == "application/json"
    payload: dict[str, Any] = json.loads(rendered.body)
    return payload


def by_key(payload: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    mapping = load_mapping(DEFAULT_MAPPING)
    units = {uid: code for code, uid in mapping.org_units.items()}
    names = {e.data_element: e.indicator for e in mapping.data_elements}
    combos = {
        uid: group for e in mapping.data_elements for group, uid in e.category_option_combos.items()
    }
    return {
        (units[v["orgUnit"]], names[v["dataElement"]], combos[v["categoryOptionCombo"]]): v["value"]
        for v in payload["dataValues"]
    }


async def test_moh_export_has_the_documented_shape(database_url: str) -> None:
    payload = await data_values(database_url, "MOH", "2026-Q2")
    assert set(payload) == {"dataSet", "period", "dataValues"}
    assert payload["period"] == "2026Q2" and UID.match(payload["dataSet"])
    for value in payload["dataValues"]:
        assert set(value) == DATA_VALUE_KEYS
        assert value["period"] == "2026Q2"
        for key in ("dataElement", "orgUnit", "categoryOptionCombo"):
            assert UID.match(value[key]), key
        assert isinstance(value["value"], str) and value["value"].replace(".", "", 1).isdigit()
        assert value["comment"].startswith("as of ")


async def test_a_hospital_s_export_holds_all_its_figures(database_url: str) -> None:
    figures = by_key(await data_values(database_url, "CHUK", "2026-Q2"))
    # At CHUK in April: P3's five-day mission, 12 consultations and 3 procedures, 4 women and
    # 2 men trained; P4's mission there in June was cancelled.
    assert figures == {
        ("CHUK", "health-services-delivered", "consultation"): "12",
        ("CHUK", "health-services-delivered", "procedure"): "3",
        ("CHUK", "health-staff-trained", "female"): "4",
        ("CHUK", "health-staff-trained", "male"): "2",
        ("CHUK", "professionals-deployed", "default"): "1",
        ("CHUK", "person-days", "default"): "5",
    }
    march = by_key(await data_values(database_url, "CHUK", "2026-03"))
    assert march == {
        ("CHUK", "professionals-deployed", "default"): "0",
        ("CHUK", "person-days", "default"): "0",
    }


async def test_the_ministry_s_export_leaves_out_its_small_cells(database_url: str) -> None:
    figures = by_key(await data_values(database_url, "MOH", "2026-Q2"))
    # The ministry's screen shows CHUK's one professional and five person-days (one mission)
    # as "<5", and 3 procedures, 4 women and 2 men are counts below 5: DHIS2 gets none of them.
    # 12 consultations are shown; zeros hide no one.
    chuk = {key: value for key, value in figures.items() if key[0] == "CHUK"}
    assert chuk == {("CHUK", "health-services-delivered", "consultation"): "12"}
    assert figures[("CHUB", "professionals-deployed", "default")] == "0"
    assert {key[0] for key in figures} == {"CHUK", "CHUB", "DH-KIBAGABAGA", "DH-RUHENGERI"} | {
        "DH-KABGAYI"
    }


async def test_a_hospital_s_export_holds_its_own_org_unit_only(database_url: str) -> None:
    payload = await data_values(database_url, "CHUK", "2026")
    assert payload["period"] == "2026"
    assert {v["orgUnit"] for v in payload["dataValues"]} == {"RwOuChuk001"}


def test_periods_take_dhis2_s_forms() -> None:
    forms = {"2026": "2026", "2026-Q3": "2026Q3", "2026-05": "202605"}
    forms |= {"2026-05-15/2026-05-15": "20260515", "2026-04-01/2026-06-30": "2026Q2"}
    for text, expected in forms.items():
        assert dhis2_period(parse_period(text)) == expected
    for text in ("2026-01-15/2026-03-31", "2026-02-01/2026-04-30", "2025-07-01/2026-06-30"):
        with pytest.raises(NotADhis2Period):
            dhis2_period(parse_period(text))
    with pytest.raises(NotADhis2Period):
        dhis2_period(None)


BROKEN: dict[str, dict[str, Any]] = {
    "unknown hospital": {"org_units": {"NOWHERE": "RwOuChuk001"}},
    "not a uid": {"org_units": {"CHUK": "chuk"}},
    "not a MoH indicator": {"data_elements": [{"indicator": "tot-sessions"}]},
    "no such disaggregation": {"data_elements": [{"disaggregation": "country"}]},
}


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_a_broken_mapping_stops_the_start(problem: str, tmp_path: Path) -> None:
    mapping = json.loads(DEFAULT_MAPPING.read_text())
    change = BROKEN[problem]
    if "data_elements" in change:
        mapping["data_elements"][0] |= change["data_elements"][0]
    else:
        mapping |= change
    path = tmp_path / f"{problem.replace(' ', '-')}.json"
    path.write_text(json.dumps(mapping))
    with pytest.raises(InvalidMapping):
        create_app(ReportingSettings(dhis2_mapping_file=path))


def test_the_shipped_mapping_is_valid_and_a_missing_one_stops_the_start(tmp_path: Path) -> None:
    assert load_mapping(DEFAULT_MAPPING).org_units
    with pytest.raises(InvalidMapping):
        create_app(ReportingSettings(dhis2_mapping_file=tmp_path / "absent.json"))
