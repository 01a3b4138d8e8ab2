#!/usr/bin/env bash
# Measures web-form intake (ticket created, stored in Redis with AOF everysec, stream entry written)
# against a bare Vert.x hello-world on the same machine in the same run, with wrk.
#   bench/intake-vs-baseline.sh [DURATION_SECONDS] [CONNECTIONS] [WARMUP_SECONDS]
# The warm-up defaults to 60 s: with 5 s the JIT compiler was still taking about half the server's
# CPU during the timed phase on a 2-core machine.
# Prints a Markdown section for docs/benchmarks.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20}"
connections="${2:-32}"
warmup="${3:-60}"
jar="$here/server/target/yikou.jar"
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 2; }
[[ -f "$jar" ]] || (cd "$here" && mvn -B -q -DskipTests package)

work="$(mktemp -d)"
cleanup() {
  [[ -n "${yikou_pid:-}" ]] && kill "$yikou_pid" 2>/dev/null && wait "$yikou_pid" 2>/dev/null || true
  [[ -n "${base_pid:-}" ]] && kill "$base_pid" 2>/dev/null && wait "$base_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 120); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; return 1; }

base_port="$(free_port)"
java -jar "$jar" bench-baseline --port "$base_port" >"$work/baseline.log" 2>&1 &
base_pid=$!
yikou_port="$(free_port)"
YIKOU_HTTP_PORT="$yikou_port" YIKOU_HTTP_HOST=127.0.0.1 YIKOU_DATA_DIR="$work/data" YIKOU_LOG_LEVEL=WARN \
  java -jar "$jar" start >"$work/yikou.log" 2>&1 &
yikou_pid=$!
wait_for "http://127.0.0.1:$base_port/"
wait_for "http://127.0.0.1:$yikou_port/health"

listener_pid() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
# User plus system CPU time of a process in clock ticks, from /proc.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
base_java="$(listener_pid "$base_port")"
yikou_java="$(listener_pid "$yikou_port")"
redis_pid="$(pgrep -P "$yikou_java" -f redis-server | head -1)"

# Warm both JVMs up before measuring.
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$base_port/" >/dev/null
wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/bench/intake.lua" "http://127.0.0.1:$yikou_port" >/dev/null
sleep 3

b0="$(cpu_ticks "$base_java")"
wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$base_port/" >"$work/baseline.txt"
b1="$(cpu_ticks "$base_java")"
y0="$(cpu_ticks "$yikou_java")"; r0="$(cpu_ticks "$redis_pid")"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/bench/intake.lua" "http://127.0.0.1:$yikou_port" >"$work/intake.txt"
y1="$(cpu_ticks "$yikou_java")"; r1="$(cpu_ticks "$redis_pid")"
# How far each consumer group is behind when the timed phase ends (lag needs Redis 7).
lag_report="$(curl -s "http://127.0.0.1:$yikou_port/health" | python3 -c "
import json, sys
groups = json.load(sys.stdin)['stream']['groups']
print(', '.join('%s %s' % (g['name'], g.get('lag', '?')) for g in groups))")"

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
requests() { awk '/requests in/ {print $1}' "$1"; }
tick_hz="$(getconf CLK_TCK)"
# Microseconds of CPU per request: robust against other load on a shared machine, unlike requests/s.
cpu_per_request() { python3 -c "print(f'{($2 - $1) * 1e6 / $tick_hz / $3:.0f}')"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$1"; }
tickets="$(curl -s "http://127.0.0.1:$yikou_port/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stream"]["length"])')"

base_rps="$(rps "$work/baseline.txt")"
intake_rps="$(rps "$work/intake.txt")"
ratio="$(python3 -c "print(f'{$intake_rps / $base_rps:.2f}')")"

cat <<REPORT
### Intake against a bare Vert.x server ($(date -u +%Y-%m-%d))

Command: \`bench/intake-vs-baseline.sh $duration $connections $warmup\` (wrk, 2 threads, $connections connections, ${duration} s each after a ${warmup} s warm-up)

Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), Redis $(redis-server --version 2>/dev/null | awk '{print $3}' | cut -d= -f2 || echo bundled) with AOF everysec

Load average before the timed phases: $(cut -d' ' -f1-3 /proc/loadavg)

| server | requests/s | p50 | p99 | non-2xx | server CPU µs/request | Redis CPU µs/request |
|---|---|---|---|---|---|---|
| bare Vert.x hello-world | $base_rps | $(pct "$work/baseline.txt" 50%) | $(pct "$work/baseline.txt" 99%) | $(non2xx "$work/baseline.txt" || true) | $(cpu_per_request "$b0" "$b1" "$(requests "$work/baseline.txt")") | |
| Yikou \`POST /api/v1/reports\` | $intake_rps | $(pct "$work/intake.txt" 50%) | $(pct "$work/intake.txt" 99%) | $(non2xx "$work/intake.txt" || true) | $(cpu_per_request "$y0" "$y1" "$(requests "$work/intake.txt")") | $(cpu_per_request "$r0" "$r1" "$(requests "$work/intake.txt")") |

Intake throughput is **$ratio** of the bare server's. Stream entries after the run: $tickets.
Entries each consumer group had yet to read when the timed phase ended (warm-up included): $lag_report.
REPORT
