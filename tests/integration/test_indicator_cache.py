"""A report whose read models did not move is served as computed, without reading them again;
an event applied by a subscriber moves its projection's position and the next report is new."""

from datetime import date
from pathlib import Path
from uuid import uuid4

from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import HealthServiceDelivered
from diaspora_shared.contracts.events.deployment import ServiceType
from diaspora_shared.runtime.consumer import CURRENT_RECORD, RecordPosition
from reporting.entrypoints.subscriptions import positioned_handlers
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.service_layer.indicator_report import indicator_report
from reporting.service_layer.report_cache import ReportCache
from reporting.service_layer.stakeholder_views import PARTNER_VIEWS

from .indicator_stream import NOW, apply_history, programme_history


async def test_a_report_is_recomputed_only_after_an_event_is_applied(tmp_path: Path) -> None:
    database = await apply_history(f"sqlite:///{tmp_path}/c.db", programme_history())
    cache, moh = ReportCache(), PARTNER_VIEWS["MOH"]
    more = HealthServiceDelivered(
        mission_id=uuid4(),
        institution_code="CHUK",
        record_id=uuid4(),
        recorded_at=NOW,
        delivered_on=date(2026, 4, 6),
        service_type=ServiceType.SURGERY,
        count=2,
    )
    try:
        async with database.session() as session:
            first = await indicator_report(session, moh, cache=cache)
        async with database.session() as session:
            again = await indicator_report(session, moh, cache=cache)
        assert again is first and cache.hits == 1

        token = CURRENT_RECORD.set(RecordPosition("deployment.missions", 0, 41))
        try:
            async with database.session() as session:
                handler = positioned_handlers(PROJECTIONS["deployment"])[HealthServiceDelivered]
                await handler(session, more, envelope_for(more, source="/test"))
                await session.commit()
        finally:
            CURRENT_RECORD.reset(token)
        async with database.session() as session:
            after = await indicator_report(session, moh, cache=cache)
    finally:
        await database.dispose()

    assert after is not first and cache.hits == 1
    services = {value.id: value.value for value in after.indicators}["health-services-delivered"]
    assert services == 15 + 2
    positions = [
        (p.projection, p.topic, p.partition, p.last_offset) for p in after.as_of.partitions
    ]
    assert positions == [("deployment", "deployment.missions", 0, 41)]
