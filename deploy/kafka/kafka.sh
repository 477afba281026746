#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft) for development and tests, run natively from
# Maven Central jars because these machines have no Docker engine.
#
#   kafka.sh up       fetch jars (first time), format storage (first time), start, wait until it answers
#   kafka.sh down     stop the broker started by `up` (by its PID only)
#   kafka.sh status   exit 0 and print "running pid N", or exit 1
#   kafka.sh kill     SIGKILL the broker started by `up`, as a crash would (fault tests)
#   kafka.sh logs [-f] [N]   last N lines (default 100) of the broker log, -f to follow
#   kafka.sh partner-add NAME [TOPIC_PREFIX]   a partner principal (SCRAM-SHA-512, password from
#                     KAFKA_PARTNER_PASSWORD) that may read only TOPIC_PREFIX + "public." topics,
#                     with consumer groups named "partner-NAME-..." (needs KAFKA_PARTNER_PORT)
#   kafka.sh partner-remove NAME [TOPIC_PREFIX]   its ACLs and credentials removed
#   kafka.sh libs     fetch the jars (first time) and print their directory (deploy/docker uses it)
#
# Environment: KAFKA_HOME_DIR (state, default <repo>/.data/kafka), KAFKA_LIBS_DIR (jars, default
# <home>/libs; a second broker can share the first one's), KAFKA_DATA_DIR (log segments, default
# <home>/data), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP_OPTS
# ("-Xmx512m -Xms256m"), KAFKA_START_TIMEOUT (90 s), KAFKA_PARTNER_PORT (unset: no partner
# listener; set: a SASL/SCRAM listener for partners on that port, and ACLs enforced).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

HOME_DIR="${KAFKA_HOME_DIR:-$REPO_DIR/.data/kafka}"
LIBS_DIR="${KAFKA_LIBS_DIR:-$HOME_DIR/libs}"
DATA_DIR="${KAFKA_DATA_DIR:-$HOME_DIR/data}"
PROPS="$HOME_DIR/server.properties"
LOG_CONF="$HOME_DIR/log4j2.properties"
PID_FILE="$HOME_DIR/broker.pid"
LOG_FILE="$HOME_DIR/broker.log"
# JVM stdout/stderr: normally empty, but catches crashes before log4j is configured.
OUT_FILE="$HOME_DIR/broker.out"
LIBS_MARKER="$LIBS_DIR/.complete"

HOST=127.0.0.1
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
PARTNER_PORT="${KAFKA_PARTNER_PORT:-}"

log() { printf 'kafka: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Alive while any of its threads is. A JVM's main thread shows as a zombie as soon as it has
# exited, while its other threads are still being torn down and still hold the process's files,
# listening sockets among them: judged by the main thread alone, a port could still be taken
# when the next start looks at it.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local task state
  for task in "/proc/$1/task/"*; do
    state="$(awk '{print $3}' "$task/stat" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]] && return 0
  done
  return 1
}

# The pid file's process, if alive and really our broker (guards against PID reuse).
broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] && alive "$pid" || return 1
  grep -qa 'kafka\.Kafka' "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# True when a Kafka broker answers on HOST:PORT. A TCP connect is not enough (the
# port opens before the broker serves requests), so send ApiVersions v0 and check
# that a response with our correlation id comes back.
kafka_answers() {
  python3 - "$HOST" "$PORT" <<'PY' 2>/dev/null
import socket, struct, sys
host, port = sys.argv[1], int(sys.argv[2])
client_id = b"kafka.sh"
# Request header v1: api_key=18 (ApiVersions), api_version=0, correlation_id, client_id.
body = struct.pack(">hhih", 18, 0, 4242, len(client_id)) + client_id
try:
    with socket.create_connection((host, port), timeout=2) as s:
        s.settimeout(3)
        s.sendall(struct.pack(">i", len(body)) + body)
        data = b""
        while len(data) < 10:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
except OSError:
    sys.exit(1)
if len(data) < 10:
    sys.exit(1)
_size, corr, err = struct.unpack(">iih", data[:10])
sys.exit(0 if corr == 4242 and err == 0 else 1)
PY
}

port_in_use() {
  python3 - "$HOST" "$1" <<'PY' 2>/dev/null
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
except OSError:
    sys.exit(1)
PY
}

fetch_libs() {
  local want have=""
  # The marker records which pom the jars came from, so a version change re-fetches.
  want="$(sha256sum "$POM" | cut -d' ' -f1)"
  [[ -f "$LIBS_MARKER" ]] && have="$(cat "$LIBS_MARKER")"
  if [[ -d "$LIBS_DIR" && "$have" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found: Maven is needed to fetch the Kafka jars"
  log "fetching broker jars with Maven into $LIBS_DIR"
  local tmp="$LIBS_DIR.tmp"
  rm -rf "$tmp"
  # Output goes to a file (Maven prints colour escapes even with -q -B); shown on failure.
  if ! mvn -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime >"$HOME_DIR/maven.log" 2>&1; then
    tail -n 30 "$HOME_DIR/maven.log" >&2
    die "Maven could not fetch the broker jars (full output: $HOME_DIR/maven.log)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Maven did not produce kafka_2.13 jar in $tmp"
  # Swap in a complete directory only, so an interrupted download is never half-used.
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  echo "$want" >"$LIBS_MARKER"
}

write_config() {
  # Regenerated on every `up` so port overrides take effect; the data dir is kept.
  # The partner listener is native-only (tests/unit/test_kafka_container.py knows it).
  local partner_listener="" partner_protocol=""
  if [[ -n "$PARTNER_PORT" ]]; then
    partner_listener=",PARTNER://$HOST:$PARTNER_PORT"
    partner_protocol=",PARTNER:SASL_PLAINTEXT"
  fi
  cat >"$PROPS" <<EOF
# Generated by deploy/kafka/kafka.sh; edits are overwritten on the next 'up'.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT$partner_listener
advertised.listeners=PLAINTEXT://$HOST:$PORT$partner_listener
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT$partner_protocol
log.dirs=$DATA_DIR
# One broker: internal topics cannot be replicated.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumer groups start at once (tests want this).
group.initial.rebalance.delay.ms=0
# Only declared topics exist: a typo in a topic name fails instead of creating a topic.
auto.create.topics.enable=false
num.partitions=3
# Quick restart after a crash. A restarted broker cannot register while the controller still
# holds its previous registration, which lasts one broker session (9 s by default); heartbeats
# every 0.5 s let a 3 s session still ride out a busy machine's pauses.
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=500
# The single voter elects itself: no need to wait out the default election and fetch timeouts.
controller.quorum.election.timeout.ms=500
controller.quorum.fetch.timeout.ms=1000
EOF
  if [[ -n "$PARTNER_PORT" ]]; then
    cat >>"$PROPS" <<EOF
# Partners authenticate with SCRAM-SHA-512 on their own listener and may do only what an ACL
# allows (kafka.sh partner-add). The internal listeners are trusted by the network (loopback
# here, a private network in a cluster): their unauthenticated principal is a super user.
# Production puts TLS on the partner listener (SASL_SSL).
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.partner.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS
allow.everyone.if.no.acl.found=false
EOF
  fi

  cat >"$LOG_CONF" <<EOF
# Generated by deploy/kafka/kafka.sh. INFO to broker.log only; chatty loggers at WARN.
status = warn
name = kafka-dev
appender.file.type = File
appender.file.name = BrokerLog
appender.file.fileName = $LOG_FILE
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = BrokerLog
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.requestchannel.name = kafka.network.RequestChannel\$
logger.requestchannel.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = WARN
# Each component dumps its full config at INFO (thousands of lines); server.properties is beside this file.
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
EOF
}

# HEAP_OPTS may hold several flags: split it into words once.
read -r -a HEAP_FLAGS <<<"$HEAP_OPTS"

java_cmd() {
  java "${HEAP_FLAGS[@]}" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG_CONF" -cp "$LIBS_DIR/*" "$@"
}

format_storage() {
  # Formatting writes meta.properties; doing it again would need a wipe, so only once.
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  mkdir -p "$DATA_DIR"
  local cluster_id
  cluster_id="$(java_cmd kafka.tools.StorageTool random-uuid | tail -n1 | tr -d '[:space:]')"
  [[ -n "$cluster_id" ]] || die "could not get a cluster id from StorageTool random-uuid"
  log "formatting storage in $DATA_DIR (cluster id $cluster_id)"
  java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS" >>"$OUT_FILE" 2>&1 \
    || { tail -n 30 "$OUT_FILE" >&2; die "storage format failed"; }
}

show_failure() {
  log "--- last lines of $LOG_FILE ---"
  tail -n 40 "$LOG_FILE" 2>/dev/null >&2 || true
  if [[ -s "$OUT_FILE" ]]; then
    log "--- last lines of $OUT_FILE ---"
    tail -n 20 "$OUT_FILE" >&2 || true
  fi
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! alive "$pid"; then
      show_failure
      rm -f "$PID_FILE"
      die "broker process $pid exited during start-up"
    fi
    if kafka_answers; then
      return 0
    fi
    sleep 0.25
  done
  show_failure
  die "broker pid $pid did not answer on $HOST:$PORT within ${START_TIMEOUT}s (still running; 'kafka.sh down' stops it)"
}

cmd_up() {
  command -v java >/dev/null || die "java not found: Kafka 4.x needs Java 17+"
  command -v python3 >/dev/null || die "python3 not found: it is used for the readiness check"
  mkdir -p "$HOME_DIR"

  local pid
  if pid="$(broker_pid)"; then
    if kafka_answers; then
      log "already running pid $pid on $HOST:$PORT"
      return 0
    fi
    log "pid $pid is running but not answering yet; waiting"
    wait_ready "$pid"
    log "running pid $pid on $HOST:$PORT"
    return 0
  fi
  if [[ -f "$PID_FILE" ]]; then
    log "removing stale pid file ($(cat "$PID_FILE"))"
    rm -f "$PID_FILE"
  fi
  for p in "$PORT" "$CONTROLLER_PORT" ${PARTNER_PORT:+"$PARTNER_PORT"}; do
    if port_in_use "$p"; then
      die "port $HOST:$p is already in use by another process (not started by this script); set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done

  local t0=$SECONDS
  fetch_libs
  write_config
  format_storage

  log "starting broker (log: $LOG_FILE)"
  : >"$OUT_FILE"
  # setsid + nohup: own session, so the broker outlives the calling shell and its
  # Ctrl-C; stdin from /dev/null so it never holds a terminal.
  cd "$HOME_DIR"
  setsid nohup java "${HEAP_FLAGS[@]}" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG_CONF" -cp "$LIBS_DIR/*" \
    kafka.Kafka "$PROPS" </dev/null >>"$OUT_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_ready "$pid"
  log "running pid $pid on $HOST:$PORT (ready in $((SECONDS - t0))s)"
}

cmd_down() {
  local pid
  if ! pid="$(broker_pid)"; then
    [[ -f "$PID_FILE" ]] && { log "removing stale pid file"; rm -f "$PID_FILE"; }
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.5
  done
  if alive "$pid"; then
    log "pid $pid still alive after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if alive "$pid"; then die "pid $pid survived SIGKILL"; fi
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

# A crash on purpose: no shutdown runs, so the next start recovers from an unclean log.
cmd_kill() {
  local pid
  pid="$(broker_pid)" || die "not running"
  kill -KILL "$pid"
  local deadline=$((SECONDS + 10))
  while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  alive "$pid" && die "pid $pid survived SIGKILL"
  rm -f "$PID_FILE"
  log "killed pid $pid"
}

partner_name_ok() {
  [[ "$1" =~ ^[a-z0-9][a-z0-9-]{1,40}$ ]] || die "partner name must be 2-41 lowercase letters, digits or dashes"
}

admin_tool() {
  # Kafka's own admin commands, through the internal listener (a super user there).
  java_cmd "$@" --bootstrap-server "$HOST:$PORT" >>"$OUT_FILE" 2>&1 \
    || { tail -n 20 "$OUT_FILE" >&2; die "$1 failed"; }
}

partner_acls() {
  local action="$1" name="$2" topic_prefix="$3"
  admin_tool org.apache.kafka.tools.AclCommand "$action" --force \
    --allow-principal "User:$name" --operation Read --operation Describe \
    --topic "${topic_prefix}public." --resource-pattern-type prefixed
  admin_tool org.apache.kafka.tools.AclCommand "$action" --force \
    --allow-principal "User:$name" --operation Read --operation Describe \
    --group "partner-$name-" --resource-pattern-type prefixed
}

cmd_partner_add() {
  local name="${1:-}" topic_prefix="${2:-}"
  partner_name_ok "$name"
  [[ -n "$PARTNER_PORT" ]] || die "KAFKA_PARTNER_PORT is not set: the broker has no partner listener"
  # At least 12 characters, none that would end the credential's own key=value syntax.
  [[ "${KAFKA_PARTNER_PASSWORD:-}" =~ ^[A-Za-z0-9._~+/-]{12,}$ ]] \
    || die "KAFKA_PARTNER_PASSWORD must be 12 or more letters, digits or . _ ~ + / -"
  broker_pid >/dev/null || die "not running"
  # The password goes through a private file, never a command line other users can read.
  local secret
  secret="$(mktemp)"
  chmod 600 "$secret"
  printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$KAFKA_PARTNER_PASSWORD" >"$secret"
  java_cmd org.apache.kafka.tools.ConfigCommand --bootstrap-server "$HOST:$PORT" --alter \
    --entity-type users --entity-name "$name" --add-config-file "$secret" >>"$OUT_FILE" 2>&1 \
    || { rm -f "$secret"; tail -n 20 "$OUT_FILE" >&2; die "could not store the partner's credentials"; }
  rm -f "$secret"
  partner_acls --add "$name" "$topic_prefix"
  log "partner $name may read ${topic_prefix}public.* with groups partner-$name-* on $HOST:$PARTNER_PORT"
}

cmd_partner_remove() {
  local name="${1:-}" topic_prefix="${2:-}"
  partner_name_ok "$name"
  broker_pid >/dev/null || die "not running"
  partner_acls --remove "$name" "$topic_prefix"
  admin_tool org.apache.kafka.tools.ConfigCommand --alter --entity-type users \
    --entity-name "$name" --delete-config SCRAM-SHA-512
  log "partner $name removed"
}

cmd_status() {
  local pid
  if pid="$(broker_pid)"; then
    echo "running pid $pid"
    return 0
  fi
  echo "not running"
  return 1
}

cmd_logs() {
  local follow=() lines=100
  for arg in "$@"; do
    case "$arg" in
      -f) follow=(-F) ;;
      *[!0-9]* | "") die "usage: kafka.sh logs [-f] [LINES]" ;;
      *) lines="$arg" ;;
    esac
  done
  [[ -f "$LOG_FILE" ]] || die "no log yet at $LOG_FILE"
  tail -n "$lines" "${follow[@]}" "$LOG_FILE"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill) cmd_kill ;;
  logs) shift; cmd_logs "$@" ;;
  partner-add) shift; cmd_partner_add "$@" ;;
  partner-remove) shift; cmd_partner_remove "$@" ;;
  libs) mkdir -p "$HOME_DIR"; fetch_libs; echo "$LIBS_DIR" ;;
  *) echo "usage: $0 {up|down|kill|status|logs [-f] [LINES]|partner-add NAME [PREFIX]|partner-remove NAME [PREFIX]|libs}" >&2; exit 2 ;;
esac
