"""The containerised broker is configured like the native one (no Docker needed to check)."""

import re
from pathlib import Path

from ..kafka_container import broker_properties, environment_name, kafka_image

KAFKA_SH = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "kafka.sh"
# Addresses and paths differ between a host process and a container, by design.
PLACE_DEPENDENT = {"controller.quorum.voters", "listeners", "advertised.listeners", "log.dirs"}


def native_properties() -> dict[str, str]:
    script = KAFKA_SH.read_text()
    block = re.search(r'cat >"\$PROPS" <<EOF\n(.*?)\nEOF', script, re.DOTALL)
    assert block is not None, "kafka.sh no longer writes server.properties this way"
    lines = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    # The partners' SASL listener is added natively on demand only (KAFKA_PARTNER_PORT).
    return {
        name: value.replace("$partner_protocol", "").replace("$partner_listener", "")
        for name, value in (line.split("=", 1) for line in lines)
    }


def test_the_container_runs_the_native_brokers_version() -> None:
    pom = (KAFKA_SH.parent / "pom.xml").read_text()
    assert f"<kafka.version>{kafka_image().split(':')[1]}</kafka.version>" in pom
    assert kafka_image().startswith("apache/kafka:4.")


def test_the_container_gets_every_native_property_with_the_same_value() -> None:
    native = native_properties()
    container = broker_properties(advertised_port=49152)
    assert set(container) == set(native)
    for name in set(native) - PLACE_DEPENDENT:
        assert container[name] == native[name], name
    assert container["auto.create.topics.enable"] == "false"


def test_property_names_follow_the_images_environment_rule() -> None:
    assert environment_name("auto.create.topics.enable") == "KAFKA_AUTO_CREATE_TOPICS_ENABLE"
    assert environment_name("node.id") == "KAFKA_NODE_ID"
    assert environment_name("some_name.with-dash") == "KAFKA_SOME__NAME_WITH___DASH"
