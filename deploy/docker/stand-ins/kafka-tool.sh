#!/bin/bash
# The official image's command-line scripts, by name, on the same jars as the broker.
set -euo pipefail
case "$(basename "$0")" in
  kafka-topics.sh) main=org.apache.kafka.tools.TopicCommand ;;
  kafka-broker-api-versions.sh) main=org.apache.kafka.tools.BrokerApiVersionsCommand ;;
  kafka-storage.sh) main=kafka.tools.StorageTool ;;
  kafka-configs.sh) main=org.apache.kafka.tools.ConfigCommand ;;
  kafka-acls.sh) main=org.apache.kafka.tools.AclCommand ;;
  kafka-consumer-groups.sh) main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  *) echo "unknown tool $(basename "$0")" >&2; exit 2 ;;
esac
exec java -Xmx256m -cp '/opt/kafka/libs/*' "$main" "$@"
