"""The IATI 2.03 export validates against the official XSD (kept outside the project, read by
path: a missing schema fails the test), uses codes from IATI's codelists, and holds the grants'
transactions and the donor view's results the test computes from the hand-made history."""

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from diaspora_shared.contracts.events import GrantAwarded, GrantDisbursed
from reporting.service_layer.exports.choice import ExportFormat
from reporting.service_layer.periods import parse_period

from .exports_support import exported, history_database
from .indicator_stream import programme_history


def iati_standard() -> Path:
    """The official schema and codelists, kept beside the project (`../shared/standards`), or
    where `IATI_STANDARD_DIR` says; never copied into it. Missing everywhere: the path of the
    first place looked, so the test fails naming it."""
    repository = Path(__file__).resolve().parents[2]
    places = [
        Path(os.environ["IATI_STANDARD_DIR"]) if os.environ.get("IATI_STANDARD_DIR") else None,
        repository.parent / "shared" / "standards" / "iati-2.03",
        Path("/work/shared/standards/iati-2.03"),
    ]
    found = [place for place in places if place is not None and place.is_dir()]
    return found[0] if found else repository.parent / "shared" / "standards" / "iati-2.03"


IATI = iati_standard()
SCHEMA = IATI / "iati-activities-schema.xsd"


def codelist(name: str) -> set[str]:
    tree = etree.parse(str(IATI / "codelists" / f"{name}.xml"))
    return {str(code.text) for code in tree.iterfind(".//codelist-item/code")}


def expected_transactions() -> set[tuple[str, str, Decimal, str]]:
    """Type 2 per award on its signing day, type 3 per payment on its day, from the events."""
    found: set[tuple[str, str, Decimal, str]] = set()
    for event in programme_history():
        if isinstance(event, GrantAwarded):
            day, kind = event.signed_on, "2"
        elif isinstance(event, GrantDisbursed):
            day, kind = event.disbursed_on, "3"
        else:
            continue
        found.add((kind, day.isoformat(), Decimal(event.amount.minor_units), "RWF"))
    return found


async def iati_document(database_url: str, period: str | None = None) -> Any:
    async with history_database(database_url) as database:
        chosen = parse_period(period) if period else None
        rendered = await exported(database, ExportFormat.IATI, "IOM-BE", chosen)
    assert rendered.media_type == "application/xml"
    return etree.fromstring(rendered.body)


async def test_iati_export_validates_against_the_official_schema(database_url: str) -> None:
    assert SCHEMA.is_file(), f"the IATI 2.03 schema is missing from {IATI}"
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    for period in (None, "2026-Q2"):
        document = await iati_document(database_url, period)
        assert schema.validate(document), schema.error_log
    assert document.get("version") == "2.03"


async def test_iati_codes_come_from_the_codelists(database_url: str) -> None:
    activity = (await iati_document(database_url)).find("iati-activity")
    uses = {
        "ActivityStatus": activity.xpath("activity-status/@code"),
        "ActivityDateType": activity.xpath("activity-date/@type"),
        "OrganisationRole": activity.xpath("participating-org/@role"),
        "TransactionType": activity.xpath("transaction/transaction-type/@code"),
    }
    for name, codes in uses.items():
        assert codes and set(codes) <= codelist(name), name
    assert set(activity.xpath("participating-org/@role")) == {"1", "2", "4"}
    sectors = activity.xpath("sector[@vocabulary='1']/@code")
    assert set(sectors) == {"11330", "12181", "12191", "16020", "15190"}
    for vocabulary in ("1", "7", "8", "9"):
        shares = activity.xpath(f"sector[@vocabulary='{vocabulary}']/@percentage")
        assert sum(Decimal(share) for share in shares) == 100, vocabulary
    assert set(activity.xpath("sector[@vocabulary='7']/@code")) == {"3", "4", "8", "10"}
    assert "10.7" in activity.xpath("sector[@vocabulary='8']/@code")
    # SDG indicators: only those a declared indicator is a proxy for.
    indicators = set(activity.xpath("sector[@vocabulary='9']/@code"))
    assert indicators == {"3.c.1", "4.3.1", "4.4.1", "4.c.1"}


async def test_iati_transactions_are_the_awards_and_payments(database_url: str) -> None:
    activity = (await iati_document(database_url)).find("iati-activity")
    found = {
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            Decimal(t.find("value").text),
            t.find("value").get("currency"),
        )
        for t in activity.findall("transaction")
    }
    assert len(activity.findall("transaction")) == 4  # two awards, two tranches paid
    assert found == expected_transactions()
    conditions = activity.find("conditions")
    assert conditions.get("attached") == "1" and conditions.find("condition/narrative").text


async def test_iati_results_hold_baseline_target_actual_and_sex(database_url: str) -> None:
    activity = (await iati_document(database_url)).find("iati-activity")
    results = {
        r.findtext("title/narrative"): r.find("indicator") for r in activity.findall("result")
    }
    deployed = results["Diaspora professionals deployed"]
    assert deployed.find("baseline").get("value") == "0"
    period = deployed.find("period")
    assert period.find("target").get("value") == "60"
    actuals = {
        a.find("dimension").get("value") if a.find("dimension") is not None else "total": a.get(
            "value"
        )
        for a in period.findall("actual")
    }
    # P1 and P3 are women, P2 a man; P4's mission was cancelled.
    assert actuals == {"total": "3", "female": "2", "male": "1"}
    assert {d.get("name") for d in period.iterfind("actual/dimension")} == {"sex"}
    as_of = activity.xpath("description[@type='4']/narrative/text()")[0]
    assert as_of.startswith("organisation IOM-BE;") and "as of" in as_of
