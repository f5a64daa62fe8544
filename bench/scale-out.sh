#!/usr/bin/env bash
# The scale-out rows of the performance targets (docs/performance.md, issue 17): a Herald cluster of
# 1, 2 and 3 nodes on Redis + PostgreSQL on this machine, each node launched as the README launches
# one (bin/herald, settings in the environment, no JVM flags of ours). For each node count N:
#
#   idle     a fresh cluster per run (memory is a fresh-process figure): STREAMS streams per node,
#            one herald-bench process per node at the same time (one process cannot hold more than
#            its 20,000 open files), added up with `herald-bench combine`: streams held, failed,
#            RSS per stream overall and per node
#   fanout   SUBSCRIBERS subscribers of one broadcast spread over the nodes, MESSAGES broadcasts
#            published round-robin through the nodes: deliveries/s, completeness
#   unicast  USERS users spread over the nodes, RATE notifications/s for UNICAST_SECONDS, each one
#            published through a node other than the one holding its user's stream: cross-node
#            latency p99, completeness
#
# fanout and unicast run RUNS times each (`herald-bench compare --targets herald`) on one cluster
# started after the idle runs. Every cluster gets a fresh PostgreSQL database (createdb, dropped at
# the end) and a Redis of its own (redis-server on a spare port, nothing persisted).
#
#   bench/scale-out.sh [OUT]        (default OUT: bench/results/<date>/scale-out)
#
# Pinning (2 cores): the Herald nodes and our Redis on core SERVER_CPU (0), herald-bench on core
# BENCH_CPU (1). PostgreSQL is the machine's system service and runs unpinned: it takes CPU from
# whichever core is free. Every result has the bench's own CPU (benchCpuPercent) beside the nodes'
# (serverCpuPercent, summed, and serverCpuPercentNode1..N) and Redis + PostgreSQL's (auxCpuPercent:
# our redis-server and the postmaster with all its processes).
#
# Environment (defaults in brackets): NODES ["1 2 3"], ROWS ["idle fanout unicast"], RUNS [3],
#   STREAMS [15000] per node, HOLD_SECONDS [10], CONNECT_TIMEOUT [600] (idle connects), SUBSCRIBERS [10000], MESSAGES [200], WARMUP [20],
#   USERS [10000], RATE [2000], UNICAST_SECONDS [10], UNICAST_WARMUP [500], UNICAST_MAX_IN_FLIGHT [256],
#   PORT [18781] (node k listens on PORT+k-1), REDIS_PORT [16779], SERVER_CPU [0], BENCH_CPU [1],
#   PG_HOST/PG_PORT/PG_USER [127.0.0.1/5432/postgres], BENCH_JAR.
# Every process this script starts, it stops (on exit, failure and Ctrl-C), and it drops the
# databases it created. The full run takes about 25 minutes; run it on a quiet machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
OUT="${1:-$root/bench/results/$(date +%Y-%m-%d)/scale-out}"
NODES="${NODES:-1 2 3}"
ROWS="${ROWS:-idle fanout unicast}"
STREAMS="${STREAMS:-15000}"
HOLD_SECONDS="${HOLD_SECONDS:-10}"
# A fresh cluster node spends milliseconds of CPU per connect while it is cold (3-4 ms in the small
# smoke runs), and N nodes share one core: give the idle row's connects more than the bench's 180 s.
CONNECT_TIMEOUT="${CONNECT_TIMEOUT:-600}"
PORT="${PORT:-18781}"
REDIS_PORT="${REDIS_PORT:-16779}"
# shellcheck source=cluster-lib.sh
. "$here/cluster-lib.sh"
cl_init
{
  echo "scale-out: NODES=\"$NODES\" ROWS=\"$ROWS\" RUNS=$RUNS STREAMS=$STREAMS/node HOLD_SECONDS=$HOLD_SECONDS"
  echo "  SUBSCRIBERS=$SUBSCRIBERS MESSAGES=$MESSAGES WARMUP=$WARMUP USERS=$USERS RATE=$RATE UNICAST_SECONDS=$UNICAST_SECONDS UNICAST_WARMUP=$UNICAST_WARMUP UNICAST_MAX_IN_FLIGHT=$UNICAST_MAX_IN_FLIGHT"
} >> "$OUT/environment.txt"
cl_prime_cds "$PORT"

urls="" pids="" aux=""
# A fresh cluster of N nodes: new database, new Redis, N nodes, all healthy. Logs in DIR/TAG-*.
start_cluster() {
  local n="$1" dir="$2" tag="$3" db k port
  db="herald_scale_${n}n_$$_$(date +%s%N | cut -c1-13)"
  cl_create_db "$db"
  cl_start_redis "$REDIS_PORT" "$dir/$tag-redis.log"
  urls="" pids=""
  for ((k = 1; k <= n; k++)); do
    port=$((PORT + k - 1))
    cl_start_node "n$k" "$port" "$cl_tmp/$tag-n$k" "$dir/$tag-n$k.log" \
      "postgresql://$PG_USER@$PG_HOST:$PG_PORT/$db" "redis://127.0.0.1:$REDIS_PORT"
  done
  for ((k = 1; k <= n; k++)); do
    port=$((PORT + k - 1))
    cl_wait_healthy "http://127.0.0.1:$port" "${cl_node_pids[$((k - 1))]}" "$dir/$tag-n$k.log"
    urls="${urls:+$urls,}http://127.0.0.1:$port"
    pids="${pids:+$pids,}${cl_node_pids[$((k - 1))]}"
  done
  aux="$cl_redis_pid${CL_PG_POSTMASTER:+,$CL_PG_POSTMASTER}"
  cl_log "cluster of $n up ($tag): $urls, node pids $pids, database $db, redis pid $cl_redis_pid"
}

stop_cluster() {
  cl_stop_nodes
  cl_stop_redis
  cl_drop_dbs
}

# One idle run on a fresh cluster: one bench process per node, at the same time.
idle_run() {
  local n="$1" dir="$2" run="$3" k port rc=0 parts=()
  start_cluster "$n" "$dir" "idle-r$run"
  cl_log "N=$n idle run $run/$RUNS: $STREAMS streams on each of $n nodes"
  cl_bg_pids=()
  for ((k = 1; k <= n; k++)); do
    port=$((PORT + k - 1))
    # Distinct users per node (n1u0, n2u0, ...): each stream its own user, cluster-wide.
    "${CL_BENCH[@]}" idle --url "http://127.0.0.1:$port" --api-key "$CL_KEY" --jwt-secret "$CL_SECRET" \
      --server-pid "${cl_node_pids[$((k - 1))]}" --user-prefix "n${k}u" --label "cluster$n" \
      --streams "$STREAMS" --hold-seconds "$HOLD_SECONDS" --connect-timeout "$CONNECT_TIMEOUT" --quiet \
      --out "$dir/idle-r$run-node$k.json" > "$dir/idle-r$run-node$k.txt" 2>&1 &
    cl_bg_pids+=("$!")
    parts+=("$dir/idle-r$run-node$k.json")
  done
  for pid in "${cl_bg_pids[@]}"; do wait "$pid" || rc=$?; done
  cl_bg_pids=()
  [ $rc -eq 0 ] || cl_log "(an idle part exited $rc: incomplete or failed; see $dir/idle-r$run-node*.txt)"
  java -jar "$BENCH_JAR" combine --label "cluster$n" --out "$dir/idle-r$run.json" "${parts[@]}" \
    > "$dir/idle-r$run.txt" 2>&1 || cl_log "(idle run $run: incomplete, see $dir/idle-r$run.txt)"
  stop_cluster
}

compare_row() {
  local n="$1" dir="$2" name="$3"; shift 3
  cl_log "N=$n $name: $*"
  "${CL_BENCH[@]}" compare "$@" --targets herald --runs "$RUNS" \
    --herald-url "$urls" --api-key "$CL_KEY" --jwt-secret "$CL_SECRET" --herald-pid "$pids" --aux-pid "$aux" \
    --label "cluster$n" --out "$dir/$name.json" --html "$dir/$name.html" > "$dir/$name.txt" 2>&1 \
    || cl_log "($name: incomplete or failed, see $dir/$name.txt)"
}

for n in $NODES; do
  dir="$OUT/nodes-$n"
  mkdir -p "$dir"
  for row in $ROWS; do
    [ "$row" = idle ] || continue
    files=()
    for run in $(seq 1 "$RUNS"); do
      idle_run "$n" "$dir" "$run"
      [ -f "$dir/idle-r$run.json" ] && files+=("$dir/idle-r$run.json")
    done
    [ ${#files[@]} -gt 0 ] && java -jar "$BENCH_JAR" summarize --out "$dir/idle.json" "${files[@]}" > "$dir/idle.txt" 2>&1
  done
  case " $ROWS " in
    *" fanout "* | *" unicast "*)
      start_cluster "$n" "$dir" load
      for row in $ROWS; do
        case "$row" in
          fanout) compare_row "$n" "$dir" fanout fanout --subscribers "$SUBSCRIBERS" --messages "$MESSAGES" --warmup "$WARMUP" ;;
          unicast) compare_row "$n" "$dir" unicast unicast --users "$USERS" --rate "$RATE" --seconds "$UNICAST_SECONDS" --warmup "$UNICAST_WARMUP" --max-in-flight "$UNICAST_MAX_IN_FLIGHT" ;;
          idle) ;;
          *) echo "unknown row $row" >&2; exit 2 ;;
        esac
      done
      stop_cluster ;;
  esac
  problems="$(cl_log_problems "$dir"/*-n*.log)"
  [ -n "$problems" ] && { echo "WARN/ERROR lines in the node logs (count, line):"; echo "$problems"; } > "$dir/log-problems.txt"
done

# --- Summary: one line per node count and row, medians over the runs (jq) ------------------------------
med() { jq -r --arg k "$2" '(.medians // {}) | to_entries[0].value[$k] // empty | if type == "number" then (. * 100 | round / 100) else . end' "$1" 2>/dev/null; }
runs_of() { jq -r --arg k "$2" '[.runs[] | .metrics[$k] // null | if type == "number" then (. * 100 | round / 100) else "-" end] | join(" / ")' "$1" 2>/dev/null; }
complete_of() { jq -r '[.completeRuns[]] | add // 0' "$1" 2>/dev/null; }
{
  echo "Herald scale-out on this machine: $(cat /proc/loadavg | cut -d' ' -f1-3) load at the end; medians of $RUNS runs"
  echo "servers (nodes + Redis) on core ${SERVER_CPU:-unpinned}, bench on core ${BENCH_CPU:-unpinned}, PostgreSQL unpinned (system service)"
  echo
  for n in $NODES; do
    dir="$OUT/nodes-$n"
    echo "== $n node(s)"
    if [ -f "$dir/idle.json" ]; then
      echo "  idle: streams held $(med "$dir/idle.json" connected) of $(med "$dir/idle.json" streams), failed $(med "$dir/idle.json" failedConnects)," \
        "RSS/stream $(med "$dir/idle.json" rssKiBPerStream) KiB (per node: $(for ((k = 1; k <= n; k++)); do printf '%s ' "$(med "$dir/idle.json" "rssKiBPerStreamNode$k")"; done)KiB)," \
        "connects/s $(med "$dir/idle.json" connectsPerSecond), complete runs $(complete_of "$dir/idle.json")/$RUNS"
    fi
    if [ -f "$dir/fanout.json" ]; then
      echo "  fanout: deliveries/s $(med "$dir/fanout.json" deliveriesPerSecond) (runs $(runs_of "$dir/fanout.json" deliveriesPerSecond)), complete runs $(complete_of "$dir/fanout.json")/$RUNS;" \
        "CPU % nodes $(med "$dir/fanout.json" serverCpuPercent), Redis+PG $(med "$dir/fanout.json" auxCpuPercent), bench $(med "$dir/fanout.json" benchCpuPercent);" \
        "µs/delivery nodes $(med "$dir/fanout.json" serverCpuMicrosPerDelivery), +Redis+PG $(med "$dir/fanout.json" serverPlusAuxCpuMicrosPerDelivery)"
    fi
    if [ -f "$dir/unicast.json" ]; then
      echo "  unicast: p99 $(med "$dir/unicast.json" latencyP99Ms) ms (runs $(runs_of "$dir/unicast.json" latencyP99Ms)), p99.9 $(med "$dir/unicast.json" latencyP999Ms) ms, p50 $(med "$dir/unicast.json" latencyP50Ms) ms," \
        "publishes/s reached $(med "$dir/unicast.json" publishesPerSecond), publish call p50 $(med "$dir/unicast.json" publishCallP50Ms) ms," \
        "complete runs $(complete_of "$dir/unicast.json")/$RUNS; CPU % nodes $(med "$dir/unicast.json" serverCpuPercent), Redis+PG $(med "$dir/unicast.json" auxCpuPercent), bench $(med "$dir/unicast.json" benchCpuPercent)"
    fi
    [ -f "$dir/log-problems.txt" ] && echo "  node logs: $(grep -c . "$dir/log-problems.txt") lines of WARN/ERROR counts, see $dir/log-problems.txt"
  done
  true
} | tee "$OUT/summary.txt"
echo "results in $OUT" >&2
