#!/usr/bin/env bash
# Start the Nchan peer for herald-bench in the foreground.
#   bench/nchan/start.sh PORT [DIR]
# Renders nginx.conf into DIR (default: a new temp dir), then runs `nginx -p DIR -c DIR/nginx.conf`.
# NCHAN_CPU=0 (the default) pins nginx with `taskset -c 0`; NCHAN_CPU= (empty) does not pin.
# The master's pid is in DIR/nginx.pid; the worker (the process that holds the streams, the one to
# pass as --server-pid) is its child: `pgrep -P "$(cat DIR/nginx.pid)"`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${1:?usage: start.sh PORT [DIR]}"
dir="${2:-$(mktemp -d /tmp/nchan-bench.XXXXXX)}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

module=""
for m in /usr/lib/nginx/modules/ngx_nchan_module.so /usr/share/nginx/modules/ngx_nchan_module.so \
         /usr/local/nginx/modules/ngx_nchan_module.so; do
  if [ -f "$m" ]; then module="$m"; break; fi
done
if [ -z "$module" ]; then
  echo "start.sh: ngx_nchan_module.so not found; install it: apt-get install -y --no-install-recommends nginx libnginx-mod-nchan" >&2
  exit 1
fi
command -v nginx >/dev/null || { echo "start.sh: nginx not found (apt-get install -y --no-install-recommends nginx)" >&2; exit 1; }

sed -e "s#@PORT@#${port}#g" -e "s#@DIR@#${dir}#g" -e "s#@NCHAN_MODULE@#${module}#g" \
  "$here/nginx.conf" > "$dir/nginx.conf"
echo "nchan: http://127.0.0.1:${port} (config and logs in ${dir})" >&2

# nginx raises its workers' limit to worker_rlimit_nofile itself; raise the master's soft limit too.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

cpu="${NCHAN_CPU-0}"
if [ -n "$cpu" ] && command -v taskset >/dev/null; then
  exec taskset -c "$cpu" nginx -p "$dir" -c "$dir/nginx.conf"
else
  exec nginx -p "$dir" -c "$dir/nginx.conf"
fi
