#!/usr/bin/env bash
# Start to ready: how long from starting the hub to the first 200 from GET /health, with zero
# configuration (only a free port is given). Runs it N times, alternating a fresh data directory
# (a new working directory, so ./herald-data is new) and an existing one (prepared by one unmeasured
# start first), polls /health every 10 ms with curl, stops the hub after each run, and prints each
# time, the node's own "ready in" figure, and the medians.
#
#   bench/start-to-ready.sh [N]            N runs [10], half fresh, half existing
#
# Environment (defaults in brackets):
#   HERALD_CMD        script: bin/herald (the README's run command) | jar: java -jar herald.jar [script]
#   HERALD_HOME       the tree whose bin/herald and herald-server/target/herald.jar run [this one]. To
#                     time a build while the sources change (bin/herald would rebuild), copy bin/herald
#                     and the jar to DIR/bin and DIR/herald-server/target and set HERALD_HOME=DIR.
#   HERALD_JAR        the jar [$HERALD_HOME/herald-server/target/herald.jar]
#   HERALD_JAVA_OPTS  JVM options, passed to bin/herald (or put before -jar)
#   OUT_DIR           working directories and logs [a new directory under /tmp]
# With bin/herald, the unmeasured first start also records the class-data archive when the build has
# none yet (herald-server/target/herald.jsa, written as that hub stops), so the measured starts use
# it. Every process this script starts, it stops. The load average is printed before and after: on a
# busy machine the figures mean little (the CPU time by ready is steadier).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${1:-10}"
HERALD_CMD="${HERALD_CMD:-script}"
HERALD_HOME_PATH="${HERALD_HOME:-$root}"
HERALD_JAR_PATH="${HERALD_JAR:-$HERALD_HOME_PATH/herald-server/target/herald.jar}"
java_opts="${HERALD_JAVA_OPTS:-}"
OUT_DIR="${OUT_DIR:-$(mktemp -d /tmp/herald-start-XXXXXX)}"
mkdir -p "$OUT_DIR"

hub_pid=""
cleanup() {
  if [ -n "$hub_pid" ]; then
    kill "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
  fi
  hub_pid=""
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

if [ ! -f "$HERALD_JAR_PATH" ]; then
  # bin/herald would build it inside the first measured run.
  echo "build the jar first: ./mvnw -B -ntp -DskipTests -pl herald-server -am package" >&2
  exit 1
fi

# CPU time (user + system, with waited-for children such as bin/herald's own commands) the hub
# process has used so far, in ms: less disturbed by a busy machine than the wall time.
cpu_ms() {
  local ticks
  ticks="$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0)"
  echo $(( ticks * 1000 / $(getconf CLK_TCK) ))
}

# Starts the hub in $1 (its working directory) on port $2, in the background; sets hub_pid.
start_hub() {
  local dir="$1" port="$2" log="$3"
  # This script's own HERALD_ variables are no hub settings: the hub would warn about them.
  if [ "$HERALD_CMD" = jar ]; then
    # shellcheck disable=SC2086
    (cd "$dir" && unset HERALD_CMD HERALD_HOME HERALD_JAR HERALD_JAVA_OPTS \
      && exec java $java_opts -jar "$HERALD_JAR_PATH" --port "$port") >"$log.out" 2>"$log.err" &
  else
    (cd "$dir" && unset HERALD_CMD HERALD_HOME HERALD_JAR && exec "$HERALD_HOME_PATH/bin/herald" --port "$port") \
      >"$log.out" 2>"$log.err" &
  fi
  hub_pid=$!
}

# Prints milliseconds from start to the first 200 from /health and the CPU ms used by then, or fails
# after 30 s.
measure() {
  local dir="$1" log="$2" port t0 t1 code cpu
  port="$(free_port)"
  t0=$(date +%s%N)
  start_hub "$dir" "$port" "$log"
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/health" || true)"
    if [ "$code" = 200 ]; then
      t1=$(date +%s%N)
      cpu="$(cpu_ms "$hub_pid")"
      break
    fi
    if ! kill -0 "$hub_pid" 2>/dev/null; then
      echo "the hub exited; see $log.err" >&2
      return 1
    fi
    if [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 30000 ]; then
      echo "no 200 from /health after 30 s; see $log.err" >&2
      cleanup
      return 1
    fi
    sleep 0.01
  done
  cleanup
  echo "$(( (t1 - t0) / 1000000 )) $cpu"
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-" } else if (NR % 2) { print v[(NR + 1) / 2] } else { print int((v[NR / 2] + v[NR / 2 + 1]) / 2) } }'
}

ready_in() {
  sed -n 's/.*(ready in \([0-9]*\) ms).*/\1/p' "$1.err" | head -1
}

echo "runs: $runs ($HERALD_CMD), logs in $OUT_DIR, loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
existing="$OUT_DIR/existing"
mkdir -p "$existing"
measure "$existing" "$OUT_DIR/prepare" >/dev/null   # creates ./herald-data; not counted
# (measure runs in a subshell, in $( ) or < <( ); it stops its hub itself, on success and failure)

fresh_ms=() existing_ms=() fresh_ready=() existing_ready=() cpus=()
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then
    kind=fresh
    dir="$OUT_DIR/fresh-$i"
    mkdir -p "$dir"
  else
    kind=existing
    dir="$existing"
  fi
  log="$OUT_DIR/run-$i"
  ms="" cpu=""
  read -r ms cpu < <(measure "$dir" "$log") || true
  [ -n "${ms:-}" ] || { echo "run $i failed" >&2; exit 1; }
  ready="$(ready_in "$log")"
  cpus+=("$cpu")
  printf '%3d %-8s %6s ms   (node: ready in %s ms; CPU %s ms)\n' "$i" "$kind" "$ms" "${ready:--}" "$cpu"
  if [ "$kind" = fresh ]; then
    fresh_ms+=("$ms"); fresh_ready+=("${ready:-0}")
  else
    existing_ms+=("$ms"); existing_ready+=("${ready:-0}")
  fi
done

all="$(printf '%s\n' "${fresh_ms[@]}" "${existing_ms[@]}" | median)"
echo "median start to ready: $all ms (fresh $(printf '%s\n' "${fresh_ms[@]}" | median) ms," \
  "existing $(printf '%s\n' "${existing_ms[@]:-}" | grep . | median) ms);" \
  "node's ready in: $(printf '%s\n' "${fresh_ready[@]}" "${existing_ready[@]:-}" | grep . | median) ms;" \
  "CPU by ready: $(printf '%s\n' "${cpus[@]}" | median) ms;" \
  "loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)"
