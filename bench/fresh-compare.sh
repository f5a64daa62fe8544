#!/usr/bin/env bash
# Runs one herald-bench scenario against Herald and Nchan, interleaved (herald, nchan, herald, ...),
# each run against a FRESHLY STARTED server (the method for memory figures: a server that held
# connections before reuses freed memory and shows less), then prints the medians and ratios.
#
#   bench/fresh-compare.sh SCENARIO RUNS [scenario options...]
#   bench/fresh-compare.sh idle 3 --streams 10000 --hold-seconds 10
#
# Environment (defaults in brackets):
#   HERALD_JAR   the hub's jar [herald-server/target/herald.jar]; it is copied to OUT_DIR and the copy runs
#   BENCH_JAR    [herald-bench/target/herald-bench.jar]
#   OUT_DIR      results, logs, data dirs [/tmp/herald-bench-<scenario>-<time>]
#   HERALD_PORT [18580]  NCHAN_PORT [18680]  SERVER_CPU [0]  BENCH_CPU [1]
#   HERALD_HEAP  -Xms/-Xmx of the hub [512m]
#   HERALD_LAUNCH  jar: java with HERALD_HEAP and the copied jar [jar]; bin: bin/herald exactly as the
#                README launches it (its own JVM options, the repository's jar; HERALD_HEAP unused)
#   TARGETS      [herald,nchan]
# The hub runs with a fixed API key and JWT secret (tokens are minted locally) and
# --max-connections-per-user 10 and --publish-rate off (the bench measures capacity; the per-key publish
# rate is a policy). Every process this script starts, it stops.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
scenario="${1:?usage: fresh-compare.sh SCENARIO RUNS [scenario options...]}"
runs="${2:?usage: fresh-compare.sh SCENARIO RUNS [scenario options...]}"
shift 2

HERALD_JAR="${HERALD_JAR:-$root/herald-server/target/herald.jar}"
BENCH_JAR="${BENCH_JAR:-$root/herald-bench/target/herald-bench.jar}"
OUT_DIR="${OUT_DIR:-/tmp/herald-bench-$scenario-$(date +%Y%m%d-%H%M%S)}"
HERALD_PORT="${HERALD_PORT:-18580}"
NCHAN_PORT="${NCHAN_PORT:-18680}"
SERVER_CPU="${SERVER_CPU:-0}"
BENCH_CPU="${BENCH_CPU:-1}"
HERALD_HEAP="${HERALD_HEAP:-512m}"
HERALD_LAUNCH="${HERALD_LAUNCH:-jar}"
TARGETS="${TARGETS:-herald,nchan}"
API_KEY="bench-key-0123456789"
JWT_SECRET="bench-secret-0123456789abcdef0123456789"

mkdir -p "$OUT_DIR"
cp "$HERALD_JAR" "$OUT_DIR/herald.jar"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "results in $OUT_DIR" >&2

server_pid=""
server_kill=""
cleanup() {
  if [ -n "$server_kill" ]; then
    kill "$server_kill" 2>/dev/null || true
    wait "$server_kill" 2>/dev/null || true
  fi
  server_kill=""
}
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 200); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2
  return 1
}

start_herald() {
  local run="$1"
  local data="$OUT_DIR/herald-data-$run"
  rm -rf "$data"
  local launch=(java "-Xms$HERALD_HEAP" "-Xmx$HERALD_HEAP" -jar "$OUT_DIR/herald.jar")
  # As the README launches it: bin/herald with the JVM options it picks itself (it execs java, so
  # the pid below is the JVM's).
  [ "$HERALD_LAUNCH" = bin ] && launch=("$root/bin/herald")
  taskset -c "$SERVER_CPU" "${launch[@]}" \
    --port "$HERALD_PORT" --data-dir "$data" --api-keys "$API_KEY" --jwt-secret "$JWT_SECRET" \
    --max-connections-per-user 10 --publish-rate off > "$OUT_DIR/herald-$run.log" 2>&1 &
  server_pid=$!
  server_kill=$server_pid
  wait_http "http://127.0.0.1:$HERALD_PORT/health"
}

start_nchan() {
  local run="$1"
  local dir="$OUT_DIR/nchan-$run"
  rm -rf "$dir"
  NCHAN_CPU="$SERVER_CPU" "$here/nchan/start.sh" "$NCHAN_PORT" "$dir" > "$OUT_DIR/nchan-$run.log" 2>&1 &
  server_kill=$!
  wait_http "http://127.0.0.1:$NCHAN_PORT/health"
  server_pid="$(pgrep -P "$(cat "$dir/nginx.pid")" | head -1)"  # the worker
}

files=()
for run in $(seq 1 "$runs"); do
  for target in ${TARGETS//,/ }; do
    echo "--- $scenario run $run/$runs: $target (fresh server)" >&2
    if [ "$target" = herald ]; then
      start_herald "$run"
      args=(--target herald --url "http://127.0.0.1:$HERALD_PORT" --api-key "$API_KEY" --jwt-secret "$JWT_SECRET")
    else
      start_nchan "$run"
      args=(--target nchan --url "http://127.0.0.1:$NCHAN_PORT")
    fi
    out="$OUT_DIR/$scenario-$target-$run.json"
    set +e
    taskset -c "$BENCH_CPU" java -jar "$BENCH_JAR" "$scenario" "${args[@]}" --server-pid "$server_pid" \
      --out "$out" "$@"
    rc=$?
    set -e
    [ $rc -eq 0 ] || echo "(run exited $rc: incomplete or failed)" >&2
    [ -f "$out" ] && files+=("$out")
    cleanup
    sleep 1
  done
done

java -jar "$BENCH_JAR" summarize --out "$OUT_DIR/summary.json" --html "$OUT_DIR/report.html" "${files[@]}"
echo "summary: $OUT_DIR/summary.json, report: $OUT_DIR/report.html" >&2
