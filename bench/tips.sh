#!/usr/bin/env bash
# bench/tips.sh — small tips per second: CLIENTS concurrent sources (default 32), each fetching a
# challenge and uploading a text-only envelope (the 64 KiB padding floor, about 67 KB on the
# wire), for SECONDS (default 15) after a warm-up, against a server with --pow-bits 0 on this
# machine. The warm-up goes on in 5-second rounds until the server's JIT is quiet (its compilers
# worked less than 0.25 s in the last round; at least 10 s, at most 60 s): the target is a running
# vault's rate, and on two cores a compiler still busy takes most of one. The compile time that
# fell inside the measured run is printed. Every counted tip got its 201, i.e. its blob and row are
# durable. The load
# generator (BenchTool load: one platform thread and one keep-alive socket per client, minimal
# HTTP/1.1, so it costs little) runs on the same cores as the server; the CPU both used is printed.
# Usage: bench/tips.sh [CLIENTS] [SECONDS]
set -euo pipefail
CLIENTS=${1:-32}
SECS=${2:-15}
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/server-env.sh"
build

COUNT=$(( 2500 * SECS + 2500 ))
WARM_ROUNDS=12 # of 5 s: at most 60 s
echo "sealing $COUNT small tips, and $(( WARM_ROUNDS * 6000 )) for the warm-up…" >&2
tool init "$WORK/vault"
for r in $(seq 1 "$WARM_ROUNDS"); do
  tool seal-many "$WORK/vault" 6000 "$WORK/warm/$r"
done
tool seal-many "$WORK/vault" "$COUNT" "$WORK/tips"
sync

# jit_seconds: the time the server's compilers have spent so far (jstat -compiler's Time column)
jit_seconds() {
  "$(dirname "$JAVA")/jstat" -compiler "$SERVER_PID" | awk 'NR == 2 { print $4 }'
}

start_server "$WORK/vault" -Xmx512m
echo "warm-up until the server's JIT is quiet (5 s rounds, 10 to 60 s)…" >&2
JIT_PREV=$(jit_seconds)
for r in $(seq 1 "$WARM_ROUNDS"); do
  tool load "$PORT" "$WORK/warm/$r" "$CLIENTS" 5 >/dev/null
  JIT_NOW=$(jit_seconds)
  WORKED=$(awk -v a="$JIT_PREV" -v b="$JIT_NOW" 'BEGIN { printf "%.2f", b - a }')
  JIT_PREV=$JIT_NOW
  echo "  warm-up round $r: the JIT worked $WORKED s" >&2
  if ((r >= 2)) && awk -v w="$WORKED" 'BEGIN { exit !(w < 0.25) }'; then
    break
  fi
done
JIT0=$(jit_seconds)
CPU0=$(cpu_seconds "$SERVER_PID")
T0=$EPOCHREALTIME
/usr/bin/time -f "%U %S" -o "$WORK/loadcpu" "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" \
  org.sandyq.server.BenchTool load "$PORT" "$WORK/tips" "$CLIENTS" "$SECS" | tee "$WORK/result"
T1=$EPOCHREALTIME
CPU1=$(cpu_seconds "$SERVER_PID")
JIT1=$(jit_seconds)
stop_server
awk -v c0="$CPU0" -v c1="$CPU1" -v t0="$T0" -v t1="$T1" -v n="$(nproc)" -v load="$(cat "$WORK/loadcpu")" 'BEGIN {
  split(load, l, " ")
  printf "clients         %s over %d cores\n", "'"$CLIENTS"'", n
  printf "server CPU      %.1f s in %.1f s (%.0f%% of the machine)\n", c1 - c0, t1 - t0, 100 * (c1 - c0) / ((t1 - t0) * n)
  printf "load gen CPU    %.1f s (%.0f%% of the machine)\n", l[1] + l[2], 100 * (l[1] + l[2]) / ((t1 - t0) * n)
  printf "server JIT      %.2f s of compiling during the run\n", "'"$JIT1"'" - "'"$JIT0"'"
}'
