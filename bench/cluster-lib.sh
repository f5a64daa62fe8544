# Shared by bench/scale-out.sh and bench/cluster-cost.sh (sourced, not run): starting and stopping
# Herald nodes as the README launches them (bin/herald, settings in the environment, no JVM flags of
# ours), a Redis of our own, and a fresh PostgreSQL database; and stopping every one of them on exit,
# Ctrl-C or failure. The caller sets OUT and calls cl_init first.
#
# Environment (defaults in brackets):
#   SERVER_CPU [0]   core for the Herald nodes and our Redis (taskset); empty: not pinned
#   BENCH_CPU  [1]   core for herald-bench; empty: not pinned
#   PG_HOST [127.0.0.1] PG_PORT [5432] PG_USER [postgres]   the local PostgreSQL (trust auth), which is a
#                    system service: it runs unpinned, and we neither pin nor restart it
#   BENCH_JAR        [herald-bench/target/herald-bench.jar]
# bin/herald runs the repository's herald-server/target/herald.jar (it builds it when it is missing
# or older than the sources).

cl_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cl_root="$(cd "$cl_here/.." && pwd)"
SERVER_CPU="${SERVER_CPU-0}"
BENCH_CPU="${BENCH_CPU-1}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-postgres}"
BENCH_JAR="${BENCH_JAR:-$cl_root/herald-bench/target/herald-bench.jar}"
# The sizes of the rows both scripts run (each script's header lists them with its own).
RUNS="${RUNS:-3}"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
MESSAGES="${MESSAGES:-200}"
WARMUP="${WARMUP:-20}"
USERS="${USERS:-10000}"
RATE="${RATE:-2000}"
UNICAST_SECONDS="${UNICAST_SECONDS:-10}"
UNICAST_WARMUP="${UNICAST_WARMUP:-500}"
# Publish calls in flight at most in the unicast row. The rate is fixed; this only bounds it. With the
# bench's default (16) a cluster whose publish call takes 80 ms (3 nodes in the smoke runs) reaches
# 200/s at most, and a publish held back by the cap is timed from when it is sent: the queueing would
# vanish from the latency. 256 lets 2,000/s through calls of up to ~120 ms.
UNICAST_MAX_IN_FLIGHT="${UNICAST_MAX_IN_FLIGHT:-256}"
HERALD_JAR_BUILT="$cl_root/herald-server/target/herald.jar"
# Fixed secrets: the bench mints subscriber tokens with the JWT secret. Every node gets the same ones.
CL_KEY="bench-key-0123456789"
CL_SECRET="bench-secret-0123456789abcdef0123456789"

cl_node_pids=()   # Herald nodes we started (their JVMs: taskset and bin/herald exec into java)
cl_bg_pids=()     # bench processes we started in the background (their JVMs)
cl_redis_pid=""
cl_dbs=()         # databases we created and have not dropped yet
cl_stopping=0
cl_tmp=""         # data directories of the nodes (removed at the end)

cl_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# A command's prefix that pins it to a core (taskset execs the command: a pid taken with $! is the
# command's own), or nothing when the core is empty.
cl_pin_prefix() { [ -n "$1" ] && echo "taskset -c $1"; true; }

# herald-bench on the bench core: "${CL_BENCH[@]}" SCENARIO ... (also in the background: $! is the JVM).
CL_BENCH=($(cl_pin_prefix "$BENCH_CPU") java -jar "$BENCH_JAR")

# True when something accepts TCP connections on 127.0.0.1:PORT.
cl_port_busy() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

cl_psql() { psql -X -q -A -t -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

cl_init() {
  mkdir -p "$OUT"
  cl_tmp="$(mktemp -d /tmp/herald-cluster-bench.XXXXXX)"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  command -v redis-server >/dev/null || { echo "redis-server is not on the PATH" >&2; exit 1; }
  command -v createdb >/dev/null && command -v dropdb >/dev/null || { echo "createdb/dropdb (PostgreSQL client) are not on the PATH" >&2; exit 1; }
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 5 || { echo "PostgreSQL is not accepting connections on $PG_HOST:$PG_PORT" >&2; exit 1; }
  [ -f "$BENCH_JAR" ] || { echo "no $BENCH_JAR: ./mvnw -o -q -B package -DskipTests -pl herald-bench,herald-server -am" >&2; exit 1; }
  trap cl_cleanup EXIT
  trap 'cl_log "interrupted"; exit 130' INT
  trap 'cl_log "terminated"; exit 143' TERM
  # bin/herald builds herald.jar when it is missing or stale; --version exits at once.
  "$cl_root/bin/herald" --version > /dev/null
  # Web Push keys: a cluster node refuses to start without them; one pair for every node.
  local k v
  while IFS='=' read -r k v; do
    case "$k" in
      HERALD_VAPID_PUBLIC_KEY) CL_VAPID_PUBLIC="$v" ;;
      HERALD_VAPID_PRIVATE_KEY) CL_VAPID_PRIVATE="$v" ;;
    esac
  done < <(java -cp "$HERALD_JAR_BUILT" dev.herald.server.push.GenerateVapidKeys)
  [ -n "${CL_VAPID_PRIVATE:-}" ] || { echo "could not generate VAPID keys with $HERALD_JAR_BUILT" >&2; exit 1; }
  CL_PG_POSTMASTER="$(cl_postmaster_pid)"
  {
    echo "date: $(date -Is)"
    echo "git: $(git -C "$cl_root" rev-parse --short HEAD 2>/dev/null)$(git -C "$cl_root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "redis-server: $(redis-server --version)"
    echo "postgresql: $(cl_psql -d postgres -c 'select version()' 2>/dev/null) (postmaster pid ${CL_PG_POSTMASTER:-unknown}, unpinned system service)"
    echo "cores: $(nproc), open files: $(ulimit -n), server cpu: ${SERVER_CPU:-unpinned}, bench cpu: ${BENCH_CPU:-unpinned}"
    echo "load: $(cat /proc/loadavg)"
  } > "$OUT/environment.txt"
}

# The PostgreSQL postmaster's pid (its tree is every backend and background process), or empty.
cl_postmaster_pid() {
  local dir pid=""
  dir="$(cl_psql -d postgres -c 'show data_directory' 2>/dev/null || true)"
  [ -n "$dir" ] && [ -r "$dir/postmaster.pid" ] && pid="$(head -1 "$dir/postmaster.pid")"
  [ -z "$pid" ] && pid="$(pgrep -o -x postgres 2>/dev/null || true)"
  echo "$pid"
}

# A Redis of our own, nothing persisted: cl_start_redis PORT LOG
cl_start_redis() {
  if cl_port_busy "$1"; then echo "port $1 (for our Redis) is already in use: set REDIS_PORT" >&2; return 1; fi
  # exec: $! is redis-server itself, so that stopping it stops Redis, not a shell around it.
  # shellcheck disable=SC2046
  ( exec $(cl_pin_prefix "$SERVER_CPU") redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --loglevel warning ) > "$2" 2>&1 &
  cl_redis_pid=$!
  for _ in $(seq 1 100); do
    redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0
    kill -0 "$cl_redis_pid" 2>/dev/null || { echo "redis-server exited; see $2" >&2; return 1; }
    sleep 0.1
  done
  echo "redis-server on port $1 did not answer PING" >&2; return 1
}

cl_stop_redis() {
  if [ -n "$cl_redis_pid" ]; then
    kill -TERM "$cl_redis_pid" 2>/dev/null || true
    wait "$cl_redis_pid" 2>/dev/null || true
    cl_redis_pid=""
  fi
}

cl_create_db() {
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$1"
  cl_dbs+=("$1")
}

cl_drop_dbs() {
  local d
  for d in ${cl_dbs[@]+"${cl_dbs[@]}"}; do
    dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$d" 2>/dev/null \
      || dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$d" || cl_log "could not drop database $d"
  done
  cl_dbs=()
}

# Starts a node with bin/herald, as the README does, its settings in the environment:
#   cl_start_node NODE_ID PORT DATA_DIR LOG [POSTGRES_URL REDIS_URL]
# Without the two URLs: a single node on the embedded SQLite store. The node's JVM pid is appended
# to cl_node_pids (taskset and bin/herald exec into java, so $! is the JVM).
cl_start_node() {
  local id="$1" port="$2" data="$3" log="$4" pg="${5:-}" redis="${6:-}"
  if cl_port_busy "$port"; then echo "port $port (for node $id) is already in use: choose other ports" >&2; return 1; fi
  mkdir -p "$data"
  (
    export HERALD_NODE_ID="$id" HERALD_PORT="$port" HERALD_DATA_DIR="$data"
    export HERALD_API_KEYS="$CL_KEY" HERALD_JWT_SECRET="$CL_SECRET"
    # The bench measures capacity: the per-key publish rate is a policy, and the storm-free rows need
    # at most one stream per user (10 leaves room, as in run-targets.sh).
    export HERALD_PUBLISH_RATE=off HERALD_MAX_CONNECTIONS_PER_USER=10
    export HERALD_VAPID_PUBLIC_KEY="$CL_VAPID_PUBLIC" HERALD_VAPID_PRIVATE_KEY="$CL_VAPID_PRIVATE"
    export HERALD_VAPID_SUBJECT="mailto:bench@herald.invalid"
    if [ -n "$pg" ]; then
      export HERALD_POSTGRES_URL="$pg" HERALD_REDIS_URL="$redis"
    else
      unset HERALD_POSTGRES_URL HERALD_REDIS_URL
    fi
    # shellcheck disable=SC2046
    exec env -u HERALD_JAVA_OPTS $(cl_pin_prefix "$SERVER_CPU") "$cl_root/bin/herald"
  ) > "$log" 2>&1 &
  cl_node_pids+=("$!")
}

# Waits until a node answers /health with 200: cl_wait_healthy URL PID LOG
cl_wait_healthy() {
  local deadline=$((SECONDS + 180)) body
  while :; do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "the node at $1 (pid $2) exited while starting; the end of $3:" >&2
      tail -20 "$3" >&2
      return 1
    fi
    body="$(curl -s --max-time 3 -w '\n%{http_code}' "$1/health" 2>/dev/null || true)"
    if [ "${body##*$'\n'}" = 200 ]; then
      case "$body" in *'"status":"ok"'*) ;; *) cl_log "warning: $1 is up but not ok: ${body%$'\n'*}" ;; esac
      return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "the node at $1 did not answer /health with 200 within 180 s; the end of $3:" >&2
      tail -20 "$3" >&2
      return 1
    fi
    sleep 0.3
  done
}

# SIGTERM to every node we started (it drains), then waits; kills one that takes over 30 s.
cl_stop_nodes() {
  local pid deadline
  for pid in ${cl_node_pids[@]+"${cl_node_pids[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${cl_node_pids[@]+"${cl_node_pids[@]}"}; do
    deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      cl_log "node pid $pid did not stop within 30 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  cl_node_pids=()
}

cl_stop_bg() {
  local pid
  for pid in ${cl_bg_pids[@]+"${cl_bg_pids[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${cl_bg_pids[@]+"${cl_bg_pids[@]}"}; do wait "$pid" 2>/dev/null || true; done
  cl_bg_pids=()
}

# Everything this script started, in order: bench processes, nodes, Redis, databases.
cl_cleanup() {
  local rc=$?
  [ "$cl_stopping" = 1 ] && return
  cl_stopping=1
  trap '' INT TERM
  cl_stop_bg
  cl_stop_nodes
  cl_stop_redis
  cl_drop_dbs
  [ -n "$cl_tmp" ] && rm -rf "$cl_tmp"
  [ $rc -ne 0 ] && cl_log "stopped everything this script started (exit $rc)"
  return $rc
}

# One throwaway start and stop of a single node, so that bin/herald's class-data archive (recorded
# when the first start of a build stops) exists: every measured node then starts as a user's second
# start does, and several nodes never record the archive at the same time.
cl_prime_cds() {
  local port="$1"
  cl_log "priming bin/herald's class-data archive (one start and stop on port $port)"
  cl_start_node prime "$port" "$cl_tmp/prime" "$OUT/prime.log"
  cl_wait_healthy "http://127.0.0.1:$port" "${cl_node_pids[-1]}" "$OUT/prime.log"
  cl_stop_nodes
}

# Lines of a node log that say something went wrong (WARN and ERROR), for the summary.
cl_log_problems() {
  grep -hE ' (WARN|ERROR) ' "$@" 2>/dev/null | sed -E 's/^[0-9:.]+ //' | sort | uniq -c | sort -rn | head -20 || true
}
