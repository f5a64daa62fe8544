#!/usr/bin/env bash
# The cost of the cluster (docs/performance.md, issue 17): a 1-node cluster (Redis + PostgreSQL)
# against a single node on the embedded SQLite store, both launched as the README launches a node
# (bin/herald, settings in the environment, no JVM flags of ours), on the same rows:
#
#   fanout   SUBSCRIBERS subscribers of one broadcast, MESSAGES broadcasts (warm-up WARMUP)
#   unicast  USERS users, RATE notifications/s for UNICAST_SECONDS (warm-up UNICAST_WARMUP)
#   publish  single durable publishes, PUBLISH_CONCURRENCY calls in flight for PUBLISH_SECONDS
#
# Both servers run for the whole script; each row runs cluster, sqlite, cluster, sqlite, ... (RUNS
# each, interleaved, one herald-bench process per run, told apart by --label), then
# `herald-bench summarize` gives the medians and the ratio cluster1/sqlite. The summary prints the
# server CPU per publish and per delivery of both and the difference: the Herald process alone, and
# with Redis and PostgreSQL added (our redis-server, and the postmaster with all its processes).
#
#   bench/cluster-cost.sh [OUT]       (default OUT: bench/results/<date>/cluster-cost)
#
# Pinning as in bench/scale-out.sh: both Herald nodes and our Redis on core SERVER_CPU (0), the bench
# on BENCH_CPU (1), PostgreSQL (a system service) unpinned.
#
# Environment (defaults in brackets): ROWS ["fanout unicast publish"], RUNS [3], SUBSCRIBERS [10000],
#   MESSAGES [200], WARMUP [20], USERS [10000], RATE [2000], UNICAST_SECONDS [10], UNICAST_WARMUP [500],
#   UNICAST_MAX_IN_FLIGHT [256],
#   PUBLISH_SECONDS [10], PUBLISH_CONCURRENCY [64], CLUSTER_PORT [18791], SQLITE_PORT [18792],
#   REDIS_PORT [16778], SERVER_CPU [0], BENCH_CPU [1], PG_HOST/PG_PORT/PG_USER, BENCH_JAR.
# Every process this script starts, it stops (on exit, failure and Ctrl-C), and it drops the database
# it created. The full run takes about 12 minutes; run it on a quiet machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
OUT="${1:-$root/bench/results/$(date +%Y-%m-%d)/cluster-cost}"
ROWS="${ROWS:-fanout unicast publish}"
PUBLISH_SECONDS="${PUBLISH_SECONDS:-10}"
PUBLISH_CONCURRENCY="${PUBLISH_CONCURRENCY:-64}"
CLUSTER_PORT="${CLUSTER_PORT:-18791}"
SQLITE_PORT="${SQLITE_PORT:-18792}"
REDIS_PORT="${REDIS_PORT:-16778}"
# shellcheck source=cluster-lib.sh
. "$here/cluster-lib.sh"
cl_init
{
  echo "cluster-cost: ROWS=\"$ROWS\" RUNS=$RUNS SUBSCRIBERS=$SUBSCRIBERS MESSAGES=$MESSAGES WARMUP=$WARMUP USERS=$USERS RATE=$RATE"
  echo "  UNICAST_SECONDS=$UNICAST_SECONDS UNICAST_WARMUP=$UNICAST_WARMUP UNICAST_MAX_IN_FLIGHT=$UNICAST_MAX_IN_FLIGHT PUBLISH_SECONDS=$PUBLISH_SECONDS PUBLISH_CONCURRENCY=$PUBLISH_CONCURRENCY"
} >> "$OUT/environment.txt"
cl_prime_cds "$SQLITE_PORT"

db="herald_cost_$$_$(date +%s%N | cut -c1-13)"
cl_create_db "$db"
cl_start_redis "$REDIS_PORT" "$OUT/redis.log"
cl_start_node n1 "$CLUSTER_PORT" "$cl_tmp/cluster1" "$OUT/cluster1.log" \
  "postgresql://$PG_USER@$PG_HOST:$PG_PORT/$db" "redis://127.0.0.1:$REDIS_PORT"
cluster_pid="${cl_node_pids[-1]}"
cl_start_node sqlite "$SQLITE_PORT" "$cl_tmp/sqlite" "$OUT/sqlite.log"
sqlite_pid="${cl_node_pids[-1]}"
cl_wait_healthy "http://127.0.0.1:$CLUSTER_PORT" "$cluster_pid" "$OUT/cluster1.log"
cl_wait_healthy "http://127.0.0.1:$SQLITE_PORT" "$sqlite_pid" "$OUT/sqlite.log"
aux="$cl_redis_pid${CL_PG_POSTMASTER:+,$CL_PG_POSTMASTER}"
cl_log "1-node cluster on :$CLUSTER_PORT (pid $cluster_pid, database $db, redis pid $cl_redis_pid), SQLite node on :$SQLITE_PORT (pid $sqlite_pid)"

# One run against one of the two: run_one ROW LABEL RUN scenario options...
run_one() {
  local row="$1" label="$2" run="$3"; shift 3
  local url pid extra=()
  if [ "$label" = cluster1 ]; then
    url="http://127.0.0.1:$CLUSTER_PORT" pid="$cluster_pid" extra=(--aux-pid "$aux")
  else
    # The same pids measured beside the SQLite node: what Redis and PostgreSQL cost when unused.
    url="http://127.0.0.1:$SQLITE_PORT" pid="$sqlite_pid" extra=(--aux-pid "$aux")
  fi
  "${CL_BENCH[@]}" "$@" --url "$url" --api-key "$CL_KEY" --jwt-secret "$CL_SECRET" --server-pid "$pid" "${extra[@]}" \
    --label "$label" --quiet --out "$OUT/$row-$label-$run.json" > "$OUT/$row-$label-$run.txt" 2>&1 \
    || cl_log "($row $label run $run: incomplete or failed, see $OUT/$row-$label-$run.txt)"
  sleep 2
}

for row in $ROWS; do
  case "$row" in
    fanout) args=(fanout --subscribers "$SUBSCRIBERS" --messages "$MESSAGES" --warmup "$WARMUP") ;;
    unicast) args=(unicast --users "$USERS" --rate "$RATE" --seconds "$UNICAST_SECONDS" --warmup "$UNICAST_WARMUP" --max-in-flight "$UNICAST_MAX_IN_FLIGHT") ;;
    publish) args=(publish --seconds "$PUBLISH_SECONDS" --concurrency "$PUBLISH_CONCURRENCY") ;;
    *) echo "unknown row $row" >&2; exit 2 ;;
  esac
  files=()
  for run in $(seq 1 "$RUNS"); do
    for label in cluster1 sqlite; do
      cl_log "$row run $run/$RUNS: $label"
      run_one "$row" "$label" "$run" "${args[@]}"
      [ -f "$OUT/$row-$label-$run.json" ] && files+=("$OUT/$row-$label-$run.json")
    done
  done
  [ ${#files[@]} -gt 0 ] && java -jar "$BENCH_JAR" summarize --out "$OUT/$row.json" --html "$OUT/$row.html" "${files[@]}" \
    > "$OUT/$row.txt" 2>&1
done
cl_stop_nodes
problems="$(cl_log_problems "$OUT/cluster1.log" "$OUT/sqlite.log")"
[ -n "$problems" ] && { echo "WARN/ERROR lines in the node logs (count, line):"; echo "$problems"; } > "$OUT/log-problems.txt"

# --- Summary: server CPU per publish and per delivery, both setups and the difference (jq) -------------
# cost FILE METRIC: "cluster1 sqlite difference" of a median ("-" where missing).
cost() {
  jq -r --arg k "$2" '
    def r: if type == "number" then (. * 10 | round / 10 | tostring) else "-" end;
    (.medians.cluster1[$k]) as $c | (.medians.sqlite[$k]) as $s
    | [($c | r), ($s | r), (if ($c | type) == "number" and ($s | type) == "number" then ($c - $s | r) else "-" end)]
    | join(" ")' "$1" 2>/dev/null || echo "- - -"
}
line() { # line LABEL FILE METRIC
  [ -f "$2" ] || return 0
  # shellcheck disable=SC2046
  printf '  %-60s %10s %10s %11s\n' "$1" $(cost "$2" "$3")
}
{
  echo "The cost of the cluster: a 1-node cluster (Redis + PostgreSQL) vs a single SQLite node, medians of $RUNS interleaved runs"
  echo "servers (both nodes + Redis) on core ${SERVER_CPU:-unpinned}, bench on core ${BENCH_CPU:-unpinned}, PostgreSQL unpinned (system service)"
  printf '  %-60s %10s %10s %11s\n' "server CPU µs" cluster1 sqlite difference
  line "per publish, single publishes (Herald process)" "$OUT/publish.json" serverCpuMicrosPerNotification
  line "per publish, single publishes (+ Redis + PostgreSQL)" "$OUT/publish.json" serverPlusAuxCpuMicrosPerNotification
  line "per delivery, unicast = per publish (Herald process)" "$OUT/unicast.json" serverCpuMicrosPerDelivery
  line "per delivery, unicast = per publish (+ Redis + PostgreSQL)" "$OUT/unicast.json" serverPlusAuxCpuMicrosPerDelivery
  line "per delivery, fan-out (Herald process)" "$OUT/fanout.json" serverCpuMicrosPerDelivery
  line "per delivery, fan-out (+ Redis + PostgreSQL)" "$OUT/fanout.json" serverPlusAuxCpuMicrosPerDelivery
  printf '  %-60s %10s %10s %11s\n' "throughput, latency, CPU" cluster1 sqlite difference
  line "single publishes acknowledged/s" "$OUT/publish.json" acknowledgedPerSecond
  line "fan-out deliveries/s" "$OUT/fanout.json" deliveriesPerSecond
  line "unicast latency p99 ms" "$OUT/unicast.json" latencyP99Ms
  line "unicast latency p50 ms" "$OUT/unicast.json" latencyP50Ms
  line "unicast publishes/s reached" "$OUT/unicast.json" publishesPerSecond
  line "unicast publish call p50 ms" "$OUT/unicast.json" publishCallP50Ms
  line "Herald CPU %, publish" "$OUT/publish.json" serverCpuPercent
  line "Redis + PostgreSQL CPU %, publish" "$OUT/publish.json" auxCpuPercent
  line "bench CPU %, publish" "$OUT/publish.json" benchCpuPercent
  line "bench CPU %, unicast" "$OUT/unicast.json" benchCpuPercent
  line "bench CPU %, fan-out" "$OUT/fanout.json" benchCpuPercent
  for row in $ROWS; do
    [ -f "$OUT/$row.json" ] && echo "  $row complete runs: $(jq -c '.completeRuns' "$OUT/$row.json")"
  done
  [ -f "$OUT/log-problems.txt" ] && echo "  node logs: $(grep -c . "$OUT/log-problems.txt") distinct WARN/ERROR lines, see $OUT/log-problems.txt"
  true
} | tee "$OUT/summary.txt"
echo "results in $OUT" >&2
