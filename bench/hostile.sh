#!/usr/bin/env bash
# bench/hostile.sh — the server under the attacks of issue 13, all at once, while people use it.
#
# Builds the server with its test classes (which hold the Java half, org.sandyq.server.HostileBench)
# and the `sandyq` launcher jar, then runs, for SECONDS (default 120), against a server in a child
# JVM with a HEAP cap (default 256m, -XX:+ExitOnOutOfMemoryError, GC log), on loopback only:
#   attackers  24 unsigned 1.9 MiB bodies to a lawyer route at a time, 24 web forms and 16 envelope
#              uploads trickled at a byte a second, 16 request headers trickled, garbage envelopes,
#              challenge floods (stockpiling), 64 idle connections held open;
#   people     envelope submissions over the API, web-form tips with a status lookup, a lawyer's
#              signed inbox, and `sandyq submit` in a fresh JVM (JVM start and Argon2 included).
# Prints each kind's successes and p50/p99 latency, health answered / asked, the server's peak heap
# from its GC log and whether it ran out of memory, then a summary against the issue's targets
# (success >= 99 %, p99 <= 5 s, health always up, heap within its cap). Every loop is bounded.
# Usage: bench/hostile.sh [SECONDS] [HEAP]
set -euo pipefail
SECS=${1:-120}
HEAP=${2:-256m}
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/server-env.sh"
build
echo "building the sandyq launcher jar…" >&2
(cd "$ROOT" && mvn -B -q -DskipTests -pl dist -am package >/dev/null)
echo "attacking for $SECS s (heap $HEAP)…" >&2
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" org.sandyq.server.HostileBench "$WORK" "$SECS" "$HEAP" \
  "$ROOT/dist/target/sandyq.jar"
