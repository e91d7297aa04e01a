#!/usr/bin/env bash
# bench/tips.sh — small tips per second: CLIENTS concurrent sources (default 32), each fetching a
# challenge and uploading a text-only envelope (the 64 KiB padding floor, about 67 KB on the
# wire), for SECONDS (default 15) after a 10-second warm-up, against a server with --pow-bits 0 on
# this machine. Every counted tip got its 201, i.e. its blob and row are durable. The load
# generator (BenchTool load: one platform thread and one keep-alive socket per client, minimal
# HTTP/1.1, so it costs little) runs on the same cores as the server; the CPU both used is printed.
# Usage: bench/tips.sh [CLIENTS] [SECONDS]
set -euo pipefail
CLIENTS=${1:-32}
SECS=${2:-15}
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/server-env.sh"
build

COUNT=$(( 2500 * SECS + 2500 ))
echo "sealing $COUNT small tips…" >&2
tool init "$WORK/vault"
tool seal-many "$WORK/vault" 12000 "$WORK/warm"
tool seal-many "$WORK/vault" "$COUNT" "$WORK/tips"
sync

start_server "$WORK/vault" -Xmx512m
echo "warm-up (10 s: the JIT compiles the hot paths)…" >&2
tool load "$PORT" "$WORK/warm" "$CLIENTS" 10 >/dev/null
CPU0=$(cpu_seconds "$SERVER_PID")
T0=$EPOCHREALTIME
/usr/bin/time -f "%U %S" -o "$WORK/loadcpu" "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" \
  org.sandyq.server.BenchTool load "$PORT" "$WORK/tips" "$CLIENTS" "$SECS" | tee "$WORK/result"
T1=$EPOCHREALTIME
CPU1=$(cpu_seconds "$SERVER_PID")
stop_server
awk -v c0="$CPU0" -v c1="$CPU1" -v t0="$T0" -v t1="$T1" -v n="$(nproc)" -v load="$(cat "$WORK/loadcpu")" 'BEGIN {
  split(load, l, " ")
  printf "clients         %s over %d cores\n", "'"$CLIENTS"'", n
  printf "server CPU      %.1f s in %.1f s (%.0f%% of the machine)\n", c1 - c0, t1 - t0, 100 * (c1 - c0) / ((t1 - t0) * n)
  printf "load gen CPU    %.1f s (%.0f%% of the machine)\n", l[1] + l[2], 100 * (l[1] + l[2]) / ((t1 - t0) * n)
}'
