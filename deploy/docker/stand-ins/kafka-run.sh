#!/bin/bash
# Starts one KRaft node the way the official apache/kafka image does: every KAFKA_FOO_BAR variable
# becomes foo.bar in server.properties ("__" stands for "_", "___" for "-"); the storage is
# formatted with CLUSTER_ID on first start.
set -euo pipefail
props=/opt/kafka/config/server.properties
: >"$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS) continue ;;
    KAFKA_*)
      key="${name#KAFKA_}"
      key="${key,,}"
      key="${key//___/-}"
      key="${key//__/@}"
      key="${key//_/.}"
      key="${key//@/_}"
      printf '%s=%s\n' "$key" "$value" >>"$props"
      ;;
  esac
done < <(env)
grep -q '^log.dirs=' "$props" || echo "log.dirs=/var/lib/kafka/data" >>"$props"
log_dir="$(sed -n 's/^log.dirs=//p' "$props" | cut -d, -f1)"
if [[ ! -f "$log_dir/meta.properties" ]]; then
  /opt/kafka/bin/kafka-storage.sh format -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$props"
fi
read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
exec java "${heap[@]}" -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp '/opt/kafka/libs/*' \
  kafka.Kafka "$props"
