"""End to end on real Kafka and PostgreSQL: the hand-made history's events, published as their
producers publish them, reach reporting's live subscribers, and each stakeholder downloads its
export through the gateway: the figures equal the test's own, a host never gets another's."""

import csv
import io
import json
from decimal import Decimal
from typing import Any

import httpx
from lxml import etree

from diaspora_shared.contracts.vocabulary import Role

from ..integration.indicator_stream import programme_history
from ..integration.test_exports_iati import expected_transactions
from ..integration.test_indicator_as_of import publish_all
from ..kafka_helpers import eventually
from .conftest import Platform

EXPORTS = "/api/reports/exports"


async def test_each_stakeholder_downloads_its_export_through_the_gateway(
    platform: Platform, kafka: str
) -> None:
    await publish_all(kafka, platform.topic_prefix, programme_history())
    donor = platform.token(Role.IOM_OFFICER, "officer-e2e", "IOM-BE")
    moh = platform.token(Role.MINISTRY_VIEWER, "moh-e2e", "MOH")
    chuk = platform.token(Role.HOST_INSTITUTION, "chuk-e2e", "CHUK")
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=15) as client:

        async def iati_transactions() -> set[tuple[str, str, Decimal, str]] | None:
            answer = await client.get(f"{EXPORTS}/iati", headers=donor)
            assert answer.status_code == 200, answer.text
            activity = etree.fromstring(answer.content).find("iati-activity")
            assert activity is not None
            found = {_transaction(t) for t in activity.iterfind("transaction")}
            return found if found == expected_transactions() else None

        async def chuk_in_dhis2() -> dict[tuple[str, str], str] | None:
            params = {"period": "2026-Q2"}
            answer = await client.get(f"{EXPORTS}/dhis2", params=params, headers=moh)
            assert answer.status_code == 200, answer.text
            values = {
                (v["dataElement"], v["categoryOptionCombo"]): v["value"]
                for v in json.loads(answer.content)["dataValues"]
                if v["orgUnit"] == "RwOuChuk001"
            }
            consultations = values.get(("RwDeHsDeliv", "RwCcConsult"))
            return values if consultations == "12" else None

        await eventually(iati_transactions, timeout=60)
        chuk_values = await eventually(chuk_in_dhis2, timeout=60)
        assert ("RwDeStaffTr", "RwCcFemale1") not in chuk_values  # 4: a small cell for MoH
        own_dhis2 = await client.get(f"{EXPORTS}/dhis2", params={"period": "2026-Q2"}, headers=chuk)
        own_values = {
            (v["dataElement"], v["categoryOptionCombo"]): v["value"]
            for v in own_dhis2.json()["dataValues"]
        }
        assert own_values[("RwDeStaffTr", "RwCcFemale1")] == "4"
        assert own_values[("RwDePersDay", "HllvX50cXC0")] == "5"

        async def chuk_csv() -> dict[tuple[str, str], str] | None:
            # Each projection is its own consumer group: wait until every one reached the end.
            own = await client.get(f"{EXPORTS}/csv", headers=chuk)
            assert own.status_code == 200
            assert own.headers["content-disposition"].endswith('"CHUK-indicators-all-time.csv"')
            figures = _csv_figures(own.text)
            # CHUK: P3's completed mission and P4's cancelled one; 12 + 3 services.
            wanted = {("professionals-deployed", "total"): "1"}
            wanted[("health-services-delivered", "total")] = "15"
            return figures if all(figures.get(k) == v for k, v in wanted.items()) else None

        await eventually(chuk_csv, timeout=60)
        other = await client.get(f"{EXPORTS}/csv", params={"organisation": "CHUB"}, headers=chuk)
        assert other.status_code == 403
        assert other.headers["content-type"] == "application/problem+json"
        refused = await client.get(f"{EXPORTS}/iati", headers=moh)
        assert refused.status_code == 404 and refused.json()["code"] == "export.not_offered"


def _transaction(element: Any) -> tuple[str, str, Decimal, str]:
    value = element.find("value")
    return (
        element.find("transaction-type").get("code"),
        element.find("transaction-date").get("iso-date"),
        Decimal(value.text),
        value.get("currency"),
    )


def _csv_figures(text: str) -> dict[tuple[str, str], str]:
    rows = list(csv.reader(io.StringIO(text)))[2:]
    return {(row[0], row[4]): row[5] for row in rows}
