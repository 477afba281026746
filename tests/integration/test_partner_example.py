"""The partner example (`examples/partner_consumer`) against the real broker in plain text: it
finds every public topic, prints each public event once (a redelivered record is recognised by
its id) and reports a record that is not a CloudEvent instead of printing it."""

import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from diaspora_shared.contracts.public import (
    GrantAwardedV1,
    MissionStartedV1,
    PublicEvent,
    cloud_event_for,
)

from ..kafka_helpers import produce_raw

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "partner_consumer"
AT = datetime(2027, 3, 1, tzinfo=UTC)


async def publish(kafka: str, prefix: str, event: PublicEvent, source_id: str) -> str:
    cloud = cloud_event_for(event, source_event_id=source_id, time=AT)
    await produce_raw(
        kafka,
        f"{prefix}{event.topic}",
        value=cloud.kafka_value(),
        key=event.key.encode(),
        headers=cloud.kafka_headers(),
    )
    return cloud.id


async def test_the_example_prints_each_public_event_once(kafka: str, topic_prefix: str) -> None:
    started = MissionStartedV1(institution_code="IPRC-HYE", month="2027-03")
    awarded = GrantAwardedV1.model_validate(GrantAwardedV1.example)
    first = await publish(kafka, topic_prefix, started, "source-1")
    await publish(kafka, topic_prefix, started, "source-1")  # delivered again
    second = await publish(kafka, topic_prefix, awarded, "source-2")
    await produce_raw(kafka, f"{topic_prefix}public.grants.v1", value=b"{}", headers=[])

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLE / "partner_consumer.py"),
        *("--bootstrap", kafka, "--topic-prefix", topic_prefix),
        *("--group", f"partner.test-{uuid4().hex[:8]}", "--max-records", "4"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=90)
    assert process.returncode == 0, err.decode()

    printed = [json.loads(line) for line in out.decode().splitlines()]
    assert sorted((e["id"], e["type"], e["key"]) for e in printed) == sorted(
        [
            (first, "org.iom.diaspora.mission.started.v1", "IPRC-HYE"),
            (second, "org.iom.diaspora.grant.awarded.v1", "PILOT-07"),
        ]
    )
    assert next(e for e in printed if e["id"] == first)["data"] == started.model_dump(mode="json")
    assert f"duplicate {topic_prefix}public.deployment.v1" in err.decode()
    assert "missing attributes: id, source, type, specversion" in err.decode()
