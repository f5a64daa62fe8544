#!/usr/bin/env bash
# Runs every row of the performance targets (docs/performance.md) with herald-bench, side by side
# with Nchan, on this machine's method: servers on core 0, the bench on core 1, 3 interleaved runs
# per figure, medians and ratios. Idle memory uses a freshly started server per run
# (fresh-compare.sh); the others use one running server per target. Results (JSON, HTML, logs)
# go to OUT (default bench/results/<date>). Takes about half an hour; run it on a quiet machine.
#
#   bench/run-targets.sh [OUT]
#
# Environment: HERALD_LAUNCH (bin, the default: the hub runs as the README launches it, `bin/herald`
# with its own JVM options and the repository's jar; jar: `java -Xms/-Xmx$HERALD_HEAP -jar $HERALD_JAR`,
# the tuned launch), HERALD_JAR, BENCH_JAR (the built jars), HERALD_HEAP (256m, jar launch only),
# IDLE_HEAP (128m: the idle row's heap with the jar launch), ROWS (default: all of
# "idle fanout unicast storm publish").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
OUT="${1:-$root/bench/results/$(date +%Y-%m-%d)}"
HERALD_JAR="${HERALD_JAR:-$root/herald-server/target/herald.jar}"
BENCH_JAR="${BENCH_JAR:-$root/herald-bench/target/herald-bench.jar}"
HERALD_HEAP="${HERALD_HEAP:-256m}"
IDLE_HEAP="${IDLE_HEAP:-128m}"
ROWS="${ROWS:-idle fanout unicast storm publish}"
HERALD_LAUNCH="${HERALD_LAUNCH:-bin}"
HPORT=18580
NPORT=18680
KEY="bench-key-0123456789"
SECRET="bench-secret-0123456789abcdef0123456789"
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
B=(taskset -c 1 java -jar "$BENCH_JAR")

hub_pid=""; nginx_master=""
stop_servers() {
  [ -n "$hub_pid" ] && { kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; }
  [ -n "$nginx_master" ] && { kill "$nginx_master" 2>/dev/null || true; }
  hub_pid=""; nginx_master=""
  sleep 1
}
trap stop_servers EXIT

wait_http() {
  for _ in $(seq 1 300); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "no answer from $1" >&2; return 1
}

start_servers() {
  local data; data="$(mktemp -d /tmp/herald-targets.XXXXXX)"
  local launch=(java "-Xms$HERALD_HEAP" "-Xmx$HERALD_HEAP" -jar "$HERALD_JAR")
  [ "$HERALD_LAUNCH" = bin ] && launch=(env -u HERALD_JAVA_OPTS "$root/bin/herald")
  taskset -c 0 "${launch[@]}" --port "$HPORT" --data-dir "$data" \
    --api-keys "$KEY" --jwt-secret "$SECRET" --max-connections-per-user 10 --publish-rate off > "$OUT/herald-$1.log" 2>&1 &
  hub_pid=$!
  local ndir; ndir="$(mktemp -d /tmp/nchan-targets.XXXXXX)"
  NCHAN_CPU=0 "$here/nchan/start.sh" "$NPORT" "$ndir" > "$OUT/nchan-$1.log" 2>&1 &
  wait_http "http://127.0.0.1:$HPORT/health"
  wait_http "http://127.0.0.1:$NPORT/health"
  nginx_master="$(cat "$ndir/nginx.pid")"
  nchan_worker="$(pgrep -P "$nginx_master" | head -1)"
}

compare() {
  local name="$1"; shift
  start_servers "$name"
  echo "=== $name: $*" >&2
  "${B[@]}" compare "$@" --targets herald,nchan --runs 3 \
    --herald-url "http://127.0.0.1:$HPORT" --api-key "$KEY" --jwt-secret "$SECRET" --herald-pid "$hub_pid" \
    --nchan-url "http://127.0.0.1:$NPORT" --nchan-pid "$nchan_worker" \
    --out "$OUT/$name.json" --html "$OUT/$name.html" > "$OUT/$name.txt" 2>&1 || echo "($name: incomplete, see $OUT/$name.txt)" >&2
  tail -60 "$OUT/$name.txt" >&2
  stop_servers
}

for row in $ROWS; do
  case "$row" in
    idle)
      HERALD_HEAP="$IDLE_HEAP" HERALD_LAUNCH="$HERALD_LAUNCH" OUT_DIR="$OUT/idle-15k" HERALD_PORT=$HPORT NCHAN_PORT=$NPORT \
        "$here/fresh-compare.sh" idle 3 --streams 15000 --hold-seconds 10 > "$OUT/idle-15k.txt" 2>&1 \
        || echo "(idle: incomplete, see $OUT/idle-15k.txt)" >&2
      cp "$OUT/idle-15k/summary.json" "$OUT/idle-15k.json" 2>/dev/null || true
      tail -45 "$OUT/idle-15k.txt" >&2 ;;
    fanout)  compare fanout-10k fanout --subscribers 10000 --messages 200 --warmup 20 ;;
    unicast) compare unicast-10k-2000s unicast --users 10000 --rate 2000 --seconds 10 --warmup 500 ;;
    storm)   compare storm-10k-rate2 storm --streams 10000 --publish-rate 2 --seconds 20 ;;
    publish)
      compare publish-single publish --seconds 10 --concurrency 64
      # More callers in flight: a durable store commits what is queued together, so its rate
      # depends on how many publishes wait at once (Nchan has nothing to commit).
      compare publish-single-c256 publish --seconds 10 --concurrency 256
      # Herald only (Nchan has no batch publish): 200 notifications per call, 16 calls in flight.
      start_servers publish-batch
      "${B[@]}" compare publish --targets herald --runs 3 --batch 200 --concurrency 16 --seconds 10 \
        --herald-url "http://127.0.0.1:$HPORT" --api-key "$KEY" --jwt-secret "$SECRET" --herald-pid "$hub_pid" \
        --out "$OUT/publish-batch.json" --html "$OUT/publish-batch.html" > "$OUT/publish-batch.txt" 2>&1 \
        || echo "(publish-batch: incomplete)" >&2
      tail -40 "$OUT/publish-batch.txt" >&2
      stop_servers ;;
    *) echo "unknown row $row" >&2; exit 2 ;;
  esac
done
echo "results in $OUT" >&2
